import type { App } from '../app.ts';
import { h } from '../dom.ts';
import * as rules from '../rules.ts';
import type { Place } from '../state.ts';
import type { PlayerLesson } from '../course-data.ts';

const lastSlideId = (l: PlayerLesson) => l.slides[l.slides.length - 1]!.id;

export function lessonScreen(app: App, lessonId: string, slideId: string): HTMLElement {
  const { course, t, state } = app;
  const li = course.lessons.findIndex((l) => l.id === lessonId);
  const lesson = course.lessons[li]!;
  const si = lesson.slides.findIndex((s) => s.id === slideId);
  const slide = lesson.slides[si]!;
  const total = lesson.slides.length;

  const body = h('div', { class: 'slide-body prose', html: slide.html });
  // Wide tables scroll inside their own box, which must then be reachable by keyboard.
  for (const table of Array.from(body.querySelectorAll('table'))) {
    const wrap = h('div', { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': t('tableRegion') });
    table.replaceWith(wrap);
    wrap.appendChild(table);
  }

  let transcript: HTMLElement | null = null;
  if (slide.narrationHtml.trim()) {
    const panel = h('div', { id: 'transcript', class: 'transcript prose', html: slide.narrationHtml, hidden: !app.transcriptOpen });
    const toggle = h(
      'button',
      {
        type: 'button',
        class: 'transcript-toggle',
        'aria-expanded': String(app.transcriptOpen),
        'aria-controls': 'transcript',
        onclick: () => {
          app.transcriptOpen = !app.transcriptOpen;
          toggle.setAttribute('aria-expanded', String(app.transcriptOpen));
          panel.hidden = !app.transcriptOpen;
        },
      },
      h('span', { class: 'chevron', 'aria-hidden': 'true' }),
      t('transcript'),
    );
    transcript = h('section', { class: 'transcript-box', 'aria-label': t('transcript') }, toggle, panel);
  }

  const prev: Place | null =
    si > 0
      ? { screen: 'lesson', lesson: lesson.id, slide: lesson.slides[si - 1]!.id }
      : li > 0
        ? { screen: 'lesson', lesson: course.lessons[li - 1]!.id, slide: lastSlideId(course.lessons[li - 1]!) }
        : null;
  const nextLesson = course.lessons[li + 1];
  let next: { place: Place; label: string } | null;
  if (si < total - 1) next = { place: { screen: 'lesson', lesson: lesson.id, slide: lesson.slides[si + 1]!.id }, label: t('next') };
  else if (nextLesson) next = { place: { screen: 'lesson', lesson: nextLesson.id, slide: nextLesson.slides[0]!.id }, label: t('nextLesson') };
  // The last slide of the last lesson leads to the test once every lesson has been seen.
  else next = rules.testOpen(course, state) ? { place: { screen: 'test' }, label: t('toTest') } : null;

  return h(
    'article',
    { class: 'screen lesson-screen' },
    h('p', { class: 'eyebrow' }, lesson.title),
    h('h1', null, slide.title),
    h('p', { class: 'slide-count' }, t('slideOf', { n: si + 1, total })),
    body,
    transcript,
    h(
      'nav',
      { class: 'pager', 'aria-label': lesson.title },
      prev
        ? h('button', { type: 'button', class: 'secondary', id: 'prev', onclick: () => app.go(prev) }, t('previous'))
        : h('span'),
      next
        ? h('button', { type: 'button', class: 'primary', id: 'next', onclick: () => app.go(next!.place) }, next.label)
        : h('p', { class: 'pager-note' }, t('lockedUntilLessons')),
    ),
  );
}
