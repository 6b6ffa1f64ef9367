/**
 * Narration recorded in PowerPoint: the importer finds, on each slide, the sound PowerPoint's
 * "Record Slide Show" stored there (media part, audio and media relationships, the picture that
 * carries them, the timing that plays it), also after LibreOffice re-saved the deck.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { loadCourse } from '../../build/index.ts';
import { openPackage } from '../../build/import/package.ts';
import { slideRecordings } from '../../build/import/pptx-audio.ts';
import { readDeck } from '../../build/import/pptx-read.ts';
import { pptx } from '../../build/targets/pptx/index.ts';
import { fixturesDir } from '../support/fixture.ts';
import { convertWithLibreOffice } from '../support/libreoffice.ts';
import { targetContext } from '../support/target-context.ts';
import { buildCourse } from '../../build/index.ts';
import { importManuscript } from '../../build/import/index.ts';
import { ffprobeSeconds, speech, toneWav } from '../support/audio.ts';
import { scaled } from '../support/time-scale.ts';
import { Pptx } from './edit-ooxml.ts';
import { courseCopy } from './support.ts';
import { unzipSync } from 'fflate';


const sound = toneWav();
let deck: Uint8Array;
let media: string;

/** Slide id (from the notes marker) → the recordings the importer reads on that slide. */
function recordingsById(bytes: Uint8Array): Map<string, ReturnType<typeof slideRecordings>> {
  const pkg = openPackage(bytes, 'deck.pptx');
  return new Map(readDeck(pkg).slides.map((s) => [s.marker ?? `#${s.number}`, slideRecordings(pkg, s.part)]));
}

beforeAll(async () => {
  const { course } = loadCourse(path.join(fixturesDir, 'minimal'));
  const files = await pptx.build(course!, targetContext(course!, 'en'));
  const d = new Pptx(files.find((f) => f.path.endsWith('.pptx'))!.contents);
  media = d.recordNarration('basics/two_views', sound, 'wav', 'audio/wav');
  deck = d.bytes();
});

describe('narration recorded in PowerPoint', () => {
  test('is found on the slide it was recorded on, with its bytes, type and name', () => {
    const found = recordingsById(deck);
    const rec = found.get('basics/two_views')!;
    expect(rec).toHaveLength(1);
    expect(rec[0]!.media).toBe(media);
    expect(rec[0]!.contentType).toBe('audio/wav');
    expect(rec[0]!.ext).toBe('wav');
    expect(rec[0]!.shape).toBe('Audio Recording 1');
    expect(Buffer.from(rec[0]!.bytes).equals(Buffer.from(sound))).toBe(true);
  });

  test('is not found on slides without one', () => {
    const others = [...recordingsById(deck)].filter(([id]) => id !== 'basics/two_views');
    expect(others.length).toBeGreaterThan(3);
    for (const [id, rec] of others) expect(rec, id).toEqual([]);
  });

  test('leaves out a sound linked to a file outside the deck', () => {
    const d = new Pptx(deck);
    const part = d.slideOf('basics/two_views');
    const rels = part.replace(/slides\/(slide\d+\.xml)$/, 'slides/_rels/$1.rels');
    d.set(rels, d.get(rels).replace(/Target="\.\.\/media\/media\d+\.wav"/g, 'Target="file:///C:/narration.wav" TargetMode="External"'));
    expect(recordingsById(d.bytes()).get('basics/two_views')).toEqual([]);
  });

  test('survives a re-save by LibreOffice', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'recorded-'));
    fs.writeFileSync(path.join(dir, 'recorded.pptx'), deck);
    const [saved] = await convertWithLibreOffice([path.join(dir, 'recorded.pptx')], 'pptx', path.join(dir, 'lo'));
    const rec = recordingsById(new Uint8Array(fs.readFileSync(saved!))).get('basics/two_views')!;
    expect(rec).toHaveLength(1);
    expect(rec[0]!.contentType).toMatch(/^audio\//);
    expect(Buffer.from(rec[0]!.bytes).equals(Buffer.from(sound))).toBe(true);
  });
});

describe('narration recorded in PowerPoint, imported', () => {
  test("becomes the variant's recording of the slide, is reported with its length, and the variant's package plays it", async () => {
    const take = speech('Two questions decide the matter.', 'en', 'm4a');
    const content = courseCopy('minimal');
    const { course } = loadCourse(content);
    const files = await pptx.build(course!, targetContext(course!, 'en'));
    const d = new Pptx(files.find((f) => f.path.endsWith('.pptx'))!.contents);
    d.recordNarration('basics/two_views', new Uint8Array(fs.readFileSync(take)), 'm4a', 'audio/mp4');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'recorded-import-'));
    const file = path.join(dir, 'fixture_course-en-manuscript.pptx');
    fs.writeFileSync(file, d.bytes());
    // Re-saved by LibreOffice, as a customer without PowerPoint would.
    const [saved] = await convertWithLibreOffice([file], 'pptx', path.join(dir, 'lo'));
    const r = await importManuscript({ contentDir: content, file: saved!, variant: 'acme' });
    expect(r.diagnostics.list.filter((x) => x.severity === 'error')).toEqual([]);
    const seconds = Math.round(ffprobeSeconds(take));
    expect(r.summary).toContainEqual({ sign: '+', what: 'slide basics/two_views', detail: `narration recorded, ${seconds} s (audio/en/basics/two_views.m4a)` });
    const written = path.join(content, 'variants/acme/audio/en/basics/two_views.m4a');
    expect(fs.readFileSync(written).equals(fs.readFileSync(take))).toBe(true);
    // Nothing reported as lost: a recording's timing is not an animation.
    expect(r.diagnostics.list.map((x) => x.message).join('\n')).not.toMatch(/animation/i);
    const built = await buildCourse({ contentDir: content, outDir: '', targets: ['scorm2004'], langs: ['en'], variant: 'acme', write: false });
    expect(built.ok).toBe(true);
    const zip = unzipSync(built.files.find((f) => f.path.endsWith('-en-scorm2004.zip'))!.contents);
    expect(Buffer.from(zip['audio/basics/two_views.m4a']!).equals(fs.readFileSync(take))).toBe(true);
  }, scaled(120_000));

  test('is no change when the course already has the same recording', async () => {
    const take = speech('Two questions decide the matter.', 'en', 'm4a');
    const content = courseCopy('minimal');
    fs.mkdirSync(path.join(content, 'audio/en/basics'), { recursive: true });
    fs.copyFileSync(take, path.join(content, 'audio/en/basics/two_views.m4a'));
    const built = await buildCourse({ contentDir: content, outDir: '', targets: ['pptx'], langs: ['en'], write: false });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'recorded-same-'));
    const file = path.join(dir, 'deck.pptx');
    fs.writeFileSync(file, built.files.find((f) => f.path.endsWith('.pptx'))!.contents);
    const r = await importManuscript({ contentDir: content, file, variant: 'acme', write: false });
    expect(r.summary).toEqual([]);
  }, scaled(60_000));
});
