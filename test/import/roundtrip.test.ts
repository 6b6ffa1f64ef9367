/**
 * The round-trip guarantee on the fixture course, in every language: build → import the
 * untouched manuscripts (as built, and re-saved by LibreOffice) → the variant gets no changes
 * (only its variant.yaml with its name, since it is new) → building the variant twice gives
 * the same packages. A manuscript built from a variant imports into that variant unchanged too.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildCourse } from '../../build/index.ts';
import { libreOfficeResave } from './make-fixtures.ts';
import { buildManuscripts, changes, courseCopy, problems, read, runImport, snapshot } from './support.ts';

let content: string;
let built: string[];
let resaved: string[];
const scratch: string[] = [];

beforeAll(async () => {
  content = courseCopy('minimal');
  built = await buildManuscripts(content);
  const lo = fs.mkdtempSync(path.join(os.tmpdir(), 'import-lo-'));
  libreOfficeResave(built, lo);
  resaved = built.map((f) => path.join(lo, path.basename(f)));
  scratch.push(content, lo, path.dirname(built[0]!));
});

afterAll(() => {
  for (const d of scratch) fs.rmSync(d, { recursive: true, force: true });
});

const langs = ['ja', 'en'];
const kinds = ['manuscript.pptx', 'confirmation-test.xlsx', 'awareness-survey.xlsx'];
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
    // A new variant gets its variant.yaml with its name; nothing else is written, ever.
    const after = snapshot(content);
    const added = Object.keys(after).filter((k) => !(k in before));
    expect(added.every((k) => k === 'variants/untouched/variant.yaml')).toBe(true);
    expect(Object.keys(before).every((k) => after[k] === before[k])).toBe(true);
    expect(read(content, 'variants/untouched/variant.yaml')).toBe('# yaml-language-server: $schema=../../../build/schemas/variant.schema.json\nname: untouched\n');
  });

  test('builds the unchanged variant twice into identical packages', async () => {
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
