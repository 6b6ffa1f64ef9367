/**
 * `npx tsx test/support/package-check/cli.ts PACKAGE.zip [--profile scorm2004|scorm12|cmi5] [--json]`
 *
 * Prints the report (or, with --json, the report as JSON). Exit status: 0 no errors,
 * 1 errors, 2 wrong arguments or the check itself failed.
 */
import { parseArgs } from 'node:util';
import { checkPackageFile, profiles, type Profile } from './index.ts';

async function main(): Promise<number> {
  let args;
  try {
    args = parseArgs({ allowPositionals: true, options: { profile: { type: 'string' }, json: { type: 'boolean', default: false } } });
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n`);
    return 2;
  }
  const [zip, ...rest] = args.positionals;
  const profile = args.values.profile;
  if (!zip || rest.length || (profile !== undefined && !profiles.includes(profile as Profile))) {
    process.stderr.write(`usage: package-check PACKAGE.zip [--profile ${profiles.join('|')}] [--json]\n`);
    return 2;
  }
  const report = await checkPackageFile(zip, profile as Profile | undefined);
  process.stdout.write(args.values.json ? JSON.stringify(report) + '\n' : report.output);
  return report.errors ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`package-check failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = 2;
  },
);
