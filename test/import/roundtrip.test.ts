/**
 * The round-trip guarantee on the fixture course, in every language: build → import the
 * untouched manuscripts (as built, and re-saved by LibreOffice) → no changes, so nothing is
 * written and no variant is created → a variant without changes builds twice into the same
 * packages. A manuscript built from a variant imports into that variant unchanged too.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildCourse } from '../../build/index.ts';
import { libreOfficeTestTimeout } from '../support/libreoffice.ts';
import { libreOfficeResave } from './make-fixtures.ts';
import { buildManuscripts, changes, courseCopy, problems, runImport, snapshot } from './support.ts';

let content: string;
let built: string[];
let resaved: string[];
const scratch: string[] = [];

beforeAll(async () => {
  content = courseCopy('minimal');
  built = await buildManuscripts(content);
  const lo = fs.mkdtempSync(path.join(os.tmpdir(), 'import-lo-'));
  await libreOfficeResave(built, lo);
  resaved = built.map((f) => path.join(lo, path.basename(f)));
  scratch.push(content, lo, path.dirname(built[0]!));
}, libreOfficeTestTimeout());

afterAll(() => {
  for (const d of scratch) fs.rmSync(d, { recursive: true, force: true });
});

const langs = ['ja', 'en'];
const kinds = ['manuscript.pptx', 'confirmation-test.xlsx', 'confirmation-test-trainer.xlsx', 'awareness-survey.xlsx'];
const cases = langs.flatMap((lang) => kinds.flatMap((kind) => [[lang, kind, 'as built'] as const, [lang, kind, 'LibreOffice'] as const]));

describe('importing an untouched manuscript', () => {
  test.each(cases)('finds no change in the %s %s (%s)', async (lang, kind, via) => {
    const files = via === 'as built' ? built : resaved;
    const file = files.find((f) => f.endsWith(`-${lang}-${kind}`))!;
    const before = snapshot(content);
    const r = await runImport(file, content, 'untouched');
    expect(problems(r)).toEqual([]);
    expect(r.ok).toBe(true);
    expect(r.lang).toBe(lang);
    expect(changes(r)).toEqual([]);
    // Nothing changed: nothing is written, not even a variant.yaml for the new variant.
    expect(r.files).toEqual([]);
    expect(r.written).toBe(false);
    expect(snapshot(content)).toEqual(before);
  });

  test('builds a variant without changes twice into identical packages', async () => {
    fs.mkdirSync(path.join(content, 'variants/untouched'), { recursive: true });
    fs.writeFileSync(path.join(content, 'variants/untouched/variant.yaml'), 'name: untouched\n');
    const out = () => fs.mkdtempSync(path.join(os.tmpdir(), 'import-build-'));
    const [a, b] = [out(), out()];
    scratch.push(a, b);
    const first = await buildCourse({ contentDir: content, outDir: a, variant: 'untouched', targets: ['scorm2004', 'pptx', 'xlsx'] });
    const second = await buildCourse({ contentDir: content, outDir: b, variant: 'untouched', targets: ['scorm2004', 'pptx', 'xlsx'] });
    expect(first.ok && second.ok).toBe(true);
    expect(first.files.map((f) => f.path)).toEqual(second.files.map((f) => f.path));
    first.files.forEach((f, i) => expect(Buffer.compare(Buffer.from(f.contents), Buffer.from(second.files[i]!.contents)), f.path).toBe(0));
    expect(first.course!.id).toBe('fixture_course_untouched');
  });
});

describe('importing a manuscript built from a variant', () => {
  test.each(langs)('finds no change in the %s deck and workbooks of the fixture variant "acme"', async (lang) => {
    const dir = courseCopy('minimal', { variants: true });
    scratch.push(dir);
    const files = await buildManuscripts(dir, { variant: 'acme', langs: [lang] });
    scratch.push(path.dirname(files[0]!));
    const before = snapshot(dir);
    for (const file of files) {
      const r = await runImport(file, dir, 'acme');
      expect(problems(r), path.basename(file)).toEqual([]);
      expect(changes(r), path.basename(file)).toEqual([]);
      expect(r.files).toEqual([]);
    }
    expect(snapshot(dir)).toEqual(before);
  });
});
