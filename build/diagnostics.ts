/**
 * Diagnostics are data: every check adds to one list, the build reports them all and fails
 * only after everything has been checked. Rule ids are permanent names (see `catalog`).
 */
import path from 'node:path';
import { displayWidth } from './markdown/index.ts';

export type Severity = 'error' | 'warning';

export interface Related {
  file: string;
  line: number;
  column: number;
  message: string;
}

export interface Diagnostic {
  rule: RuleId;
  severity: Severity;
  file: string;
  line: number;
  column: number;
  message: string;
  hint: string;
  related: Related[];
}

/**
 * The catalog of problems the build can report. Each entry says what to do about it; the
 * message at the report site says what happened.
 */
export const catalog = {
  MissingSourceFile: { severity: 'error', hint: 'Create the file; content/README.md shows a complete example.' },
  // Reading the files (build/assets.ts, build/load/text.ts): what cannot be read as a source at all.
  SymbolicLink: { severity: 'error', hint: 'Put the file or folder itself in the course folder (copy it instead of linking to it); the build never follows links, so it never reads outside the course folder.' },
  UnreadableFile: { severity: 'error', hint: 'Keep only ordinary files in the course folder, readable by the user who runs the build.' },
  InvalidFileName: { severity: 'error', hint: 'Rename the file with letters, digits, - and _ only (e.g. 02-typical-acts.md); a name with control characters or bytes that are not UTF-8 is not read.' },
  LessonFileIgnored: { severity: 'error', hint: 'Put each lesson in lessons/<lang>/ and end its name in .md (lower case), e.g. lessons/en/02-typical-acts.md.' },
  SourceFileTooLarge: { severity: 'error', hint: 'A source file holds at most 1 MB of text; split a long lesson into several lessons, and keep pictures and other binary files out of lessons/.' },
  InvalidEncoding: { severity: 'error', hint: 'Save the file as UTF-8 (in most editors: Save As… → Encoding → UTF-8); a file saved as Shift_JIS, Windows-1252 or UTF-16 shows this.' },
  ControlCharacter: {
    severity: 'error',
    hint: 'Delete the invisible character at the caret (often pasted from a PDF, a terminal or a word processor); it would end up raw in the PowerPoint manuscript, which then does not open.',
  },
  LineTooLong: { severity: 'error', hint: 'Break the line: in Markdown a single line break does not end a paragraph; in YAML write a long text as a block (`key: >` and the text indented on the lines below).' },
  BlankRun: { severity: 'error', hint: 'Delete the run of spaces or tabs at the caret (often pasted from a PDF or a spreadsheet); lay text out with Markdown lists and tables instead.' },
  YamlSyntax: { severity: 'error', hint: 'Fix the YAML syntax at the caret (indentation, a missing colon, an unclosed quote).' },
  YamlNesting: { severity: 'error', hint: 'Close the [ or { that is left open (everything after it is nested inside it), or write the value as indented lines instead.' },
  YamlAlias: { severity: 'error', hint: 'Write the values out instead of repeating them through aliases (&name … *name); the course files need few aliases, if any.' },
  UnknownKey: { severity: 'error', hint: 'Remove the key or fix its spelling; content/README.md lists the keys each file accepts.' },
  MissingKey: { severity: 'error', hint: 'Add the key; content/README.md shows a complete example.' },
  WrongType: { severity: 'error', hint: 'Change the value to the expected kind (text, number, list or map).' },
  InvalidValue: { severity: 'error', hint: 'Use one of the values content/README.md documents for this key.' },
  UnknownQuestionType: { severity: 'error', hint: 'Use single-choice, multiple-choice or true-false.' },
  InvalidId: {
    severity: 'error',
    hint: 'Ids are sent to the LMS: use a lower-case letter first, then a-z, 0-9 or _, ending in a letter or digit (e.g. q_phone_01).',
  },
  DuplicateLessonId: { severity: 'error', hint: 'Give each lesson its own id; ids never change once published.' },
  DuplicateSlideId: { severity: 'error', hint: 'Give each slide of a lesson its own id in `## Title {#id}`.' },
  DuplicateQuestionId: { severity: 'error', hint: 'Give each question its own id; LMS reports group answers by it.' },
  DuplicateChoiceId: { severity: 'error', hint: 'Give each choice of the question its own id (a, b, c…).' },
  DuplicateSurveyItemId: { severity: 'error', hint: 'Give each survey item its own id; LMS reports group answers by it.' },
  DuplicateThemeId: { severity: 'error', hint: 'Give each survey theme its own id.' },
  DuplicateScaleId: { severity: 'error', hint: 'Give each scale its own id, and each point its own id across all the scales (s1…s5, f1…f4): a response names its point alone.' },
  DuplicateOptionId: { severity: 'error', hint: 'Give each option of the list its own id (a department, an answer of a choice item); ids never change once published.' },
  ReservedPointId: { severity: 'error', hint: 'Rename the point (s1…s5): `dk` is the answer "don\'t know", which an item offers with `dontKnow: true` and reports apart from the scale.' },
  MissingScale: { severity: 'error', hint: 'Name the item\'s scale, e.g. `scale: agreement`: with more than one scale under `scales`, each Likert item says which it uses.' },
  UnknownScale: { severity: 'error', hint: 'Name a scale defined under `scales` in survey.yaml, or add it there.' },
  UnknownOptionList: { severity: 'error', hint: 'Write `optionsFrom: departments` with a `departments` list in course.yaml (or the variant\'s variant.yaml), or list the item\'s own `options`.' },
  TooFewOptions: { severity: 'error', hint: 'Give a choice item at least two options; for `optionsFrom: departments`, list at least two departments.' },
  TooManyOptions: {
    severity: 'error',
    hint: 'Keep a survey item to at most 36 answers (a scale with "don\'t know" to 35 points): SCORM 1.2 sends each answer as one character, 0-9 or a-z. Group the departments, or split the item.',
  },
  DuplicateLanguage: { severity: 'error', hint: 'List each language once in course.yaml.' },
  MissingCorrectAnswer: { severity: 'error', hint: 'Mark the right choice with `correct: true`.' },
  TooManyCorrectAnswers: { severity: 'error', hint: 'A single-choice question has exactly one `correct: true`; use multiple-choice otherwise.' },
  AllChoicesCorrect: { severity: 'warning', hint: 'A question where every choice is correct tests nothing; make at least one choice wrong.' },
  ChoicesOnTrueFalse: { severity: 'error', hint: 'A true-false question has `answer: true` or `answer: false` and no `choices`.' },
  MissingAnswer: { severity: 'error', hint: 'Add `answer: true` or `answer: false`.' },
  MissingChoices: { severity: 'error', hint: 'Give a choice question 2 to 6 choices.' },
  MissingTranslation: { severity: 'error', hint: 'Add the text for every language listed in course.yaml.' },
  UnknownLanguage: { severity: 'error', hint: 'Add the language to `languages` in course.yaml, or remove the text.' },
  LessonMissingInLanguage: { severity: 'error', hint: 'Every language has the same lessons: add the lesson file for the missing language.' },
  LessonMismatch: { severity: 'error', hint: 'The files of one lesson in different languages must agree on order and sources.' },
  SlideMissingInLanguage: { severity: 'error', hint: 'Every language has the same slides with the same ids in the same order.' },
  SlideOrderMismatch: { severity: 'error', hint: 'Put the slides in the same order in every language.' },
  MissingFrontMatter: { severity: 'error', hint: 'Start the lesson with a `---` block holding id, title, order and sources.' },
  TextBeforeFirstSlide: { severity: 'error', hint: 'Start every slide with `## Title {#slide_id}`; move or delete the text above the first one.' },
  MissingSlideId: { severity: 'error', hint: 'End the slide heading with its id, e.g. `## Typical acts {#typical}`.' },
  NoSlides: { severity: 'error', hint: 'Add at least one slide: `## Title {#slide_id}` followed by content and narration.' },
  MissingNarration: { severity: 'error', hint: 'Add a `::: narration` … `:::` block with the text read aloud for this slide.' },
  EmptyNarration: { severity: 'error', hint: 'Write the narration between `::: narration` and `:::`.' },
  DuplicateNarration: { severity: 'error', hint: 'Merge the narration into one `::: narration` block per slide.' },
  UnclosedNarration: { severity: 'error', hint: 'Close the narration with a line holding only `:::`.' },
  EmptySlide: { severity: 'error', hint: 'Put the on-screen content of the slide above its narration.' },
  // Visual blocks and pictures in lessons (build/markdown/visual.ts).
  BlockShape: { severity: 'error', hint: 'Write the block in its shape; content/README.md ("Visual blocks") shows each with an example.' },
  UnknownIcon: { severity: 'error', hint: 'Use an icon name of the lucide set (https://lucide.dev/icons, e.g. :phone: or :shield-check:), or write a literal colon as \\:.' },
  ImageWithoutAlt: { severity: 'error', hint: 'Describe the picture between the brackets: ![what the picture shows](images/file.png). Learners who cannot see it hear this text.' },
  ImageNotFound: { severity: 'error', hint: 'Put the picture in the course folder under images/ and write its path from there, e.g. ![…](images/desk.png); pictures from the web are not shown (the package makes no requests).' },
  ImageFormat: { severity: 'error', hint: 'Save the picture as PNG or JPEG; other formats do not show in every LMS browser and in PowerPoint alike.' },
  ImageTooLarge: { severity: 'warning', hint: 'Make the picture smaller (at most 1,600 px wide, JPEG for photos): every learner downloads it with the package.' },
  // Recorded narration (build/validate/audio.ts): audio/<lang>/<lesson>/<slide>.m4a|mp3|ogg.
  AudioWithoutSlide: { severity: 'error', hint: 'Name the file after the slide it narrates, audio/<lang>/<lesson id>/<slide id>.m4a (ids as in `## Title {#slide_id}` and the lesson\'s front matter), or delete it.' },
  AudioFormat: { severity: 'error', hint: 'Export the recording as M4A (AAC), MP3 or Ogg (Opus) and give it the matching extension, e.g. ffmpeg -i take.wav -c:a aac -b:a 64k policy.m4a; WAV, AIFF and WMA do not play in every LMS browser.' },
  DuplicateAudio: { severity: 'error', hint: 'Keep one recording per slide and language: delete the other file.' },
  AudioUnreadable: { severity: 'error', hint: 'The file is damaged or cut short: export it again from the recording software and check that it plays to its end.' },
  AudioBitRateHigh: { severity: 'warning', hint: 'Export speech at 64 kbit/s (AAC or Opus, mono) or 96 kbit/s (MP3): a voice sounds the same and every learner downloads a third or less.' },
  AudioNarrationChanged: { severity: 'warning', hint: 'Record the narration as the variant has it and put it in the variant\'s audio/ folder at the path the message names; until then the slide is read aloud by the browser.' },
  UnknownPlaceholder: { severity: 'error', hint: 'Use a key defined under `organisation` in course.yaml, or add it there.' },
  InvalidPlaceholder: { severity: 'error', hint: 'Only `{{org.<key>}}` placeholders are supported; write literal braces as `\\{{`.' },
  UnescapedPlaceholder: { severity: 'error', hint: 'Write the placeholder with two braces, `{{org.<key>}}`: an organisation value is always inserted as text, never as HTML.' },
  UnknownSource: { severity: 'error', hint: 'Cite a source id defined under `sources` in course.yaml, or add the source there.' },
  UnknownLesson: { severity: 'error', hint: 'Name an existing lesson id, or remove `lesson`.' },
  UnknownTheme: { severity: 'error', hint: 'Name a theme defined under `themes`, or add it there.' },
  UnknownThemeLesson: { severity: 'error', hint: 'List the ids of lessons the course has (the `id` in each lesson\'s front matter) under the theme\'s `lessons`, or remove the id.' },
  NotEnoughQuestions: { severity: 'error', hint: 'Add questions to the bank (with `lesson` set, for a lesson under `test.draw`) or lower the number in course.yaml.' },
  DrawPlanMismatch: { severity: 'error', hint: 'Make `test.questionsPerAttempt` the sum of the numbers under `test.draw`: it is the number of questions the learner is told an attempt has.' },
  UnknownUiLabel: { severity: 'error', hint: 'Add the missing labels to ui.yaml, with a text for every language (copy them from content/ui.yaml).' },
  SuspendDataTooLong: {
    severity: 'error',
    hint: 'Lower `maxLength` of the free-text survey items or the number of questions per attempt, so the learner state fits SCORM 1.2.',
  },
  KeyedAnswerLongest: {
    severity: 'warning',
    hint: 'Balance the option lengths: shorten the correct answer or give the distractors the same detail, and write distractors as plausible misconceptions, not absurd or absolute claims.',
  },
  Scorm12ChoiceId: { severity: 'warning', hint: 'Name the choices a, b, c… (one lower-case letter or digit each).' },
  MoodleProfileValue: { severity: 'error', hint: 'Ids are sent to Moodle: use A-Z, a-z, 0-9, _ or ., ending in a letter or digit, and keep them short.' },
  MoodleProfileTextCut: { severity: 'warning', hint: "Shorten the text to 250 characters or fewer; Moodle's interactions report shows at most 250 (the full text stays in the course)." },
  ManuscriptOverflow: {
    severity: 'warning',
    hint: 'Shorten the on-screen text of the slide (the narration explains), or split it into two slides.',
  },
  UnknownVariant: { severity: 'error', hint: 'Create content/variants/<name>/variant.yaml (content/README.md, "Company variants"), or check the name.' },
  NothingToRemove: { severity: 'error', hint: 'Remove only what the base course has; check the id (ids never change, so a rename is a new id).' },
  MissingLogo: { severity: 'error', hint: 'Put the logo file (PNG or JPEG) in the variant folder, next to variant.yaml.' },
  StudyTimeOutOfRange: { severity: 'error', hint: 'Shorten or lengthen the narration, or change the number of items, until the estimate fits.' },
  // A company may cut or add slides; the base course's range is not its promise, but it should know.
  VariantStudyTimeOutOfRange: { severity: 'warning', hint: 'The title screen and the manuscripts show the variant\'s own estimate; check that the study time you announce to learners matches it.' },
  InvalidStudyTimeRange: { severity: 'error', hint: 'Make `timing.minMinutes` at most `timing.maxMinutes` in course.yaml.' },
  // Watch mode: the sources are fine but the package could not be made from them.
  PlayerBuildFailed: { severity: 'error', hint: 'Fix the player source at the caret; the player is bundled with esbuild.' },
  TemplateFailed: { severity: 'error', hint: 'Fix the Handlebars template; templates/ holds the HTML shell and the manifests.' },
  PackageBuildFailed: { severity: 'error', hint: 'The package could not be built; the message says why.' },
  // Importing edited manuscripts (build/import/): the file is untrusted, so these say why it was refused.
  ManuscriptNotFound: { severity: 'error', hint: 'Pass the path of the edited .pptx or .xlsx file itself, e.g. npm run import -- ~/Downloads/<course>-en-manuscript.pptx --variant <company>; a relative path is read from the project folder.' },
  NotAPackage: { severity: 'error', hint: 'Import the .pptx or .xlsx file as PowerPoint, Excel or LibreOffice saved it; .ppt, .xls, .odp, PDF and damaged files cannot be read.' },
  NotAManuscript: { severity: 'error', hint: 'Import a manuscript this course built (npm run build makes <course>-<lang>-manuscript.pptx, -confirmation-test.xlsx, -confirmation-test-trainer.xlsx and -awareness-survey.xlsx), edited and saved.' },
  UnsafeArchive: { severity: 'error', hint: 'The zip inside the file is unusual in a way that could write outside its folder; ask the sender to open the file and save it again from PowerPoint, Excel or LibreOffice.' },
  NestedArchive: { severity: 'error', hint: 'Delete embedded objects and attached files from the manuscript (the course sources cannot hold them, so they would not be imported anyway), save it and import it again. A chart\'s own data workbook is allowed and never opened.' },
  ArchiveTooLarge: { severity: 'error', hint: 'Manuscripts are small: at most 20 MB, 50 MB unpacked, 100:1 compression and 1,000 slides. Remove large pictures or videos, or check the file is the manuscript.' },
  TextTooLong: { severity: 'error', hint: 'A slide of the course holds a few hundred words and a cell a few sentences: shorten the text (at most 20,000 characters on a slide with its notes, 32,767 in a cell, 2 MB in any part of the file), or check the file is the manuscript.' },
  XmlDoctype: { severity: 'error', hint: 'Office files never declare a DTD; the file was made or altered by something else. Ask the sender to save it again from PowerPoint, Excel or LibreOffice.' },
  XmlMalformed: { severity: 'error', hint: 'A part of the file is not well-formed XML; the file is damaged. Ask the sender to save it again from PowerPoint, Excel or LibreOffice.' },
  ManuscriptVersion: { severity: 'warning', hint: 'Changes are found by comparing with the course as it is now; check the summary for differences that come from the course, not the customer.' },
  ConflictingSlideId: { severity: 'warning', hint: 'Check the slide; if the notes marker was copied from another slide, delete it from these notes.' },
  UnknownSlideId: { severity: 'warning', hint: 'The id is not in the course (edited by hand, or from another course); the slide is imported as a new one.' },
  SlideOutsideLessons: { severity: 'warning', hint: 'Slides belong to lessons: move the slide after a lesson\'s section slide and import again.' },
  EmptySlideTitle: { severity: 'warning', hint: 'Give the slide a title in the manuscript and import again, or edit the variant\'s lesson file.' },
  EmptySlideBody: { severity: 'warning', hint: 'Put the slide\'s text back, or delete the slide, and import again.' },
  GeneratedSlideEdited: { severity: 'warning', hint: 'The build makes this slide from the sources (course.yaml, questions.yaml); change those, or the variant\'s variant.yaml, instead.' },
  RecordingNotImported: { severity: 'warning', hint: 'Save the recording as M4A, MP3 or Ogg (PowerPoint: File → Export → MPEG-4 audio; or any audio editor) and put it at audio/<lang>/<lesson>/<slide>.<ext> in the variant.' },
  FormattingNotKept: { severity: 'warning', hint: 'The course sources hold text, bold, italic, lists, tables and cases; the build applies the course\'s own fonts, colours and sizes. Put images in the variant by hand if they matter.' },
  UntranslatedText: { severity: 'warning', hint: 'Import the edited manuscript of the other language too, or translate the text in the variant\'s files.' },
  MissingNotes: { severity: 'warning', hint: 'Write the narration in the slide\'s notes and import again, or edit the narration block in the variant\'s lesson file.' },
  FormulaInCell: { severity: 'warning', hint: 'Course text is plain text: the formula is kept as its text and never calculated. Type the wording itself into the cell.' },
  UnknownRowId: { severity: 'warning', hint: 'Keep the ID column as the workbook has it; a row with a new or changed ID is read as an added item.' },
  AnswerNotUnderstood: { severity: 'warning', hint: 'Write the correct answer as the choice letters the question lists (a or a,c), or as one of the true/false labels.' },
  ConflictingEdits: { severity: 'warning', hint: 'Make the text the same in both places and import again.' },
  IncompleteItem: { severity: 'warning', hint: 'Fill in every column of the new row (for a question: text, choices and the correct answer in the answer key) and import again.' },
} as const satisfies Record<string, { severity: Severity; hint: string }>;

