/**
 * What a survey item offers and what counts as an answer to it, in one place for the screen,
 * the learner state, the records and the recovery from the LMS's record.
 */
import { DONT_KNOW, type PlayerOption, type PlayerSurvey, type PlayerSurveyItem } from './spec/course-data.ts';

/**
 * A survey answer: a point id (or `dk`) for a Likert item, the option ids for a choice item
 * (one for a single choice, any number for select-all-that-apply), the text for a free-text item.
 */
export type SurveyAnswer = string | string[];

/**
 * The answers an item offers, in order: a Likert item's scale, lowest first, then "don't know"
 * when the item offers it; a choice item's options. A free-text item offers none.
 */
export function itemOptions(survey: PlayerSurvey, item: PlayerSurveyItem): PlayerOption[] {
  if (item.type === 'choice') return item.options;
  if (item.type === 'text') return [];
  const points = survey.scales.find((s) => s.id === item.scale)?.points ?? [];
  return item.dontKnow && survey.dontKnow ? [...points, { id: DONT_KNOW, label: survey.dontKnow }] : points;
}

/** The points of a Likert item's scale, without "don't know". */
export function scalePoints(survey: PlayerSurvey, item: PlayerSurveyItem & { type: 'likert' }): PlayerOption[] {
  return survey.scales.find((s) => s.id === item.scale)?.points ?? [];
}

/**
 * The answer as the item accepts it, or null when it is none: an id the item does not offer (a
 * scale changed by a content update, say), a list for a single choice, an empty answer.
 * Choice ids keep the order the item offers them in and are listed once.
 */
export function validAnswer(survey: PlayerSurvey, item: PlayerSurveyItem, answer: unknown): SurveyAnswer | null {
  if (item.type === 'text') return typeof answer === 'string' && answer.trim() !== '' ? answer.slice(0, item.maxLength) : null;
  const offered = itemOptions(survey, item).map((o) => o.id);
  if (item.type === 'likert') return typeof answer === 'string' && offered.includes(answer) ? answer : null;
  const given = typeof answer === 'string' ? [answer] : Array.isArray(answer) ? answer : [];
  if (!given.length || !given.every((id) => typeof id === 'string' && offered.includes(id))) return null;
  if (!item.multiple && given.length > 1) return null;
  return offered.filter((id) => given.includes(id));
}

/** Whether the learner has answered: a point, at least one option, or text that is not blank. */
export function isAnswered(answer: SurveyAnswer | undefined): boolean {
  if (answer === undefined) return false;
  return typeof answer === 'string' ? answer.trim() !== '' : answer.length > 0;
}
