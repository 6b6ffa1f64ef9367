/**
 * Recorded narration (content/audio/<lang>/<lesson>/<slide>.m4a|mp3|ogg): the build measures
 * each file, checks it against the course, puts it in every LMS package of its language at
 * audio/<lesson>/<slide>.<ext> with the manifest listing it, tells the player where it is, counts
 * its real length in the study time, and reports its size apart from the package's. A course
 * without recordings builds exactly as before. The recordings are spoken by espeak-ng and
 * encoded by ffmpeg in the test (test/support/audio.ts).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { beforeAll, describe, expect, test } from 'vitest';
import { readSources } from '../../build/assets.ts';
import { probeAudio } from '../../build/audio.ts';
import { estimateStudyTime } from '../../build/course/estimate.ts';
import { buildCourse, readCourse, type CompileResult } from '../../build/index.ts';
import { RECORDING_UI_KEYS } from '../../player/labels.ts';
import type { PlayerCourse } from '../../player/spec/course-data.ts';
import { ffprobeSeconds, speech } from '../support/audio.ts';
import { fixtureCopy, projectRoot } from '../support/fixture.ts';
import { checkPackageBytes } from '../support/package-check/index.ts';
import { scaled } from '../support/time-scale.ts';

/** The recordings laid into a copy of the minimal fixture course (lesson "basics", slides two_views and policy). */
const takes = {
  'audio/ja/basics/two_views.m4a': () => speech('二つの問いで判断します。', 'ja', 'm4a'),
  'audio/ja/basics/policy.mp3': () => speech('当社では一人で対応しません。', 'ja', 'mp3'),
  'audio/en/basics/policy.ogg': () => speech('At our company nobody handles this alone.', 'en', 'ogg'),
};

let dir: string;
let built: CompileResult;
let plain: CompileResult;

function copyTakes(into: string, files: Record<string, () => string>): void {
  for (const [rel, make] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(into, rel)), { recursive: true });
    fs.copyFileSync(make(), path.join(into, rel));
  }
}

const packages = ['scorm2004', 'scorm12', 'cmi5'] as const;
const zipOf = (r: CompileResult, lang: string, target: string) => unzipSync(r.files.find((f) => f.path === `fixture_course-${lang}-${target}.zip`)!.contents);
const courseIn = (entries: Record<string, Uint8Array>): PlayerCourse => JSON.parse(/<script[^>]*id="course-data"[^>]*>([\s\S]*?)<\/script>/.exec(strFromU8(entries['index.html']!))![1]!) as PlayerCourse;

beforeAll(async () => {
  dir = fixtureCopy('minimal');
  copyTakes(dir, takes);
  built = await buildCourse({ contentDir: dir, outDir: '', targets: [...packages], write: false });
  plain = await buildCourse({ contentDir: fixtureCopy('minimal'), outDir: '', targets: [...packages], write: false });
}, scaled(60_000));

