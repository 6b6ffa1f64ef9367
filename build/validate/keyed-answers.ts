/**
 * Test-wise learners pick the longest option when they do not know the answer. If the keyed
 * answer is the longest one too often, the test rewards that habit instead of what the course
 * teaches, and its scores stop telling who learned.
 */
import path from 'node:path';
import { textFor } from '../course/localize.ts';
import { displayWidth, plainText } from '../markdown/index.ts';
import type { Course, Lang, Localized, Question, SourcePos } from '../model.ts';

/**
 * The keyed answer may be the longest option in at most one single-choice question of
 * `toleratedOneIn` (a third): with three or four options, chance alone makes it the longest in
 * a quarter to a third of them; more than that is a cue. Counted in whole numbers, so exactly
 * a third is never taken for more by a rounding error.
 */
const toleratedOneIn = 3;

/** How many of the questions a message names; the rest are counted. */
const named = 3;

export interface KeyedAnswerProblem {
  rule: 'KeyedAnswerLongest';
  lang: Lang;
  pos: SourcePos;
  message: string;
}

/**
 * The single-choice questions whose keyed answer is strictly the longest option in `lang`, by
 * the display width of the text the learner reads (placeholders filled, Markdown dropped), so
 * that a kanji weighs as much as two Latin letters.
 */
export function keyedAnswerLongest(course: Course, lang: Lang): { singleChoice: Question[]; longest: Question[] } {
  const t = textFor(course, lang);
  const width = (text: Localized) => displayWidth(plainText(t.text(text)));
  const singleChoice = course.questions.filter((q) => q.type === 'single-choice');
  const longest = singleChoice.filter((q) => {
    const key = q.choices.find((c) => c.correct);
    if (!key) return false;
    const others = q.choices.filter((c) => c !== key).map((c) => width(c.text));
    return others.length > 0 && width(key.text) > Math.max(...others);
  });
  return { singleChoice, longest };
}

/** One problem per language where the keyed answer is the longest option in more than a third of the single-choice questions. */
export function keyedAnswerProblems(course: Course): KeyedAnswerProblem[] {
  const problems: KeyedAnswerProblem[] = [];
  const where = (q: Question) => `${path.relative(course.contentDir, q.pos.file) || q.pos.file}:${q.pos.line}`;
  for (const { code: lang } of course.languages) {
    const { singleChoice, longest } = keyedAnswerLongest(course, lang);
    if (longest.length * toleratedOneIn <= singleChoice.length) continue;
    const listed = longest.slice(0, named).map((q) => `${q.id} (${where(q)})`);
    const more = longest.length - listed.length;
    problems.push({
      rule: 'KeyedAnswerLongest',
      lang,
      pos: longest[0]!.pos,
      message:
        `In "${lang}" the correct answer is the longest option in ${longest.length} of ${singleChoice.length} single-choice questions, more than a third: ` +
        `${listed.join(', ')}${more ? ` and ${more} more` : ''}. Learners who pick the longest option score without knowing the answer.`,
    });
  }
  return problems;
}
