import { h } from '../dom.ts';
import type { Intents } from '../intents.ts';
import type { Labeller } from '../labels.ts';
import { narrationControls, type Narrator } from '../narration.ts';
import type { PlayerLesson } from '../spec/course-data.ts';
import type { NarrationPrefs, Place } from '../state.ts';

export interface LessonView {
  lesson: PlayerLesson;
  /** Index of the slide shown. */
  slide: number;
  prev: Place | null;
  /** Null while what follows is locked (the test, before every lesson is seen). */
  next: Place | null;
  transcriptOpen: boolean;
  /** The course language: the voice that reads the narration aloud, and where its sentences end. */
  lang: string;
  narration: NarrationPrefs;
  narrator: Narrator;
}

export function lessonScreen(t: Labeller, v: LessonView, act: Intents): HTMLElement {
  const { lesson, prev, next } = v;
  const slide = lesson.slides[v.slide]!;
  const total = lesson.slides.length;

  const body = h('div', { class: 'slide-body prose', html: slide.html });
  // Wide tables scroll inside their own box, which must then be reachable by keyboard.
  for (const table of Array.from(body.querySelectorAll('table'))) {
    const wrap = h('div', { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': t('tableRegion') });
    table.replaceWith(wrap);
    wrap.appendChild(table);
  }

  let transcript: HTMLElement | null = null;
  const panel = slide.narrationHtml.trim() ? h('div', { id: 'transcript', class: 'transcript prose', html: slide.narrationHtml, hidden: !v.transcriptOpen }) : null;
  const listen = narrationControls(t, { slide, lang: v.lang, prefs: v.narration, transcript: panel }, v.narrator, (p) => act.setNarration(p));
  if (panel) {
    let open = v.transcriptOpen;
    const toggle = h(
      'button',
      {
        type: 'button',
        class: 'transcript-toggle',
        'aria-expanded': String(open),
        'aria-controls': 'transcript',
        onclick: () => {
          open = !open;
          act.setTranscriptOpen(open);
          toggle.setAttribute('aria-expanded', String(open));
          panel.hidden = !open;
        },
      },
      h('span', { class: 'chevron', 'aria-hidden': 'true' }),
      t('transcript'),
    );
    transcript = h('section', { class: 'transcript-box', 'aria-label': t('transcript') }, listen, toggle, panel);
  } else if (listen) {
    transcript = h('section', { class: 'transcript-box', 'aria-label': t('narration') }, listen);
  }

  return h(
    'article',
    { class: 'screen lesson-screen' },
    h('p', { class: 'eyebrow' }, lesson.title),
    h('h1', null, slide.title),
    h('p', { class: 'slide-count' }, t('slideOf', { n: v.slide + 1, total })),
    body,
    transcript,
    h(
      'nav',
      { class: 'pager', 'aria-label': lesson.title },
      prev ? h('button', { type: 'button', class: 'secondary', id: 'prev', onclick: () => act.go(prev) }, t('previous')) : h('span'),
      next
        ? h(
            'button',
            { type: 'button', class: 'primary', id: 'next', onclick: () => act.go(next) },
            t(next.screen !== 'lesson' ? 'toTest' : next.lesson === lesson.id ? 'next' : 'nextLesson'),
          )
        : h('p', { class: 'pager-note' }, t('lockedUntilLessons')),
    ),
  );
}
