/**
 * Recorded narration in the PowerPoint manuscript: each slide with a recording carries it as
 * slide audio, stored the way PowerPoint stores a recording (media part with its registered
 * type, a:audioFile and p14:media relationships, a hidden speaker icon) and played from the start
 * when the slide opens in the slide show. The importer reads the same recording back, and
 * LibreOffice opens the deck.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { beforeAll, describe, expect, test } from 'vitest';
import { buildCourse, type CompileResult } from '../../build/index.ts';
import { openPackage } from '../../build/import/package.ts';
import { slideRecordings } from '../../build/import/pptx-audio.ts';
import { readDeck } from '../../build/import/pptx-read.ts';
import { ffprobeSeconds, speech } from '../support/audio.ts';
import { fixtureCopy } from '../support/fixture.ts';
import { convertWithLibreOffice } from '../support/libreoffice.ts';
import { scaled } from '../support/time-scale.ts';

let take: string;
let built: CompileResult;
let deck: Uint8Array;
let parts: Record<string, Uint8Array>;

/** The slide part whose notes end with the id marker of `id`. */
function slidePart(id: string): string {
  const pkg = openPackage(deck, 'deck.pptx');
  return readDeck(pkg).slides.find((s) => s.marker === id)!.part;
}

beforeAll(async () => {
  take = speech('Two questions decide the matter.', 'en', 'm4a');
  const dir = fixtureCopy('minimal');
  fs.mkdirSync(path.join(dir, 'audio/en/basics'), { recursive: true });
  fs.copyFileSync(take, path.join(dir, 'audio/en/basics/two_views.m4a'));
  built = await buildCourse({ contentDir: dir, outDir: '', targets: ['pptx'], langs: ['en'], write: false });
  deck = built.files.find((f) => f.path.endsWith('-en-manuscript.pptx'))!.contents;
  parts = unzipSync(deck);
}, scaled(60_000));

describe('recorded narration in the deck', () => {
  test('is stored as slide audio on its slide, with the type PowerPoint registers for M4A', () => {
    const part = slidePart('basics/two_views');
    const xml = strFromU8(parts[part]!);
    const rels = strFromU8(parts[part.replace(/slides\/(slide\d+\.xml)$/, 'slides/_rels/$1.rels')]!);
    const pic = /<p:pic>(?:(?!<\/p:pic>)[\s\S])*name="Narration"(?:(?!<\/p:pic>)[\s\S])*<\/p:pic>/.exec(xml)![0];
    const link = /<a:audioFile r:link="([^"]+)"/.exec(pic)![1]!;
    const embed = /<p14:media [^>]*r:embed="([^"]+)"/.exec(pic)![1]!;
    expect(pic).not.toContain('a:videoFile');
    const target = (id: string) => new RegExp(`<Relationship Id="${id}" Type="([^"]+)" Target="([^"]+)"`).exec(rels)!.slice(1);
    expect(target(link)[0]).toBe('http://schemas.openxmlformats.org/officeDocument/2006/relationships/audio');
    expect(target(embed)[0]).toBe('http://schemas.microsoft.com/office/2007/relationships/media');
    expect(target(link)[1]).toBe(target(embed)[1]);
    const media = `ppt/${target(link)[1]!.replace('../', '')}`;
    expect(Buffer.from(parts[media]!).equals(fs.readFileSync(take))).toBe(true);
    expect(strFromU8(parts['[Content_Types].xml']!)).toContain('<Default Extension="m4a" ContentType="audio/mp4"/>');
  });

  test('plays from the start as the slide opens, for as long as the recording, its icon hidden', () => {
    const xml = strFromU8(parts[slidePart('basics/two_views')]!);
    const spid = /<p:cNvPr id="(\d+)" name="Narration"/.exec(xml)![1];
    const timing = /<p:timing>[\s\S]*<\/p:timing>/.exec(xml)![0];
    const cmd = /<p:cmd type="call" cmd="playFrom\(0\.0\)"><p:cBhvr><p:cTn id="\d+" dur="(\d+)"[^>]*\/><p:tgtEl><p:spTgt spid="(\d+)"\/>/.exec(timing)!;
    expect(cmd[2]).toBe(spid);
    expect(Math.abs(Number(cmd[1]) - ffprobeSeconds(take) * 1000)).toBeLessThan(100);
    expect(timing).toMatch(new RegExp(`<p:cMediaNode [^>]*showWhenStopped="0"[\\s\\S]*<p:spTgt spid="${spid}"/>`));
    // Played after the slide opens, in the main sequence: no click needed.
    expect(timing).toMatch(/nodeType="mainSeq"[\s\S]*<p:cond evt="onBegin" delay="0">[\s\S]*nodeType="afterEffect"/);
  });

  test('is on no other slide', () => {
    const pkg = openPackage(deck, 'deck.pptx');
    const withSound = readDeck(pkg).slides.filter((s) => slideRecordings(pkg, s.part).length).map((s) => s.marker);
    expect(withSound).toEqual(['basics/two_views']);
  });

  test('is what the importer reads back as the slide\'s recording', () => {
    const pkg = openPackage(deck, 'deck.pptx');
    const [rec] = slideRecordings(pkg, slidePart('basics/two_views'));
    expect(rec!.contentType).toBe('audio/mp4');
    expect(Buffer.from(rec!.bytes).equals(fs.readFileSync(take))).toBe(true);
  });

  test('opens in LibreOffice', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'narrated-'));
    fs.writeFileSync(path.join(dir, 'narrated.pptx'), deck);
    const [pdf] = await convertWithLibreOffice([path.join(dir, 'narrated.pptx')], 'pdf', dir);
    expect(fs.statSync(pdf!).size).toBeGreaterThan(10_000);
  });
});
