/**
 * scripts/run.mjs, which `npm run build` (and preview, dev, import, bench) start: it runs a
 * bundle of the TypeScript command and makes the bundle again whenever a file it came from
 * changed, so an edit is never run stale.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { projectRoot } from '../support/fixture.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'run-launcher-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function setUp(): void {
  fs.mkdirSync(path.join(dir, 'scripts'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'node_modules'), { recursive: true });
  fs.copyFileSync(path.join(projectRoot, 'scripts', 'run.mjs'), path.join(dir, 'scripts', 'run.mjs'));
  // esbuild from the project, as an installed package of the little project.
  fs.symlinkSync(path.join(projectRoot, 'node_modules', 'esbuild'), path.join(dir, 'node_modules', 'esbuild'));
  fs.writeFileSync(path.join(dir, 'package.json'), '{ "type": "module" }\n');
  fs.mkdirSync(path.join(dir, 'cmd'));
  fs.writeFileSync(path.join(dir, 'cmd', 'words.ts'), "export const greeting: string = 'first';\n");
  fs.writeFileSync(path.join(dir, 'cmd', 'hello.ts'), "import { greeting } from './words.ts';\nprocess.stdout.write(`${greeting} ${process.argv.slice(2).join(' ')}\\n`);\n");
}

const run = (...args: string[]) => spawnSync(process.execPath, [path.join(dir, 'scripts', 'run.mjs'), ...args], { cwd: dir, encoding: 'utf8' });

describe('the command launcher', () => {
  test('runs a TypeScript command with its arguments, and runs it again from the kept bundle', () => {
    setUp();
    expect(run('cmd/hello.ts', 'a', 'b').stdout).toBe('first a b\n');
    const bundle = path.join(dir, 'node_modules', '.cache', 'course-run', 'cmd__hello', 'hello.mjs');
    const made = fs.statSync(bundle).mtimeMs;
    expect(run('cmd/hello.ts').stdout).toBe('first \n');
    expect(fs.statSync(bundle).mtimeMs).toBe(made);
  });

  test('bundles again when an imported file changed, so an edit is never run stale', () => {
    fs.writeFileSync(path.join(dir, 'cmd', 'words.ts'), "export const greeting: string = 'second';\n");
    expect(run('cmd/hello.ts').stdout).toBe('second \n');
  });

  test('refuses anything but a .ts command, with its usage', () => {
    const r = run('cmd/hello.js');
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('usage: node scripts/run.mjs <command.ts> [arguments…]\n');
  });
});
