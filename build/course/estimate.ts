/**
 * Study time, computed from what the learner actually reads and answers, so that a longer slide
 * or a longer question costs more time and a promise of "25 minutes" can be checked:
 * - a slide: its narration at the language's narration rate (read aloud, or read in the
 *   transcript), or the length of its recording where the sources hold one for the language,
 *   plus everything on the slide itself (title, lists, tables, the words and numbers of blocks
 *   and charts) at the language's silent reading rate;
 * - a survey item: its text and its answer labels at the reading rate, plus the time to choose;
 *   a scale's labels are read once for a run of items on the same scale, a choice item's
 *   options every time;
 * - a question: its text, its choices and its feedback at the reading rate, plus the time to
 *   choose; an attempt takes the average question of each lesson as many times as the draw
 *   takes questions from that lesson.
 * Text is counted with the organisation's values filled in, as the learner sees it. The list of
 * sources at the end of a lesson is not counted: learners look it up, they do not read it through.
 */
import { plainText } from '../markdown/plain.ts';
import type { Course, Lang, Language, Localized, Question } from '../model.ts';
import { fillPlaceholders, organisationValues } from '../validate/placeholders.ts';

export interface StudyTime {
  lang: Lang;
  /**
   * `narrationUnits`: the narration of the slides without a recording, in the language's unit;
   * `recordedSeconds`: the length of the recordings of the others.
   */
  lessons: { id: string; minutes: number; narrationUnits: number; recordedSeconds: number; screenUnits: number }[];
  surveyMinutes: number;
  testMinutes: number;
  totalMinutes: number;
}

type Unit = Language['narration']['unit'];

/** Length of some text in the unit the language is read in: words, or characters without spaces. */
export function textUnits(text: string, unit: Unit): number {
  if (unit === 'words') return text.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
  return text.replace(/\s+/g, '').length;
}

/** Narration length in the unit the language is read in (Markdown punctuation is not read). */
export function narrationUnits(text: string, unit: Unit): number {
  return textUnits(text.replace(/[*_`#>|[\]()-]/g, ' '), unit);
}

/**
 * The study time of the course in a language. The build asks for it several times per language
 * (the promised-range check, the deck's title and lesson slides, the build's summary): it is
 * worked out once per course model, which is never changed once validated.
 */
export function estimateStudyTime(course: Course, lang: Lang): StudyTime {
  let byLang = estimates.get(course);
  if (!byLang) estimates.set(course, (byLang = new Map()));
  let time = byLang.get(lang);
  if (!time) byLang.set(lang, (time = Object.freeze(estimate(course, lang))));
  return time;
}

const estimates = new WeakMap<Course, Map<Lang, StudyTime>>();

function estimate(course: Course, lang: Lang): StudyTime {
  const language = course.languages.find((l) => l.code === lang)!;
  const { narration, reading } = language;
  const answerMinutes = course.timing.secondsToAnswer / 60;
  const org = organisationValues(course, lang);
  const fill = (text: string) => fillPlaceholders(text, org, 'text');
  const read = (text: string) => textUnits(text, reading.unit);
  const local = (l: Localized) => fill(l[lang] ?? '');
  // Plain text joins table cells with " | "; the border is seen, not read.
  const screen = (md: string) => plainText(md).replace(/ \| /g, ' ');

  const lessons = course.lessons.map((lesson) => {
    let narrationCount = 0;
    let recordedSeconds = 0;
    let screenCount = 0;
    for (const slide of lesson.slides) {
      const recording = slide.audio?.[lang];
      if (recording) recordedSeconds += recording.seconds;
      else narrationCount += narrationUnits(local(slide.narration), narration.unit);
      screenCount += read(local(slide.title)) + read(screen(local(slide.body)));
    }
    const minutes = narrationCount / narration.perMinute + recordedSeconds / 60 + screenCount / reading.perMinute;
    return { id: lesson.id, narrationUnits: narrationCount, recordedSeconds, screenUnits: screenCount, minutes };
  });

  const survey = course.survey;
  let surveyUnits = read(plainText(local(survey.intro)));
  // The labels of a scale are read at the first item of a run on that scale; "don't know" too.
  let scaleRead: string | null = null;
  for (const item of survey.items) {
    surveyUnits += read(local(item.text));
    if (item.type === 'likert') {
      if (scaleRead !== item.scale) {
        const points = survey.scales.find((sc) => sc.id === item.scale)?.points ?? [];
        surveyUnits += points.reduce((n, p) => n + read(local(p.label)), 0);
        if (item.dontKnow && survey.dontKnow) surveyUnits += read(local(survey.dontKnow));
      }
      scaleRead = item.scale;
    } else {
      if (item.type === 'choice') surveyUnits += item.options.reduce((n, o) => n + read(local(o.label)), 0);
      scaleRead = null;
    }
  }
  const surveyMinutes = surveyUnits / reading.perMinute + survey.items.length * answerMinutes;

  const questionMinutes = (q: Question) => read([q.text, ...q.choices.map((c) => c.text), q.feedback].map((t) => plainText(local(t))).join(' ')) / reading.perMinute + answerMinutes;
  const mean = (qs: Question[]) => (qs.length ? qs.reduce((n, q) => n + questionMinutes(q), 0) / qs.length : 0);
  const { draw, questionsPerAttempt } = course.test;
  const testMinutes = draw
    ? Object.entries(draw).reduce((n, [lessonId, k]) => n + k * mean(course.questions.filter((q) => q.lesson === lessonId)), 0)
    : questionsPerAttempt * mean(course.questions);

  const totalMinutes = lessons.reduce((n, l) => n + l.minutes, 0) + surveyMinutes + testMinutes;
  return { lang, lessons, surveyMinutes, testMinutes, totalMinutes };
}
