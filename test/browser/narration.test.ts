/**
 * Narration the learner can hear, in Chromium against the built SCORM 2004 package: a slide's
 * recording (a tone made by ffmpeg in this file, built into the package from the course's audio
 * folder, so the package carries the player for recordings) played,
 * paused, sought, sped up, paused when the page is hidden; and read-aloud with the browser's
 * speech synthesis. Headless Chromium has no voice, so the player must say so; a scripted voice
 * stands in at the browser's API boundary (speechSynthesis) for the reading itself; Debian's
 * speech-dispatcher with espeak-ng gives Chromium a real one for the last test.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Frame, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCourse } from '../../build/index.ts';
import type { PlayerCourse } from '../../player/spec/course-data.ts';
import { decodeState, encodeState, initialState, type Place } from '../../player/state.ts';
import { axeViolations } from './harness/axe.ts';
import { buildPackage, projectRoot, type BuiltPackage } from './harness/package.ts';
import { CHROMIUM_ARGS, cmiData, expectNoRejectedCalls, launchBrowser, newContext, openInLms, press, serveCourse } from './harness/browser.ts';
import type { StaticServer } from './harness/server.ts';
import { scaled } from '../support/time-scale.ts';

let pkg: BuiltPackage;
let server: StaticServer;
/** The English course, unchanged: read aloud in an English voice, its sentences ended by . ! ? */
let en: { pkg: BuiltPackage; server: StaticServer };
let browser: Browser;
let course: PlayerCourse;
const ui = () => course.ui;

/** The first lesson: slide 0 and 2 are read aloud, slide 1 carries a recording. */
const lesson = () => course.lessons[0]!;
const at = (i: number): Place => ({ screen: 'lesson', lesson: lesson().id, slide: lesson().slides[i]!.id });
const TONE_SECONDS = 6;

/**
 * The project's course with a tone of TONE_SECONDS as the recording of the first lesson's second
 * slide, in Ogg Opus (a format the build takes and Chromium plays), made by ffmpeg rather than
 * downloaded; the folder's path.
 */
async function courseWithRecording(): Promise<string> {
  const { course: model } = await readCourse(join(projectRoot, 'content'));
  if (!model) throw new Error('the project\'s course does not load');
  const dir = mkdtempSync(join(tmpdir(), 'narration-course-'));
  cpSync(join(projectRoot, 'content'), dir, { recursive: true });
  const first = model.lessons[0]!;
  const file = join(dir, 'audio', 'ja', first.id, `${first.slides[1]!.id}.ogg`);
  mkdirSync(dirname(file), { recursive: true });
  const made = spawnSync('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', `sine=frequency=440:duration=${TONE_SECONDS}`, '-c:a', 'libopus', '-b:a', '32k', file], { encoding: 'utf8' });
  if (made.status !== 0) throw new Error(`ffmpeg could not make the test recording (run node scripts/ensure-test-tools.mjs):\n${made.stderr ?? made.error}`);
  return dir;
}

let recordedCourse: string;

beforeAll(async () => {
  recordedCourse = await courseWithRecording();
  let enPkg: BuiltPackage;
  [pkg, enPkg] = await Promise.all([buildPackage('ja', recordedCourse), buildPackage('en')]);
  course = pkg.course;
  [server, browser, en] = await Promise.all([serveCourse(pkg.dir), launchBrowser(), serveCourse(enPkg.dir).then((s) => ({ pkg: enPkg, server: s }))]);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await en?.server.close();
  pkg?.cleanup();
  en?.pkg.cleanup();
  if (recordedCourse) rmSync(recordedCourse, { recursive: true, force: true });
});

/** What the LMS holds for a learner who answered the survey and stands on `place`. */
function launchData(place: Place): Record<string, string> {
  const s = { ...initialState(), counter: 1, place, survey: { done: true, answers: {} } };
  return { entry: 'resume', location: `lesson.${lesson().id}.${(place as { slide: string }).slide}`, suspend_data: encodeState(s) };
}

/** The course in the LMS frame, on a slide. */
async function openAt(context: BrowserContext, place: Place | Record<string, string>, origin = server.origin): Promise<{ page: Page; frame: Frame }> {
  const page = await context.newPage();
  const frame = await openInLms(page, origin, 'screen' in place ? launchData(place as Place) : place);
  return { page, frame };
}

