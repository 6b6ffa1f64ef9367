/**
 * Every text of the player's own interface comes from `PlayerCourse.ui` (content/ui.yaml), so a
 * language is added without code. These are the keys the player reads; the build can check
 * ui.yaml against this list. `{name}` tokens are filled in by `label`.
 */
export const UI_KEYS = [
  'skipToContent',
  'contents',
  'close',
  'estimatedTime',
  'learner',
  'start',
  'continue',
  'standaloneNotice',
  'standaloneBadge',
  'lmsUnavailable',
  'reviewMode',
  'saved',
  'saveRetrying',
  'saveFailed',
  'saveRefused',
  'stateRecovered',
  'recoveredPlace',
  'recoveredSurvey',
  'recoveredSurveyDone',
  'recoveredTest',
  'recoveredScore',
  'recoveredNothing',
  'courseUpdated',
  'statusNotStarted',
  'statusInProgress',
  'statusDone',
  'lessonsHeading',
  'lessonProgress',
  'lockedUntilSurvey',
  'lockedUntilLessons',
  'slideOf',
  'previous',
  'next',
  'transcript',
  'nextLesson',
  'toTest',
  'tableRegion',
  'narration',
  'readAloud',
  'playAudio',
  'stopNarration',
  'narrationSpeed',
  'narrationPosition',
  'autoNarration',
  'noVoice',
  'required',
  'optional',
  'otherItems',
  'aboutYou',
  'charCount',
  'submitSurvey',
  'surveyErrors',
  'answerRequired',
  'surveySubmitted',
  'testTitle',
  'testIntro',
  'passingScore',
  'attemptsUnlimited',
  'attemptsLeft',
  'startTest',
  'questionOf',
  'chooseOne',
  'chooseAll',
  'chooseAnswer',
  'checkAnswer',
  'correct',
  'incorrect',
  'statementTrue',
  'statementFalse',
  'correctAnswer',
  'yourAnswer',
  'nextQuestion',
  'seeScore',
  'testResultTitle',
  'yourScore',
  'passed',
  'failed',
  'notTaken',
  'retry',
  'noAttemptsLeft',
  'toResults',
  'resultsTitle',
  'survey',
  'lessons',
  'test',
  'bestScore',
  'surveyDone',
  'surveyNotDone',
  'lessonsCount',
  'exit',
  'exitHint',
  'finishedTitle',
  'finishedBody',
  'completedTitle',
  'finishedPassed',
  'finishedNoAttempts',
  'finishedRetry',
  'finishedIncomplete',
  'resumeFromLms',
  'resumeInBrowser',
] as const;

export type UiKey = (typeof UI_KEYS)[number];

/** The labels only the controls of a recording show (player/recording.ts, and its play button). */
export const RECORDING_UI_KEYS: readonly UiKey[] = ['playAudio', 'narrationPosition'];

export type Labeller = (key: UiKey, vars?: Record<string, string | number>) => string;

export function labeller(ui: Record<string, string>): Labeller {
  return (key, vars) => {
    const text = ui[key];
    if (text === undefined) {
      console.warn(`[player] missing UI label "${key}" in ui.yaml`);
      return key;
    }
    return text.replace(/\{(\w+)\}/g, (m, name: string) => (vars && name in vars ? String(vars[name]) : m));
  };
}
