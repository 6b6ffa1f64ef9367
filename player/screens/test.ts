/**
 * The confirmation test, one screen per step: locked until every lesson is seen, its intro,
 * one question per screen with feedback, the attempt's result.
 */
import { focusQuietly, h } from '../dom.ts';
import type { Intents } from '../intents.ts';
import type { Labeller } from '../labels.ts';
import type { PlayerQuestion } from '../spec/course-data.ts';

export interface TestIntroView {
  questions: number;
  /** Pass mark in whole percent. */
  passPercent: number;
  /** Infinity when the course sets no limit. */
  attemptsLeft: number;
}

export interface QuestionView {
  question: PlayerQuestion;
  /** Position in the attempt, from 0. */
  index: number;
  total: number;
  /** The learner's answer when it was given already, and whether it is right. */
  answered: { choiceIds: string[]; correct: boolean } | null;
}

export interface AttemptResultView {
  score: number;
  passed: boolean;
  passPercent: number;
  attemptsLeft: number;
}

export function testLockedScreen(t: Labeller): HTMLElement {
  return h('div', { class: 'screen' }, h('h1', null, t('testTitle')), h('p', { class: 'notice' }, t('lockedUntilLessons')));
}

export function testIntroScreen(t: Labeller, v: TestIntroView, act: Intents): HTMLElement {
  return h(
    'div',
    { class: 'screen' },
    h('h1', null, t('testTitle')),
    h('p', null, t('testIntro', { count: v.questions })),
    h('p', null, t('passingScore', { score: v.passPercent })),
    h('p', null, attemptsText(t, v.attemptsLeft)),
    h('div', { class: 'actions' }, h('button', { type: 'button', class: 'primary', id: 'start-test', onclick: () => act.startAttempt() }, t('startTest'))),
  );
}

export function attemptResultScreen(t: Labeller, v: AttemptResultView, act: Intents): HTMLElement {
  const more = !v.passed && v.attemptsLeft > 0;
  return h(
    'div',
    { class: 'screen' },
    h('h1', null, t('testResultTitle')),
    h('p', { class: 'score' }, t('yourScore', { score: v.score })),
    h('p', { class: `verdict-box ${v.passed ? 'ok' : 'ng'}` }, v.passed ? t('passed') : t('failed')),
    h('p', null, t('passingScore', { score: v.passPercent })),
    !v.passed ? h('p', null, attemptsText(t, v.attemptsLeft)) : null,
    h(
      'div',
      { class: 'actions' },
      more ? h('button', { type: 'button', class: 'primary', id: 'retry', onclick: () => act.startAttempt() }, t('retry')) : null,
      h('button', { type: 'button', class: more ? 'secondary' : 'primary', id: 'to-results', onclick: () => act.go({ screen: 'results' }) }, t('toResults')),
    ),
  );
}

function attemptsText(t: Labeller, left: number): string {
  return left === Infinity ? t('attemptsUnlimited') : left === 0 ? t('noAttemptsLeft') : t('attemptsLeft', { count: left });
}

/**
 * "Correct" or "incorrect"; for a true-false question also what the statement is. The
 * explanation of a false statement starts by saying it is false, and after a bare "correct" that
 * read as if the learner's right answer were wrong.
 */
function verdictText(t: Labeller, q: PlayerQuestion, correct: boolean): string {
  const verdict = correct ? t('correct') : t('incorrect');
  if (q.type !== 'true-false') return verdict;
  return t(q.correct[0] === 'true' ? 'statementTrue' : 'statementFalse', { verdict });
}

export function questionScreen(t: Labeller, v: QuestionView, act: Intents): HTMLElement {
  const q = v.question;
  const multiple = q.type === 'multiple-choice';
  const name = `q-${q.id}`;

  const inputs = q.choices.map((c) =>
    h('input', { type: multiple ? 'checkbox' : 'radio', name, value: c.id, id: `${name}-${c.id}`, checked: !!v.answered?.choiceIds.includes(c.id), disabled: !!v.answered }),
  );
  const rows = q.choices.map((c, i) =>
    h('div', { class: 'choice-row' }, inputs[i]!, h('label', { for: `${name}-${c.id}`, class: 'choice-label', html: c.html })),
  );
  const hint = h('p', { class: 'hint', id: 'q-hint' }, multiple ? t('chooseAll') : t('chooseOne'));
  const feedback = h('div', { class: 'feedback', role: 'status', 'aria-live': 'polite' });
  const actions = h('div', { class: 'actions' });
  const check = h('button', { type: 'button', class: 'primary', id: 'check' }, t('checkAnswer'));

  const showResult = (answer: string[], correct: boolean) => {
    for (const input of inputs) input.disabled = true;
    q.choices.forEach((c, i) => {
      const marks: string[] = [];
      if (q.correct.includes(c.id)) marks.push(t('correctAnswer'));
      if (answer.includes(c.id)) marks.push(t('yourAnswer'));
      rows[i]!.classList.toggle('is-correct', q.correct.includes(c.id));
      rows[i]!.classList.toggle('is-wrong', answer.includes(c.id) && !q.correct.includes(c.id));
      if (marks.length) rows[i]!.appendChild(h('span', { class: 'mark' }, marks.join(' · ')));
    });
    feedback.className = `feedback ${correct ? 'ok' : 'ng'}`;
    feedback.append(h('p', { class: 'verdict' }, verdictText(t, q, correct)), h('div', { class: 'prose', html: q.feedbackHtml }));
    const next = h(
      'button',
      { type: 'button', class: 'primary', id: 'next-question', onclick: () => act.nextQuestion() },
      v.index === v.total - 1 ? t('seeScore') : t('nextQuestion'),
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
    focusQuietly(showResult(answer, act.answer(q.id, answer)));
  });

  if (v.answered) showResult(v.answered.choiceIds, v.answered.correct);
  else actions.appendChild(check);

  return h(
    'div',
    { class: 'screen question-screen' },
    h('p', { class: 'eyebrow' }, t('testTitle')),
    h('h1', null, t('questionOf', { n: v.index + 1, total: v.total })),
    h('div', { class: 'question prose', id: 'q-text', html: q.html }),
    h('fieldset', { class: 'choices', 'aria-labelledby': 'q-text', 'aria-describedby': 'q-hint' }, hint, rows),
    feedback,
    actions,
  );
}