/** What the LMS holds once the course frame has gone (the learner left), for the next launch. */
async function leave(page: Page, frame: Frame): Promise<Record<string, string>> {
  await frame.goto('about:blank');
  await expectNoRejectedCalls(page);
  const { cmi } = await cmiData(page);
  return { entry: 'resume', location: cmi.location, suspend_data: cmi.suspend_data };
}

/** Hides the page as a phone locking or a tab switch does (headless Chromium never hides it). */
const hidePage = (frame: Frame) =>
  frame.evaluate(() => {
    Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
    document.dispatchEvent(new Event('visibilitychange'));
  });

describe('a slide with its recorded narration', { timeout: scaled(120_000) }, () => {
  it('plays and pauses the recording from the package, shows and sets its position, and changes its speed', async () => {
    const context = await newContext(browser);
    const { page, frame } = await openAt(context, at(1));
    const audio = () => frame.evaluate(() => {
      const a = document.querySelector('audio')!;
      return { paused: a.paused, time: a.currentTime, rate: a.playbackRate, src: a.currentSrc, error: a.error?.code ?? null };
    });
    expect(await frame.textContent('.narration-play')).toBe(ui().playAudio);
    expect(await frame.getAttribute('.narration-play', 'aria-pressed')).toBe('false');
    // The recording, not read-aloud: the transcript beside it is not split into sentences.
    expect(await frame.$$('.transcript .sentence')).toHaveLength(0);
    expect(await frame.getAttribute('.narration-seek', 'aria-label')).toBe(ui().narrationPosition);

    await press(frame, '.narration-play', 'Enter');
    await expect.poll(() => frame.getAttribute('.narration-play', 'aria-pressed')).toBe('true');
    await expect.poll(async () => (await audio()).time).toBeGreaterThan(0.3);
    const playing = await audio();
    expect(playing).toMatchObject({ paused: false, rate: 1, error: null });
    expect(playing.src).toBe(`${server.origin}/pkg/${lesson().slides[1]!.audio!.src}`);

    await press(frame, '.narration-play', 'Enter');
    await expect.poll(() => frame.getAttribute('.narration-play', 'aria-pressed')).toBe('false');
    expect((await audio()).paused).toBe(true);

    // The position by keyboard: to the start, then two seconds on.
    await press(frame, '.narration-seek', 'Home');
    await frame.page().keyboard.press('ArrowRight');
    await frame.page().keyboard.press('ArrowRight');
    await expect.poll(async () => (await audio()).time).toBe(2);
    await expect.poll(() => frame.getAttribute('.narration-seek', 'aria-valuetext')).toBe(`0:02 / 0:0${TONE_SECONDS}`);

    await frame.selectOption('.narration-rate', '1.5');
    expect((await audio()).rate).toBe(1.5);
    // Stop: paused, back at the start.
    await press(frame, '.narration-play', 'Enter');
    await expect.poll(async () => (await audio()).paused).toBe(false);
    await press(frame, '.narration-stop', 'Enter');
    expect(await audio()).toMatchObject({ paused: true, time: 0, rate: 1.5 });
    await context.close();
  });

  it('pauses when the page is hidden or the slide changes, and comes back at the start of the slide with its speed', async () => {
    const context = await newContext(browser);
    const { page, frame } = await openAt(context, at(1));
    await frame.selectOption('.narration-rate', '1.25');
    await press(frame, '.narration-play', 'Enter');
    await expect.poll(() => frame.evaluate(() => document.querySelector('audio')!.currentTime)).toBeGreaterThan(0.3);
    await hidePage(frame);
    expect(await frame.evaluate(() => document.querySelector('audio')!.paused)).toBe(true);
    await expect.poll(() => frame.getAttribute('.narration-play', 'aria-pressed')).toBe('false');

    // Playing again, then on to the next slide: the recording, no longer shown, stops.
    await press(frame, '.narration-play', 'Enter');
    const media = await frame.evaluateHandle(() => document.querySelector('audio')!);
    await expect.poll(() => media.evaluate((a) => a.paused)).toBe(false);
    await press(frame, '#next', 'Enter');
    await frame.waitForFunction((title) => document.querySelector('main h1')?.textContent === title, lesson().slides[2]!.title);
    expect(await media.evaluate((a) => a.paused)).toBe(true);

    // Back to the slide in a new session: at its start, paused, at the learner's speed.
    await press(frame, '#prev', 'Enter');
    await frame.waitForSelector('audio', { state: 'attached' });
    const saved = await leave(page, frame);
    expect(decodeState(saved.suspend_data!, course)!.narration).toEqual({ auto: false, rate: 1.25 });
    const again = await openAt(context, saved);
    expect(await again.frame.textContent('main h1')).toBe(lesson().slides[1]!.title);
    expect(await again.frame.evaluate(() => ({ paused: document.querySelector('audio')!.paused, time: document.querySelector('audio')!.currentTime, rate: document.querySelector('audio')!.playbackRate }))).toEqual({
      paused: true,
      time: 0,
      rate: 1.25,
    });
    expect(await again.frame.inputValue('.narration-rate')).toBe('1.25');
    await context.close();
  });
});

