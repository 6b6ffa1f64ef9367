import type { PlayerSurveyItem } from './spec/course-data.ts';
import type { NarrationPrefs, Place } from './state.ts';
import type { SurveyAnswer } from './survey.ts';

/**
 * What the learner can do on a screen. Screens report these and change nothing themselves;
 * the app carries each one out: it changes the learner state, records with the LMS and moves
 * on. Types only, so screens depend on it and not on the app.
 */
export interface Intents {
  go(place: Place): void;
  /** On to the first thing not yet done. */
  resume(): void;
  /** A survey answer before submitting; `typing` lets the player wait for a pause to save it. */
  draft(itemId: string, value: SurveyAnswer, typing: boolean): void;
  /** Submits the survey, or returns the required items still unanswered and records nothing. */
  submitSurvey(): PlayerSurveyItem[];
  startAttempt(): void;
  /** Checks the answer to a question; returns whether it is right. */
  answer(questionId: string, choiceIds: string[]): boolean;
  /** From a question's feedback to the next question, or to the attempt's result after the last. */
  nextQuestion(): void;
  /** Ends the session with the LMS. */
  exit(): void;
  /** The transcript stays open across slides once the learner opens it. */
  setTranscriptOpen(open: boolean): void;
  /** Narration speed, and whether each slide's narration plays when it opens: kept in the learner state. */
  setNarration(prefs: Partial<NarrationPrefs>): void;
  closeToc(): void;
}
