/**
 * The manuscript as data: every slide in order, with its stable id, master, title, placed
 * shapes, speaker notes and whether its text fits. Rendering (render.ts) only draws this plan;
 * the overflow warnings are read from the same plan, so what is reported is what is built.
 */
import { estimateStudyTime } from '../../course/estimate.ts';
import { localize, textFor } from '../../course/localize.ts';
import type { Course, Lang, SourcePos } from '../../model.ts';
import type { PlayerCourse } from '../../../player/spec/course-data.ts';
import { labels as labelsFor, type Labels } from './labels.ts';
import { type Box, contentLadder, fitBlocks, fitLine, geometry, type Ladder, type Shape } from './layout.ts';
import { type Block, type Para, plainParagraphs, type Run, slideBlocks } from '../../markdown/index.ts';
import { fontMetrics, type FontMetrics } from './measure.ts';

export type Master = 'TITLE' | 'SECTION' | 'CONTENT';

export interface PlannedSlide {
  /**
   * Stable id that survives editing: `<lesson>/<slide>` for lesson slides (`<lesson>/sources`
   * for the sources slide the build adds), `<lesson>` for a lesson's section slide,
   * `_test/<question>` for an appendix question, `_title`, `_agenda`, `_closing`, `_appendix`.
   */
  id: string;
  lessonId: string | null;
  slideId: string | null;
  /** Where the slide comes from, for diagnostics. */
  pos: SourcePos | null;
  master: Master;
  title: string;
  titleSize: number;
  hidden: boolean;
  shapes: Shape[];
  /** Speaker notes, one entry per paragraph, without the id marker (render adds it). */
  notes: string[];
  /** Why the slide's text does not fit its layout, when it does not. */
  overflow: string | null;
}

export interface Deck {
  lang: Lang;
  font: string;
  title: string;
  /** Footer text of every slide but the title slide. */
  footer: string;
  slides: PlannedSlide[];
}

const titleSizes: Record<Master, number[]> = { TITLE: [40, 36, 32], SECTION: [36, 32], CONTENT: [28, 24] };

function para(text: string, extra: Partial<Para> & { runs?: Run[] } = {}): Para {
  return { runs: [{ text }], list: 'none', level: 0, ...extra };
}

const inches = (n: number) => `${n.toFixed(1)} in`;

interface Ctx {
  course: Course;
  lang: Lang;
  localized: PlayerCourse;
  m: FontMetrics;
  l: Labels;
  t: ReturnType<typeof textFor>;
}

function titleFit(title: string, master: Master, box: Box, ctx: Ctx): { size: number; problem: string | null } {
  const f = fitLine(title, box, titleSizes[master], ctx.m);
  return { size: f.size, problem: f.fits ? null : `the title takes ${f.lines} lines at ${f.size} pt, more than its box holds` };
}

function overflowMessage(id: string, fit: { needed: number; available: number; size: number }, title: string | null): string | null {
  const parts: string[] = [];
  if (fit.needed > fit.available + 1e-6) parts.push(`the text needs about ${inches(fit.needed)} of height at ${fit.size} pt, the layout holds ${inches(fit.available)}`);
  if (title) parts.push(title);
  return parts.length ? `Slide "${id}" overflows its layout: ${parts.join('; ')}.` : null;
}

function contentSlide(ctx: Ctx, id: string, ids: { lessonId: string | null; slideId: string | null; pos: SourcePos | null }, title: string, blocks: Block[], notes: string[], ladder: Ladder = contentLadder, hidden = false): PlannedSlide {
  const g = geometry.content;
  const tf = titleFit(title, 'CONTENT', g.title, ctx);
  const fit = fitBlocks(blocks, g.body, ladder, ctx.m);
  return {
    id,
    ...ids,
    master: 'CONTENT',
    title,
    titleSize: tf.size,
    hidden,
    shapes: fit.shapes,
    notes,
    overflow: overflowMessage(id, fit, tf.problem),
  };
}

function sourceParas(ctx: Ctx, ids: string[], urlOnOwnLine = true): Para[] {
  const sep = ctx.l.get('listSeparator');
  return ids.map((sid) => {
    const s = ctx.course.sources.find((x) => x.id === sid)!;
    const details = [s.publisher ? ctx.t.text(s.publisher) : null, s.date].filter(Boolean).join(sep);
    const runs: Run[] = [{ text: ctx.t.text(s.title) }];
    if (details) runs.push({ text: `${sep}${details}` });
    if (s.url) {
      if (urlOnOwnLine) runs.push({ text: s.url, link: s.url, breakBefore: true });
      else runs.push({ text: ' ' }, { text: s.url, link: s.url });
    }
    return { runs, list: 'bullet', level: 0 };
  });
}

/** Every source the lessons cite, in the order they are first cited. */
function allSources(course: Course): string[] {
  return [...new Set(course.lessons.flatMap((l) => l.sources))];
}

function lessonMinutes(course: Course, lang: Lang): Map<string, number> {
  return new Map(estimateStudyTime(course, lang).lessons.map((l) => [l.id, Math.max(1, Math.round(l.minutes))]));
}