describe('read-aloud where the browser has no voice for the language', { timeout: scaled(120_000) }, () => {
  it('says so in words and keeps the transcript', async () => {
    const context = await newContext(browser);
    const { frame } = await openAt(context, at(0));
    expect(await frame.evaluate(() => speechSynthesis.getVoices().length)).toBe(0);
    expect(await frame.textContent('.narration-none')).toBe(ui().noVoice);
    expect(await frame.$('.narration-play')).toBeNull();
    await press(frame, '.transcript-toggle', 'Enter');
    expect(await frame.isVisible('#transcript')).toBe(true);
    expect((await frame.textContent('#transcript'))!.replace(/\s/g, '')).toBe(plain(lesson().slides[0]!.narrationHtml));

    // In English, in English.
    const english = await openAt(context, at(0), en.server.origin);
    expect(await english.frame.textContent('.narration-none')).toBe(en.pkg.course.ui.noVoice);
    expect(en.pkg.course.ui.noVoice).toMatch(/no English voice/);
    await context.close();
  });
});

/**
 * A scripted stand-in for the browser's speech synthesis: it lists a network voice and an English
 * one before a local Japanese one, starts each utterance it is given in turn (`onstart`), and
 * finishes the current one only when the test says so (`__speech.finish()`, then `onend`), so the
 * test steps through the reading sentence by sentence.
 */
function fakeSpeech(): void {
  const voice = (name: string, lang: string, localService: boolean) => ({ name, lang, localService, default: false, voiceURI: name });
  const voices = [voice('Network ja', 'ja-JP', false), voice('Local en', 'en-US', true), voice('Local ja', 'ja-JP', true)];
  type U = { text: string; rate: number; lang: string; voice: { name: string } | null; onstart?: () => void; onend?: () => void; onerror?: (e: { error: string }) => void };
  const queue: U[] = [];
  let current: U | null = null;
  const log: { text: string; rate: number; voice: string | undefined; lang: string }[] = [];
  let cancels = 0;
  const next = () => {
    current = queue.shift() ?? null;
    if (!current) return;
    const u = current;
    log.push({ text: u.text, rate: u.rate, voice: u.voice?.name, lang: u.lang });
    setTimeout(() => u === current && u.onstart?.());
  };
  class Synth extends EventTarget {
    getVoices = () => voices;
    speak = (u: U) => {
      queue.push(u);
      if (!current) next();
    };
    cancel = () => {
      cancels++;
      const dropped = [current, ...queue.splice(0)].filter((u): u is U => !!u);
      current = null;
      for (const u of dropped) u.onerror?.({ error: 'interrupted' });
    };
    pause = () => {};
    resume = () => {};
    get speaking() {
      return !!current;
    }
  }
  Object.defineProperty(window, 'speechSynthesis', { value: new Synth(), configurable: true });
  Object.defineProperty(window, 'SpeechSynthesisUtterance', {
    configurable: true,
    value: class {
      rate = 1;
      lang = '';
      voice = null;
      constructor(public text: string) {}
    },
  });
  (window as unknown as Record<string, unknown>).__speech = {
    log,
    get speaking() {
      return current?.text ?? null;
    },
    get cancels() {
      return cancels;
    },
    finish() {
      const u = current;
      current = null;
      u?.onend?.();
      if (!current) next();
    },
  };
}

