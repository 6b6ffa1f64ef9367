import type { App } from '../app.ts';
import type { PlayerSurveyItem } from '../course-data.ts';
import { h, nextId } from '../dom.ts';

/**
 * The awareness survey on one page: Likert items as radio groups in fieldsets, free text as
 * textareas with a visible limit. Answers are kept as drafts while the learner types, so
 * nothing is lost before submitting; submitting records every item with the LMS.
 */
export function surveyScreen(app: App): HTMLElement {
  const { course, t, state } = app;
  const survey = course.survey;
  const done = state.survey.done;
  const shownAt = Date.now();
  const errors = new Map<string, HTMLElement>();
  const fieldsets = new Map<string, HTMLElement>();
  let draftTimer: ReturnType<typeof setTimeout> | undefined;

  const keepDraft = (id: string, value: string, later: boolean) => {
    state.survey.answers[id] = value;
    clearTimeout(draftTimer);
    if (later) draftTimer = setTimeout(() => app.save(), 600);
    else app.save();
  };

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
                checked: state.survey.answers[it.id] === s.id,
                disabled: done,
                onchange: () => {
                  error.hidden = true;
                  keepDraft(it.id, s.id, false);
                },
              }),
              h('span', null, s.label),
            ),
          ),
        ),
      );
      fieldsets.set(it.id, fs);
      return fs;
    }
    const inputId = `item-${it.id}`;
    const countId = nextId('count');
    const value = state.survey.answers[it.id] ?? '';
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
        keepDraft(it.id, area.value, true);
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
    const missing = survey.items.filter((it) => it.required && !(state.survey.answers[it.id] ?? '').trim());
    for (const [id, err] of errors) err.hidden = !missing.some((m) => m.id === id);
    if (missing.length) {
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
                    fieldsets.get(m.id)?.querySelector<HTMLElement>('input')?.focus() ?? fieldsets.get(m.id)?.focus();
                  },
                },
                m.text,
              ),
            ),
          ),
        ),
      );
      summary.hidden = false;
      summary.focus();
      return;
    }
    const now = Date.now();
    for (const it of survey.items) {
      const answer = (state.survey.answers[it.id] ?? '').trim();
      app.record({
        id: `survey.${it.id}`,
        kind: it.type === 'likert' ? 'likert' : it.maxLength <= 250 ? 'fill-in' : 'long-fill-in',
        description: it.text,
        response: answer === '' ? [] : [answer],
        result: 'neutral',
        weighting: 1,
        answeredAt: now,
        latencyMs: now - shownAt,
      });
    }
    state.survey.done = true;
    app.save();
    app.commit(true);
    app.go(app.nextPlace());
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
          ? h('button', { type: 'button', class: 'primary', onclick: () => app.go(app.nextPlace()) }, t('continue'))
          : h('button', { type: 'submit', class: 'primary', id: 'submit-survey' }, t('submitSurvey')),
      ),
    ),
  );
}
