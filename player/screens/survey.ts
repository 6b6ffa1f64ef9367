import { focusQuietly, h, nextId } from '../dom.ts';
import type { Intents } from '../intents.ts';
import type { Labeller } from '../labels.ts';
import { DONT_KNOW, type PlayerOption, type PlayerSurvey, type PlayerSurveyItem } from '../spec/course-data.ts';
import { scalePoints, type SurveyAnswer } from '../survey.ts';

export interface SurveyView {
  survey: PlayerSurvey;
  /** Item id → point id, option ids or text, drafts included. */
  answers: Readonly<Record<string, SurveyAnswer>>;
  /** Submitted already: shown read-only. */
  done: boolean;
}

type Item<T extends PlayerSurveyItem['type']> = PlayerSurveyItem & { type: T };

/**
 * The awareness survey on one page: Likert items as radio groups in fieldsets, each with its own
 * scale and, set apart after it, "don't know" where the item offers it; choice items as radio
 * buttons or checkboxes (select all that apply) in fieldsets; free text as textareas with a
 * visible limit. The questions about the learner come under a heading of their own. Answers are
 * kept as drafts while the learner works, so nothing is lost before submitting.
 */
export function surveyScreen(t: Labeller, v: SurveyView, act: Intents): HTMLElement {
  const { survey, answers, done } = v;
  const errors = new Map<string, HTMLElement>();
  const fieldsets = new Map<string, HTMLElement>();

  /** One radio or checkbox with its label. */
  const option = (name: string, type: 'radio' | 'checkbox', o: PlayerOption, checked: boolean, onchange: () => void, cls = 'choice') =>
    h(
      'label',
      { class: cls },
      h('input', { type, name, value: o.id, checked, disabled: done, onchange }),
      h('span', { class: 'choice-text' }, o.label),
    );

  const likert = (it: Item<'likert'>, legend: HTMLElement, error: HTMLElement, errorId: string): HTMLElement => {
    const points = scalePoints(survey, it);
    const pick = (id: string) => () => {
      error.hidden = true;
      act.draft(it.id, id, false);
    };
    const offersDontKnow = it.dontKnow && survey.dontKnow !== '';
    return h(
      'fieldset',
      { class: 'likert', id: `item-${it.id}`, 'aria-describedby': errorId, 'data-points': points.length },
      legend,
      error,
      h(
        'div',
        { class: 'answers' },
        h('div', { class: 'scale' }, points.map((p) => option(it.id, 'radio', p, answers[it.id] === p.id, pick(p.id)))),
        // On a phone the points are one row of radios, each named by its hidden label; the two
        // ends of the scale are shown once, under the row (screen readers hear every option's
        // own label instead).
        h('div', { class: 'scale-ends', 'aria-hidden': 'true' }, h('span', null, points[0]?.label), h('span', null, points[points.length - 1]?.label)),
        // "Don't know" is no point of the scale: it stands apart, with its label always shown.
        offersDontKnow
          ? h('div', { class: 'dont-know' }, option(it.id, 'radio', { id: DONT_KNOW, label: survey.dontKnow }, answers[it.id] === DONT_KNOW, pick(DONT_KNOW)))
          : null,
      ),
    );
  };

  const choice = (it: Item<'choice'>, legend: HTMLElement, error: HTMLElement, errorId: string): HTMLElement => {
    const given = answers[it.id];
    const chosen = Array.isArray(given) ? given : typeof given === 'string' ? [given] : [];
    const fs: HTMLElement = h(
      'fieldset',
      { class: it.multiple ? 'choice-item multiple' : 'choice-item', id: `item-${it.id}`, 'aria-describedby': errorId },
      legend,
      error,
      h(
        'div',
        { class: 'options' },
        it.options.map((o) =>
          option(it.id, it.multiple ? 'checkbox' : 'radio', o, chosen.includes(o.id), () => {
            error.hidden = true;
            // The ids in the order the item offers them, whatever order they were ticked in.
            const ticked = [...fs.querySelectorAll<HTMLInputElement>('input:checked')].map((x) => x.value);
            act.draft(it.id, ticked, false);
          }),
        ),
      ),
    );
    return fs;
  };

  const freeText = (it: Item<'text'>, tag: HTMLElement, error: HTMLElement, errorId: string): HTMLElement => {
    const inputId = `item-${it.id}`;
    const countId = nextId('count');
    const given = answers[it.id];
    const value = typeof given === 'string' ? given : '';
    const counter = h('p', { class: 'counter', id: countId }, t('charCount', { count: value.length, max: it.maxLength }));
    const area = h('textarea', {
      id: inputId,
      name: it.id,
      rows: 4,
      maxlength: it.maxLength,
      disabled: done,
      'aria-describedby': `${countId} ${errorId}`,
      oninput: () => {
        counter.textContent = t('charCount', { count: area.value.length, max: it.maxLength });
        error.hidden = true;
        act.draft(it.id, area.value, true);
      },
    });
    area.value = value;
    fieldsets.set(it.id, area);
    return h('div', { class: 'free-text' }, h('label', { for: inputId }, h('span', null, it.text), ' ', tag), error, area, counter);
  };

  const item = (it: PlayerSurveyItem): HTMLElement => {
    const errorId = nextId('err');
    const error = h('p', { class: 'field-error', id: errorId, hidden: true }, t('answerRequired'));
    errors.set(it.id, error);
    const tag = h('span', { class: it.required ? 'tag required' : 'tag' }, it.required ? t('required') : t('optional'));
    if (it.type === 'text') return freeText(it, tag, error, errorId);
    const legend = h('legend', null, h('span', null, it.text), ' ', tag);
    const fs = it.type === 'likert' ? likert(it, legend, error, errorId) : choice(it, legend, error, errorId);
    fieldsets.set(it.id, fs);
    return fs;
  };

  // Items grouped by theme, in the order of the themes; then the questions about the learner
  // (segment questions, which the organisation report breaks results down by); items of no
  // theme come last.
  const segment = (it: PlayerSurveyItem) => it.type === 'choice' && it.segment;
  const themed = (it: PlayerSurveyItem) => !segment(it) && survey.themes.some((th) => th.id === it.theme);
  const body: HTMLElement[] = [];
  const groups: { title: string; className: string; items: PlayerSurveyItem[] }[] = [
    ...survey.themes.map((th) => ({ title: th.title, className: 'survey-group', items: survey.items.filter((it) => !segment(it) && it.theme === th.id) })),
    { title: t('aboutYou'), className: 'survey-group about-you', items: survey.items.filter(segment) },
    { title: t('otherItems'), className: 'survey-group', items: survey.items.filter((it) => !segment(it) && !themed(it)) },
  ];
  for (const g of groups) {
    if (!g.items.length) continue;
    body.push(h('section', { class: g.className }, h('h2', null, g.title), g.items.map(item)));
  }

  const summary = h('div', { class: 'error-summary', tabindex: '-1', hidden: true });

  const submit = (e: Event) => {
    e.preventDefault();
    const missing = act.submitSurvey();
    // Nothing missing: the survey is recorded and the player has moved on.
    if (!missing.length) return;
    for (const [id, err] of errors) err.hidden = !missing.some((m) => m.id === id);
    summary.textContent = '';
    summary.append(
      h('h2', null, t('surveyErrors', { count: missing.length })),
      h(
        'ul',
        null,
        missing.map((m) =>
          h(
            'li',
            null,
            h(
              'a',
              {
                href: `#item-${m.id}`,
                onclick: (ev: Event) => {
                  ev.preventDefault();
                  const field = fieldsets.get(m.id);
                  const target = field?.querySelector<HTMLElement>('input') ?? field;
                  if (target) focusQuietly(target);
                },
              },
              m.text,
            ),
          ),
        ),
      ),
    );
    summary.hidden = false;
    focusQuietly(summary);
  };

  return h(
    'div',
    { class: 'screen survey-screen' },
    h('h1', null, survey.title),
    h('div', { class: 'prose', html: survey.introHtml }),
    done ? h('p', { class: 'notice ok' }, t('surveySubmitted')) : null,
    summary,
    h(
      'form',
      { novalidate: true, onsubmit: submit },
      body,
      h(
        'div',
        { class: 'actions' },
        done
          ? h('button', { type: 'button', class: 'primary', onclick: () => act.resume() }, t('continue'))
          : h('button', { type: 'submit', class: 'primary', id: 'submit-survey' }, t('submitSurvey')),
      ),
    ),
  );
}
