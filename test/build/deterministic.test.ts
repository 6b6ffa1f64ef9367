/**
 * The same sources give the same bytes wherever the build runs. Zip entries store their time as
 * local DOS fields and Office files carry creation dates, so a build that lets the clock or the
 * time zone in gives different files in Tokyo and in New York; the locale reaches any ordering
 * done with `localeCompare`.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { strFromU8, unzipSync } from 'fflate';
import { beforeAll, describe, expect, test } from 'vitest';
import { zip, zipAsync } from '../../build/targets/zip.ts';
import type { BuiltArtefact } from '../support/build-artefacts.ts';
import { projectRoot } from '../support/fixture.ts';
import { scaled } from '../support/time-scale.ts';

const run = promisify(execFile);
const script = path.join(projectRoot, 'test', 'support', 'build-artefacts.ts');
const contentDir = path.join(projectRoot, 'content');

/** Three places at once: UTC, UTC−5 and UTC+9, with three different locales. */
const places = [
  { TZ: 'UTC', LANG: 'C.UTF-8' },
  { TZ: 'America/New_York', LANG: 'en_US.UTF-8' },
  { TZ: 'Asia/Tokyo', LANG: 'ja_JP.UTF-8' },
];

async function buildIn(place: { TZ: string; LANG: string }): Promise<BuiltArtefact[]> {
  const env = { ...process.env, ...place, LC_ALL: place.LANG };
  const { stdout } = await run(process.execPath, ['--import', 'tsx', script, contentDir], { cwd: projectRoot, env, maxBuffer: 16 * 1024 * 1024 });
  return JSON.parse(stdout) as BuiltArtefact[];
}

describe('every artefact of the course', () => {
  let builds: BuiltArtefact[][];
  beforeAll(async () => {
    builds = await Promise.all(places.map(buildIn));
  }, scaled(180_000));

  test('is built: three packages and four manuscripts per language', () => {
    const names = builds[0]!.map((a) => a.path.replace(/^kasuhara_basics-/, '')).sort();
    expect(names).toEqual(
      ['ja', 'en']
        .flatMap((l) => ['scorm2004.zip', 'scorm12.zip', 'cmi5.zip', 'manuscript.pptx', 'awareness-survey.xlsx', 'confirmation-test.xlsx', 'confirmation-test-trainer.xlsx'].map((n) => `${l}-${n}`))
        .sort(),
    );
  });

  test('has the same bytes in every time zone and locale', () => {
    const [utc, ...others] = builds;
    for (const other of others) expect(other).toEqual(utc);
  });
});

describe('the zip helper', () => {
  test('writes a zip another implementation reads back, CRCs checked, with a Japanese name kept as UTF-8', async () => {
    const text = new TextEncoder().encode('カスタマーハラスメント '.repeat(200));
    const bytes = zip([
      { path: '資料/説明.txt', contents: text },
      { path: 'logo.png', contents: new Uint8Array([0x89, 0x50, 0x4e, 0x47]) },
      { path: 'empty.txt', contents: new Uint8Array() },
    ]);
    const file = path.join(await fs.promises.mkdtemp(path.join(os.tmpdir(), 'zip-')), 'a.zip');
    await fs.promises.writeFile(file, bytes);
    // Python's zipfile checks every entry's CRC-32 and size, and decodes names by the UTF-8 flag.
    const { stdout } = await run('python3', ['-c', 'import sys, zipfile, json; z = zipfile.ZipFile(sys.argv[1]); print(json.dumps([z.testzip(), [(i.filename, i.compress_type, i.file_size) for i in z.infolist()], z.read("資料/説明.txt").decode()[:11]]))', file]);
    expect(JSON.parse(stdout)).toEqual([null, [['資料/説明.txt', 8, text.length], ['logo.png', 0, 4], ['empty.txt', 0, 0]], 'カスタマーハラスメント']);
  });

  test('stamps every entry with the same local time whatever the time zone', () => {
    const bytes = zip([{ path: 'a.txt', contents: new TextEncoder().encode('a') }]);
    // Local file header: DOS time at offset 10, DOS date at offset 12 (APPNOTE 4.3.7).
    const view = new DataView(bytes.buffer, bytes.byteOffset);
    const time = view.getUint16(10, true);
    const date = view.getUint16(12, true);
    expect({ hour: time >> 11, minute: (time >> 5) & 63, year: 1980 + (date >> 9), month: (date >> 5) & 15, day: date & 31 }).toEqual({ hour: 12, minute: 0, year: 2020, month: 1, day: 1 });
    expect(strFromU8(unzipSync(bytes)['a.txt']!)).toBe('a');
  });

  test('keeps the order it is given and refuses two entries with one name', () => {
    const e = (p: string) => ({ path: p, contents: new Uint8Array([1]) });
    expect(Object.keys(unzipSync(zip([e('[Content_Types].xml'), e('b.xml'), e('a.xml')])))).toEqual(['[Content_Types].xml', 'b.xml', 'a.xml']);
    expect(() => zip([e('a.xml'), e('a.xml')])).toThrow('zip: two entries are named "a.xml".');
  });

  test('deflating in zlib\'s worker threads gives the same bytes as deflating in line', async () => {
    const sheet = new TextEncoder().encode('<row r="1"><c r="A1" t="s"><v>0</v></c></row>'.repeat(5000));
    const entries = [
      { path: '[Content_Types].xml', contents: new TextEncoder().encode('<Types/>') },
      { path: 'xl/worksheets/sheet1.xml', contents: sheet },
      { path: 'xl/media/image1.png', contents: new Uint8Array([0x89, 0x50, 0x4e, 0x47]) },
      { path: 'empty.xml', contents: new Uint8Array() },
    ];
    expect(await zipAsync(entries)).toEqual(zip(entries));
    await expect(zipAsync([entries[0]!, entries[0]!])).rejects.toThrow('zip: two entries are named "[Content_Types].xml".');
  });
});
