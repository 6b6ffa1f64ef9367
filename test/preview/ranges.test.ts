/**
 * The preview LMS serves a package's files in byte ranges, as a web server and Moodle's file
 * server do: Chromium seeks in a recording only when the server answers a range with 206. The
 * recording is a sentence spoken by espeak-ng and encoded as Ogg Opus by ffmpeg in the test.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCourse } from '../../build/index.ts';
import { distSource } from '../../build/preview/packages.ts';
import { byteRange, startPreview, type PreviewServer } from '../../build/preview/server.ts';
import { launchBrowser, newContext } from '../browser/harness/browser.ts';
import { speech } from '../support/audio.ts';
import { fixtureCopy } from '../support/fixture.ts';
import { scaled } from '../support/time-scale.ts';

let server: PreviewServer;
let tmp: string;
let content: string;
/** The recording as the package carries it. */
let ogg: Buffer;
const url = () => `${server.origin}/pkg/scorm2004/ja/audio/basics/policy.ogg`;

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'preview-ranges-'));
  content = fixtureCopy('minimal');
  const take = speech('当社では一人で対応しません。相談窓口に連絡してください。', 'ja', 'ogg');
  fs.mkdirSync(path.join(content, 'audio/ja/basics'), { recursive: true });
  fs.copyFileSync(take, path.join(content, 'audio/ja/basics/policy.ogg'));
  ogg = fs.readFileSync(take);
  const dist = path.join(tmp, 'dist');
  const result = await buildCourse({ contentDir: content, outDir: dist, targets: ['scorm2004'], langs: ['ja'] });
  expect(result.ok).toBe(true);
  server = await startPreview({ source: distSource(dist), stateDir: path.join(tmp, 'state') });
}, scaled(60_000));

afterAll(async () => {
  await server?.close();
  for (const d of [tmp, content]) if (d) fs.rmSync(d, { recursive: true, force: true });
});

async function get(range?: string, headers: Record<string, string> = {}) {
  const res = await fetch(url(), { headers: { ...(range === undefined ? {} : { range }), ...headers } });
  return {
    status: res.status,
    contentRange: res.headers.get('content-range'),
    acceptRanges: res.headers.get('accept-ranges'),
    length: Number(res.headers.get('content-length')),
    type: res.headers.get('content-type'),
    body: Buffer.from(await res.arrayBuffer()),
  };
}

describe('a recording from the preview LMS', () => {
  it('is served whole without a Range header, saying that ranges are served', async () => {
    expect(ogg.length).toBeGreaterThan(1000);
    const r = await get();
    expect(r).toMatchObject({ status: 200, contentRange: null, acceptRanges: 'bytes', length: ogg.length, type: 'audio/ogg' });
    expect(r.body.equals(ogg)).toBe(true);
  });

  it('answers bytes=a-b, a- and -n with 206, the bytes asked for and where they are in the file', async () => {
    const size = ogg.length;
    const cases: [string, number, number][] = [
      ['bytes=0-99', 0, 99],
      ['bytes=100-', 100, size - 1],
      ['bytes=-50', size - 50, size - 1],
      // A last byte past the end, or more bytes from the end than the file has: up to the end.
      ['bytes=10-999999999', 10, size - 1],
      [`bytes=-${size + 10}`, 0, size - 1],
      [`bytes=${size - 1}-${size - 1}`, size - 1, size - 1],
    ];
    for (const [range, start, end] of cases) {
      const r = await get(range);
      expect(r, range).toMatchObject({ status: 206, contentRange: `bytes ${start}-${end}/${size}`, acceptRanges: 'bytes', length: end - start + 1, type: 'audio/ogg' });
      expect(r.body.equals(ogg.subarray(start, end + 1)), range).toBe(true);
    }
  });

  it('answers 416 with the file size when no byte asked for is in the file', async () => {
    for (const range of [`bytes=${ogg.length}-`, `bytes=${ogg.length + 5}-${ogg.length + 10}`, 'bytes=-0']) {
      const r = await get(range);
      expect(r, range).toMatchObject({ status: 416, contentRange: `bytes */${ogg.length}`, acceptRanges: 'bytes' });
    }
  });

  it('serves the whole file for several ranges, another unit, a header that does not parse, or an If-Range', async () => {
    for (const [range, extra] of [
      ['bytes=0-1,5-6', {}],
      ['items=0-1', {}],
      ['bytes=9-3', {}],
      ['bytes=x-', {}],
      ['bytes=0-99', { 'if-range': 'Wed, 02 Dec 2026 12:00:00 GMT' }],
    ] as const) {
      const r = await get(range, extra);
      expect(r, range).toMatchObject({ status: 200, contentRange: null, acceptRanges: 'bytes', length: ogg.length });
      expect(r.body.equals(ogg), range).toBe(true);
    }
  });

  it('is asked for in ranges by Chromium, which gets 206 and seeks in it', { timeout: scaled(60_000) }, async () => {
    let browser: Browser | null = null;
    try {
      browser = await launchBrowser();
      const context = await newContext(browser);
      const page = await context.newPage();
      const answers: { range: string | null; status: number }[] = [];
      page.on('response', (r) => {
        if (r.url() === url()) answers.push({ range: r.request().headers()['range'] ?? null, status: r.status() });
      });
      await page.goto(`${server.origin}/pkg/scorm2004/ja/index.html`);
      const time = await page.evaluate(
        (src) =>
          new Promise<number>((resolve, reject) => {
            const a = new Audio(src);
            a.onerror = () => reject(new Error(`media error ${a.error?.code}`));
            a.onloadedmetadata = () => {
              a.onseeked = () => resolve(a.currentTime);
              a.currentTime = 1;
            };
          }),
        url(),
      );
      expect(time).toBe(1);
      // A file this small is buffered whole, where Chromium seeks even without ranges: what
      // shows the server's part is that the media element's requests were answered in ranges.
      expect(answers.length).toBeGreaterThan(0);
      for (const a of answers) expect(a).toEqual({ range: expect.stringMatching(/^bytes=\d+-\d*$/), status: 206 });
    } finally {
      await browser?.close();
    }
  });
});

describe('byteRange', () => {
  it('reads one range against the file size, and leaves the rest to a whole answer', () => {
    expect(byteRange('bytes=0-0', 10)).toEqual({ start: 0, end: 0 });
    expect(byteRange('bytes=3-', 10)).toEqual({ start: 3, end: 9 });
    expect(byteRange('bytes=-3', 10)).toEqual({ start: 7, end: 9 });
    expect(byteRange('bytes=-3', 0)).toBe('unsatisfiable');
    expect(byteRange('bytes=0-', 0)).toBe('unsatisfiable');
    expect(byteRange(undefined, 10)).toBeNull();
    expect(byteRange('bytes=-', 10)).toBeNull();
  });
});
