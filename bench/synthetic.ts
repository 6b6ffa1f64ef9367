/**
 * A synthetic course of any size, for the scaling series: the fixture course's settings,
 * survey and labels, with `slides` slides in lessons of ten, in Japanese and English, and one
 * question for every five slides.
 */
import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../build/paths.ts';

const fixture = path.join(projectRoot, 'test', 'fixtures', 'minimal');

const pad = (n: number, w = 4) => String(n).padStart(w, '0');

export function generateCourse(dir: string, slides: number): { lessons: number; questions: number } {
  fs.mkdirSync(dir, { recursive: true });
  for (const f of ['course.yaml', 'ui.yaml', 'survey.yaml']) fs.copyFileSync(path.join(fixture, f), path.join(dir, f));
  const lessons = Math.ceil(slides / 10);
  for (const lang of ['ja', 'en']) {
    const folder = path.join(dir, 'lessons', lang);
    fs.mkdirSync(folder, { recursive: true });
    for (let l = 1; l <= lessons; l++) {
      const count = Math.min(10, slides - (l - 1) * 10);
      const body = Array.from({ length: count }, (_, i) => slide(lang, l, i + 1)).join('\n');
      const title = lang === 'ja' ? `第${l}章` : `Lesson ${l}`;
      fs.writeFileSync(path.join(folder, `${pad(l)}-lesson.md`), `---\nid: l${pad(l)}\ntitle: ${title}\norder: ${l}\nsources: [mhlw_manual]\n---\n\n${body}`);
    }
  }
  const questions = Math.max(2, Math.round(slides / 5));
  const q = Array.from({ length: questions }, (_, i) => {
    const lesson = `l${pad(Math.min(lessons, Math.floor(i / 2) + 1))}`;
    return [
      `  - id: q_${pad(i + 1)}`,
      `    type: single-choice`,
      `    lesson: ${lesson}`,
      `    text: { ja: "設問${i + 1}：正しいものはどれですか。", en: "Question ${i + 1}: which one is right?" }`,
      `    choices:`,
      `      - { id: a, text: { ja: 記録を残して上司に相談する, en: Keep a record and consult your manager }, correct: true }`,
      `      - { id: b, text: { ja: 一人で対応を続ける, en: Keep handling it alone } }`,
      `      - { id: c, text: { ja: その場で要求に応じる, en: Give in to the demand at once } }`,
      `    feedback: { ja: 一人で抱え込まず、組織で対応します。, en: Nobody handles it alone; the organisation responds. }`,
    ].join('\n');
  });
  fs.writeFileSync(path.join(dir, 'questions.yaml'), `questions:\n${q.join('\n')}\n`);
  return { lessons, questions };
}

function slide(lang: string, lesson: number, n: number): string {
  const id = `s${pad(n, 2)}`;
  if (lang === 'ja') {
    return [
      `## 要点 ${lesson}-${n} {#${id}}`,
      '',
      '- 要求の内容が妥当かどうか',
      '- 要求の手段や態様が社会通念上相当かどうか',
      '- {{org.companyName}}では一人で対応しません',
      '',
      '::: narration',
      'カスタマーハラスメントかどうかは、要求の内容の妥当性と、手段や態様の相当性の二つの観点から判断します。'.repeat(2),
      ':::',
      '',
    ].join('\n');
  }
  return [
    `## Key point ${lesson}-${n} {#${id}}`,
    '',
    '- Whether the demand itself is reasonable',
    '- Whether the means and manner are socially acceptable',
    '- At {{org.companyName}} nobody handles this alone',
    '',
    '::: narration',
    'Whether conduct is customer harassment is judged from two angles: whether the demand is reasonable, and whether the means and manner of making it are acceptable. '.repeat(2).trim(),
    ':::',
    '',
  ].join('\n');
}
