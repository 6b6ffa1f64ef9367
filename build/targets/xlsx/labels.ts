/**
 * The words of the Excel manuscripts that are not course content: sheet names, column
 * headers, instructions. One entry per language; `{name}` tokens are filled by `fill`.
 *
 * They live here until content/ gets a place for manuscript labels (like ui.yaml for the
 * player); the shape is flat strings so the table can move into YAML unchanged.
 */
import type { Lang } from '../../model.ts';

export interface XlsxLabels {
  /** Header of the stable-id columns that edited workbooks are matched back by. */
  id: string;
  no: string;
  theme: string;
  /** Page footer; `{page}` and `{pages}` become the page number and count. */
  page: string;
  protectionNote: string;
  idNote: string;
  howToUse: string;
  course: string;

  survey: {
    sheets: { instructions: string; survey: string; responses: string; summary: string; scale: string };
    /** Steps of the instructions sheet; `{rows}` respondents fit on the responses sheet. */
    steps: string[];
    surveyLead: string;
    item: string;
    howTo: string;
    answer: string;
    likertHowTo: string;
    textHowTo: string;
    textHowToRequired: string;
    likertPromptTitle: string;
    likertPrompt: string;
    likertError: string;
    textPromptTitle: string;
    textPrompt: string;
    textError: string;
    responsesLead: string;
    summaryTitle: string;
    threshold: string;
    thresholdError: string;
    /** How averages are computed; `{min}`, `{minLabel}`, `{max}`, `{maxLabel}`. */
    scaleNote: string;
    highlightNote: string;
    /** The row of a theme above its items; `{count}` items. */
    themeTotal: string;
    answers: string;
    average: string;
    freeText: string;
    written: string;
    noTheme: string;
    scaleTitle: string;
    scaleLead: string;
    value: string;
    label: string;
  };

  test: {
    sheets: { instructions: string; test: string; key: string };
    title: string;
    /** `{count}` questions in the bank, `{perAttempt}` drawn in the course, `{passingScore}`. */
    steps: string[];
    testLead: string;
    question: string;
    choices: string;
    howTo: string;
    answer: string;
    /** `{ids}` lists the choice ids. */
    singleHowTo: string;
    /** `{ids}` lists the choice ids, `{example}` is a valid answer with two of them. */
    multipleHowTo: string;
    /** `{labels}` lists the two labels. */
    trueFalseHowTo: string;
    answerPromptTitle: string;
    answerError: string;
    name: string;
    date: string;
    score: string;
    passingScore: string;
    result: string;
    pass: string;
    fail: string;
    correctAnswer: string;
    correctText: string;
    explanation: string;
    lesson: string;
    given: string;
    mark: string;
    keyLead: string;
    correctCount: string;
  };
}

