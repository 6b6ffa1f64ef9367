import type { App } from '../app.ts';
import { h } from '../dom.ts';

export function titleScreen(app: App): HTMLElement {
  const { course, t, state } = app;
  const started = state.survey.done || Object.keys(state.survey.answers).length > 0;
  const notices = [
    app.lmsUnavailable ? t('lmsUnavailable') : !app.connected ? t('standaloneNotice') : null,
    app.reviewMode ? t('reviewMode') : null,
  ].filter((n): n is string => n !== null);
  return h(
    'div',
    { class: 'screen title-screen' },
    course.logo ? h('img', { class: 'logo', src: course.logo.src, alt: course.logo.alt }) : null,
    h('h1', null, course.title),
    h('p', { class: 'lead' }, course.description),
    h('p', { class: 'meta' }, t('estimatedTime', { minutes: course.estimatedMinutes })),
    app.learnerName ? h('p', { class: 'meta' }, t('learner', { name: app.learnerName })) : null,
    notices.map((n) => h('p', { class: 'notice' }, n)),
    h(
      'div',
      { class: 'actions' },
      h(
        'button',
        { type: 'button', class: 'primary', id: 'start', onclick: () => app.go(app.nextPlace()) },
        started ? t('continue') : t('start'),
      ),
    ),
  );
}
