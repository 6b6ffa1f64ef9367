/**
 * Every word the organisation report's three outputs print that the Report does not carry,
 * in Japanese and English. A language without its own labels gets the English ones.
 */
import type { InputFormat } from '../model.ts';

export interface ReportLabels {
  reportTitle: string;
  course: string;
  edition: string;
  retiredEdition: string;
  respondents: string;
  attemptsLatest: string;
  attemptsAll: string;
  minGroupSize: (n: number) => string;
  // sheets and sections
  summary: string;
  themes: string;
  items: string;
  groups: string;
  freeText: string;
  respondentsSheet: string;
  test: string;
  inputs: string;
  notes: string;
  // columns
  rank: string;
  theme: string;
  score: string;
  n: string;
  dontKnow: string;
  dontKnowShare: string;
  lessons: string;
  item: string;
  answer: string;
  count: string;
  share: string;
  goodEnd: string;
  good: Record<'high' | 'low', string>;
  choiceItem: string;
  grouping: string;
  group: string;
  allRespondents: string;
  code: string;
  name: string;
  email: string;
  attempt: string;
  file: string;
  format: string;
  submissions: string;
  lesson: string;
  question: string;
  facility: string;
  discrimination: string;
  testAttempts: string;
  passed: string;
  noLesson: string;
  noScore: string;
  // phrases
  fewerThan: (n: number) => string;
  suppressedGroups: (groups: string, n: number) => string;
  weakestThemes: string;
  addressedIn: string;
  scoreOutOf: (score: string) => string;
  moreInWorkbook: (n: number) => string;
  noAnswers: string;
  /** Lessons none of whose questions the analysed attempts drew. */
  notDrawn: (lessons: string) => string;
  answerCount: (n: number) => string;
  shareCorrect: string;
  shareCorrectByLesson: string;
  questionsTable: string;
  howMade: string;
  distributionOf: (theme: string) => string;
  chartDescription: (items: number) => string;
  scaleFromTo: (from: string, to: string) => string;
  contents: string;
  page: string;
  formats: Record<InputFormat, string>;
  /** How the score and the indices are read: printed in the notes. */
  readingGuide: string[];
  readingGuideTitle: string;
}

const ja: ReportLabels = {
  reportTitle: '組織レポート：意識調査と確認テストの結果',
  course: '講座',
  edition: '調査の版',
  retiredEdition: '（旧版）',
  respondents: '回答者数',
  attemptsLatest: '各受講者の最新の受講回のみを集計',
  attemptsAll: 'すべての受講回を集計',
  minGroupSize: (n) => `回答者が${n}人未満のまとまりは数値を表示しない`,
  summary: 'まとめ',
  themes: 'テーマ別',
  items: '設問別',
  groups: 'グループ比較',
  freeText: '自由記述',
  respondentsSheet: '回答者',
  test: '確認テスト',
  inputs: '入力ファイル',
  notes: '注記',
  rank: '順位',
  theme: 'テーマ',
  score: 'スコア（0〜100）',
  n: '回答者数',
  dontKnow: 'わからない',
  dontKnowShare: '「わからない」の割合',
  lessons: '扱うレッスン',
  item: '設問',
  answer: '回答',
  count: '人数',
  share: '割合',
  goodEnd: '望ましい方向',
  good: { high: '高いほど望ましい', low: '低いほど望ましい' },
  choiceItem: '選択式（方向なし）',
  grouping: '区分',
  group: 'グループ',
  allRespondents: '全体',
  code: '回答者コード',
  name: '氏名',
  email: 'メールアドレス',
  attempt: '受講回',
  file: 'ファイル',
  format: '形式',
  submissions: '記録数',
  lesson: 'レッスン',
  question: '問題',
  facility: '正答率',
  discrimination: '識別指数',
  testAttempts: 'テストの受験数',
  passed: '合格者数',
  noLesson: '（レッスン不明）',
  noScore: '—',
  fewerThan: (n) => `${n}人未満`,
  suppressedGroups: (groups, n) => `${groups}：回答者が${n}人未満のため表示していません`,
  weakestThemes: '課題の大きいテーマ（スコアの低い順に3つ）',
  addressedIn: '扱うレッスン',
  scoreOutOf: (s) => `${s} / 100`,
  moreInWorkbook: (n) => `ほか${n}件はワークブックの「自由記述」シートにあります`,
  noAnswers: '回答なし',
  notDrawn: (lessons) => `分析した受講回で出題されなかったレッスン：${lessons}`,
  answerCount: (n) => `回答${n}件`,
  shareCorrect: '正答率',
  shareCorrectByLesson: 'レッスン別の正答率',
  questionsTable: '問題別の正答率と識別指数',
  howMade: 'このレポートについて',
  distributionOf: (t) => `回答の分布：${t}`,
  chartDescription: (n) => `設問${n}問の回答の分布を示す100%積み上げ横棒グラフ。数値は直後の表にあります。`,
  scaleFromTo: (a, b) => `${a} → ${b}`,
  contents: '目次',
  page: 'ページ',
  formats: {
    'moodle-interactions-text': 'Moodle 操作レポート（テキスト）',
    'moodle-interactions-xlsx': 'Moodle 操作レポート（Excel）',
    'moodle-interactions-ods': 'Moodle 操作レポート（ODS）',
    'moodle-backup': 'Moodle バックアップ（.mbz）',
    'survey-workbook': '意識調査ワークブック',
    xapi: 'xAPI ステートメント',
  },
  readingGuideTitle: '結果の読み方',
  readingGuide: [
    'スコアは各設問の回答の平均を0〜100に換算したもので、100が望ましい側です。「低いほど望ましい」設問（被害の経験など）は向きを反転して換算しています。',
    '「わからない」はスコアに含めず、別に割合を示しています。',
    '正答率は、その問題に解答した受験のうち正解した割合です。識別指数は、その問題の得点と残りの問題の得点との相関で、Moodle の小テスト統計と同じ考え方です。0.3 以上が目安で、0 に近いか負の値の問題は見直しの候補です。',
    '自由記述は並べ替えて掲載しており、回答者とは結び付けていません。',
  ],
};

