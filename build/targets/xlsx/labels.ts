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
    sheets: { instructions: string; survey: string; responses: string; summary: string; options: string };
    /** Steps of the instructions sheet: the two ways of collecting answers, then the sheets; `{rows}` respondents fit on the responses sheet. */
    steps: string[];
    surveyLead: string;
    item: string;
    howTo: string;
    answer: string;
    likertHowTo: string;
    /** A Likert item that offers "don't know": `{dontKnow}` is its label. */
    likertDontKnowHowTo: string;
    /** Differs from `likertHowTo`: the importer tells a new row's kind by it. */
    choiceHowTo: string;
    choiceHowToRequired: string;
    /** A select-all item; `{example}` is an answer of two letters. Its options follow, one per line. */
    multipleHowTo: string;
    multipleHowToRequired: string;
    textHowTo: string;
    textHowToRequired: string;
    likertPromptTitle: string;
    likertPrompt: string;
    choicePrompt: string;
    likertError: string;
    multiplePromptTitle: string;
    /** `{letters}` lists the item's letters. */
    multiplePrompt: string;
    multipleError: string;
    textPromptTitle: string;
    textPrompt: string;
    textError: string;
    /** The theme column of a segment question, when ui.yaml has no `aboutYou`. */
    segment: string;
    /** Beside the survey form: the cell taking a row number of the responses sheet. */
    respondentNo: string;
    /** Header of the column that shows that row's answers. */
    recorded: string;
    /** `{rows}` rows on the responses sheet. */
    respondentPrompt: string;
    respondentError: string;
    responsesLead: string;
    summaryTitle: string;
    /** Labels of the two editable thresholds, on the score. */
    weakThreshold: string;
    strongThreshold: string;
    /** `{min}`, `{max}`. */
    thresholdError: string;
    /** How the score is computed. */
    scoreNote: string;
    /** How "don't know" is counted; `{dontKnow}` is its label. */
    dontKnowNote: string;
    highlightNote: string;
    /** Shown when a theme holds items of both directions. */
    reversedNote: string;
    /** Heading of one scale's table; `{first}`, `{last}` its end points, `{count}` points. */
    scaleTable: string;
    /** The row of a theme above its items; `{count}` items. */
    themeTotal: string;
    answers: string;
    average: string;
    good: string;
    goodHigh: string;
    goodLow: string;
    score: string;
    assessment: string;
    strength: string;
    weakness: string;
    /** Heading of the choice items' table. */
    choiceTable: string;
    share: string;
    /** In the share column of a select-all item: the shares add up to more than 100%. */
    multipleShare: string;
    /** Header of the column that marks the segment questions, and its mark. */
    segmentColumn: string;
    segmentYes: string;
    freeText: string;
    written: string;
    noTheme: string;
    optionsTitle: string;
    optionsLead: string;
    /** A scale's group row; `{first}`, `{last}`, `{count}`. */
    scaleGroup: string;
    /** The departments' group row. */
    departments: string;
    /** A choice item's group row; `{n}` its number, `{text}`. */
    itemOptions: string;
    value: string;
    label: string;
    /** Header of the column naming the list a row belongs to (a scale, the departments, an item). */
    list: string;
  };

  test: {
    sheets: { instructions: string; test: string; key: string; scoring: string };
    title: string;
    /** Title of the trainer's workbook. */
    trainerTitle: string;
    /** The learner's workbook. `{count}` questions in the bank, `{passingScore}`. */
    steps: string[];
    /**
     * The trainer's workbook. `{count}`, `{perAttempt}` drawn in the course, `{passingScore}`,
     * `{learnerFile}` the learner's workbook, `{answers}` its answer cells, `{paste}` where they go.
     */
    trainerSteps: string[];
    /** The trainer's workbook's first paragraph; `{learnerFile}`. */
    trainerIntro: string;
    testLead: string;
    handIn: string;
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
    explanation: string;
    lesson: string;
    /** An answer as the marking reads it. */
    readAs: string;
    mark: string;
    keyLead: string;
    scoringLead: string;
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
      sheets: { instructions: '説明', survey: '回答シート', responses: '回答一覧', summary: '集計', options: '選択肢' },
      steps: [
        '回答の集め方は2通りです。どちらの場合も、回答は「回答一覧」に1人1行で記録し（{rows}人分）、「集計」はそこから計算します。',
        '紙で集める: 「回答シート」を人数分印刷して配り、回収した用紙の回答を「回答一覧」の1行に1人ずつ入力します。「回答シート」右上の「回答一覧のNo.」に行の番号を入れると、その行の内容が「回答一覧の記録」列に表示されるので、用紙と照合できます。',
        'ファイルで集める: 回答者が、このブックのコピーの「回答シート」の「回答」欄に記入して返送します。「回答」欄をコピーし、「回答一覧」の空いている行に［形式を選択して貼り付け］→［行列を入れ替える］で貼り付けます。回答者が「回答一覧」の1行に直接入力してもかまいません。',
        '答え方: 選択式の質問は、セルを選ぶと表示されるリストから選びます。「あてはまるものをすべて」選ぶ質問は、選択肢の記号（a、b、c…）をカンマで区切って入力します（例: a,c）。「わからない」は回答数・平均・スコアには含めず、別の列で数えます。',
        '「集計」: 評定の質問は尺度ごとの表に、回答数、平均、スコア、回答の分布をまとめます。テーマと質問には「良い方向」（高いほど良い／低いほど良い）があり、スコア（0〜100、100が良い側）で「強み」（緑）と「課題」（赤）を示します。基準値は集計シートで変更できます。選択式の質問は選択肢ごとの人数と割合を、「あなたについて」の質問（集計の区分）は印を付けて示します。',
        '「選択肢」: すべてのリストの選択肢と、平均の点数、選択肢の記号です。ここで選択肢の文言を変えると、リストと集計に反映されます。編集したブックを取り込むと、変更した文言が講座に反映されます。',
      ],
      surveyLead: '「回答」欄に記入してください。選択式の質問は、セルを選ぶと表示されるリストから選びます。',
      item: '質問',
      howTo: '回答方法',
      answer: '回答',
      likertHowTo: 'リストから選択（必須）',
      likertDontKnowHowTo: 'リストから選択（必須）。わからないときは「{dontKnow}」',
      choiceHowTo: 'リストから1つ選択（任意）',
      choiceHowToRequired: 'リストから1つ選択（必須）',
      multipleHowTo: 'あてはまるものをすべて（任意）。記号をカンマ区切りで（例: {example}）',
      multipleHowToRequired: 'あてはまるものをすべて（必須）。記号をカンマ区切りで（例: {example}）',
      textHowTo: '自由記述（任意・{max}字以内）',
      textHowToRequired: '自由記述（必須・{max}字以内）',
      likertPromptTitle: '回答の選び方',
      likertPrompt: 'リストから、いちばん近いものを1つ選んでください。',
      choicePrompt: 'リストから、あてはまるものを1つ選んでください。',
      likertError: 'リストにある選択肢から選んでください。',
      multiplePromptTitle: 'あてはまるものをすべて',
      multiplePrompt: '選択肢の記号（{letters}）を、カンマで区切って入力してください。',
      multipleError: '選択肢の記号とカンマだけで入力してください（例: a,c）。',
      textPromptTitle: '自由記述',
      textPrompt: '{max}字以内で入力してください。',
      textError: '{max}字以内で入力してください。',
      segment: 'あなたについて',
      respondentNo: '回答一覧のNo.（照合用）',
      recorded: '回答一覧の記録',
      respondentPrompt: '「回答一覧」の行の番号（1〜{rows}）を入れると、その行の回答が下に表示されます。',
      respondentError: '1から{rows}までの番号を入力してください。',
      responsesLead: '1人1行で回答を入力します。選択式の列はリストから選びます。',
      summaryTitle: '集計',
      weakThreshold: '課題（赤）: スコアがこの値未満',
      strongThreshold: '強み（緑）: スコアがこの値以上',
      thresholdError: '{min}から{max}までの数値を入力してください。',
      scoreNote: 'スコアは、平均を0〜100に置き換えた値です。すべての回答が良い側の端なら100、反対側の端なら0になります（「良い方向」が「低いほど良い」の項目は、低い回答ほど高いスコアです）。',
      dontKnowNote: '「{dontKnow}」は回答数・平均・スコアに含めず、別の列で数えています。',
      highlightNote:
        '「良い方向」が「高いほど良い」の項目は平均が高いほど、「低いほど良い」の項目（経験をたずねる質問など）は平均が低いほど良い状態です。「評価」と色は、それぞれの方向で読んだスコアによります。',
      reversedNote: 'テーマと「良い方向」が異なる質問は、テーマの行では回答を逆向きに数えています。',
      scaleTable: '尺度「{first}」〜「{last}」（{count}段階）の質問',
      themeTotal: 'テーマ全体（{count}問）',
      answers: '回答数',
      average: '平均',
      good: '良い方向',
      goodHigh: '高いほど良い',
      goodLow: '低いほど良い',
      score: 'スコア',
      assessment: '評価',
      strength: '強み',
      weakness: '課題',
      choiceTable: '選択式の質問',
      share: '割合',
      multipleShare: '複数回答',
      segmentColumn: '集計の区分',
      segmentYes: '○',
      freeText: '自由記述',
      written: '記入数',
      noTheme: '—',
      optionsTitle: '選択肢',
      optionsLead: 'リストの選択肢です。文言は変更できます（リストと集計に反映されます）。点数は平均の計算に、記号は「あてはまるものをすべて」選ぶ質問の回答に使います。「リスト」と「ID」の列は変更しないでください。',
      scaleGroup: '尺度: 「{first}」〜「{last}」（{count}段階）',
      departments: '部門',
      itemOptions: '質問{n}: {text}',
      value: '点数・記号',
      label: '選択肢',
      list: 'リスト',
    },
    test: {
      sheets: { instructions: '説明', test: '確認テスト', key: '解答と解説', scoring: '採点' },
      title: '確認テスト',
      trainerTitle: '確認テスト 講師用（解答と採点）',
      steps: [
        '「確認テスト」: 全{count}問です。上部に氏名と実施日を記入し、「解答」欄に解答を入力してください。',
        '解答のしかた: 1つ選ぶ問題と正誤問題は、セルを選ぶと表示されるリストから選びます。当てはまるものをすべて選ぶ問題は、記号をカンマで区切って入力します（例: a,c）。順序は問いません。',
        '解答が終わったらブックを保存して、講師に提出してください。採点は講師が行います。合格点は{passingScore}%です。',
      ],
      trainerSteps: [
        '「解答と解説」: 問題バンクの全{count}問の選択肢、正解、解説、関連するレッスンです（eラーニングでは毎回{perAttempt}問を出題します）。',
        '「採点」: 受講者から提出されたブックの「確認テスト」シートの「解答」欄（{answers}）をコピーし、「採点」シートのセル{paste}に貼り付けます。問題の並びは同じです。手で入力してもかまいません。各問題の正誤、正解数、得点、合否（合格点{passingScore}%）が自動で表示されます。',
        '次の受講者を採点するときは、「解答」欄を消してから貼り付けるか、「採点」シートをコピーして使ってください。',
        '正解を「解答と解説」で書き換えると、「採点」はその正解で採点します。',
      ],
      trainerIntro:
        'このブックは講師用です。正解と解説が入っているので、受講者には配らないでください。受講者には、正解を含まない「{learnerFile}」を配ります。',
      testLead: '「解答」欄に解答を入力してください。',
      handIn: '解答が終わったらブックを保存して、講師に提出してください。',
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
      explanation: '解説',
      lesson: 'レッスン',
      readAs: '読み取り',
      mark: '正誤',
      keyLead: 'すべての問題の選択肢、正解、解説です。「採点」シートは、この「正解」の列で採点します。',
      scoringLead: '受講者の解答を「解答」列に貼り付けるか入力すると、正誤と得点が計算されます（✓ 正解、✗ 不正解、空欄は未解答）。',
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
      sheets: { instructions: 'Instructions', survey: 'Survey', responses: 'Responses', summary: 'Summary', options: 'Options' },
      steps: [
        'There are two ways to collect answers. Either way, the "Responses" sheet records one respondent per row ({rows} rows), and the "Summary" computes from there.',
        'On paper: print the "Survey" sheet, hand out one copy per person, and type each returned form into one row of "Responses". To check a row against its form, type the row\'s No. into "Respondent No." at the top right of the "Survey" sheet: the "Recorded in Responses" column then shows that row.',
        'As files: each respondent fills in the "Answer" column of the "Survey" sheet in a copy of this workbook and returns it. Copy that column and paste it into a free row of "Responses" with Paste Special > Transpose. Respondents may also type their answers straight into a row of "Responses".',
        'How to answer: for the rating and choice items, select the cell and choose from the list. For "select all that apply" items, type the letters of the options (a, b, c…) separated by commas (e.g. a,c). "Don\'t know" is counted in a column of its own, never in the answers, the average or the score.',
        '"Summary": the rating items in one table per scale, with the number of answers, the average, the score and the distribution. Each theme and item has a direction that is good (high or low); the score (0 to 100, 100 at the good end) marks strengths (green) and weaknesses (red). You can change the thresholds on that sheet. The choice items show how many chose each option and the share; the questions about the respondent (breakdowns) are marked.',
        '"Options": the options of every list, the points of the averages and the letters of the options. Change an option\'s wording here and the lists and the summary follow; import the edited workbook to bring the new wording into the course.',
      ],
      surveyLead: 'Fill in the "Answer" column. For the rating and choice items, select the cell and choose from the list.',
      item: 'Item',
      howTo: 'How to answer',
      answer: 'Answer',
      likertHowTo: 'Choose from the list (required)',
      likertDontKnowHowTo: 'Choose from the list (required); "{dontKnow}" if you do not know',
      choiceHowTo: 'Choose one from the list (optional)',
      choiceHowToRequired: 'Choose one from the list (required)',
      multipleHowTo: 'Select all that apply (optional): the letters, separated by commas (e.g. {example})',
      multipleHowToRequired: 'Select all that apply (required): the letters, separated by commas (e.g. {example})',
      textHowTo: 'Free text (optional, up to {max} characters)',
      textHowToRequired: 'Free text (required, up to {max} characters)',
      likertPromptTitle: 'Your answer',
      likertPrompt: 'Choose the option closest to your view from the list.',
      choicePrompt: 'Choose the option that applies from the list.',
      likertError: 'Please choose one of the options in the list.',
      multiplePromptTitle: 'Select all that apply',
      multiplePrompt: 'Type the letters of the options that apply ({letters}), separated by commas.',
      multipleError: 'Please type only the letters of the options and commas (e.g. a,c).',
      textPromptTitle: 'Free text',
      textPrompt: 'Up to {max} characters.',
      textError: 'Please keep your answer to {max} characters.',
      segment: 'About you',
      respondentNo: 'Respondent No. (to check a row)',
      recorded: 'Recorded in Responses',
      respondentPrompt: 'Type the No. of a row of "Responses" (1 to {rows}) to show its answers below.',
      respondentError: 'Enter a number from 1 to {rows}.',
      responsesLead: 'One row per respondent. In the rating and choice columns, choose from the list.',
      summaryTitle: 'Summary',
      weakThreshold: 'Weakness (red): score below',
      strongThreshold: 'Strength (green): score at least',
      thresholdError: 'Enter a number from {min} to {max}.',
      scoreNote: 'The score is the average on a scale of 0 to 100: 100 when every answer is at the good end, 0 when every answer is at the other end (for items where low is good, lower answers give a higher score).',
      dontKnowNote: '"{dontKnow}" is counted in a column of its own and is not in the answers, the average or the score.',
      highlightNote:
        'For items where high is good, a high average is good; for items where low is good (such as experience of harassment), a low average is good. "Assessment" and the colours read each item\'s score, which follows its direction.',
      reversedNote: "Items whose direction differs from their theme's are counted the other way round in the theme's row.",
      scaleTable: 'Items on the scale "{first}" to "{last}" ({count} points)',
      themeTotal: 'Whole theme ({count} items)',
      answers: 'Answers',
      average: 'Average',
      good: 'Good when',
      goodHigh: 'High',
      goodLow: 'Low',
      score: 'Score',
      assessment: 'Assessment',
      strength: 'Strength',
      weakness: 'Weakness',
      choiceTable: 'Choice items',
      share: 'Share',
      multipleShare: 'Multiple answers',
      segmentColumn: 'Breakdown',
      segmentYes: 'Yes',
      freeText: 'Free-text items',
      written: 'Written answers',
      noTheme: '—',
      optionsTitle: 'Answer options',
      optionsLead: 'The options of the lists. You can change their wording: the lists and the summary follow. The points are used for the averages, the letters to answer "select all that apply" items. Do not change the "List" and "ID" columns.',
      scaleGroup: 'Scale: "{first}" to "{last}" ({count} points)',
      departments: 'Departments',
      itemOptions: 'Item {n}: {text}',
      value: 'Points or letter',
      label: 'Option',
      list: 'List',
    },
    test: {
      sheets: { instructions: 'Instructions', test: 'Test', key: 'Answer key', scoring: 'Scoring' },
      title: 'Confirmation test',
      trainerTitle: "Confirmation test: trainer's workbook (answer key and scoring)",
      steps: [
        '"Test": {count} questions. Enter your name and the date at the top, and your answers in the "Answer" column.',
        'How to answer: for the questions with one answer and the true/false questions, select the cell and choose from the list. For "choose all" questions, type the letters separated by commas (e.g. a,c), in any order.',
        'When you have finished, save the workbook and hand it in to your trainer, who scores it. The passing score is {passingScore}%.',
      ],
      trainerSteps: [
        '"Answer key": the choices, the correct answer, the explanation and the lesson of all {count} questions of the bank (the e-learning draws {perAttempt} for each attempt).',
        '"Scoring": copy the "Answer" column of the "Test" sheet in a learner\'s completed workbook ({answers}) and paste it into cell {paste} of the "Scoring" sheet; the questions are in the same order. You can also type the answers. Each answer is marked, and the number right, the score and the result (passing score {passingScore}%) appear by formula.',
        'To score the next learner, clear the "Answer" column and paste again, or work on a copy of the "Scoring" sheet.',
        'The "Scoring" sheet marks against the "Correct" column of the "Answer key": change an answer there and the scoring follows.',
      ],
      trainerIntro:
        'This workbook is for trainers: it holds the correct answers and explanations, so do not hand it to learners. Learners get "{learnerFile}", which holds no answers.',
      testLead: 'Enter your answers in the "Answer" column.',
      handIn: 'When you have finished, save the workbook and hand it in to your trainer.',
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
      explanation: 'Explanation',
      lesson: 'Lesson',
      readAs: 'Read as',
      mark: 'Right?',
      keyLead: 'The choices, correct answer and explanation of every question. The "Scoring" sheet marks answers against the "Correct" column.',
      scoringLead: 'Paste or type a learner\'s answers into the "Answer" column: each is marked, and the score and result appear above (✓ right, ✗ wrong, empty when not answered).',
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
