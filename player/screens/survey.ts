import { focusQuietly, h, nextId } from '../dom.ts';
import type { Intents } from '../intents.ts';
import type { Labeller } from '../labels.ts';
import type { PlayerSurvey, PlayerSurveyItem } from '../spec/course-data.ts';

export interface SurveyView {
  survey: PlayerSurvey;
  /** Item id → scale id or text, drafts included. */
  answers: Readonly<Record<string, string>>;
  /** Submitted already: shown read-only. */
  done: boolean;
}

/**
 * The awareness survey on one page: Likert items as radio groups in fieldsets, free text as
 * textareas with a visible limit. Answers are kept as drafts while the learner types, so
 * nothing is lost before submitting.
 */
export function surveyScreen(t: Labeller, v: SurveyView, act: Intents): HTMLElement {
  const { survey, answers, done } = v;
  const errors = new Map<string, HTMLElement>();
  const fieldsets = new Map<string, HTMLElement>();

  const item = (it: PlayerSurveyItem): HTMLElement => {
    const errorId = nextId('err');
    const error = h('p', { class: 'field-error', id: errorId, hidden: true }, t('answerRequired'));
    errors.set(it.id, error);
    const tag = h('span', { class: it.required ? 'tag required' : 'tag' }, it.required ? t('required') : t('optional'));
    if (it.type === 'likert') {
      const fs = h(
        'fieldset',
        { class: 'likert', id: `item-${it.id}`, 'aria-describedby': errorId },
        h('legend', null, h('span', null, it.text), ' ', tag),
        error,
        h(
          'div',
          { class: 'scale' },
          survey.scale.map((s) =>
            h(
              'label',
              { class: 'choice' },
              h('input', {
                type: 'radio',
                name: it.id,
                value: s.id,
                checked: answers[it.id] === s.id,
                disabled: done,
                onchange: () => {
                  error.hidden = true;
                  act.draft(it.id, s.id, false);
                },
              }),
              h('span', { class: 'choice-text' }, s.label),
            ),
          ),
        ),
        // On a phone the options are one row of radios, each named by its hidden label; the two
        // ends of the scale are shown once, under the row (screen readers hear every option's
        // own label instead).
        h(
          'div',
          { class: 'scale-ends', 'aria-hidden': 'true' },
          h('span', null, survey.scale[0]?.label),
          h('span', null, survey.scale[survey.scale.length - 1]?.label),
        ),
      );
      fieldsets.set(it.id, fs);
      return fs;
    }
    const inputId = `item-${it.id}`;
    const countId = nextId('count');
    const value = answers[it.id] ?? '';
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
    const wrap = h(
      'div',
      { class: 'free-text' },
      h('label', { for: inputId }, h('span', null, it.text), ' ', tag),
      error,
      area,
      counter,
    );
    fieldsets.set(it.id, area);
    return wrap;
  };

  // Items grouped by theme, in the order of the themes; items without a theme come last.
  const body: HTMLElement[] = [];
  const groups: { title: string | undefined; items: PlayerSurveyItem[] }[] = [
    ...survey.themes.map((th) => ({ title: th.title, items: survey.items.filter((it) => it.theme === th.id) })),
    { title: t('otherItems'), items: survey.items.filter((it) => !survey.themes.some((th) => th.id === it.theme)) },
  ];
  for (const g of groups) {
    if (!g.items.length) continue;
    body.push(h('section', { class: 'survey-group' }, g.title ? h('h2', null, g.title) : null, g.items.map(item)));
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