export type RuleId = keyof typeof catalog;

/** Turns offsets into lines and columns for one file. */
export class SourceText {
  private lineStarts: number[] = [0];
  constructor(
    readonly file: string,
    readonly text: string,
  ) {
    for (let i = 0; i < text.length; i++) if (text[i] === '\n') this.lineStarts.push(i + 1);
  }
  position(offset: number): { line: number; column: number } {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - this.lineStarts[lo]! + 1 };
  }
  lineText(line: number): string {
    const start = this.lineStarts[line - 1] ?? this.text.length;
    const end = this.lineStarts[line] ?? this.text.length + 1;
    return this.text.slice(start, end - 1).replace(/\r$/, '');
  }
}

export interface At {
  file: string;
  line: number;
  column: number;
}

/** Collects diagnostics; the sources it has seen give code frames when printing. */
export class Diagnostics {
  readonly list: Diagnostic[] = [];
  readonly sources = new Map<string, SourceText>();

  source(file: string, text: string): SourceText {
    const s = new SourceText(file, text);
    this.sources.set(file, s);
    return s;
  }

  report(rule: RuleId, at: At, message: string, opts: { related?: Related[]; hint?: string } = {}): void {
    const entry = catalog[rule];
    this.list.push({
      rule,
      severity: entry.severity,
      file: at.file,
      line: at.line,
      column: at.column,
      message,
      hint: opts.hint ?? entry.hint,
      related: opts.related ?? [],
    });
  }

