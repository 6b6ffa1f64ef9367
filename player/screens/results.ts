import { h } from '../dom.ts';
import type { Intents } from '../intents.ts';
import type { Labeller } from '../labels.ts';
import type { Overview } from '../rules.ts';

/** `connected`: with an LMS, "exit" ends its session, and the screen says so. */
export function resultsScreen(t: Labeller, o: Overview, connected: boolean, act: Intents): HTMLElement {
  const taken = o.taken;
  const row = (term: string, value: string, cls?: string) =>
    h('div', { class: 'result-row' }, h('dt', null, term), h('dd', { class: cls ?? null }, value));
  return h(
    'div',
    { class: 'screen results-screen' },
    h('h1', null, t('resultsTitle')),
    h(
      'dl',
      { class: 'results' },
      row(t('survey'), o.surveyDone ? t('surveyDone') : t('surveyNotDone')),
      row(t('lessons'), t('lessonsCount', { done: o.lessonsDone, total: o.lessons.length })),
      row(t('bestScore'), o.best === null ? t('notTaken') : `${o.best}%`),
      row(t('test'), !taken ? t('notTaken') : o.passed ? t('passed') : t('failed'), taken ? (o.passed ? 'ok' : 'ng') : undefined),
    ),
    connected ? h('p', null, t('exitHint')) : null,
    h('div', { class: 'actions' }, h('button', { type: 'button', class: 'primary', id: 'exit', onclick: () => act.exit() }, t('exit'))),
  );
}

/**
 * Where the learner stands after "exit", which decides what there is to come back to:
 * `passed`, or `over` (failed with no attempts left), end the course; `retry` (failed, attempts
 * left) and `incomplete` are a pause that the next launch resumes.
 */
export type FinishedOutcome = 'passed' | 'over' | 'retry' | 'incomplete';

export interface FinishedView {
  outcome: FinishedOutcome;
  /** With an LMS the course is opened again from it; standalone, from this browser. */
  connected: boolean;
}

export function finishedScreen(t: Labeller, v: FinishedView): HTMLElement {
  const done = v.outcome === 'passed' || v.outcome === 'over';
  const state = { passed: t('finishedPassed'), over: t('finishedNoAttempts'), retry: t('finishedRetry'), incomplete: t('finishedIncomplete') }[v.outcome];
  return h(
    'div',
    { class: `screen finished-screen ${v.outcome}` },
    h('h1', null, done ? t('completedTitle') : t('finishedTitle')),
    h('p', { class: done ? 'notice ok' : null }, state),
    done ? null : h('p', null, v.connected ? t('resumeFromLms') : t('resumeInBrowser')),
    h('p', null, t('finishedBody')),
  );
}