describe('recorded narration', () => {
  test('is measured to within 0.1 s of what ffprobe reads, in M4A, MP3 and Ogg', async () => {
    const probes = await probeAudio(readSources(dir));
    for (const [rel, make] of Object.entries(takes)) {
      const probe = probes.get(rel)!;
      expect(probe.ext).toBe(rel.split('.').pop());
      expect(Math.abs(probe.seconds! - ffprobeSeconds(make()))).toBeLessThan(0.1);
    }
  });

  test('builds without a problem', () => {
    expect(built.diagnostics.list).toEqual([]);
    expect(built.ok).toBe(true);
  });

  test.each(packages)('goes into the %s package of its language, byte for byte, at audio/<lesson>/<slide>.<ext>', (target) => {
    const ja = zipOf(built, 'ja', target);
    const en = zipOf(built, 'en', target);
    expect(Object.keys(ja).filter((n) => n.startsWith('audio/')).sort()).toEqual(['audio/basics/policy.mp3', 'audio/basics/two_views.m4a']);
    expect(Object.keys(en).filter((n) => n.startsWith('audio/'))).toEqual(['audio/basics/policy.ogg']);
    expect(Buffer.from(ja['audio/basics/two_views.m4a']!).equals(fs.readFileSync(takes['audio/ja/basics/two_views.m4a']()))).toBe(true);
    expect(Buffer.from(en['audio/basics/policy.ogg']!).equals(fs.readFileSync(takes['audio/en/basics/policy.ogg']()))).toBe(true);
  });

  test.each(['scorm2004', 'scorm12'] as const)('is listed among the files of the %s manifest, and the package passes the conformance check', async (target) => {
    const entries = zipOf(built, 'ja', target);
    const manifest = strFromU8(entries['imsmanifest.xml']!);
    expect(manifest).toContain('<file href="audio/basics/two_views.m4a"/>');
    expect(manifest).toContain('<file href="audio/basics/policy.mp3"/>');
    const report = await checkPackageBytes(built.files.find((f) => f.path === `fixture_course-ja-${target}.zip`)!.contents, target);
    expect({ errors: report.errors, warnings: report.warnings }).toEqual({ errors: 0, warnings: 0 });
  });

  test('is carried by the cmi5 package, which has no file list, and it passes the conformance check', async () => {
    const report = await checkPackageBytes(built.files.find((f) => f.path === 'fixture_course-ja-cmi5.zip')!.contents, 'cmi5');
    expect({ errors: report.errors, warnings: report.warnings }).toEqual({ errors: 0, warnings: 0 });
  });

  test('is named on its slide for the player: path in the package, MIME type from the bytes, seconds', async () => {
    const probes = await probeAudio(readSources(dir));
    const seconds = (rel: string) => Math.round(probes.get(rel)!.seconds! * 100) / 100;
    const ja = built.localized.get('ja')!.lessons[0]!.slides;
    expect(ja.map((s) => s.audio ?? null)).toEqual([
      { src: 'audio/basics/two_views.m4a', type: 'audio/mp4', seconds: seconds('audio/ja/basics/two_views.m4a') },
      { src: 'audio/basics/policy.mp3', type: 'audio/mpeg', seconds: seconds('audio/ja/basics/policy.mp3') },
      null, // the lesson's sources slide
    ]);
    const en = built.localized.get('en')!.lessons[0]!.slides;
    expect(en.map((s) => s.audio ?? null)).toEqual([null, { src: 'audio/basics/policy.ogg', type: 'audio/ogg', seconds: seconds('audio/en/basics/policy.ogg') }, null]);
    // The package embeds the same course data.
    expect(courseIn(zipOf(built, 'ja', 'scorm2004')).lessons[0]!.slides[0]!.audio).toEqual(ja[0]!.audio);
  });

  test('counts in the study time with its real length instead of the narration rate', async () => {
    const { course } = await readCourse(dir);
    const { course: without } = await readCourse(fixtureCopy('minimal'));
    const probes = await probeAudio(readSources(dir));
    const recorded = probes.get('audio/ja/basics/two_views.m4a')!.seconds! + probes.get('audio/ja/basics/policy.mp3')!.seconds!;
    const ja = estimateStudyTime(course!, 'ja').lessons[0]!;
    const jaBefore = estimateStudyTime(without!, 'ja').lessons[0]!;
    expect(ja.recordedSeconds).toBeCloseTo(recorded, 6);
    expect(ja.narrationUnits).toBe(0);
    expect(ja.screenUnits).toBe(jaBefore.screenUnits);
    expect(ja.minutes - jaBefore.minutes).toBeCloseTo(recorded / 60 - jaBefore.narrationUnits / 300, 6);
    // In English only the policy slide is recorded: two_views is still counted at 150 words a minute.
    const en = estimateStudyTime(course!, 'en').lessons[0]!;
    expect(en.narrationUnits).toBe(5); // "Two questions decide the matter."
    expect(en.recordedSeconds).toBeCloseTo(probes.get('audio/en/basics/policy.ogg')!.seconds!, 6);
  });

  test('is reported apart from the package size, per package', () => {
    const audioBytes = (lang: string) => Object.keys(takes).filter((k) => k.startsWith(`audio/${lang}/`)).reduce((n, k) => n + fs.statSync(takes[k as keyof typeof takes]()).size, 0);
    for (const a of built.artefacts) expect(a.audio).toEqual({ bytes: audioBytes(a.lang), files: a.lang === 'ja' ? 2 : 1 });
    for (const a of plain.artefacts) expect(a.audio).toBeUndefined();
  });

  test('is reported apart in the CLI summary', () => {
    const out = fs.mkdtempSync(path.join(path.dirname(dir), 'audio-out-'));
    const r = spawnSync(process.execPath, ['scripts/run.mjs', 'build/cli.ts', '--content', dir, '--out', out, '--target', 'scorm2004', '--lang', 'ja'], { cwd: projectRoot, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const a = built.artefacts.find((x) => x.path === 'fixture_course-ja-scorm2004.zip')!;
    const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
    expect(r.stdout).toContain(`(${kb(a.bytes - a.audio!.bytes)} + audio ${kb(a.audio!.bytes)} in 2 files)`);
  }, scaled(60_000));

  test('is played by the player for recordings, which only a package with recordings carries', () => {
    // What only the recording needs (player/recording.ts, recording.css): the <audio> wiring, the position slider and its label.
    const recordingOnly = ['onloadedmetadata', 'narration-seek', 'narrationPosition'];
    for (const target of packages) {
      for (const lang of ['ja', 'en']) {
        const withAudio = zipOf(built, lang, target);
        const without = zipOf(plain, lang, target);
        const [js, plainJs] = [strFromU8(withAudio['player.js']!), strFromU8(without['player.js']!)];
        for (const code of recordingOnly) {
          expect(js, `${target} ${lang}`).toContain(code);
          expect(plainJs, `${target} ${lang}`).not.toContain(code);
        }
        // Read-aloud is in both.
        for (const player of [js, plainJs]) expect(player).toContain('SpeechSynthesisUtterance');
        // The stylesheet for recordings is the other one and the position's three rules after it.
        const [css, plainCss] = [strFromU8(withAudio['player.css']!), strFromU8(without['player.css']!)];
        expect(css.startsWith(plainCss)).toBe(true);
        expect(css.slice(plainCss.length).match(/\.[\w-]+(?=\{)/g)).toEqual(['.narration-track', '.narration-seek', '.narration-time']);
        expect(plainCss).not.toContain('narration-seek');
      }
    }
  });

  test('changes nothing else: without the recordings the packages are the same but for them, the data naming them and the labels of their controls, the manifest lines and the player', () => {
    for (const target of packages) {
      for (const lang of ['ja', 'en']) {
        const withAudio = zipOf(built, lang, target);
        const without = zipOf(plain, lang, target);
        const names = Object.keys(withAudio).filter((n) => !n.startsWith('audio/'));
        expect(names.sort()).toEqual(Object.keys(without).sort());
        for (const n of names) {
          if (n === 'index.html' || n === 'imsmanifest.xml' || n === 'player.js' || n === 'player.css') continue;
          expect(Buffer.from(withAudio[n]!).equals(Buffer.from(without[n]!)), `${target} ${lang} ${n}`).toBe(true);
        }
        if (withAudio['imsmanifest.xml']) {
          expect(strFromU8(withAudio['imsmanifest.xml']).replace(/\s*<file href="audio\/[^"]+"\/>/g, '')).toBe(strFromU8(without['imsmanifest.xml']!));
        }
        const data = courseIn(withAudio);
        for (const l of data.lessons) for (const s of l.slides) delete s.audio;
        // The labels of a recording's controls come only with recordings.
        expect(RECORDING_UI_KEYS.map((k) => k in data.ui)).toEqual([true, true]);
        expect(RECORDING_UI_KEYS.map((k) => k in courseIn(without).ui)).toEqual([false, false]);
        for (const k of RECORDING_UI_KEYS) delete data.ui[k];
        // Study time is what recordings may change besides: in the data, only the estimate.
        expect({ ...data, estimatedMinutes: 0 }).toEqual({ ...courseIn(without), estimatedMinutes: 0 });
      }
    }
    // A course without recordings carries no trace of them at all.
    for (const [, course] of plain.localized) expect(JSON.stringify(course)).not.toContain('"audio"');
  });
});

describe('recorded narration in a company variant', () => {
  let variantDir: string;
  let acme: CompileResult;
  beforeAll(async () => {
    variantDir = fixtureCopy('minimal');
    copyTakes(variantDir, {
      ...takes,
      'audio/en/basics/two_views.m4a': () => speech('Two questions decide the matter.', 'en', 'm4a'),
      'variants/acme/audio/ja/basics/policy.m4a': () => speech('ACMEでは必ず二人以上で対応します。', 'ja', 'm4a'),
    });
    acme = await buildCourse({ contentDir: variantDir, outDir: '', targets: ['scorm2004'], variant: 'acme', write: false });
  }, scaled(60_000));

  test("uses the variant's own file for a slide in place of the base one", () => {
    expect(acme.ok).toBe(true);
    const entries = unzipSync(acme.files.find((f) => f.path === 'fixture_course_acme-ja-scorm2004.zip')!.contents);
    expect(Object.keys(entries).filter((n) => n.startsWith('audio/'))).toEqual(['audio/basics/policy.m4a']);
    expect(Buffer.from(entries['audio/basics/policy.m4a']!).equals(fs.readFileSync(speech('ACMEでは必ず二人以上で対応します。', 'ja', 'm4a')))).toBe(true);
  });

  test('does not use a base recording of a slide whose narration the variant changed, and says so', () => {
    const en = unzipSync(acme.files.find((f) => f.path === 'fixture_course_acme-en-scorm2004.zip')!.contents);
    // The acme lesson keeps only the policy slide, with its own narration: the base policy.ogg
    // says the base words, and two_views is not in the variant at all.
    expect(Object.keys(en).filter((n) => n.startsWith('audio/'))).toEqual([]);
    expect(acme.localized.get('en')!.lessons[0]!.slides.every((s) => !s.audio)).toBe(true);
    const warned = acme.diagnostics.list.filter((d) => d.rule === 'AudioNarrationChanged').map((d) => `${path.relative(variantDir, d.file)}: ${d.message}`);
    expect(warned).toEqual([
      'audio/en/basics/policy.ogg: The variant "acme" changes what the slide "basics/policy" says in "en", so audio/en/basics/policy.ogg, recorded for the base course, is not used; the slide offers read-aloud instead. Record variants/acme/audio/en/basics/policy.ogg to give it a voice.',
    ]);
  });
});

describe('the checks of recorded narration', () => {
  const ja = () => fs.readFileSync(speech('二つの問いで判断します。', 'ja', 'm4a'));
  const mp3 = () => fs.readFileSync(speech('二つの問いで判断します。', 'ja', 'mp3'));
  test.each([
    { by: 'a language the course does not have', file: 'audio/em/basics/policy.m4a', bytes: ja, rule: 'AudioWithoutSlide', message: 'audio/em/basics/policy.m4a is for the language "em", which is not a course language. Did you mean "en" or "ja"?' },
    { by: 'a lesson the course does not have', file: 'audio/ja/basic/policy.m4a', bytes: ja, rule: 'AudioWithoutSlide', message: 'audio/ja/basic/policy.m4a is for the lesson "basic", which the course does not have. Did you mean "basics"?' },
    { by: 'a file outside the lesson folders', file: 'audio/ja/policy.m4a', bytes: ja, rule: 'AudioWithoutSlide', message: 'audio/ja/policy.m4a is not at audio/<lang>/<lesson>/<slide>.<ext>, so it belongs to no slide.' },
    { by: 'an extension the packages do not carry', file: 'audio/ja/basics/policy.wav', bytes: mp3, rule: 'AudioFormat', message: 'audio/ja/basics/policy.wav does not end in .m4a, .mp3 or .ogg; it holds MP3, so name it policy.mp3.' },
    { by: 'an extension that is not what the bytes are', file: 'audio/ja/basics/policy.m4a', bytes: mp3, rule: 'AudioFormat', message: 'audio/ja/basics/policy.m4a holds MP3, not what .m4a names; rename it to policy.mp3.' },
  ])('reports $by, naming the file', async ({ file, bytes, rule, message }) => {
    const course = fixtureCopy('minimal', [{ file, write: bytes() }]);
    const { course: model, diagnostics } = await readCourse(course);
    expect(model).toBeNull();
    expect(diagnostics.list.map((d) => ({ rule: d.rule, file: d.file, line: d.line, message: d.message }))).toEqual([{ rule, file: path.join(course, file), line: 0, message }]);
  });

  test('asks for the recordings to be measured when a course with them is loaded without', async () => {
    const { loadCourse } = await import('../../build/index.ts');
    expect(() => loadCourse(dir)).toThrow(/holds recorded narration \(audio\/\): measure it with `await probeAudio\(sources\)`/);
  });
});