  get errors(): Diagnostic[] {
    return this.list.filter((d) => d.severity === 'error');
  }

  get warnings(): Diagnostic[] {
    return this.list.filter((d) => d.severity === 'warning');
  }
}

/** Edit distance, for "did you mean" suggestions. */
export function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length]!;
}

/** The closest candidates to `name`, nearest first, within a distance that still looks like a typo. */
export function suggest(name: string, candidates: Iterable<string>): string[] {
  const limit = Math.max(2, Math.floor(name.length / 3));
  return [...candidates]
    .map((c) => ({ c, d: editDistance(name.toLowerCase(), c.toLowerCase()) }))
    .filter((x) => x.d <= limit)
    .sort((x, y) => x.d - y.d)
    .slice(0, 3)
    .map((x) => x.c);
}

export function didYouMean(name: string, candidates: Iterable<string>): string {
  const near = suggest(name, candidates);
  return near.length ? ` Did you mean ${near.map((n) => `"${n}"`).join(' or ')}?` : '';
}

interface Style {
  bold(s: string): string;
  red(s: string): string;
  yellow(s: string): string;
  dim(s: string): string;
  cyan(s: string): string;
}

const plain: Style = { bold: (s) => s, red: (s) => s, yellow: (s) => s, dim: (s) => s, cyan: (s) => s };
const ansi: Style = {
  bold: (s) => `\x1b[1m${s}\x1b[22m`,
  red: (s) => `\x1b[31m${s}\x1b[39m`,
  yellow: (s) => `\x1b[33m${s}\x1b[39m`,
  dim: (s) => `\x1b[2m${s}\x1b[22m`,
  cyan: (s) => `\x1b[36m${s}\x1b[39m`,
};

