/**
 * Recorded narration against the course: each file under `audio/<lang>/<lesson>/<slide>.<ext>`
 * belongs to a slide of a language the course has, is in a format every browser plays, can be
 * measured, and is the only one for its slide. A variant's `variants/<name>/audio/` replaces the
 * base file of a slide. What passes goes onto the slides of the course model.
 */
import { AUDIO_WARN_BITS_PER_SECOND, AUDIO_WARN_TOLERANCE, audioFormats, type AudioExt, type AudioProbes } from '../audio.ts';
import { didYouMean, type Diagnostics } from '../diagnostics.ts';
import type { LoadedVariant } from '../load/index.ts';
import type { ParsedLesson } from '../load/lesson-markdown.ts';
import type { Lang, Lesson, SlideAudio } from '../model.ts';
import type { SourceTree } from '../sources.ts';
import { fillPlaceholders } from './placeholders.ts';

export interface AudioContext {
  tree: SourceTree;
  probes: AudioProbes;
  langs: Lang[];
  /** The lessons of the course as built (a variant's laid over the base). */
  lessons: Lesson[];
  /** The base course's lesson files, for a variant build: a base recording of a slide the variant removed is not an error. */
  baseLessons: Map<string, ParsedLesson[]>;
  variant: LoadedVariant | null;
  /** Organisation values as built and as the base course has them: a recording speaks the base ones. */
  organisation: Record<string, Record<Lang, string>>;
  organisationDefaults: Record<string, Record<Lang, string>>;
}

interface Found {
  rel: string;
  lang: Lang;
  lesson: string;
  slide: string;
  audio: SlideAudio;
}

const whole = (tree: SourceTree, rel: string) => ({ file: tree.abs(rel), line: 0, column: 0 });
const extensions = Object.keys(audioFormats) as AudioExt[];

/**
 * The recordings of one folder (`audio` or `variants/<name>/audio`) that name a slide `known`
 * holds and can be played, each reported otherwise.
 */
function readFolder(ctx: AudioContext, dir: string, known: Map<string, Map<string, Set<string>>>, diags: Diagnostics): Found[] {
  const found: Found[] = [];
  for (const [rel, bytes] of ctx.tree.files) {
    if (!rel.startsWith(`${dir}/`)) continue;
    const at = whole(ctx.tree, rel);
    const parts = rel.slice(dir.length + 1).split('/');
    if (parts.length !== 3) {
      diags.report('AudioWithoutSlide', at, `${rel} is not at ${dir}/<lang>/<lesson>/<slide>.<ext>, so it belongs to no slide.`);
      continue;
    }
    const [lang, lesson, name] = parts as [string, string, string];
    const dot = name.lastIndexOf('.');
    const slide = dot > 0 ? name.slice(0, dot) : name;
    const named = dot > 0 ? name.slice(dot + 1) : '';
    if (!ctx.langs.includes(lang)) {
      diags.report('AudioWithoutSlide', at, `${rel} is for the language "${lang}", which is not a course language.${didYouMean(lang, ctx.langs)}`);
      continue;
    }
    const slides = known.get(lesson);
    if (!slides) {
      diags.report('AudioWithoutSlide', at, `${rel} is for the lesson "${lesson}", which the course does not have.${didYouMean(lesson, known.keys())}`);
      continue;
    }
    if (!slides.get(lang)?.has(slide)) {
      diags.report('AudioWithoutSlide', at, `${rel} is for the slide "${slide}", which the lesson "${lesson}" does not have.${didYouMean(slide, slides.get(lang) ?? [])}`);
      continue;
    }
    const probe = ctx.probes.get(rel);
    if (!probe) throw new Error(`${rel} was not probed: call probeAudio on the source tree before loading the course.`);
    if (!(extensions as string[]).includes(named)) {
      const holds = probe.ext ? `; it holds ${audioFormats[probe.ext].name}, so name it ${slide}.${probe.ext}` : '';
      diags.report('AudioFormat', at, `${rel} does not end in .m4a, .mp3 or .ogg${holds}.`);
      continue;
    }
    if (!probe.ext) {
      diags.report('AudioFormat', at, `${rel} is not M4A, MP3 or Ogg audio: its first bytes are those of none of them.`);
      continue;
    }
    if (probe.ext !== named) {
      diags.report('AudioFormat', at, `${rel} holds ${audioFormats[probe.ext].name}, not what .${named} names; rename it to ${slide}.${probe.ext}.`);
      continue;
    }
    if (probe.seconds === null) {
      diags.report('AudioUnreadable', at, `${rel} cannot be read for its length: ${probe.problem ?? 'no length found'}.`);
      continue;
    }
    if (probe.bitsPerSecond !== null && probe.bitsPerSecond > AUDIO_WARN_BITS_PER_SECOND * AUDIO_WARN_TOLERANCE) {
      diags.report('AudioBitRateHigh', at, `${rel} has ${Math.round(probe.bitsPerSecond / 1000)} kbit/s, more than the ${AUDIO_WARN_BITS_PER_SECOND / 1000} kbit/s a voice needs (${Math.round(bytes.length / 1024)} KB for ${probe.seconds.toFixed(1)} s).`);
    }
    found.push({ rel, lang, lesson, slide, audio: { source: rel, ext: probe.ext, type: audioFormats[probe.ext].type, bytes, seconds: probe.seconds } });
  }
  // Two files for one slide (policy.m4a and policy.mp3): neither is chosen for the author.
  const first = new Map<string, Found>();
  const twice = new Set<Found>();
  for (const f of found) {
    const key = `${f.lang}/${f.lesson}/${f.slide}`;
    const prev = first.get(key);
    if (!prev) {
      first.set(key, f);
      continue;
    }
    twice.add(prev).add(f);
    diags.report('DuplicateAudio', whole(ctx.tree, f.rel), `The slide "${f.lesson}/${f.slide}" has two recordings in "${f.lang}": ${prev.rel} and ${f.rel}.`, {
      related: [{ ...whole(ctx.tree, prev.rel), message: 'the other recording' }],
    });
  }
  return found.filter((f) => !twice.has(f));
}

