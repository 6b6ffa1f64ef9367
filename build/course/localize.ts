/**
 * The course as one language sees it: placeholders filled, Markdown rendered, the sources
 * slide added. This is the data the player receives and the base for every target.
 */
import type { PlayerCourse, PlayerQuestion, PlayerSlide, PlayerSurveyItem } from '../../player/spec/course-data.ts';
import { MOODLE } from '../../player/spec/moodle.ts';
import { type HtmlContext, plainText, renderHtml, renderInlineHtml } from '../markdown/index.ts';
import { phraseBreaks } from '../markdown/phrases.ts';
import { linkTarget } from '../markdown/urls.ts';
import { fillPlaceholders, organisationValues } from '../validate/placeholders.ts';
import type { Course, GoodDirection, Lang, Lesson, Localized, SlideAudio, SurveyItem } from '../model.ts';
import { estimateStudyTime } from './estimate.ts';

/** The name a variant's logo has inside a package. */
export function logoFileName(file: string): string {
  return `logo${file.slice(file.lastIndexOf('.')).toLowerCase()}`;
}

/** Longest `cmi.interactions.n.description` Moodle accepts. */
export const descriptionMaxLength = MOODLE.scorm2004.limits['cmi.interactions.n.description'];

// The xlsx manuscripts and the importer still take plain text from here.

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

export interface LocalizedCourseText {
  /** A localised value with placeholders filled, as plain text. */
  text(v: Localized): string;
  /** A localised Markdown value with placeholders filled (escaped), rendered to HTML. */
  html(v: Localized): string;
  inline(v: Localized): string;
  /** A slide's body as HTML, its visual blocks drawn with the course's icons, sources and images. */
  slideHtml(v: Localized): string;
}

/** What a slide's HTML needs from the course besides its Markdown. */
export function htmlContextFor(course: Course, lang: Lang): HtmlContext {
  const org = organisationValues(course, lang);
  const text = (v: Localized | null) => (v ? fillPlaceholders(v[lang] ?? '', org, 'text') : null);
  return {
    lang,
    icon: (name) => course.icons[name] ?? null,
    source(id) {
      const s = course.sources.find((x) => x.id === id);
      return s ? { title: text(s.title)!, publisher: text(s.publisher), url: s.url, date: s.date } : null;
    },
    image: (src) => course.images[src] ?? null,
    ui: (key) => (course.ui[key] ? text(course.ui[key]!) : null),
  };
}

export function textFor(course: Course, lang: Lang): LocalizedCourseText {
  const ctx = htmlContextFor(course, lang);
  const org = organisationValues(course, lang);
  return {
    text: (v) => fillPlaceholders(v[lang] ?? '', org, 'text'),
    // Questions, choices, feedback and the survey's introduction wrap between phrases too (ja).
    html: (v) => renderHtml(fillPlaceholders(v[lang] ?? '', org, 'html'), ctx),
    inline: (v) => {
      const html = renderInlineHtml(fillPlaceholders(v[lang] ?? '', org, 'html'));
      return lang === 'ja' ? phraseBreaks(html) : html;
    },
    slideHtml: (v) => renderHtml(fillPlaceholders(v[lang] ?? '', org, 'html'), ctx),
  };
}

/**
 * The slide the build appends to every lesson: where its facts come from. Title, publisher and
 * date are joined with the language's own separator (ui.yaml `listSeparator`: 「、」 in
 * Japanese); a URL becomes a link that opens in a new window, because inside the LMS's frame a
 * followed link would replace the course. Only http and https are linked (`linkTarget` is the
 * link policy; a source is a web page, so `mailto:` is not one).
 */
export function sourcesSlide(course: Course, lesson: Lesson, lang: Lang): PlayerSlide {
  const t = textFor(course, lang);
  const label = (key: string, fallback: string) => (course.ui[key] ? t.text(course.ui[key]!) : fallback);
  const separator = label('listSeparator', ', ');
  const newWindow = label('opensInNewWindow', '');
  const items = lesson.sources.map((id) => {
    const s = course.sources.find((x) => x.id === id)!;
    const parts = [escapeHtml(t.text(s.title))];
    if (s.publisher) parts.push(escapeHtml(t.text(s.publisher)));
    if (s.date) parts.push(escapeHtml(s.date));
    return `<li>${parts.join(escapeHtml(separator))}${s.url ? `<br>${sourceLink(s.url, newWindow)}` : ''}</li>`;
  });
  return {
    id: 'sources',
    kind: 'sources',
    title: label('sourcesTitle', 'Sources'),
    html: `<ul class="sources">${items.join('')}</ul>`,
    narrationHtml: '',
  };
}

