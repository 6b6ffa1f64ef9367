import type { App } from '../app.ts';
import { h, type Child } from '../dom.ts';
import type { Place } from '../state.ts';
import * as rules from '../rules.ts';

/** The table of contents: where the learner is, what is done, and what is locked and why. */
export function renderToc(app: App): HTMLElement {
  const { course, t, state } = app;
  const here = state.place;
  const lessonsOpen = rules.lessonsOpen(state);
  const testOpen = rules.testOpen(course, state);
  const taken = rules.attemptsTaken(state);

  const entry = (label: string, status: string, target: Place | null, current: boolean): HTMLElement =>
    target
      ? h(
          'button',
          {
            type: 'button',
            class: 'toc-item',
            'aria-current': current ? 'step' : null,
            onclick: () => {
              app.setTocOpen(false);
              app.go(target);
            },
          },
          h('span', { class: 'toc-label' }, label),
          h('span', { class: 'toc-status' }, status),
        )
      : h('div', { class: 'toc-item locked' }, h('span', { class: 'toc-label' }, label), h('span', { class: 'toc-status' }, status));

  const lessons: Child[] = course.lessons.map((l) => {
    const seen = Math.min(state.seen[l.id] ?? 0, l.slides.length);
    const word = seen === 0 ? t('statusNotStarted') : seen >= l.slides.length ? t('statusDone') : t('statusInProgress');
    const slide = l.slides[seen >= l.slides.length ? 0 : seen]!;
    const current = here.screen === 'lesson' && here.lesson === l.id;
    return h(
      'li',
      { class: seen >= l.slides.length ? 'done' : null },
      entry(
        l.title,
        lessonsOpen ? `${t('lessonProgress', { seen, total: l.slides.length })} · ${word}` : '',
        lessonsOpen ? { screen: 'lesson', lesson: l.id, slide: slide.id } : null,
        current,
      ),
    );
  });

  const testStatus = !testOpen
    ? t('lockedUntilLessons')
    : taken === 0
      ? state.test.attempt > 0
        ? t('statusInProgress')
        : t('notTaken')
      : `${t(app.passed ? 'passed' : 'failed')} · ${t('bestScore')} ${state.test.best ?? 0}%`;

  return h(
    'div',
    { class: 'toc-inner' },
    h(
      'div',
      { class: 'toc-head' },
      h('h2', { id: 'toc-heading' }, t('contents')),
      h('button', { type: 'button', class: 'toc-close', onclick: () => app.setTocOpen(false) }, t('close')),
    ),
    h(
      'ol',
      { class: 'toc-list' },
      h(
        'li',
        { class: state.survey.done ? 'done' : null },
        entry(
          course.survey.title,
          state.survey.done ? t('statusDone') : t('statusNotStarted'),
          { screen: 'survey' },
          here.screen === 'survey',
        ),
      ),
      h(
        'li',
        { class: 'toc-group' },
        h('span', { class: 'toc-group-label', id: 'toc-lessons' }, t('lessonsHeading')),
        lessonsOpen ? null : h('p', { class: 'toc-note' }, t('lockedUntilSurvey')),
        h('ol', { 'aria-labelledby': 'toc-lessons' }, lessons),
      ),
      h(
        'li',
        { class: taken > 0 ? 'done' : null },
        entry(t('testTitle'), testStatus, testOpen ? { screen: 'test' } : null, here.screen === 'test'),
      ),
      h('li', null, entry(t('resultsTitle'), '', { screen: 'results' }, here.screen === 'results')),
    ),
  );
}