/**
 * Plans already made, by the localised course they were made from: the build plans each deck
 * once for its overflow check and the target draws the same plan. A plan is never changed after
 * it is made, and a new compile localises anew, so a kept plan cannot be stale.
 */
const planned = new WeakMap<PlayerCourse, Map<Course, Deck>>();

export function planDeck(course: Course, lang: Lang, localized?: PlayerCourse): Deck {
  if (!localized) return plan(course, lang, localize(course, lang));
  let byCourse = planned.get(localized);
  if (!byCourse) planned.set(localized, (byCourse = new Map()));
  let deck = byCourse.get(course);
  if (!deck) byCourse.set(course, (deck = plan(course, lang, localized)));
  return deck;
}

function plan(course: Course, lang: Lang, localized: PlayerCourse): Deck {
  const language = course.languages.find((x) => x.code === lang);
  if (!language) throw new Error(`The course has no language "${lang}".`);
  const ctx: Ctx = { course, lang, localized, m: fontMetrics(language.font), l: labelsFor(course, lang), t: textFor(course, lang) };
  const { l, t } = ctx;
  const org = (key: string) => (course.organisation[key] ? t.text(course.organisation[key]!) : null);
  const slides: PlannedSlide[] = [];
  const minutes = lessonMinutes(course, lang);

  // Title slide: course title, study time, the organisation the customer fills in.
  {
    const g = geometry.title;
    const tf = titleFit(localized.title, 'TITLE', g.title, ctx);
    const shapes: Shape[] = [
      { type: 'text', role: 'body', box: g.subtitle, paras: [para(l.get('estimatedTime', { minutes: localized.estimatedMinutes }))], size: 20, tone: 'muted', name: 'Study time' },
    ];
    const companyName = org('companyName');
    if (companyName) shapes.push({ type: 'text', role: 'body', box: g.organisation, paras: [para(companyName, { runs: [{ text: companyName, bold: true }] })], size: 20, name: 'Organisation' });
    slides.push({
      id: '_title',
      lessonId: null,
      slideId: null,
      pos: null,
      master: 'TITLE',
      title: localized.title,
      titleSize: tf.size,
      hidden: false,
      shapes,
      notes: [localized.description],
      overflow: tf.problem ? `Slide "_title" overflows its layout: ${tf.problem}.` : null,
    });
  }

  // Agenda: the lessons, numbered, with their share of the study time.
  slides.push(
    contentSlide(
      ctx,
      '_agenda',
      { lessonId: null, slideId: null, pos: null },
      l.get('contents'),
      [
        {
          kind: 'text',
          paras: localized.lessons.map((lesson, i) => ({
            runs: [{ text: lesson.title }, { text: l.get('agendaMinutes', { minutes: minutes.get(lesson.id) ?? 1 }) }],
            list: 'number',
            level: 0,
            start: 1,
            number: i + 1,
          })),
        },
      ],
      [],
    ),
  );

  for (const [index, lesson] of course.lessons.entries()) {
    const lz = localized.lessons.find((x) => x.id === lesson.id)!;
    // Section slide.
    {
      const g = geometry.section;
      const tf = titleFit(lz.title, 'SECTION', g.title, ctx);
      slides.push({
        id: lesson.id,
        lessonId: lesson.id,
        slideId: null,
        pos: lesson.pos,
        master: 'SECTION',
        title: lz.title,
        titleSize: tf.size,
        hidden: false,
        shapes: [
          { type: 'text', role: 'body', box: g.label, paras: [para(l.get('lesson', { n: index + 1 }), { runs: [{ text: l.get('lesson', { n: index + 1 }), bold: true }] })], size: 22, name: 'Lesson number' },
          { type: 'text', role: 'body', box: g.detail, paras: [para(l.get('lessonMinutes', { minutes: minutes.get(lesson.id) ?? 1 }))], size: 18, tone: 'muted', name: 'Study time' },
        ],
        notes: [],
        overflow: tf.problem ? `Slide "${lesson.id}" overflows its layout: ${tf.problem}.` : null,
      });
    }
    for (const ls of lz.slides) {
      const id = `${lesson.id}/${ls.id}`;
      if (ls.kind === 'sources') {
        slides.push(
          contentSlide(ctx, id, { lessonId: lesson.id, slideId: ls.id, pos: lesson.pos }, ls.title, [{ kind: 'text', paras: sourceParas(ctx, lesson.sources) }], [], { body: [20, 16], tableDelta: 0, quoteDelta: 0 }),
        );
        continue;
      }
      const slide = lesson.slides.find((s) => s.id === ls.id);
      if (!slide) continue;
      const blocks = slideBlocks(t.text(slide.body));
      const notes = plainParagraphs(t.text(slide.narration));
      slides.push(contentSlide(ctx, id, { lessonId: lesson.id, slideId: slide.id, pos: slide.pos[lang] ?? lesson.pos }, ls.title, blocks, notes));
    }
  }

  // Closing: where to get help, and every source the course cites.
  {
    const g = geometry.closing;
    const title = l.get('closingTitle');
    const tf = titleFit(title, 'CONTENT', geometry.content.title, ctx);
    const card: Para[] = [];
    const desk = org('consultationDesk');
    const contact = org('consultationContact');
    const policy = org('policyName');
    const labelled = (label: string, text: string, bold = false): Para[] => [para(label, { label: true }), { runs: [{ text, bold }], list: 'none', level: 0 }];
    if (desk) card.push(...labelled(l.get('consultationDesk'), desk, true));
    if (contact) card.push(...labelled(l.get('consultationContact'), contact));
    if (policy) card.push(...labelled(l.get('policy'), policy));
    const cardFit = fitBlocks([{ kind: 'quote', paras: card }], g.card, { body: [22, 20], tableDelta: 0, quoteDelta: 0 }, ctx.m);
    const sourcesFit = fitBlocks(
      [{ kind: 'text', paras: [para(l.get('sourcesTitle'), { runs: [{ text: l.get('sourcesTitle'), bold: true }], heading: true }), ...sourceParas(ctx, allSources(course), false)] }],
      g.sources,
      { body: [14, 12], tableDelta: 0, quoteDelta: 0 },
      ctx.m,
    );
    const problems = [cardFit, sourcesFit].filter((f) => !f.fits).map((f) => `the text needs about ${inches(f.needed)} of height at ${f.size} pt, the layout holds ${inches(f.available)}`);
    if (tf.problem) problems.push(tf.problem);
    slides.push({
      id: '_closing',
      lessonId: null,
      slideId: null,
      pos: null,
      master: 'CONTENT',
      title,
      titleSize: tf.size,
      hidden: false,
      // The card keeps its full height, so the shading lines up with the sources column.
      shapes: [
        ...cardFit.shapes.map((s) => ({ ...s, box: { ...s.box, h: Math.max(s.box.h, g.card.h) }, marked: false, name: 'Consultation desk' })),
        ...sourcesFit.shapes.map((s) => ({ ...s, name: 'Sources' })),
      ],
      notes: [],
      overflow: problems.length ? `Slide "_closing" overflows its layout: ${problems.join('; ')}.` : null,
    });
  }

  // Appendix for trainers: hidden slides, one per question of the bank, answers in the notes.
  {
    const g = geometry.section;
    const title = l.get('appendixTitle');
    const tf = titleFit(title, 'SECTION', g.title, ctx);
    slides.push({
      id: '_appendix',
      lessonId: null,
      slideId: null,
      pos: null,
      master: 'SECTION',
      title,
      titleSize: tf.size,
      hidden: true,
      shapes: [{ type: 'text', role: 'body', box: g.detail, paras: [para(l.get('appendixNote'))], size: 18, tone: 'muted', name: 'Note' }],
      notes: [],
      overflow: tf.problem ? `Slide "_appendix" overflows its layout: ${tf.problem}.` : null,
    });
    const letter = (i: number) => String.fromCharCode(65 + i);
    course.questions.forEach((q, i) => {
      const instruction = l.get(q.type === 'multiple-choice' ? 'chooseAll' : 'chooseOne');
      const question = slideBlocks(t.text(q.text));
      const choices: Para[] = q.choices.map((ch, ci) => ({ runs: runsOfInline(t.text(ch.text)), list: 'number', level: 0, start: 1, number: ci + 1, alpha: true }));
      const last = question[question.length - 1];
      // The instruction ("Choose one answer.") sits between the question and its choices.
      const blocks: Block[] =
        last?.kind === 'text'
          ? [...question.slice(0, -1), { kind: 'text', paras: [...last.paras, para(instruction, { label: true }), ...choices] }]
          : [...question, { kind: 'text', paras: [para(instruction, { label: true }), ...choices] }];
      const correct = q.choices.flatMap((ch, ci) => (ch.correct ? [`${letter(ci)}. ${plainParagraphs(t.text(ch.text)).join(' ')}`] : []));
      const notes = [`${l.get('correctAnswer')}: ${correct.join(' / ')}`, ...plainParagraphs(t.text(q.feedback)).map((p, pi) => (pi === 0 ? `${l.get('explanation')}: ${p}` : p))];
      slides.push(contentSlide(ctx, `_test/${q.id}`, { lessonId: null, slideId: q.id, pos: q.pos }, l.get('question', { n: i + 1 }), blocks, notes, { body: [20, 18], tableDelta: 2, quoteDelta: 0 }, true));
    });
  }

  return { lang, font: language.font, title: localized.title, footer: localized.title, slides };
}

/** A choice is one line of inline Markdown: its runs, bold and all. */
function runsOfInline(md: string): Run[] {
  const blocks = slideBlocks(md);
  const first = blocks[0];
  if (first && first.kind === 'text') return first.paras.flatMap((p, i) => (i ? [{ ...p.runs[0]!, breakBefore: true }, ...p.runs.slice(1)] : p.runs));
  return [{ text: plainParagraphs(md).join(' ') }];
}
