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
import { Pptx } from './edit-ooxml.ts';

/** One second of a 440 Hz tone as 8 kHz, 16-bit mono PCM WAV: a real sound, made here. */
function toneWav(seconds = 1, rate = 8000): Uint8Array {
  const samples = seconds * rate;
  const buf = Buffer.alloc(44 + samples * 2);
  buf.write('RIFF', 0);
  buf.writeUInt32LE(36 + samples * 2, 4);
  buf.write('WAVEfmt ', 8);
  buf.writeUInt32LE(16, 16);
  buf.writeUInt16LE(1, 20);
  buf.writeUInt16LE(1, 22);
  buf.writeUInt32LE(rate, 24);
  buf.writeUInt32LE(rate * 2, 28);
  buf.writeUInt16LE(2, 32);
  buf.writeUInt16LE(16, 34);
  buf.write('data', 36);
  buf.writeUInt32LE(samples * 2, 40);
  for (let i = 0; i < samples; i++) buf.writeInt16LE(Math.round(8000 * Math.sin((2 * Math.PI * 440 * i) / rate)), 44 + i * 2);
  return new Uint8Array(buf);
}

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
