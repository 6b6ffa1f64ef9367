import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { unzipSync, strFromU8 } from 'fflate';
import { beforeAll, describe, expect, test } from 'vitest';
import { buildCourse } from '../../build/index.ts';
import { RECORDING_UI_KEYS, UI_KEYS } from '../../player/labels.ts';
import type { PlayerCourse } from '../../player/spec/course-data.ts';
import { checkPackage } from '../support/check-package.ts';
import { fixturesDir, projectRoot } from '../support/fixture.ts';

function courseData(entries: Record<string, Uint8Array>): PlayerCourse {
  const html = strFromU8(entries['index.html']!);
  const json = /<script type="application\/json" id="course-data">([\s\S]*?)<\/script>/.exec(html)![1]!;
  return JSON.parse(json) as PlayerCourse;
}

describe('the SCORM 2004 package of the fixture course', () => {
  let out: string;
  let entries: Record<string, Uint8Array>;
  beforeAll(async () => {
    out = fs.mkdtempSync(path.join(os.tmpdir(), 'scorm2004-'));
    const result = await buildCourse({ contentDir: path.join(fixturesDir, 'minimal'), outDir: out, targets: ['scorm2004'] });
    expect(result.diagnostics.list).toEqual([]);
    entries = unzipSync(fs.readFileSync(path.join(out, 'fixture_course-ja-scorm2004.zip')));
  });

  test('is named <course>-<lang>-scorm2004.zip for every language', () => {
    expect(fs.readdirSync(out).sort()).toEqual(['fixture_course-en-scorm2004.zip', 'fixture_course-ja-scorm2004.zip']);
  });

  test('passes the official schemas and packaging rules with no error and no warning', () => {
    for (const lang of ['ja', 'en']) {
      const r = checkPackage(path.join(out, `fixture_course-${lang}-scorm2004.zip`), 'scorm2004');
      expect(r.output).toMatch(/valid against SCORM 2004 4th Ed\. schemas/);
      expect({ errors: r.errors, warnings: r.warnings }).toEqual({ errors: 0, warnings: 0 });
    }
  });

  test('has the manifest we expect', async () => {
    await expect(strFromU8(entries['imsmanifest.xml']!)).toMatchFileSnapshot(path.join(fixturesDir, 'minimal.expected', 'imsmanifest.xml'));
  });

  test('holds exactly the manifest, the player and the control schemas', async () => {
    await expect(Object.keys(entries).sort().join('\n') + '\n').toMatchFileSnapshot(path.join(fixturesDir, 'minimal.expected', 'zip-entries.txt'));
  });

  test('embeds the course localised, with placeholders filled and a sources slide per lesson', () => {
    const data = courseData(entries);
    expect(data.lang).toBe('ja');
    expect(data.lessons[0]!.slides.map((s) => [s.id, s.kind, s.title])).toEqual([
      ['two_views', 'content', '二つの視点'],
      ['policy', 'content', '当社の方針'],
      ['sources', 'sources', '出典'],
    ]);
    expect(data.lessons[0]!.slides[1]!.narrationHtml.replaceAll('<wbr>', '')).toBe('<p>当社では一人で対応しません。</p>');
    expect(data.lessons[0]!.slides[2]!.html).toContain('カスタマーハラスメント対策企業マニュアル, 厚生労働省, 2022-02');
    expect(data.survey.items[1]).toEqual({ id: 'fx_comment', type: 'text', theme: null, text: '当社への要望', required: false, maxLength: 100 });
    const tf = data.test.questions.find((q) => q.id === 'q_three')!;
    expect(tf).toMatchObject({ type: 'true-false', description: '相談窓口に相談できる。', correct: ['true'], choices: [{ id: 'true', html: '正しい' }, { id: 'false', html: '誤り' }] });
    expect(data.test).toMatchObject({ passingScore: 80, questionsPerAttempt: 2, maxAttempts: 0 });
  });

  test('carries of the interface labels only those the player shows: the build renders the others into the page', () => {
    const data = courseData(entries);
    // The fixture course has no recordings: the labels of a recording's controls stay out too.
    expect(RECORDING_UI_KEYS).toEqual(['playAudio', 'narrationPosition']);
    expect(Object.keys(data.ui).sort()).toEqual(UI_KEYS.filter((k) => !RECORDING_UI_KEYS.includes(k)).sort());
    expect(data.ui['noVoice']).toBe('この端末には日本語の読み上げ音声がありません。ナレーションは文字でお読みください。');
    // Used by the build alone: the sources' title, the link hint, true and false, the noscript text.
    for (const key of ['sourcesTitle', 'opensInNewWindow', 'true', 'false', 'noscript', 'listSeparator']) expect(data.ui, key).not.toHaveProperty(key);
    expect(strFromU8(entries['index.html']!)).toContain('<noscript>この教材を表示するには、ブラウザーでJavaScriptを有効にしてください。</noscript>');
  });

  test('is byte-for-byte the same when built twice', async () => {
    const again = fs.mkdtempSync(path.join(os.tmpdir(), 'scorm2004-again-'));
    await buildCourse({ contentDir: path.join(fixturesDir, 'minimal'), outDir: again, targets: ['scorm2004'] });
    for (const f of fs.readdirSync(out)) expect(fs.readFileSync(path.join(again, f)).equals(fs.readFileSync(path.join(out, f)))).toBe(true);
  });
});

describe('the SCORM 2004 packages of the real course', () => {
  test('pass the official schemas for every language', async () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'scorm2004-course-'));
    const result = await buildCourse({ contentDir: path.join(projectRoot, 'content'), outDir: out, targets: ['scorm2004'] });
    expect(result.diagnostics.errors).toEqual([]);
    const zips = fs.readdirSync(out).sort();
    expect(zips).toEqual(['kasuhara_basics-en-scorm2004.zip', 'kasuhara_basics-ja-scorm2004.zip']);
    for (const z of zips) expect(checkPackage(path.join(out, z)).errors).toBe(0);
  });
});
