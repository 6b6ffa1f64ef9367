/**
 * The manuscript as data: every slide in order, with its stable id, master, title, placed
 * shapes, speaker notes and whether its text fits. Rendering (render.ts) only draws this plan;
 * the overflow warnings are read from the same plan, so what is reported is what is built.
 */
import { estimateStudyTime } from '../../course/estimate.ts';
import { localize, textFor } from '../../course/localize.ts';
import type { Course, Lang, SlideAudio, SourcePos } from '../../model.ts';
import type { PlayerCourse, PlayerSurveyItem } from '../../../player/spec/course-data.ts';
import { labels as labelsFor, type Labels } from './labels.ts';
import { type Box, contentLadder, fitBlocks, fitLine, geometry, type Ladder, type Shape } from './layout.ts';
import { type Block, type Para, type Run, runsText } from '../../markdown/index.ts';
import { fontMetrics, type FontMetrics } from './measure.ts';
import { orgText, type OrgText } from './org-defaults.ts';
import type { VisualAssets } from './visual.ts';

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
  /** The title as runs, where some of it is an organisation default to highlight; else the title is one run. */
  titleRuns?: Run[];
  titleSize: number;
  hidden: boolean;
  shapes: Shape[];
  /** Speaker notes, one entry per paragraph, without the id marker (render adds it). */
  notes: string[];
  /** Why the slide's text does not fit its layout, when it does not. */
  overflow: string | null;
  /** The slide's recorded narration, embedded as slide audio that plays when the slide opens. */
  narration?: SlideAudio | null;
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
  /** The course's text with the organisation defaults marked (org-defaults.ts). */
  o: OrgText;
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

/** What the visual blocks of a lesson slide draw from: the course's icons, pictures and sources. */
function visualAssets(ctx: Ctx): VisualAssets {
  return {
    lang: ctx.lang,
    icon: (name) => ctx.course.icons[name] ?? null,
    image: (src) => ctx.course.images[src] ?? null,
    source: (id) => {
      const s = ctx.course.sources.find((x) => x.id === id);
      return s ? ctx.t.text(s.title) : null;
    },
  };
}

function contentSlide(ctx: Ctx, id: string, ids: { lessonId: string | null; slideId: string | null; pos: SourcePos | null }, title: string, blocks: Block[], notes: string[], ladder: Ladder = contentLadder, hidden = false): PlannedSlide {
  const g = geometry.content;
  const tf = titleFit(title, 'CONTENT', g.title, ctx);
  const fit = fitBlocks(blocks, g.body, ladder, ctx.m, { assets: visualAssets(ctx), centre: true });
  // The slide's first text (not a caption) goes into the layout's body placeholder, where
  // PowerPoint's outline view and "Reset slide" expect it.
  // With nothing under it, it reaches down to the region's foot: a line the customer adds then
  // has room before the text starts to shrink.
  const body = fit.shapes.findIndex((s) => s.type === 'text' && s.role === 'body' && !s.tone);
  const b = fit.shapes[body]?.box;
  const under = (s: Shape) => s.box.y > b!.y + 1e-6 && s.box.x < b!.x + b!.w - 1e-6 && s.box.x + s.box.w > b!.x + 1e-6;
  const foot = b && !fit.shapes.some((s, i) => i !== body && under(s)) ? { ...b, h: Math.max(b.h, g.body.y + g.body.h - b.y) } : b;
  const shapes = fit.shapes.map((s, i) => (i === body ? { ...s, box: foot!, placeholder: true } : s));
  return {
    id,
    ...ids,
    master: 'CONTENT',
    title,
    titleSize: tf.size,
    hidden,
    shapes,
    notes,
    overflow: overflowMessage(id, fit, tf.problem),
  };
}

/**
 * A lesson's sources as a list: each title with its publisher and date, and its address on a
 * line of its own; or, `compact`, the title itself linked to the address, for a lesson whose
 * list would not fit otherwise (the notes still spell every address out).
 */
