/**
 * The player's module graph, from the import statements of every file under player/: no
 * import cycle, and screens that depend on neither the app nor the LMS adapters (they render
 * and report intents; the app carries them out). Type-only imports count: a reader follows
 * them just the same.
 */
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, test } from 'vitest';
import { projectRoot } from '../support/fixture.ts';

const playerDir = path.join(projectRoot, 'player');

/** Each .ts file under `dir` (path relative to it) → the files under `dir` it imports. */
function importGraph(dir: string): Map<string, string[]> {
  const files = fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => f.split(path.sep).join('/'))
    .sort();
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const { importedFiles } = ts.preProcessFile(fs.readFileSync(path.join(dir, file), 'utf8'), true, true);
    const local = importedFiles.map((i) => i.fileName).filter((s) => s.startsWith('.'));
    graph.set(
      file,
      local.map((s) => path.posix.join(path.posix.dirname(file), s)),
    );
  }
  return graph;
}

/** The cycles in a graph, each as the path that closes it: `[a, b, a]`. */
function findCycles(graph: Map<string, string[]>): string[][] {
  const cycles: string[][] = [];
  const done = new Set<string>();
  const stack: string[] = [];
  const visit = (node: string) => {
    const at = stack.indexOf(node);
    if (at >= 0) {
      cycles.push([...stack.slice(at), node]);
      return;
    }
    if (done.has(node)) return;
    stack.push(node);
    for (const next of graph.get(node) ?? []) visit(next);
    stack.pop();
    done.add(node);
  };
  for (const node of graph.keys()) visit(node);
  return cycles;
}

describe('the import graph', () => {
  test('finds a cycle, and only the cycle, in a graph that has one', () => {
    const graph = new Map([
      ['main.ts', ['app.ts']],
      ['app.ts', ['screens/test.ts', 'rules.ts']],
      ['screens/test.ts', ['rules.ts', 'app.ts']],
      ['rules.ts', []],
    ]);
    expect(findCycles(graph)).toEqual([['app.ts', 'screens/test.ts', 'app.ts']]);
  });

  test('reads static, type-only, re-export and dynamic imports', () => {
    const text = [
      "import { a } from './a.ts';",
      "import type { B } from '../b.ts';",
      "export { c } from './c.ts';",
      "const d = await import('./d.ts');",
      "import { e } from 'some-package';",
    ].join('\n');
    expect(ts.preProcessFile(text, true, true).importedFiles.map((i) => i.fileName)).toEqual(['./a.ts', '../b.ts', './c.ts', './d.ts', 'some-package']);
  });
});

describe('the player', () => {
  const graph = importGraph(playerDir);

  test('imports only files that exist', () => {
    const missing = [...graph].flatMap(([file, imports]) => imports.filter((i) => !graph.has(i)).map((i) => `${file} → ${i}`));
    expect(missing).toEqual([]);
  });

  test('has no import cycle', () => {
    expect(findCycles(graph)).toEqual([]);
  });

  test('has screens that import neither the app nor the LMS adapters', () => {
    const screens = [...graph.keys()].filter((f) => f.startsWith('screens/'));
    expect(screens).toContain('screens/test.ts');
    const forbidden = screens.flatMap((file) => graph.get(file)!.filter((i) => i === 'app.ts' || i.startsWith('lms/')).map((i) => `${file} → ${i}`));
    expect(forbidden).toEqual([]);
  });

  test('reads the embedded course data in one place, main.ts', () => {
    const readers = [...graph.keys()].filter((f) => fs.readFileSync(path.join(playerDir, f), 'utf8').includes("'course-data'"));
    expect(readers).toEqual(['main.ts']);
  });
});
