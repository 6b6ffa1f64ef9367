import type { App } from '../app.ts';
import type { PlayerQuestion } from '../course-data.ts';
import { h } from '../dom.ts';
import * as rules from '../rules.ts';

/** The confirmation test: intro, one question per screen with feedback, the attempt's result. */
export function testScreen(app: App): HTMLElement {
  const s = app.state.test;
  if (!rules.testOpen(app.course, app.state)) return locked(app);
  if (s.attempt === 0) return intro(app);
  if (s.done && s.answers.length === s.drawn.length && !app.showingLastFeedback) return attemptResult(app);
  return question(app);
}

function startAttempt(app: App): void {
  const t = app.state.test;
  t.attempt += 1;
  t.drawn = rules.drawQuestions(app.course);
  t.answers = [];
  t.index = 0;
  t.done = false;
  app.go({ screen: 'test' });
}

function locked(app: App): HTMLElement {
  return h('div', { class: 'screen' }, h('h1', null, app.t('testTitle')), h('p', { class: 'notice' }, app.t('lockedUntilLessons')));
}

function intro(app: App): HTMLElement {
  const { t, course } = app;
  const count = Math.min(course.test.questionsPerAttempt, course.test.questions.length);
  return h(
    'div',
    { class: 'screen' },
    h('h1', null, t('testTitle')),
    h('p', null, t('testIntro', { count })),
    h('p', null, t('passingScore', { score: Math.round(app.threshold * 100) })),
    h('p', null, attemptsText(app)),
    h('div', { class: 'actions' }, h('button', { type: 'button', class: 'primary', id: 'start-test', onclick: () => startAttempt(app) }, t('startTest'))),
  );
}

function attemptsText(app: App): string {
  const left = rules.attemptsLeft(app.course, app.state);
  return left === Infinity ? app.t('attemptsUnlimited') : left === 0 ? app.t('noAttemptsLeft') : app.t('attemptsLeft', { count: left });
}

function question(app: App): HTMLElement {
  const { t, course, state } = app;
  const s = state.test;
  const q = course.test.questions.find((x) => x.id === s.drawn[s.index])!;
  const multiple = q.type === 'multiple-choice';
  const answered: string[] | undefined = s.answers[s.index];
  const shownAt = Date.now();
  const name = `q-${q.id}`;

  const inputs = q.choices.map((c) =>
    h('input', { type: multiple ? 'checkbox' : 'radio', name, value: c.id, id: `${name}-${c.id}`, checked: !!answered?.includes(c.id), disabled: !!answered }),
  );
  const rows = q.choices.map((c, i) =>
    h('div', { class: 'choice-row' }, inputs[i]!, h('label', { for: `${name}-${c.id}`, class: 'choice-label', html: c.html })),
  );
  const hint = h('p', { class: 'hint', id: 'q-hint' }, multiple ? t('chooseAll') : t('chooseOne'));
  const feedback = h('div', { class: 'feedback', role: 'status', 'aria-live': 'polite' });
  const actions = h('div', { class: 'actions' });
  const check = h('button', { type: 'button', class: 'primary', id: 'check' }, t('checkAnswer'));
  const last = s.index === s.drawn.length - 1;

  const showResult = (answer: string[]) => {
    for (const input of inputs) input.disabled = true;
    const correct = rules.isCorrect(q, answer);
    q.choices.forEach((c, i) => {
      const marks: string[] = [];
      if (q.correct.includes(c.id)) marks.push(t('correctAnswer'));
      if (answer.includes(c.id)) marks.push(t('yourAnswer'));
      rows[i]!.classList.toggle('is-correct', q.correct.includes(c.id));
      rows[i]!.classList.toggle('is-wrong', answer.includes(c.id) && !q.correct.includes(c.id));
      if (marks.length) rows[i]!.appendChild(h('span', { class: 'mark' }, marks.join(' · ')));
    });
    feedback.className = `feedback ${correct ? 'ok' : 'ng'}`;
    feedback.append(
      h('p', { class: 'verdict' }, correct ? t('correct') : t('incorrect')),
      h('div', { class: 'prose', html: q.feedbackHtml }),
    );
    const next = h(
      'button',
      {
        type: 'button',
        class: 'primary',
        id: 'next-question',
        onclick: () => {
          app.showingLastFeedback = false;
          if (last) app.go({ screen: 'test' });
          else {
            s.index += 1;
            app.go({ screen: 'test' });
          }
        },
      },
      last ? t('seeScore') : t('nextQuestion'),
    );
    actions.textContent = '';
    actions.appendChild(next);
    return next;
  };

  check.addEventListener('click', () => {
    const answer = inputs.filter((i) => i.checked).map((i) => i.value);
    if (answer.length === 0) {
      feedback.className = 'feedback';
      feedback.textContent = t('chooseAnswer');
      return;
    }
    feedback.textContent = '';
    recordAnswer(app, q, answer, shownAt);
    showResult(answer).focus();
  });

  if (answered) showResult(answered);
  else actions.appendChild(check);

  return h(
    'div',
    { class: 'screen question-screen' },
    h('p', { class: 'eyebrow' }, `${t('testTitle')}`),
    h('h1', null, t('questionOf', { n: s.index + 1, total: s.drawn.length })),
    h('div', { class: 'question prose', id: 'q-text', html: q.html }),
    h('fieldset', { class: 'choices', 'aria-labelledby': 'q-text', 'aria-describedby': 'q-hint' }, hint, rows),
    feedback,
    actions,
  );
}