interface SpeechLog {
  log: { text: string; rate: number; voice: string | undefined; lang: string }[];
  speaking: string | null;
  cancels: number;
}
const speech = (frame: Frame) => frame.evaluate(() => {
  const s = (window as unknown as { __speech: SpeechLog }).__speech;
  return { log: [...s.log], speaking: s.speaking, cancels: s.cancels };
});
const finishSentence = (frame: Frame) => frame.evaluate(() => (window as unknown as { __speech: { finish(): void } }).__speech.finish());
/** The text of the sentence highlighted in the transcript (its pieces joined), '' when none is. */
const highlighted = (frame: Frame) => frame.evaluate(() => Array.from(document.querySelectorAll('.transcript .speaking'), (e) => e.textContent).join(''));
/** The text of narration HTML as the transcript shows it, spaces left out. */
const plain = (html: string) =>
  html
    .replace(/<[^>]+>/g, '')
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&(quot|amp|lt|gt);/g, (_, e: string) => ({ quot: '"', amp: '&', lt: '<', gt: '>' })[e]!)
    .replace(/\s/g, '');
/** How many sentences a Japanese narration has: one per run of 。！？ */
const sentenceCount = (html: string) => plain(html).match(/[。！？!?]+/g)!.length;

async function fakeVoiceContext(): Promise<BrowserContext> {
  const context = await newContext(browser);
  await context.addInitScript(fakeSpeech);
  return context;
}

