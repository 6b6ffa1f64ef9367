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

export function finishedScreen(t: Labeller): HTMLElement {
  return h('div', { class: 'screen' }, h('h1', null, t('finishedTitle')), h('p', null, t('finishedBody')));
}