export const xlsxLabels: Record<Lang, XlsxLabels> = {
  ja: {
    id: 'ID',
    no: 'No.',
    theme: 'テーマ',
    page: '{page} / {pages} ページ',
    protectionNote:
      '数式のあるセルは、誤って消さないようにシートの保護をかけています（パスワードなし）。文言を変えるときは、［校閲］→［シート保護の解除］で解除してください。',
    idNote:
      '「ID」の列と行は、編集したブックを講座の元データと照合するための識別子です。内容を編集しても、IDは変更・削除しないでください。',
    howToUse: 'このブックの使い方',
    course: '講座',
    survey: {
      sheets: { instructions: '説明', survey: '回答シート', responses: '回答一覧', summary: '集計', scale: '選択肢' },
      steps: [
        '「回答シート」: 回答者が1人1枚記入します。選択式の質問は「回答」欄のリストから選び、自由記述は文章で入力します。',
        '「回答一覧」: 回答を1人1行で集めます（{rows}人分）。回答シートの「回答」欄をコピーし、［形式を選択して貼り付け］→［行列を入れ替える］で貼り付けられます。',
        '「集計」: 質問別・テーマ別の平均と回答の分布を数式で計算します。平均が基準値より低いテーマと質問は色で強調されます。基準値は集計シートで変更できます。',
        '「選択肢」: 回答の選択肢と、平均を計算するときの点数です。',
      ],
      surveyLead: '「回答」欄に記入してください。選択式の質問は、セルを選ぶと表示されるリストから選びます。',
      item: '質問',
      howTo: '回答方法',
      answer: '回答',
      likertHowTo: 'リストから選択（必須）',
      textHowTo: '自由記述（任意・{max}字以内）',
      textHowToRequired: '自由記述（必須・{max}字以内）',
      likertPromptTitle: '回答の選び方',
      likertPrompt: 'リストから、いちばん近いものを1つ選んでください。',
      likertError: 'リストにある選択肢から選んでください。',
      textPromptTitle: '自由記述',
      textPrompt: '{max}字以内で入力してください。',
      textError: '{max}字以内で入力してください。',
      responsesLead: '1人1行で回答を入力します。選択式の列はリストから選びます。',
      summaryTitle: '集計',
      threshold: '強調する基準（平均がこの値未満）',
      thresholdError: '{min}から{max}までの数値を入力してください。',
      scaleNote: '平均は「{minLabel}」= {min} 〜「{maxLabel}」= {max} として計算しています。',
      highlightNote:
        '色の付いたテーマと質問は、平均が基準値を下回っています。経験をたずねる質問のように、点数が高いほど課題が大きい質問もあるため、質問文とあわせて読んでください。',
      themeTotal: 'テーマ全体（{count}問）',
      answers: '回答数',
      average: '平均',
      freeText: '自由記述',
      written: '記入数',
      noTheme: '—',
      scaleTitle: '選択肢と点数',
      scaleLead: '回答の選択肢です。集計では、この点数で平均を計算します。',
      value: '点数',
      label: '選択肢',
    },
    test: {
      sheets: { instructions: '説明', test: '確認テスト', key: '解答と解説' },
      title: '確認テスト',
      steps: [
        '「確認テスト」: 問題バンクの全{count}問です（eラーニングでは毎回{perAttempt}問を出題します）。「解答」欄に解答を入力すると、上部に得点と合否が表示されます。合格点は{passingScore}%です。',
        '解答のしかた: 1つ選ぶ問題と正誤問題は、セルを選ぶと表示されるリストから選びます。当てはまるものをすべて選ぶ問題は、記号をカンマで区切って入力します（例: a,c）。順序は問いません。',
        '「解答と解説」: 正解と解説、各問題の正誤です。受講者に配るときは、このシートを印刷しないか、非表示にしてください（削除すると採点できなくなります）。',
      ],
      testLead: '「解答」欄に解答を入力してください。得点と合否は自動で計算されます。',
      question: '問題',
      choices: '選択肢',
      howTo: '解答方法',
      answer: '解答',
      singleHowTo: '1つ選択（{ids}）',
      multipleHowTo: 'すべて選択（{ids}）。カンマ区切り（例: {example}）',
      trueFalseHowTo: '{labels} から選択',
      answerPromptTitle: '解答のしかた',
      answerError: '解答の形式が正しくありません。解答方法の欄を確認してください。',
      name: '氏名',
      date: '実施日',
      score: '得点',
      passingScore: '合格点',
      result: '結果',
      pass: '合格',
      fail: '不合格',
      correctAnswer: '正解',
      correctText: '正解の内容',
      explanation: '解説',
      lesson: 'レッスン',
      given: '解答',
      mark: '正誤',
      keyLead: '正解と解説です。「解答」「正誤」の列は「確認テスト」シートの解答から自動で計算されます（✓ 正解、✗ 不正解、空欄は未解答）。',
      correctCount: '正解数',
    },
  },
  en: {
    id: 'ID',
    no: 'No.',
    theme: 'Theme',
    page: 'Page {page} of {pages}',
    protectionNote:
      'Sheets with formulas are protected (without a password) so that formulas are not overwritten by accident. To change the wording, use Review > Unprotect Sheet.',
    idNote:
      'The "ID" columns and rows identify each item so that an edited workbook can be matched to the course sources. Edit the texts freely, but do not change or delete the IDs.',
    howToUse: 'How to use this workbook',
    course: 'Course',
    survey: {
      sheets: { instructions: 'Instructions', survey: 'Survey', responses: 'Responses', summary: 'Summary', scale: 'Scale' },
      steps: [
        '"Survey": one respondent fills in one copy. For the rating items, choose from the list in the "Answer" column; the free-text items take a few sentences.',
        '"Responses": collects the answers, one row per respondent ({rows} rows). Copy the "Answer" column of a completed survey and use Paste Special > Transpose.',
        '"Summary": computes the average and the distribution of answers per item and per theme with formulas. Themes and items whose average is below the threshold are highlighted; you can change the threshold on that sheet.',
        '"Scale": the answer options and the points used for the averages.',
      ],
      surveyLead: 'Fill in the "Answer" column. For the rating items, select the cell and choose from the list.',
      item: 'Item',
      howTo: 'How to answer',
      answer: 'Answer',
      likertHowTo: 'Choose from the list (required)',
      textHowTo: 'Free text (optional, up to {max} characters)',
      textHowToRequired: 'Free text (required, up to {max} characters)',
      likertPromptTitle: 'Your answer',
      likertPrompt: 'Choose the option closest to your view from the list.',
      likertError: 'Please choose one of the options in the list.',
      textPromptTitle: 'Free text',
      textPrompt: 'Up to {max} characters.',
      textError: 'Please keep your answer to {max} characters.',
      responsesLead: 'One row per respondent. In the rating columns, choose from the list.',
      summaryTitle: 'Summary',
      threshold: 'Highlight averages below',
      thresholdError: 'Enter a number from {min} to {max}.',
      scaleNote: 'Averages count "{minLabel}" as {min} up to "{maxLabel}" as {max}.',
      highlightNote:
        'Highlighted themes and items average below the threshold. Some items (such as those about experience of harassment) are a concern when the average is high: read each average with its item.',
      themeTotal: 'Whole theme ({count} items)',
      answers: 'Answers',
      average: 'Average',
      freeText: 'Free-text items',
      written: 'Written answers',
      noTheme: '—',
      scaleTitle: 'Answer scale',
      scaleLead: 'The answer options. The summary computes averages with these points.',
      value: 'Points',
      label: 'Option',
    },
    test: {
      sheets: { instructions: 'Instructions', test: 'Test', key: 'Answer key' },
      title: 'Confirmation test',
      steps: [
        '"Test": all {count} questions of the bank (the e-learning draws {perAttempt} for each attempt). Enter answers in the "Answer" column; the score and the result appear at the top. The passing score is {passingScore}%.',
        'How to answer: for the questions with one answer and the true/false questions, select the cell and choose from the list. For "choose all" questions, type the letters separated by commas (e.g. a,c), in any order.',
        '"Answer key": the correct answers with explanations, and whether each answer is right. Before handing the test to learners, do not print this sheet or hide it (deleting it stops the scoring).',
      ],
      testLead: 'Enter your answers in the "Answer" column. The score and the result are calculated automatically.',
      question: 'Question',
      choices: 'Choices',
      howTo: 'How to answer',
      answer: 'Answer',
      singleHowTo: 'Choose one ({ids})',
      multipleHowTo: 'Choose all that apply ({ids}), separated by commas (e.g. {example})',
      trueFalseHowTo: 'Choose {labels}',
      answerPromptTitle: 'How to answer',
      answerError: 'This answer is not in the expected form. See the "How to answer" column.',
      name: 'Name',
      date: 'Date',
      score: 'Score',
      passingScore: 'Passing score',
      result: 'Result',
      pass: 'Passed',
      fail: 'Not passed',
      correctAnswer: 'Correct',
      correctText: 'Correct answer',
      explanation: 'Explanation',
      lesson: 'Lesson',
      given: 'Answer',
      mark: 'Right?',
      keyLead: 'Correct answers and explanations. The "Answer" and "Right?" columns follow the answers on the "Test" sheet (✓ right, ✗ wrong, empty when not answered).',
      correctCount: 'Correct answers',
    },
  },
};

/** The labels of one language, or an error that says where to add them. */
export function labelsFor(lang: Lang): XlsxLabels {
  const labels = Object.hasOwn(xlsxLabels, lang) ? xlsxLabels[lang] : undefined;
  if (!labels) {
    throw new Error(
      `The Excel manuscripts have no labels for the language "${lang}" (they have ${Object.keys(xlsxLabels).join(', ')}). ` +
        `Add an entry "${lang}" to xlsxLabels in build/targets/xlsx/labels.ts with the sheet names, headers and instructions in that language.`,
    );
  }
  return labels;
}

/** Fills `{name}` tokens; a token without a value is a bug in the caller, so it throws. */
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (_, key: string) => {
    const v = values[key];
    if (v === undefined) throw new Error(`label token {${key}} has no value in "${template}"`);
    return String(v);
  });
}
