/**
 * Targets are pure: they get the course and preloaded assets and return files in memory
 * (build/targets/target.ts). None of them may reach for the file system, so no module under
 * build/targets/ imports it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { projectRoot } from '../support/fixture.ts';

const targetsDir = path.join(projectRoot, 'build', 'targets');
const fsModules = new Set(['fs', 'fs/promises', 'node:fs', 'node:fs/promises']);

function sourcesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true, recursive: true }).flatMap((e) => (e.isFile() && /\.[cm]?[jt]sx?$/.test(e.name) ? [path.join(e.parentPath, e.name)] : []));
}

/** Every module a source names: static imports and re-exports, `import()` and `require()`. */
function importedModules(source: string): string[] {
  const patterns = [/\b(?:import|export)\s[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]/g, /\bimport\s*['"]([^'"]+)['"]/g, /\b(?:import|require)\s*\(\s*['"`]([^'"`]+)['"`]\s*\)/g];
  return patterns.flatMap((re) => [...source.matchAll(re)].map((m) => m[1]!));
}

describe('the targets', () => {
  const files = sourcesUnder(targetsDir);

  test('are found', () => {
    expect(files.map((f) => path.relative(targetsDir, f))).toEqual(expect.arrayContaining(['target.ts', 'zip.ts', 'scorm2004/index.ts', 'pptx/index.ts', 'xlsx/index.ts']));
  });

  test.each(files.map((f) => [path.relative(projectRoot, f), f]))('%s imports no file-system module', (_rel, file) => {
    expect(importedModules(fs.readFileSync(file, 'utf8')).filter((m) => fsModules.has(m))).toEqual([]);
  });
});

describe('the import scan', () => {
  test.each([
    ["import fs from 'node:fs';", ['node:fs']],
    ["import * as fs from 'fs';", ['fs']],
    ["import { readFile } from 'node:fs/promises';", ['node:fs/promises']],
    ["import {\n  readFileSync,\n  statSync,\n} from 'fs';", ['fs']],
    ["import type { Stats } from 'node:fs';", ['node:fs']],
    ["export { readFileSync } from 'fs';", ['fs']],
    ["import 'node:fs';", ['node:fs']],
    ["const fs = await import('node:fs');", ['node:fs']],
    ["const fs = require('fs');", ['fs']],
    ["import { zipSync } from 'fflate';", ['fflate']],
  ])('finds the module in %j', (source, modules) => {
    expect(importedModules(source)).toEqual(modules);
  });
});