/**
 * What goes before the caret so that it stands under column `column` (counted in UTF-16 code
 * units, as offsets are) of `line` in a terminal: two spaces under a full-width character, a
 * tab under a tab.
 */
function caretPadding(line: string, column: number): string {
  const before = line.slice(0, Math.max(0, column - 1));
  let pad = '';
  for (const ch of before) pad += ch === '\t' ? '\t' : ' '.repeat(displayWidth(ch));
  return pad + ' '.repeat(Math.max(0, column - 1 - before.length));
}

/**
 * Prints one diagnostic in the Elm manner: a title line with the place, a code frame with a
 * caret, the message, then the hint.
 */
export function formatDiagnostic(d: Diagnostic, sources: Map<string, SourceText>, opts: { color?: boolean; cwd?: string } = {}): string {
  const st = opts.color ? ansi : plain;
  const rel = (f: string) => path.relative(opts.cwd ?? process.cwd(), f) || f;
  const label = d.severity === 'error' ? st.red(st.bold('error')) : st.yellow(st.bold('warning'));
  // A place in a binary file (a manuscript) has no line: its message names the slide or cell.
  const place = d.line > 0 ? `${rel(d.file)}:${d.line}:${d.column}` : rel(d.file);
  const out = [`${label} ${st.bold(`[${d.rule}]`)} ${st.cyan(place)}`];
  const src = sources.get(d.file);
  if (src && d.line > 0) {
    const first = Math.max(1, d.line - 1);
    const width = String(d.line + 1).length;
    for (let l = first; l <= d.line; l++) {
      out.push(st.dim(`${String(l).padStart(width)} | `) + src.lineText(l));
    }
    out.push(st.dim(`${' '.repeat(width)} | `) + caretPadding(src.lineText(d.line), d.column) + st.red('^'));
  }
  out.push(d.message);
  for (const r of d.related) out.push(st.dim(`  ${r.message} (${rel(r.file)}:${r.line}:${r.column})`));
  out.push(st.dim(`hint: ${d.hint}`));
  return out.join('\n');
}