const en: ReportLabels = {
  reportTitle: 'Organisation report: awareness survey and test results',
  course: 'Course',
  edition: 'Survey edition',
  retiredEdition: ' (retired)',
  respondents: 'Respondents',
  attemptsLatest: "Each learner's latest attempt only",
  attemptsAll: 'Every attempt',
  minGroupSize: (n) => `Groups with fewer than ${n} respondents show no numbers`,
  summary: 'Summary',
  themes: 'Themes',
  items: 'Items',
  groups: 'Groups',
  freeText: 'Free text',
  respondentsSheet: 'Respondents',
  test: 'Test',
  inputs: 'Inputs',
  notes: 'Notes',
  rank: 'Rank',
  theme: 'Theme',
  score: 'Score (0–100)',
  n: 'Respondents',
  dontKnow: "Don't know",
  dontKnowShare: '"Don\'t know" share',
  lessons: 'Lessons that address it',
  item: 'Item',
  answer: 'Answer',
  count: 'Count',
  share: 'Share',
  goodEnd: 'Favourable end',
  good: { high: 'Higher is better', low: 'Lower is better' },
  choiceItem: 'Choice (no direction)',
  grouping: 'Grouping',
  group: 'Group',
  allRespondents: 'All respondents',
  code: 'Code',
  name: 'Name',
  email: 'Email',
  attempt: 'Attempt',
  file: 'File',
  format: 'Format',
  submissions: 'Records',
  lesson: 'Lesson',
  question: 'Question',
  facility: 'Facility',
  discrimination: 'Discrimination',
  testAttempts: 'Test attempts',
  passed: 'Passed',
  noLesson: '(lesson unknown)',
  noScore: '—',
  fewerThan: (n) => `fewer than ${n}`,
  suppressedGroups: (groups, n) => `${groups}: fewer than ${n} respondents, not shown`,
  weakestThemes: 'The three weakest themes',
  addressedIn: 'Addressed in',
  scoreOutOf: (s) => `${s} / 100`,
  moreInWorkbook: (n) => `and ${n} more in the workbook's "Free text" sheet`,
  noAnswers: 'No answers',
  notDrawn: (lessons) => `No question of these lessons was drawn in the attempts analysed: ${lessons}`,
  answerCount: (n) => `${n} answer${n === 1 ? '' : 's'}`,
  shareCorrect: 'Share correct',
  shareCorrectByLesson: 'Share correct by lesson',
  questionsTable: 'Facility and discrimination per question',
  howMade: 'How this report was made',
  distributionOf: (t) => `Distribution of answers: ${t}`,
  chartDescription: (n) => `100% stacked horizontal bars showing how respondents answered ${n} item${n === 1 ? '' : 's'}. The numbers are in the table that follows.`,
  scaleFromTo: (a, b) => `${a} → ${b}`,
  contents: 'Contents',
  page: 'Page',
  formats: {
    'moodle-interactions-text': 'Moodle Interactions report (text)',
    'moodle-interactions-xlsx': 'Moodle Interactions report (Excel)',
    'moodle-interactions-ods': 'Moodle Interactions report (ODS)',
    'moodle-backup': 'Moodle backup (.mbz)',
    'survey-workbook': 'Awareness survey workbook',
    xapi: 'xAPI statements',
  },
  readingGuideTitle: 'How to read the results',
  readingGuide: [
    "A score is the mean answer of an item on 0–100, where 100 is the favourable end. Items where lower is better (such as experience of harassment) are turned round before they are scored.",
    '"Don\'t know" never counts towards a score; its share is shown apart.',
    "Facility is the share of attempts that answered a question correctly. Discrimination is the correlation between a question's score and the score of the rest of the attempt, as in Moodle's quiz statistics: 0.3 or more is good; near zero or negative marks a question to review.",
    'Free-text answers are sorted and never shown beside who wrote them.',
  ],
};

export function reportLabels(lang: string): ReportLabels {
  return lang === 'ja' ? ja : en;
}
