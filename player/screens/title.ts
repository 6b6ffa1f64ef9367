import { h } from '../dom.ts';
import type { Intents } from '../intents.ts';
import type { Labeller } from '../labels.ts';
import type { PlayerCourse } from '../spec/course-data.ts';

export interface TitleView {
  course: PlayerCourse;
  learnerName: string;
  /** The learner has begun (a survey answer at least): the button says "continue". */
  started: boolean;
  connected: boolean;
  /** An LMS was found but could not be reached: progress stays in this browser. */
  lmsUnavailable: boolean;
  reviewMode: boolean;
}

export function titleScreen(t: Labeller, v: TitleView, act: Intents): HTMLElement {
  const { course } = v;
  const notices = [
    v.lmsUnavailable ? t('lmsUnavailable') : !v.connected ? t('standaloneNotice') : null,
    v.reviewMode ? t('reviewMode') : null,
  ].filter((n): n is string => n !== null);
  return h(
    'div',
    { class: 'screen title-screen' },
    course.logo ? h('img', { class: 'logo', src: course.logo.src, alt: course.logo.alt }) : null,
    h('h1', null, course.title),
    h('p', { class: 'lead' }, course.description),
    h('p', { class: 'meta' }, t('estimatedTime', { minutes: course.estimatedMinutes })),
    v.learnerName ? h('p', { class: 'meta' }, t('learner', { name: v.learnerName })) : null,
    notices.map((n) => h('p', { class: 'notice' }, n)),
    h('div', { class: 'actions' }, h('button', { type: 'button', class: 'primary', id: 'start', onclick: () => act.resume() }, v.started ? t('continue') : t('start'))),
  );
}
