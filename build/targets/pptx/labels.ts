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
    appendixNote: '講師用の資料です。このあとのスライドは非表示に設定してあり、スライドショーには表示されません。正解はスライドに、解説はノートにあります。',
    question: '問題{n}',
    explanation: '解説',
    listSeparator: '、',
    answerLine: '{label}：{letters}',
    correctMark: ' ✓',
    item: '・{text}',
    sourceWhere: '：{where}',
    topicSeparator: '／',
    studyTimeNotes: '所要時間は約{minutes}分です。レッスンが約{lessonMinutes}分、確認テストが約{testMinutes}分、意識調査が約{surveyMinutes}分です。',
    agendaNotes: 'レッスンごとに学ぶこと：',
    agendaLesson: '{n}. {title}（約{minutes}分）：{topics}',
    agendaAfter: 'レッスンの前に意識調査に答え、レッスンのあとに確認テスト（{passingScore}%以上で合格）を受けます。',
    goalsNotes: 'このレッスンの目標です。受講者が次のことをできるようになります。',
    lessonCovers: 'このレッスンで扱うこと：{topics}',
    sourcesNotes: 'このレッスンの事実（定義、日付、数値）は、このスライドの出典によるものです。内容を確かめるときや受講者に聞かれたときは、出典の原文を確認してください。URLのない出典は、発行者と日付で探せます。',
    closingNotes: '最後に、困ったときの相談先をもう一度示して締めくくります。',
    surveyAppendixTitle: '付録：意識調査の質問',
    surveyAppendixNote: '講師用の資料です。このあとのスライドは非表示に設定してあり、スライドショーには表示されません。受講者がレッスンの前に答える質問と、それぞれの選択肢です。',
    surveyAppendixNotes:
      '意識調査の全{count}問を、受講画面と同じまとまりで載せています。各質問の下の行は、その質問の選択肢です。研修で回答を集めるときは、意識調査のExcelブックを使ってください。質問や選択肢の文言を変えるときも、そのブックを編集して取り込みます。',
    surveyDontKnowNotes: '「{dontKnow}」は尺度の外の回答で、平均には含めず、別に数えます。',
    surveySlide: '意識調査：{title}',
    surveyNotes: 'このまとまりの質問です。受講者は、各質問の下に示した選択肢から答えます。',
    answerSeparator: '／',
    dontKnowSeparator: '　｜　',
    surveySelectAll: '複数選択：',
    surveyFreeText: '自由記述（{max}字以内）',
    appendixNotes:
      '確認テストの問題バンクの全{total}問を、1問1枚で載せています。正解はスライドに印を付けて示し、解説はノートにあります。確認テストは1回につき{perAttempt}問をこのバンクから出題し、{passingScore}%以上で合格です。テストのあとの振り返りや、研修での話し合いに使ってください。スライドショーで見せるときは、そのスライドの非表示を解除します（PowerPointでは、スライドを右クリックして［スライドを非表示にする］をオフにします）。',
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
    appendixNote: 'For trainers. The slides that follow are hidden and do not appear in the slide show. Each shows its correct answer; the explanation is in the notes.',
    question: 'Question {n}',
    explanation: 'Explanation',
    listSeparator: ', ',
    answerLine: '{label}: {letters}',
    correctMark: ' ✓',
    item: '• {text}',
    sourceWhere: ': {where}',
    topicSeparator: '; ',
    studyTimeNotes: 'The course takes about {minutes} minutes in all: about {lessonMinutes} min for the lessons, {testMinutes} min for the confirmation test and {surveyMinutes} min for the awareness survey.',
    agendaNotes: 'What each lesson covers:',
    agendaLesson: '{n}. {title} (about {minutes} min): {topics}',
    agendaAfter: 'Before the lessons, learners answer the awareness survey; after them comes the confirmation test (pass mark {passingScore}%).',
    goalsNotes: 'The goals of this lesson. Afterwards, learners can:',
    lessonCovers: 'This lesson covers: {topics}',
    sourcesNotes: 'The facts of this lesson (definitions, dates, figures) come from the sources on this slide. To check one, or when learners ask, read the source itself; a source without an address can be found by its publisher and date.',
    closingNotes: 'Close by showing once more where to get help.',
    surveyAppendixTitle: 'Appendix: awareness survey items',
    surveyAppendixNote: 'For trainers. The slides that follow are hidden and do not appear in the slide show. They show the items learners answer before the lessons, each with its answers.',
    surveyAppendixNotes:
      'The {count} items of the awareness survey, grouped as learners see them in the course. The line under each item lists the answers it offers. To collect answers in a session, use the awareness survey workbook; to change the wording of an item or an answer, edit that workbook and import it.',
    surveyDontKnowNotes: '"{dontKnow}" stands outside the scale: it never counts in an average and is counted apart.',
    surveySlide: 'Awareness survey: {title}',
    surveyNotes: 'The items of this group. Learners answer each from the options shown under it.',
    answerSeparator: ' / ',
    dontKnowSeparator: '  |  ',
    surveySelectAll: 'Select all that apply: ',
    surveyFreeText: 'Free text (up to {max} characters)',
    appendixNotes:
      "The {total} questions of the confirmation test's bank, one per slide: the correct answer is marked on the slide, the explanation is in the notes. Each attempt draws {perAttempt} of them; the pass mark is {passingScore}%. Use them to go over the test afterwards or to discuss a case in a session. To show one in the slide show, unhide it (in PowerPoint, right-click the slide and turn off Hide Slide).",
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
  aboutYou: 'About you',
  otherItems: 'Your comments',
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
