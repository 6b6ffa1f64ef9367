/**
 * The round-trip guarantee on the real course, in every language: its untouched manuscripts,
 * as built and re-saved by LibreOffice, import into a new variant with no change at all.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { libreOfficeTestTimeout } from '../support/libreoffice.ts';
import { libreOfficeResave } from './make-fixtures.ts';
import { buildManuscripts, changes, courseCopy, problems, runImport, snapshot } from './support.ts';

let content: string;
let built: string[];
let resaved: string[];
const scratch: string[] = [];

beforeAll(async () => {
  content = courseCopy('content');
  built = await buildManuscripts(content);
  const lo = fs.mkdtempSync(path.join(os.tmpdir(), 'import-lo-'));
  await libreOfficeResave(built, lo);
  resaved = built.map((f) => path.join(lo, path.basename(f)));
  scratch.push(content, lo, path.dirname(built[0]!));
}, libreOfficeTestTimeout());

afterAll(() => {
  for (const d of scratch) fs.rmSync(d, { recursive: true, force: true });
});

const cases = ['ja', 'en'].flatMap((lang) => ['manuscript.pptx', 'confirmation-test.xlsx', 'confirmation-test-trainer.xlsx', 'awareness-survey.xlsx'].flatMap((kind) => [[lang, kind, 'as built'] as const, [lang, kind, 'LibreOffice'] as const]));

describe('importing an untouched manuscript of the course', () => {
  test.each(cases)('finds no change in the %s %s (%s)', async (lang, kind, via) => {
    const file = (via === 'as built' ? built : resaved).find((f) => f.endsWith(`-${lang}-${kind}`))!;
    const before = snapshot(content);
    const r = await runImport(file, content, 'untouched', { write: false });
    expect(problems(r)).toEqual([]);
    expect(changes(r)).toEqual([]);
    // Nothing changed: nothing to write, not even the new variant's variant.yaml.
    expect(r.files).toEqual([]);
    expect(snapshot(content)).toEqual(before);
  });
});