/** A source's URL as a link out of the LMS frame, or as text when the link policy refuses it. */
function sourceLink(url: string, newWindow: string): string {
  const href = linkTarget(url, { literal: true });
  const text = `<span class="source-url">${escapeHtml(url)}</span>`;
  if (href === null || !/^https?:/i.test(href)) return text;
  const hint = newWindow ? `<span class="visually-hidden">${escapeHtml(newWindow)}</span>` : '';
  return `<a href="${escapeHtml(href)}" target="_blank" rel="noopener noreferrer">${text}${hint}</a>`;
}

/** The direction that is good for an item: its own, else its theme's, else high. */
export function goodDirection(item: SurveyItem, themes: Course['survey']['themes']): GoodDirection {
  if (item.type === 'likert' && item.good) return item.good;
  return themes.find((t) => t.id === item.theme)?.good ?? 'high';
}

/** Where a slide's recording lies in a package (one language per package, so no language in the path). */
export function slideAudioPath(lessonId: string, slideId: string, audio: SlideAudio): string {
  return `audio/${lessonId}/${slideId}.${audio.ext}`;
}

/** Every recording a package of `lang` carries, at its path in the package. */
export function packageAudio(course: Course, lang: Lang): { path: string; audio: SlideAudio }[] {
  return course.lessons.flatMap((lesson) => lesson.slides.flatMap((s) => (s.audio?.[lang] ? [{ path: slideAudioPath(lesson.id, s.id, s.audio[lang]), audio: s.audio[lang] }] : [])));
}

export function localize(course: Course, lang: Lang): PlayerCourse {
  const t = textFor(course, lang);
  const survey = course.survey;
  const items: PlayerSurveyItem[] = survey.items.map((it): PlayerSurveyItem => {
    switch (it.type) {
      case 'likert':
        return { id: it.id, type: 'likert', theme: it.theme, text: t.text(it.text), required: true, scale: it.scale, dontKnow: it.dontKnow, good: goodDirection(it, survey.themes) };
      case 'choice':
        return {
          id: it.id,
          type: 'choice',
          theme: it.theme,
          text: t.text(it.text),
          required: it.required,
          options: it.options.map((o) => ({ id: o.id, label: t.text(o.label) })),
          multiple: it.multiple,
          segment: it.segment,
        };
      case 'text':
        return { id: it.id, type: 'text', theme: it.theme, text: t.text(it.text), required: it.required, maxLength: it.maxLength };
    }
  });
  const questions: PlayerQuestion[] = course.questions.map((q) => ({
    id: q.id,
    type: q.type,
    html: t.html(q.text),
    description: truncate(plainText(t.text(q.text)), descriptionMaxLength),
    choices: q.choices.map((ch) => ({ id: ch.id, html: t.inline(ch.text) })),
    correct: q.choices.filter((ch) => ch.correct).map((ch) => ch.id),
    feedbackHtml: t.html(q.feedback),
    lessonId: q.lesson,
  }));
  return {
    format: 2,
    id: course.id,
    version: course.version,
    lang,
    title: t.text(course.title),
    description: t.text(course.description),
    estimatedMinutes: Math.round(estimateStudyTime(course, lang).totalMinutes),
    ...(course.variant?.logo ? { logo: { src: logoFileName(course.variant.logo), alt: t.text(course.organisation['companyName'] ?? { [lang]: '' }) } } : {}),
    ui: Object.fromEntries(Object.entries(course.ui).map(([k, v]) => [k, t.text(v)])),
    lessons: course.lessons.map((lesson) => ({
      id: lesson.id,
      title: t.text(lesson.title),
      slides: [
        ...lesson.slides.map(
          (s): PlayerSlide => ({
            id: s.id,
            kind: 'content',
            title: t.text(s.title),
            html: t.slideHtml(s.body),
            narrationHtml: t.html(s.narration),
            // Only a slide with a recording carries the key, so a course without any builds as before.
            ...(s.audio?.[lang] ? { audio: { src: slideAudioPath(lesson.id, s.id, s.audio[lang]), type: s.audio[lang].type, seconds: Math.round(s.audio[lang].seconds * 100) / 100 } } : {}),
          }),
        ),
        sourcesSlide(course, lesson, lang),
      ],
    })),
    survey: {
      title: t.text(survey.title),
      introHtml: t.html(survey.intro),
      scales: survey.scales.map((sc) => ({ id: sc.id, points: sc.points.map((p) => ({ id: p.id, label: t.text(p.label) })) })),
      dontKnow: survey.dontKnow ? t.text(survey.dontKnow) : '',
      themes: survey.themes.map((th) => ({ id: th.id, title: t.text(th.title) })),
      items,
    },
    test: { ...course.test, questions },
  };
}