function sourceParas(ctx: Ctx, ids: string[], compact = false): Para[] {
  const sep = ctx.l.get('listSeparator');
  return ids.map((sid) => {
    const s = ctx.course.sources.find((x) => x.id === sid)!;
    const details = [s.publisher ? ctx.o.text(s.publisher) : null, s.date].filter(Boolean).join(sep);
    const title = ctx.o.runs(s.title);
    const runs: Run[] = compact && s.url ? title.map((r) => ({ ...r, link: s.url! })) : title;
    if (details) runs.push({ text: `${sep}${details}` });
    if (s.url && !compact) runs.push({ text: s.url, link: s.url, breakBefore: true });
    return { runs, list: 'bullet', level: 0 };
  });
}

/** The notes of a sources slide: where the lesson's facts come from, and where to read each source. */
function sourceNotes(ctx: Ctx, ids: string[]): string[] {
  const sep = ctx.l.get('listSeparator');
  return [
    ctx.l.get('sourcesNotes'),
    ...ids.map((sid) => {
      const s = ctx.course.sources.find((x) => x.id === sid)!;
      const where = s.url ?? [s.publisher ? ctx.o.text(s.publisher) : null, s.date].filter(Boolean).join(sep);
      return ctx.l.get('item', { text: where ? `${ctx.o.text(s.title)}${ctx.l.get('sourceWhere', { where })}` : ctx.o.text(s.title) });
    }),
  ];
}

/** A title as drawn: its text, and its runs where an organisation default in it is to be highlighted. */
function titled(runs: Run[]): { title: string; titleRuns?: Run[] } {
  return { title: runsText(runs), ...(runs.some((r) => r.orgDefault) ? { titleRuns: runs } : {}) };
}