/** Slide ids per lesson and language. */
function slideIds(lessons: Iterable<{ id: string; lang: Lang; slides: string[] }>): Map<string, Map<string, Set<string>>> {
  const out = new Map<string, Map<string, Set<string>>>();
  for (const l of lessons) {
    const byLang = out.get(l.id) ?? new Map<string, Set<string>>();
    out.set(l.id, byLang);
    const set = byLang.get(l.lang) ?? new Set<string>();
    byLang.set(l.lang, set);
    for (const s of l.slides) set.add(s);
  }
  return out;
}

/**
 * Checks the recordings and puts each on its slide (`slide.audio[lang]`). The base course's
 * recordings may name any slide of the base course (a variant that removes a slide just does not
 * use its recording); a variant's must name a slide of the variant. A base recording is not used
 * in a variant that changes what the slide says, its narration or an organisation value in it:
 * the recording still says the base course's words.
 */
export function checkAudio(ctx: AudioContext, diags: Diagnostics): void {
  const built = ctx.lessons.flatMap((l) => ctx.langs.filter((lang) => l.slides.some((s) => s.narration[lang] !== undefined)).map((lang) => ({ id: l.id, lang, slides: l.slides.map((s) => s.id) })));
  const base = [...ctx.baseLessons].flatMap(([lang, files]) => files.map((f) => ({ id: f.front.id, lang, slides: f.slides.map((s) => s.id) })));
  const baseFound = ctx.tree.hasDir('audio') ? readFolder(ctx, 'audio', slideIds([...built, ...base]), diags) : [];
  const own = ctx.variant && ctx.tree.hasDir(`${ctx.variant.treeDir}/audio`) ? readFolder(ctx, `${ctx.variant.treeDir}/audio`, slideIds(built), diags) : [];
  const fill = (text: string, org: AudioContext['organisation'], lang: Lang) => fillPlaceholders(text, Object.fromEntries(Object.entries(org).map(([k, v]) => [k, v[lang] ?? ''])), 'text');
  for (const f of [...baseFound, ...own]) {
    const lesson = ctx.lessons.find((l) => l.id === f.lesson);
    const slide = lesson?.slides.find((s) => s.id === f.slide);
    if (!slide) continue;
    if (ctx.variant && !f.rel.startsWith(`${ctx.variant.treeDir}/`)) {
      if (own.some((o) => o.lang === f.lang && o.lesson === f.lesson && o.slide === f.slide)) continue;
      const said = ctx.baseLessons.get(f.lang)?.find((l) => l.front.id === f.lesson)?.slides.find((s) => s.id === f.slide)?.narration;
      const now = slide.narration[f.lang] ?? '';
      if (said === undefined || fill(said, ctx.organisationDefaults, f.lang) !== fill(now, ctx.organisation, f.lang)) {
        const ownPath = `${ctx.variant.treeDir}/audio/${f.lang}/${f.lesson}/${f.slide}.${f.audio.ext}`;
        diags.report('AudioNarrationChanged', whole(ctx.tree, f.rel), `The variant "${ctx.variant.name}" changes what the slide "${f.lesson}/${f.slide}" says in "${f.lang}", so ${f.rel}, recorded for the base course, is not used; the slide offers read-aloud instead. Record ${ownPath} to give it a voice.`);
        continue;
      }
    }
    (slide.audio ??= {})[f.lang] = f.audio;
  }
}
