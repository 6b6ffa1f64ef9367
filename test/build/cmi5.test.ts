import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { strFromU8, unzipSync } from 'fflate';
import { beforeAll, describe, expect, test } from 'vitest';
import { buildCmi5Zips } from '../browser/harness/cmi5-package.ts';
import { checkPackage } from '../support/check-package.ts';
import { fixtureCopy, fixturesDir, projectRoot } from '../support/fixture.ts';

/** Writes the zips to a fresh folder, for the conformance checker. */
function writeZips(files: { path: string; contents: Uint8Array }[]): string {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'cmi5-'));
  for (const f of files) fs.writeFileSync(path.join(out, f.path), f.contents);
  return out;
}

describe('the cmi5 package of the fixture course', () => {
  let out: string;
  let entries: Record<string, Uint8Array>;
  beforeAll(async () => {
    out = writeZips(await buildCmi5Zips(path.join(fixturesDir, 'minimal')));
    entries = unzipSync(fs.readFileSync(path.join(out, 'fixture_course-ja-cmi5.zip')));
  });

  test('is named <course>-<lang>-cmi5.zip for every language', () => {
    expect(fs.readdirSync(out).sort()).toEqual(['fixture_course-en-cmi5.zip', 'fixture_course-ja-cmi5.zip']);
  });

  test('passes the cmi5 course structure schema and rules with no error and no warning', () => {
    for (const lang of ['ja', 'en']) {
      const r = checkPackage(path.join(out, `fixture_course-${lang}-cmi5.zip`), 'cmi5');
      expect(r.output).not.toMatch(/ERROR|WARN/);
      expect({ errors: r.errors, warnings: r.warnings }).toEqual({ errors: 0, warnings: 0 });
    }
  });

  test('has the course structure we expect: one AU, ids from the course id, moveOn and masteryScore from the passing score', async () => {
    await expect(strFromU8(entries['cmi5.xml']!)).toMatchFileSnapshot(path.join(fixturesDir, 'minimal.expected', 'cmi5', 'cmi5.xml'));
  });

  test('holds exactly cmi5.xml at the root and the player', () => {
    expect(Object.keys(entries).sort()).toEqual(['cmi5.xml', 'index.html', 'player.css', 'player.js']);
  });

  test('lets the page reach the LRS the launch URL names, over http(s) only', () => {
    const html = strFromU8(entries['index.html']!);
    expect(html).toContain('connect-src https: http:;');
    expect(html).toMatch(/default-src 'self'/);
  });

  test('names each language its own course', () => {
    const en = strFromU8(unzipSync(fs.readFileSync(path.join(out, 'fixture_course-en-cmi5.zip')))['cmi5.xml']!);
    expect(en).toContain('<course id="https://courses.example/fixture_course/en">');
    expect(en).toContain('<au id="https://courses.example/fixture_course/en/au" moveOn="CompletedAndPassed" masteryScore="0.8" launchMethod="AnyWindow">');
    expect(en).toContain('<langstring lang="en">');
  });

  test('is byte-for-byte the same when built twice', async () => {
    const again = writeZips(await buildCmi5Zips(path.join(fixturesDir, 'minimal')));
    for (const f of fs.readdirSync(out)) expect(fs.readFileSync(path.join(again, f)).equals(fs.readFileSync(path.join(out, f)))).toBe(true);
  });
});

describe('moveOn and masteryScore follow the passing score', () => {
  test.each([
    [0, 'moveOn="Completed" launchMethod', false],
    [75, 'moveOn="CompletedAndPassed" masteryScore="0.75" launchMethod', true],
    [100, 'moveOn="CompletedAndPassed" masteryScore="1" launchMethod', true],
  ])('passing score %i gives %s', async (score, attributes, hasMastery) => {
    const dir = fixtureCopy('minimal', [{ file: 'course.yaml', replace: 'passingScore: 80', with: `passingScore: ${score}` }]);
    const [zip] = await buildCmi5Zips(dir, ['ja']);
    const xml = strFromU8(unzipSync(zip!.contents)['cmi5.xml']!);
    expect(xml).toContain(attributes);
    expect(xml.includes('masteryScore=')).toBe(hasMastery);
    const file = writeZips([zip!]);
    expect(checkPackage(path.join(file, zip!.path), 'cmi5').errors).toBe(0);
  });
});

describe('the cmi5 packages of the real course', () => {
  let files: { path: string; contents: Uint8Array }[];
  beforeAll(async () => {
    files = await buildCmi5Zips(path.join(projectRoot, 'content'));
  });

  test('pass the cmi5 checks for every language', () => {
    const out = writeZips(files);
    expect(files.map((f) => f.path).sort()).toEqual(['kasuhara_basics-en-cmi5.zip', 'kasuhara_basics-ja-cmi5.zip']);
    for (const f of files) {
      const r = checkPackage(path.join(out, f.path), 'cmi5');
      expect(r.output).not.toMatch(/ERROR/);
      expect(r.errors).toBe(0);
    }
  });

  test('carry a player within the 30 KB gzip budget', () => {
    for (const f of files) {
      const js = unzipSync(f.contents)['player.js']!;
      expect(gzipSync(js, { level: 9 }).length).toBeLessThanOrEqual(30 * 1024);
    }
  });
});