/** Minutes as the notes say them: whole, and never "about 0". */
const wholeMinutes = (m: number) => Math.max(1, Math.round(m));

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
  const ctx: Ctx = { course, lang, localized, m: fontMetrics(language.font), l: labelsFor(course, lang), t: textFor(course, lang), o: orgText(course, lang) };
  const { l, o } = ctx;
  const slides: PlannedSlide[] = [];
  const minutes = lessonMinutes(course, lang);

  // Title slide: course title, study time, the organisation the customer fills in. The notes
  // introduce the course: its description (the importer reads it back from here), then how the
  // study time divides.
  {
    const g = geometry.title;
    const title = titled(o.runs(course.title));
    const tf = titleFit(title.title, 'TITLE', g.title, ctx);
    const shapes: Shape[] = [
      { type: 'text', role: 'body', box: g.subtitle, paras: [para(l.get('estimatedTime', { minutes: localized.estimatedMinutes }))], size: 20, tone: 'muted', name: 'Study time' },
    ];
    const companyName = o.value('companyName');
    if (companyName) shapes.push({ type: 'text', role: 'body', box: g.organisation, paras: [{ runs: companyName.map((r) => ({ ...r, bold: true })), list: 'none', level: 0 }], size: 20, name: 'Organisation' });
    const time = estimateStudyTime(course, lang);
    const studyTime = l.get('studyTimeNotes', {
      minutes: localized.estimatedMinutes,
      lessonMinutes: wholeMinutes(time.lessons.reduce((n, x) => n + x.minutes, 0)),
      testMinutes: wholeMinutes(time.testMinutes),
      surveyMinutes: wholeMinutes(time.surveyMinutes),
    });
    slides.push({
      id: '_title',
      lessonId: null,
      slideId: null,
      pos: null,
      master: 'TITLE',
      ...title,
      titleSize: tf.size,
      hidden: false,
      shapes,
      notes: [o.text(course.description), studyTime],
      overflow: tf.problem ? `Slide "_title" overflows its layout: ${tf.problem}.` : null,
    });
  }

  // Agenda: the lessons, numbered, with their share of the study time. The notes say what each
  // lesson covers (its slides' titles) and what follows the lessons.
  {
    const topics = (lesson: Course['lessons'][number]) => lesson.slides.map((s) => o.text(s.title)).join(l.get('topicSeparator'));
    const notes = [
      l.get('agendaNotes'),
      ...course.lessons.map((lesson, i) => l.get('agendaLesson', { n: i + 1, title: o.text(lesson.title), minutes: minutes.get(lesson.id) ?? 1, topics: topics(lesson) })),
      l.get('agendaAfter', { passingScore: course.test.passingScore }),
    ];
    slides.push(
      contentSlide(
        ctx,
        '_agenda',
        { lessonId: null, slideId: null, pos: null },
        l.get('contents'),
        [
          {
            kind: 'text',
            paras: course.lessons.map((lesson, i) => ({
              runs: [...o.runs(lesson.title), { text: l.get('agendaMinutes', { minutes: minutes.get(lesson.id) ?? 1 }) }],
              list: 'number',
              level: 0,
              start: 1,
              number: i + 1,
            })),
          },
        ],
        notes,
      ),
    );
  }

  for (const [index, lesson] of course.lessons.entries()) {
    const lz = localized.lessons.find((x) => x.id === lesson.id)!;
    // Section slide. The notes give the trainer the lesson's goals (or, lacking those, its topics).
    {
      const g = geometry.section;
      const title = titled(o.runs(lesson.title));
      const tf = titleFit(title.title, 'SECTION', g.title, ctx);
      const goals = lesson.goals[lang] ?? [];
      const notes = goals.length
        ? [l.get('goalsNotes'), ...goals.map((goal) => l.get('item', { text: goal }))]
        : [l.get('lessonCovers', { topics: lesson.slides.map((s) => o.text(s.title)).join(l.get('topicSeparator')) })];
      slides.push({
        id: lesson.id,
        lessonId: lesson.id,
        slideId: null,
        pos: lesson.pos,
        master: 'SECTION',
        ...title,
        titleSize: tf.size,
        hidden: false,
        shapes: [
          { type: 'text', role: 'body', box: g.label, paras: [para(l.get('lesson', { n: index + 1 }), { runs: [{ text: l.get('lesson', { n: index + 1 }), bold: true }] })], size: 22, name: 'Lesson number' },
          { type: 'text', role: 'body', box: g.detail, paras: [para(l.get('lessonMinutes', { minutes: minutes.get(lesson.id) ?? 1 }))], size: 18, tone: 'muted', name: 'Study time' },
        ],
        notes,
        overflow: tf.problem ? `Slide "${lesson.id}" overflows its layout: ${tf.problem}.` : null,
      });
    }
    for (const ls of lz.slides) {
      const id = `${lesson.id}/${ls.id}`;
      if (ls.kind === 'sources') {
        const at = { lessonId: lesson.id, slideId: ls.id, pos: lesson.pos };
        const sourcesSlide = (compact: boolean) =>
          contentSlide(ctx, id, at, ls.title, [{ kind: 'text', paras: sourceParas(ctx, lesson.sources, compact) }], sourceNotes(ctx, lesson.sources), { body: [20, 16, 14, 12], tableDelta: 0, quoteDelta: 0 });
        const full = sourcesSlide(false);
        slides.push(full.overflow ? sourcesSlide(true) : full);
        continue;
      }
      const slide = lesson.slides.find((s) => s.id === ls.id);
      if (!slide) continue;
      const blocks = o.blocks(slide.body);
      const notes = o.paragraphs(slide.narration);
      const title = titled(o.runs(slide.title));
      slides.push({ ...contentSlide(ctx, id, { lessonId: lesson.id, slideId: slide.id, pos: slide.pos[lang] ?? lesson.pos }, title.title, blocks, notes), ...title, narration: slide.audio?.[lang] ?? null });
    }
  }

  // Closing: where to get help, set large on a card the customer fills in, and the course's
  // closing words beside it (also the trainer's notes). The sources stay on each lesson's own
  // sources slide.
  {
    const g = geometry.closing;
    const title = l.get('closingTitle');
    const tf = titleFit(title, 'CONTENT', geometry.content.title, ctx);
    const card: Para[] = [];
    const entries = [
      ['consultationDesk', 'consultationDesk', true],
      ['consultationContact', 'consultationContact', false],
      ['policyName', 'policy', false],
    ] as const;
    for (const [key, label, bold] of entries) {
      const value = o.value(key);
      if (value) card.push(para(l.get(label), { label: true }), { runs: value.map((r) => ({ ...r, bold })), list: 'none', level: 0 });
    }
    const words = course.closing ? o.blocks(course.closing) : [];
    // Without closing words the card takes the whole width.
    const cardBox = words.length ? g.card : { ...g.card, w: g.message.x + g.message.w - g.card.x };
    const cardFit = fitBlocks([{ kind: 'quote', paras: card }], cardBox, { body: [28, 24, 20], tableDelta: 0, quoteDelta: 0 }, ctx.m);
    const wordsFit = fitBlocks(words, g.message, { body: [24, 20, 18], tableDelta: 0, quoteDelta: 0 }, ctx.m);
    const problems = [cardFit, wordsFit].filter((f) => !f.fits).map((f) => `the text needs about ${inches(f.needed)} of height at ${f.size} pt, the layout holds ${inches(f.available)}`);
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
      // The card keeps the body's full height, its text in the middle.
      shapes: [
        ...cardFit.shapes.map((s) => ({ ...s, box: { ...s.box, h: Math.max(s.box.h, cardBox.h) }, name: 'Consultation desk' })),
        // The closing words sit level with the middle of the card.
        ...wordsFit.shapes.map((s) => ({ ...s, box: { ...s.box, y: s.box.y + Math.max(0, (g.message.h - wordsFit.needed) / 2) }, name: 'Closing words' })),
      ],
      notes: course.closing ? o.paragraphs(course.closing) : [l.get('closingNotes')],
      overflow: problems.length ? `Slide "_closing" overflows its layout: ${problems.join('; ')}.` : null,
    });
  }

  // Appendix for trainers: hidden slides, one per question of the bank, each showing its correct
  // answer (the choice ticked and bold, and a line naming it); the explanation is in the notes.
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
      notes: [l.get('appendixNotes', { total: course.questions.length, perAttempt: course.test.questionsPerAttempt, passingScore: course.test.passingScore })],
      overflow: tf.problem ? `Slide "_appendix" overflows its layout: ${tf.problem}.` : null,
    });
    const letter = (i: number) => String.fromCharCode(65 + i);
    course.questions.forEach((q, i) => {
      const instruction = l.get(q.type === 'multiple-choice' ? 'chooseAll' : 'chooseOne');
      const question = o.blocks(q.text);
      const choices: Para[] = q.choices.map((ch, ci) => {
        const runs = o.inline(ch.text);
        return { runs: ch.correct ? [...runs.map((r) => ({ ...r, bold: true })), { text: l.get('correctMark'), bold: true }] : runs, list: 'number', level: 0, start: 1, number: ci + 1, alpha: true };
      });
      const letters = q.choices.flatMap((ch, ci) => (ch.correct ? [letter(ci)] : []));
      const answer = para('', { runs: [{ text: l.get('answerLine', { label: l.get('correctAnswer'), letters: letters.join(l.get('listSeparator')) }), bold: true }], heading: true });
      const last = question[question.length - 1];
      // The instruction ("Choose one answer.") sits between the question and its choices; the answer follows them.
      const blocks: Block[] =
        last?.kind === 'text'
          ? [...question.slice(0, -1), { kind: 'text', paras: [...last.paras, para(instruction, { label: true }), ...choices, answer] }]
          : [...question, { kind: 'text', paras: [para(instruction, { label: true }), ...choices, answer] }];
      const correct = q.choices.flatMap((ch, ci) => (ch.correct ? [`${letter(ci)}. ${o.paragraphs(ch.text).join(' ')}`] : []));
      const notes = [`${l.get('correctAnswer')}: ${correct.join(' / ')}`, ...o.paragraphs(q.feedback).map((p, pi) => (pi === 0 ? `${l.get('explanation')}: ${p}` : p))];
      slides.push(contentSlide(ctx, `_test/${q.id}`, { lessonId: null, slideId: q.id, pos: q.pos }, l.get('question', { n: i + 1 }), blocks, notes, { body: [20, 18], tableDelta: 2, quoteDelta: 0 }, true));
    });
  }

  slides.push(...surveyAppendix(ctx));
  return { lang, font: language.font, title: localized.title, footer: localized.title, slides };
}

