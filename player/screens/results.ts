import type { App } from '../app.ts';
import { h } from '../dom.ts';
import * as rules from '../rules.ts';

export function resultsScreen(app: App): HTMLElement {
  const { t, course, state } = app;
  const done = rules.lessonsDone(course, state);
  const taken = rules.attemptsTaken(state) > 0;
  const row = (term: string, value: string, cls?: string) =>
    h('div', { class: 'result-row' }, h('dt', null, term), h('dd', { class: cls ?? null }, value));
  return h(
    'div',
    { class: 'screen results-screen' },
    h('h1', null, t('resultsTitle')),
    h(
      'dl',
      { class: 'results' },
      row(t('survey'), state.survey.done ? t('surveyDone') : t('surveyNotDone')),
      row(t('lessons'), t('lessonsCount', { done, total: course.lessons.length })),
      row(t('bestScore'), state.test.best === null ? t('notTaken') : `${state.test.best}%`),
      row(t('test'), !taken ? t('notTaken') : app.passed ? t('passed') : t('failed'), taken ? (app.passed ? 'ok' : 'ng') : undefined),
    ),
    app.connected ? h('p', null, t('exitHint')) : null,
    h('div', { class: 'actions' }, h('button', { type: 'button', class: 'primary', id: 'exit', onclick: () => app.exit() }, t('exit'))),
  );
}

export function finishedScreen(app: App): HTMLElement {
  return h('div', { class: 'screen' }, h('h1', null, app.t('finishedTitle')), h('p', null, app.t('finishedBody')));
}