describe('read-aloud with a voice of the device', { timeout: scaled(120_000) }, () => {
  it('reads the transcript sentence by sentence in a local Japanese voice, highlighting each sentence in turn', async () => {
    const context = await fakeVoiceContext();
    const { frame } = await openAt(context, at(0));
    const slide = lesson().slides[0]!;
    await press(frame, '.transcript-toggle', 'Enter');
    expect(await frame.textContent('.narration-play')).toBe(ui().readAloud);
    expect(await frame.getAttribute('.narration', 'aria-label')).toBe(ui().narration);
    expect(await frame.getAttribute('.narration-play', 'aria-pressed')).toBe('false');
    await press(frame, '.narration-play', 'Enter');
    expect(await frame.getAttribute('.narration-play', 'aria-pressed')).toBe('true');

    const count = sentenceCount(slide.narrationHtml);
    expect(count).toBeGreaterThan(1);
    for (let i = 0; i < count; i++) {
      await expect.poll(() => highlighted(frame)).toBe((await speech(frame)).log[i]?.text);
      const { log } = await speech(frame);
      expect(log).toHaveLength(i + 1);
      expect(log[i]).toMatchObject({ voice: 'Local ja', lang: 'ja-JP', rate: 1 });
      expect(log[i]!.text).toMatch(/[。！？]$/);
      // Focus stays where the learner put it; the highlight is a class, not an announcement.
      expect(await frame.evaluate(() => document.activeElement?.className)).toBe('narration-play');
      await finishSentence(frame);
    }
    // All read: the utterances are the transcript, in order, and nothing stays highlighted.
    const { log } = await speech(frame);
    expect(log.map((u) => u.text).join('').replace(/\s/g, '')).toBe(plain(slide.narrationHtml));
    await expect.poll(() => frame.getAttribute('.narration-play', 'aria-pressed')).toBe('false');
    expect(await highlighted(frame)).toBe('');
    expect(await frame.$$('[aria-live] .sentence, .sentence[aria-live], .sentence[role]')).toHaveLength(0);
    await context.close();
  });

  it('reads the English course in an English voice, sentence by sentence at . ! ?', async () => {
    const context = await fakeVoiceContext();
    const { frame } = await openAt(context, at(0), en.server.origin);
    const slide = en.pkg.course.lessons[0]!.slides[0]!;
    expect(await frame.textContent('.narration-play')).toBe(en.pkg.course.ui.readAloud);
    await press(frame, '.transcript-toggle', 'Enter');
    await press(frame, '.narration-play', 'Enter');
    while ((await frame.getAttribute('.narration-play', 'aria-pressed')) === 'true') {
      await expect.poll(async () => (await speech(frame)).speaking).not.toBeNull();
      const { log } = await speech(frame);
      await expect.poll(() => highlighted(frame)).toBe(log[log.length - 1]!.text);
      await finishSentence(frame);
    }
    const { log } = await speech(frame);
    expect(log.length).toBeGreaterThan(1);
    for (const u of log) {
      expect(u).toMatchObject({ voice: 'Local en', lang: 'en-US' });
      expect(u.text).toMatch(/^[A-Z0-9"“].*[.!?]["”]?$/);
    }
    expect(log.map((u) => u.text).join('').replace(/\s/g, '')).toBe(plain(slide.narrationHtml));
    await context.close();
  });

  it('pauses and resumes at the sentence it was reading, stops back to the start, and reads at the chosen speed', async () => {
    const context = await fakeVoiceContext();
    const { frame } = await openAt(context, at(0));
    await press(frame, '.transcript-toggle', 'Enter');
    await press(frame, '.narration-play', 'Enter');
    await finishSentence(frame);
    await expect.poll(async () => (await speech(frame)).log.length).toBe(2);
    const second = (await speech(frame)).log[1]!.text;
    await expect.poll(() => highlighted(frame)).toBe(second);

    // Pause: silent, the sentence stays marked.
    await press(frame, '.narration-play', 'Enter');
    expect(await frame.getAttribute('.narration-play', 'aria-pressed')).toBe('false');
    expect((await speech(frame)).speaking).toBeNull();
    expect(await highlighted(frame)).toBe(second);

    // A faster speed, then play: the same sentence again, at that rate.
    await frame.selectOption('.narration-rate', '1.5');
    await press(frame, '.narration-play', 'Enter');
    await expect.poll(async () => (await speech(frame)).log.length).toBe(3);
    expect((await speech(frame)).log[2]).toMatchObject({ text: second, rate: 1.5 });

    // Stop: silent, nothing marked; play starts from the first sentence.
    await press(frame, '.narration-stop', 'Enter');
    expect((await speech(frame)).speaking).toBeNull();
    expect(await highlighted(frame)).toBe('');
    await press(frame, '.narration-play', 'Enter');
    await expect.poll(async () => (await speech(frame)).log.length).toBe(4);
    const { log } = await speech(frame);
    expect(log[3]).toMatchObject({ text: log[0]!.text, rate: 1.5 });
    await context.close();
  });

  it('stops reading when the slide changes or the page is hidden', async () => {
    const context = await fakeVoiceContext();
    const { frame } = await openAt(context, at(0));
    await press(frame, '.narration-play', 'Enter');
    await expect.poll(async () => (await speech(frame)).speaking).not.toBeNull();
    await hidePage(frame);
    expect((await speech(frame)).speaking).toBeNull();
    expect(await frame.getAttribute('.narration-play', 'aria-pressed')).toBe('false');

    await press(frame, '.narration-play', 'Enter');
    await expect.poll(async () => (await speech(frame)).speaking).not.toBeNull();
    const before = (await speech(frame)).log.length;
    await press(frame, '#next', 'Enter');
    await frame.waitForFunction((title) => document.querySelector('main h1')?.textContent === title, lesson().slides[1]!.title);
    const after = await speech(frame);
    expect(after.speaking).toBeNull();
    // The next slide does not start by itself: that is the learner's choice, off by default.
    expect(after.log).toHaveLength(before);
    await context.close();
  });

  it('reads each slide as it opens only once the learner asks, and keeps that choice and the speed for the next launch', async () => {
    const context = await fakeVoiceContext();
    const { page, frame } = await openAt(context, at(0));
    expect(await frame.isChecked('.narration-auto input')).toBe(false);
    expect(await frame.textContent('.narration-auto')).toBe(ui().autoNarration);
    expect((await speech(frame)).log).toEqual([]);

    await press(frame, '.narration-auto input', 'Space');
    await frame.selectOption('.narration-rate', '0.8');
    // Slide 1 plays its recording; slide 2 is read aloud as it opens.
    await press(frame, '#next', 'Enter');
    await frame.waitForSelector('audio', { state: 'attached' });
    await press(frame, '#next', 'Enter');
    await frame.waitForFunction((title) => document.querySelector('main h1')?.textContent === title, lesson().slides[2]!.title);
    await expect.poll(async () => (await speech(frame)).log.length).toBe(1);
    expect((await speech(frame)).log[0]).toMatchObject({ rate: 0.8, voice: 'Local ja' });
    expect(await frame.getAttribute('.narration-play', 'aria-pressed')).toBe('true');

    const saved = await leave(page, frame);
    expect(JSON.parse(saved.suspend_data!).n).toEqual({ a: 1, r: 0.8 });
    const again = await openAt(context, saved);
    expect(await again.frame.isChecked('.narration-auto input')).toBe(true);
    expect(await again.frame.inputValue('.narration-rate')).toBe('0.8');
    await expect.poll(async () => (await speech(again.frame)).log.length).toBe(1);
    // It reads the slide it resumed on, from its first sentence.
    const first = (await speech(again.frame)).log[0]!.text;
    expect(plain(lesson().slides[2]!.narrationHtml).startsWith(first.replace(/\s/g, ''))).toBe(true);
    expect(first).toMatch(/[。！？]$/);
    await context.close();
  });

  it('breaks no WCAG 2.2 A/AA rule with the read-aloud or the recording controls on show, at 320 px too', async () => {
    for (const [width, height] of [[1280, 800], [320, 640]] as const) {
      const context = await browser.newContext({ viewport: { width, height }, locale: 'ja-JP', serviceWorkers: 'block' });
      await context.addInitScript(fakeSpeech);
      for (const i of [0, 1]) {
        const { frame } = await openAt(context, at(i));
        await frame.waitForSelector('.narration-play');
        await press(frame, '.transcript-toggle', 'Enter');
        if (i === 0) {
          await press(frame, '.narration-play', 'Enter');
          await expect.poll(() => highlighted(frame)).not.toBe('');
        }
        expect(await axeViolations(frame)).toEqual([]);
        // Nothing sticks out sideways on a narrow phone.
        expect(await frame.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
      }
      await context.close();
    }
  });
});


/**
 * Debian's speech-dispatcher with espeak-ng gives Chromium real voices (`--enable-speech-dispatcher`).
 * It runs here with its own home: a null ALSA device (there is no sound card) and its own socket,
 * so it neither needs nor touches the machine's audio or a running dispatcher.
 */
describe('read-aloud with a real voice (speech-dispatcher, espeak-ng)', { timeout: scaled(120_000) }, () => {
  it('finds the device\'s Japanese voice and reads the slide through to the end', async () => {
    const home = mkdtempSync(join(tmpdir(), 'speechd-home-'));
    mkdirSync(join(home, '.config/speech-dispatcher'), { recursive: true });
    mkdirSync(join(home, 'run'), { mode: 0o700 });
    writeFileSync(join(home, '.asoundrc'), 'pcm.!default { type null }\n');
    writeFileSync(join(home, '.config/speech-dispatcher/speechd.conf'), 'AudioOutputMethod "alsa"\nAddModule "espeak-ng" "sd_espeak-ng" "espeak-ng.conf"\nDefaultModule espeak-ng\n');
    const voiced = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      headless: true,
      args: [...CHROMIUM_ARGS, '--enable-speech-dispatcher'],
      env: { ...process.env, HOME: home, XDG_CONFIG_HOME: join(home, '.config'), XDG_CACHE_HOME: join(home, '.cache'), XDG_RUNTIME_DIR: join(home, 'run') },
      timeout: scaled(180_000),
    });
    try {
      const context = await newContext(voiced);
      const { frame } = await openAt(context, at(0));
      await press(frame, '.transcript-toggle', 'Enter');
      // The player offers read-aloud (not "no voice") once the dispatcher has listed its voices.
      await frame.waitForSelector('.narration-play');
      expect(await frame.evaluate(() => speechSynthesis.getVoices().some((v) => v.localService && v.lang.startsWith('ja')))).toBe(true);
      // Which sentences the highlight visits, as the real voice starts each one.
      await frame.evaluate(() => {
        const seen: string[] = [];
        (window as unknown as { seen: string[] }).seen = seen;
        new MutationObserver(() => {
          const text = Array.from(document.querySelectorAll('.speaking'), (e) => e.textContent).join('');
          if (text && seen[seen.length - 1] !== text) seen.push(text);
        }).observe(document.querySelector('#transcript')!, { subtree: true, attributes: true, attributeFilter: ['class'] });
      });
      await press(frame, '.narration-play', 'Enter');
      await frame.waitForFunction(() => document.querySelector('.narration-play')?.getAttribute('aria-pressed') === 'false', null, { timeout: scaled(60_000) });
      const seen = await frame.evaluate(() => (window as unknown as { seen: string[] }).seen);
      const slide = lesson().slides[0]!;
      expect(seen).toHaveLength(sentenceCount(slide.narrationHtml));
      expect(seen.join('').replace(/\s/g, '')).toBe(plain(slide.narrationHtml));
      await context.close();
    } finally {
      await voiced.close();
      rmSync(home, { recursive: true, force: true });
    }
  });
});
