import { h, type Child } from '../dom.ts';
import type { Intents } from '../intents.ts';
import type { Labeller } from '../labels.ts';
import type { Overview } from '../rules.ts';
import type { PlayerCourse } from '../spec/course-data.ts';
import type { Place } from '../state.ts';

export interface TocView {
  course: PlayerCourse;
  overview: Overview;
  /** Where the learner is. */
  place: Place;
}

/** The table of contents: where the learner is, what is done, and what is locked and why. */
export function renderToc(t: Labeller, v: TocView, act: Intents): HTMLElement {
  const { course, overview: o, place: here } = v;

  const entry = (label: string, status: string, target: Place | null, current: boolean): HTMLElement =>
    target
      ? h(
          'button',
          {
            type: 'button',
            class: 'toc-item',
            'aria-current': current ? 'step' : null,
            onclick: () => {
              act.closeToc();
              act.go(target);
            },
          },
          h('span', { class: 'toc-label' }, label),
          h('span', { class: 'toc-status' }, status),
        )
      : h('div', { class: 'toc-item locked' }, h('span', { class: 'toc-label' }, label), h('span', { class: 'toc-status' }, status));

  const lessons: Child[] = o.lessons.map(({ lesson: l, seen, resume }) => {
    const word = seen === 0 ? t('statusNotStarted') : seen >= l.slides.length ? t('statusDone') : t('statusInProgress');
    return h(
      'li',
      { class: seen >= l.slides.length ? 'done' : null },
      entry(
        l.title,
        o.lessonsOpen ? `${t('lessonProgress', { seen, total: l.slides.length })} · ${word}` : '',
        o.lessonsOpen ? resume : null,
        here.screen === 'lesson' && here.lesson === l.id,
      ),
    );
  });

  const testStatus = !o.testOpen
    ? t('lockedUntilLessons')
    : !o.taken
      ? o.attemptBegun
        ? t('statusInProgress')
        : t('notTaken')
      : `${t(o.passed ? 'passed' : 'failed')} · ${t('bestScore')} ${o.best ?? 0}%`;

  return h(
    'div',
    { class: 'toc-inner' },
    h(
      'div',
      { class: 'toc-head' },
      h('h2', { id: 'toc-heading' }, t('contents')),
      h('button', { type: 'button', class: 'toc-close', onclick: () => act.closeToc() }, t('close')),
    ),
    h(
      'ol',
      { class: 'toc-list' },
      h(
        'li',
        { class: o.surveyDone ? 'done' : null },
        entry(course.survey.title, o.surveyDone ? t('statusDone') : t('statusNotStarted'), { screen: 'survey' }, here.screen === 'survey'),
      ),
      h(
        'li',
        { class: 'toc-group' },
        h('span', { class: 'toc-group-label', id: 'toc-lessons' }, t('lessonsHeading')),
        o.lessonsOpen ? null : h('p', { class: 'toc-note' }, t('lockedUntilSurvey')),
        h('ol', { 'aria-labelledby': 'toc-lessons' }, lessons),
      ),
      h(
        'li',
        { class: o.taken ? 'done' : null },
        entry(t('testTitle'), testStatus, o.testOpen ? { screen: 'test' } : null, here.screen === 'test'),
      ),
      h('li', null, entry(t('resultsTitle'), '', { screen: 'results' }, here.screen === 'results')),
    ),
  );
}