function recordAnswer(app: App, q: PlayerQuestion, answer: string[], shownAt: number): void {
  const s = app.state.test;
  const now = Date.now();
  const correct = rules.isCorrect(q, answer);
  app.record({
    id: `test.a${s.attempt}.${q.id}`,
    kind: q.type === 'true-false' ? 'true-false' : 'choice',
    description: q.description,
    response: answer,
    correct: q.correct,
    result: correct ? 'correct' : 'incorrect',
    weighting: 1,
    answeredAt: now,
    latencyMs: now - shownAt,
  });
  s.answers[s.index] = answer;
  if (s.answers.length === s.drawn.length) {
    // The attempt is scored as soon as its last answer is given, so closing the window on
    // the feedback screen loses nothing.
    const score = rules.attemptScore(app.course, app.state);
    s.done = true;
    s.scores = [...s.scores, score].slice(-5);
    s.best = s.best === null ? score : Math.max(s.best, score);
    app.showingLastFeedback = true;
    app.reportResult();
  }
  app.save();
  // Every answer is committed; the learner hears "saved" once the attempt's score is safe.
  app.commit(s.done);
}

function attemptResult(app: App): HTMLElement {
  const { t, course, state } = app;
  const score = state.test.scores[state.test.scores.length - 1] ?? 0;
  const passed = Math.round(score * 100) >= Math.round(app.threshold * 10000);
  const left = rules.attemptsLeft(course, state);
  return h(
    'div',
    { class: 'screen' },
    h('h1', null, t('testResultTitle')),
    h('p', { class: 'score' }, t('yourScore', { score })),
    h('p', { class: `verdict-box ${passed ? 'ok' : 'ng'}` }, passed ? t('passed') : t('failed')),
    h('p', null, t('passingScore', { score: Math.round(app.threshold * 100) })),
    !passed ? h('p', null, attemptsText(app)) : null,
    h(
      'div',
      { class: 'actions' },
      !passed && left > 0 ? h('button', { type: 'button', class: 'primary', id: 'retry', onclick: () => startAttempt(app) }, t('retry')) : null,
      h('button', { type: 'button', class: passed || left === 0 ? 'primary' : 'secondary', id: 'to-results', onclick: () => app.go({ screen: 'results' }) }, t('toResults')),
    ),
  );
}
