import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { beforeAll, describe, expect, test } from 'vitest';
import { buildCourse, loadCourse } from '../../build/index.ts';
import { scorm12Problems } from '../../build/targets/scorm12/index.ts';
import type { PlayerCourse } from '../../player/spec/course-data.ts';
import { encodeState, worstCaseState } from '../../player/state.ts';
import { checkPackage } from '../support/check-package.ts';
import { fixtureCopy, fixturesDir, projectRoot } from '../support/fixture.ts';

/** SCORM 1.2's cmi.suspend_data: CMIString4096. */
const SUSPEND_DATA_MAX = 4096;

function courseData(entries: Record<string, Uint8Array>): PlayerCourse {
  const html = strFromU8(entries['index.html']!);
  const json = /<script type="application\/json" id="course-data">([\s\S]*?)<\/script>/.exec(html)![1]!;
  return JSON.parse(json) as PlayerCourse;
}

describe('the SCORM 1.2 package of the fixture course', () => {
  let out: string;
  let entries: Record<string, Uint8Array>;
  beforeAll(async () => {
    out = fs.mkdtempSync(path.join(os.tmpdir(), 'scorm12-'));
    const result = await buildCourse({ contentDir: path.join(fixturesDir, 'minimal'), outDir: out, targets: ['scorm12'] });
    expect(result.diagnostics.list).toEqual([]);
    entries = unzipSync(fs.readFileSync(path.join(out, 'fixture_course-ja-scorm12.zip')));
  });

  test('is named <course>-<lang>-scorm12.zip for every language', () => {
    expect(fs.readdirSync(out).sort()).toEqual(['fixture_course-en-scorm12.zip', 'fixture_course-ja-scorm12.zip']);
  });

  test('passes the official 1.2 schemas and packaging rules with no error and no warning', () => {
    for (const lang of ['ja', 'en']) {
      const r = checkPackage(path.join(out, `fixture_course-${lang}-scorm12.zip`), 'scorm12');
      expect(r.output).toMatch(/valid against SCORM 1\.2 schemas/);
      expect({ errors: r.errors, warnings: r.warnings }).toEqual({ errors: 0, warnings: 0 });
    }
  });

  test('has the manifest we expect: schemaversion 1.2, a lower-case scormtype, the passing score as masteryscore', async () => {
    const manifest = strFromU8(entries['imsmanifest.xml']!);
    expect(manifest).toContain('<schemaversion>1.2</schemaversion>');
    expect(manifest).toContain('adlcp:scormtype="sco"');
    expect(manifest).toContain(`<adlcp:masteryscore>${courseData(entries).test.passingScore}</adlcp:masteryscore>`);
    await expect(manifest).toMatchFileSnapshot(path.join(fixturesDir, 'minimal.expected', 'scorm12', 'imsmanifest.xml'));
  });

  test('holds exactly the manifest, the player and the control schemas the manifest names', async () => {
    await expect(Object.keys(entries).sort().join('\n') + '\n').toMatchFileSnapshot(path.join(fixturesDir, 'minimal.expected', 'scorm12', 'zip-entries.txt'));
  });

  test('carries the 1.2 adapter only', () => {
    const js = strFromU8(entries['player.js']!);
    expect(js).toContain('LMSInitialize');
    expect(js).not.toContain('API_1484_11');
    expect(courseData(entries).lang).toBe('ja');
  });

  test('is byte-for-byte the same when built twice', async () => {
    const again = fs.mkdtempSync(path.join(os.tmpdir(), 'scorm12-again-'));
    await buildCourse({ contentDir: path.join(fixturesDir, 'minimal'), outDir: again, targets: ['scorm12'] });
    for (const f of fs.readdirSync(out)) expect(fs.readFileSync(path.join(again, f)).equals(fs.readFileSync(path.join(out, f)))).toBe(true);
  });
});

describe('the SCORM 1.2 packages of the real course', () => {
  let out: string;
  beforeAll(async () => {
    out = fs.mkdtempSync(path.join(os.tmpdir(), 'scorm12-course-'));
    const result = await buildCourse({ contentDir: path.join(projectRoot, 'content'), outDir: out, targets: ['scorm12'] });
    expect(result.diagnostics.errors).toEqual([]);
  });

  test('pass check-package --profile scorm12 with no error and no warning, in every language', () => {
    const zips = fs.readdirSync(out).sort();
    expect(zips).toEqual(['kasuhara_basics-en-scorm12.zip', 'kasuhara_basics-ja-scorm12.zip']);
    for (const z of zips) {
      const r = checkPackage(path.join(out, z), 'scorm12');
      expect({ zip: z, errors: r.errors, warnings: r.warnings }).toEqual({ zip: z, errors: 0, warnings: 0 });
    }
  });

  test.each(['ja', 'en'])('keep the largest learner state of the %s course within 1.2\'s 4,096-character suspend_data, with room to spare', (lang) => {
    const course = courseData(unzipSync(fs.readFileSync(path.join(out, `kasuhara_basics-${lang}-scorm12.zip`))));
    const worst = worstCaseState(course);
    // The worst case is what it says: every item answered, free text at its limit in
    // characters JSON escapes, every slide seen, the most attempts, a full score history.
    expect(Object.keys(worst.survey.answers)).toHaveLength(course.survey.items.length);
    for (const item of course.survey.items) {
      if (item.type === 'text') expect(worst.survey.answers[item.id]).toHaveLength(item.maxLength);
    }
    expect(worst.test.drawn).toHaveLength(course.test.questionsPerAttempt);
    // Room to spare: a quarter of the limit stays free for what a state can still gain (more
    // digits in the save counter or the attempt number once a learner goes past the case here).
    expect(encodeState(worst).length).toBeLessThanOrEqual(SUSPEND_DATA_MAX * 0.75);
  });
});

describe('SCORM 1.2 choice responses', () => {
  test('are single characters in the real course and the fixture, so nothing is reported', () => {
    for (const dir of [path.join(projectRoot, 'content'), path.join(fixturesDir, 'minimal')]) {
      expect(scorm12Problems(loadCourse(dir).course!)).toEqual([]);
    }
  });

  test('warns about a choice id a strict 1.2 LMS cannot take, naming the question and its line', () => {
    const dir = fixtureCopy('minimal', [{ file: 'questions.yaml', replace: '{ id: b, text: { ja: あれ', with: '{ id: that_one, text: { ja: あれ' }]);
    const problems = scorm12Problems(loadCourse(dir).course!);
    expect(problems).toEqual([
      {
        rule: 'Scorm12ChoiceId',
        pos: { file: path.join(dir, 'questions.yaml'), line: 3, column: 5 },
        message: 'The question "q_one" has choice id "that_one"; SCORM 1.2 sends a choice as one character (0-9 or a-z), so a strict 1.2 LMS refuses the answer.',
      },
    ]);
  });
});