/**
 * Appendix for trainers: the awareness survey, hidden like the test's appendix. One slide per
 * group of the survey screen (each theme, the questions about the learner, the rest), each
 * item numbered as in the survey, with a line under it listing the answers it offers: a
 * Likert item its own scale (and "don't know" apart), a choice item its options.
 */
function surveyAppendix(ctx: Ctx): PlannedSlide[] {
  const { l, localized } = ctx;
  const survey = localized.survey;
  const g = geometry.section;
  const title = l.get('surveyAppendixTitle');
  const tf = titleFit(title, 'SECTION', g.title, ctx);
  const notes = [l.get('surveyAppendixNotes', { count: survey.items.length })];
  if (survey.dontKnow && survey.items.some((i) => i.type === 'likert' && i.dontKnow)) notes.push(l.get('surveyDontKnowNotes', { dontKnow: survey.dontKnow }));
  const slides: PlannedSlide[] = [
    {
      id: '_survey',
      lessonId: null,
      slideId: null,
      pos: ctx.course.survey.pos,
      master: 'SECTION',
      title,
      titleSize: tf.size,
      hidden: true,
      shapes: [{ type: 'text', role: 'body', box: g.detail, paras: [para(l.get('surveyAppendixNote'))], size: 18, tone: 'muted', name: 'Note' }],
      notes,
      overflow: tf.problem ? `Slide "_survey" overflows its layout: ${tf.problem}.` : null,
    },
  ];
  const answers = (item: PlayerSurveyItem): string => {
    const sep = l.get('answerSeparator');
    if (item.type === 'text') return l.get('surveyFreeText', { max: item.maxLength });
    if (item.type === 'choice') return `${item.multiple ? l.get('surveySelectAll') : ''}${item.options.map((o) => o.label).join(sep)}`;
    const points = survey.scales.find((s) => s.id === item.scale)?.points.map((p) => p.label).join(sep) ?? '';
    return item.dontKnow && survey.dontKnow ? `${points}${l.get('dontKnowSeparator')}${survey.dontKnow}` : points;
  };
  // The groups of the survey screen (player/screens/survey.ts), in its order; a theme's key is
  // its id, the others start with '_', which no id does.
  const segment = (it: PlayerSurveyItem) => it.type === 'choice' && it.segment;
  const themed = (it: PlayerSurveyItem) => !segment(it) && survey.themes.some((th) => th.id === it.theme);
  const groups = [
    ...survey.themes.map((th) => ({ key: th.id, title: th.title, items: survey.items.filter((it) => !segment(it) && it.theme === th.id) })),
    { key: '_about_you', title: l.get('aboutYou'), items: survey.items.filter(segment) },
    { key: '_other', title: l.get('otherItems'), items: survey.items.filter((it) => !segment(it) && !themed(it)) },
  ].filter((group) => group.items.length > 0);
  for (const group of groups) {
    const paras: Para[] = group.items.flatMap((item) => {
      const n = survey.items.indexOf(item) + 1;
      return [
        // Numbered as in the survey: each item starts its own count at its number.
        { runs: [{ text: item.text }], list: 'number', level: 0, start: n, number: n },
        // The answers as a sub-item, so each line stays with its item.
        { runs: [{ text: answers(item) }], list: 'bullet', level: 1 },
      ] satisfies Para[];
    });
    const pos = ctx.course.survey.items.find((i) => i.id === group.items[0]!.id)?.pos ?? ctx.course.survey.pos;
    slides.push(
      contentSlide(ctx, `_survey/${group.key}`, { lessonId: null, slideId: null, pos }, l.get('surveySlide', { title: group.title }), [{ kind: 'text', paras }], [l.get('surveyNotes')], { body: [18, 16, 14], tableDelta: 0, quoteDelta: 0 }, true),
    );
  }
  return slides;
}
