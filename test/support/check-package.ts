/**
 * Runs the project's package check (test/support/package-check/) on a built zip.
 *
 * Synchronous, as the tests call it: xmllint-wasm validates in a worker thread and answers
 * asynchronously, so the check runs in a child Node process and hands back its report as JSON.
 * The child gets the checker bundled once per test process by esbuild (a devDependency) on its
 * standard input, which costs half the CPU of starting it through tsx on a busy machine; bare
 * imports (fflate, xmllint-wasm) resolve from the project root, its working directory.
 * Tests that hold a package in memory call `checkPackageBytes` from ./package-check/ directly.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { buildSync } from 'esbuild';
import type { PackageReport, Profile } from './package-check/index.ts';
import { projectRoot } from './fixture.ts';

export type { Finding, PackageReport, Profile, RuleId } from './package-check/index.ts';

const checkerDir = path.join(import.meta.dirname, 'package-check');

let bundle: string | undefined;

function checkerBundle(): string {
  bundle ??= buildSync({
    entryPoints: [path.join(checkerDir, 'cli.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    write: false,
    logLevel: 'silent',
    // The bundle runs from standard input; the checker finds templates/ and its schemas from here.
    define: { 'import.meta.dirname': JSON.stringify(checkerDir) },
  }).outputFiles[0]!.text;
  return bundle;
}

/** The report: `errors`, `warnings`, the `findings` behind them and the printable `output`. */
export type CheckResult = PackageReport;

export function checkPackage(zipPath: string, profile?: Profile): CheckResult {
  const run = spawnSync(process.execPath, ['--input-type=module', '-', path.resolve(zipPath), ...(profile ? ['--profile', profile] : []), '--json'], {
    cwd: projectRoot,
    input: checkerBundle(),
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (run.error) throw run.error;
  if (run.status !== 0 && run.status !== 1) throw new Error(`package-check failed (exit ${run.status ?? run.signal}):\n${run.stderr}${run.stdout}`);
  return JSON.parse(run.stdout) as CheckResult;
}
