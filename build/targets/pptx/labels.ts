/**
 * Words the manuscript adds around the course's own text. A course can override any of them in
 * ui.yaml under the key `pptx_<name>` (e.g. `pptx_closingTitle`); labels the player already has
 * (`contents`, `estimatedTime`, `sourcesTitle`, `correctAnswer`…) are taken from ui.yaml as they
 * are. Languages without a built-in entry fall back to English.
 */
import type { Course, Lang } from '../../model.ts';

const builtIn = {
  ja: {
    lesson: 'レッスン{n}',
    lessonMinutes: '約{minutes}分',
    agendaMinutes: '（約{minutes}分）',
    closingTitle: '困ったときの相談先',
    consultationDesk: '相談窓口',
    consultationContact: '連絡先',
    policy: '方針',
    appendixTitle: '付録：確認テストの問題と正解',
    appendixNote: '講師用の資料です。このあとのスライドは非表示に設定してあり、スライドショーには表示されません。正解と解説はノートにあります。',
    question: '問題{n}',
    explanation: '解説',
    listSeparator: '、',
  },
  en: {
    lesson: 'Lesson {n}',
    lessonMinutes: 'about {minutes} min',
    agendaMinutes: ' (about {minutes} min)',
    closingTitle: 'Where to get help',
    consultationDesk: 'Consultation desk',
    consultationContact: 'Contact',
    policy: 'Policy',
    appendixTitle: 'Appendix: confirmation test questions and answers',
    appendixNote: 'For trainers. The slides that follow are hidden and do not appear in the slide show. The correct answers and explanations are in the notes.',
    question: 'Question {n}',
    explanation: 'Explanation',
    listSeparator: ', ',
  },
} as const;

export type LabelName = keyof (typeof builtIn)['en'];

/** Labels the player also uses; read from ui.yaml, with an English fallback. */
const fromUi = {
  contents: 'Contents',
  estimatedTime: 'Estimated time: about {minutes} minutes',
  sourcesTitle: 'Sources',
  correctAnswer: 'Correct answer',
  chooseOne: 'Choose one answer.',
  chooseAll: 'Choose all answers that apply.',
  survey: 'Awareness survey',
  test: 'Confirmation test',
} as const;

export type UiLabelName = keyof typeof fromUi;

export interface Labels {
  get(name: LabelName | UiLabelName, values?: Record<string, string | number>): string;
}

export function labels(course: Course, lang: Lang): Labels {
  const own = (builtIn as Record<string, Record<LabelName, string>>)[lang] ?? builtIn.en;
  return {
    get(name, values = {}) {
      const ui = course.ui[name in fromUi ? name : `pptx_${name}`]?.[lang];
      const text = ui ?? (name in fromUi ? fromUi[name as UiLabelName] : own[name as LabelName]);
      return text.replace(/\{(\w+)\}/g, (m, k: string) => (k in values ? String(values[k]) : m));
    },
  };
}
