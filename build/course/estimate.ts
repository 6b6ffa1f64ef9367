/**
 * Study time, computed from what the learner reads and answers: narration at the language's
 * reading speed, a fixed look at each slide, and a fixed time per survey item and drawn question.
 */
import type { Course, Lang, Language } from '../model.ts';

export interface StudyTime {
  lang: Lang;
  lessons: { id: string; minutes: number; narrationUnits: number }[];
  surveyMinutes: number;
  testMinutes: number;
  totalMinutes: number;
}

/** Narration length in the unit the language is read in. */
export function narrationUnits(text: string, unit: Language['narration']['unit']): number {
  const plain = text.replace(/[*_`#>|[\]()-]/g, ' ');
  if (unit === 'words') return plain.split(/\s+/).filter(Boolean).length;
  return plain.replace(/\s+/g, '').length;
}

export function estimateStudyTime(course: Course, lang: Lang): StudyTime {
  const language = course.languages.find((l) => l.code === lang)!;
  const { secondsPerSlide, secondsPerSurveyItem, secondsPerQuestion } = course.timing;
  const lessons = course.lessons.map((lesson) => {
    const units = lesson.slides.reduce((n, s) => n + narrationUnits(s.narration[lang] ?? '', language.narration.unit), 0);
    return { id: lesson.id, narrationUnits: units, minutes: units / language.narration.perMinute + (lesson.slides.length * secondsPerSlide) / 60 };
  });
  const surveyMinutes = (course.survey.items.length * secondsPerSurveyItem) / 60;
  const testMinutes = (course.test.questionsPerAttempt * secondsPerQuestion) / 60;
  const totalMinutes = lessons.reduce((n, l) => n + l.minutes, 0) + surveyMinutes + testMinutes;
  return { lang, lessons, surveyMinutes, testMinutes, totalMinutes };
}
