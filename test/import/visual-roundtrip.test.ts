/**
 * Visual blocks through the PowerPoint manuscript and back. The fixture course
 * test/fixtures/blocks (one slide per kind of block, in Japanese and English) is built into its
 * decks; texts are retyped in the shapes a block is drawn with, as a person clicks into a card
 * and types; the import writes each changed block back into the variant's lesson file as its
 * `:::` block, icons and placeholders kept, and the variant compiles. What the deck only shows
 * (a statistic's figure and chart, a picture) cannot come back, and the import says so.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { Diagnostics } from '../../build/diagnostics.ts';
import { loadCourse } from '../../build/index.ts';
import { isContainer, isVisualKind, lexMarkdown, readLesson, readVisual, type VisualBlock, visualMarkdown } from '../../build/markdown/index.ts';
import { fixtureCopy, fixturesDir } from '../support/fixture.ts';
import { libreOfficeTestTimeout } from '../support/libreoffice.ts';
import { Pptx } from './edit-ooxml.ts';
import { libreOfficeResave } from './make-fixtures.ts';
import { buildManuscripts, changes, problems, read, runImport } from './support.ts';

const scratch: string[] = [];
afterAll(() => {
  for (const d of scratch) fs.rmSync(d, { recursive: true, force: true });
});

/** The visual blocks of a lesson file, with the id of the slide each is on. */
function blocksOf(file: string): { slide: string; block: VisualBlock }[] {
  const text = fs.readFileSync(file, 'utf8');
  return readLesson(text).slides.flatMap((s) =>
    lexMarkdown(text.slice(s.contentStart, s.end))
      .filter((t) => isContainer(t) && isVisualKind(t.name))
      .map((t) => ({ slide: s.id ?? '', block: readVisual(t as Parameters<typeof readVisual>[0]).block })),
  );
}

/** Reads Markdown that holds one visual block. */
function readBack(md: string) {
  const tokens = lexMarkdown(md).filter((t) => t.type !== 'space');
  expect(tokens.length).toBe(1);
  return readVisual(tokens[0] as Parameters<typeof readVisual>[0]);
}

describe('the Markdown of a visual block', () => {
  const fixture = ['ja', 'en'].flatMap((lang) => blocksOf(path.join(fixturesDir, 'blocks', 'lessons', lang, '02-visual.md')).map(({ slide, block }) => [lang, slide, block.kind, block] as const));

  test('the fixture has a block of every kind in both languages', () => {
    expect(fixture.map(([lang, , kind]) => `${lang} ${kind}`)).toEqual(['ja', 'en'].flatMap((l) => ['steps', 'compare', 'case', 'stat', 'stat', 'keypoint', 'checklist'].map((k) => `${l} ${k}`)));
  });

  test.each(fixture)('writes the %s block of the slide %s (%s) so that it reads back as the same block', (_lang, _slide, _kind, block) => {
    const back = readBack(visualMarkdown(block));
    expect(back.problems).toEqual([]);
    expect(back.block).toEqual(block);
  });

  test('writes each shape of the dialect: numbered steps with the bold name, column headings, lines with the speaker and its colon', () => {
    const steps: VisualBlock = { kind: 'steps', steps: [{ icon: 'ear', title: [{ text: 'Listen' }], detail: [{ text: 'to the ' }, { text: 'whole', italic: true }, { text: ' complaint' }] }, { icon: null, title: [{ text: 'Record' }], detail: [] }] };
    expect(visualMarkdown(steps)).toBe('::: steps\n1. :ear: **Listen** to the *whole* complaint\n2. **Record**\n:::');
    const compare: VisualBlock = {
      kind: 'compare',
      columns: [
        { icon: 'circle-check', title: [{ text: 'Complaint' }], paras: [{ runs: [{ text: 'Points out a fault' }], list: 'bullet', level: 0 }] },
        { icon: null, title: [{ text: 'Harassment' }], paras: [{ runs: [{ text: 'Shouts.' }], list: 'none', level: 0 }] },
      ],
    };
    expect(visualMarkdown(compare)).toBe('::: compare\n### :circle-check: Complaint\n- Points out a fault\n### Harassment\nShouts.\n:::');
    const scene: VisualBlock = {
      kind: 'case',
      setting: [{ runs: [{ text: '改札で。' }], list: 'none', level: 0 }],
      lines: [
        { speaker: '乗客', runs: [{ text: 'ただで済むと思うなよ' }] },
        { speaker: 'Staff', runs: [{ text: 'Please let go.' }] },
      ],
      question: [{ runs: [{ text: 'What next?' }], list: 'none', level: 0 }],
    };
    expect(visualMarkdown(scene)).toBe('::: case\n改札で。\n\n- 乗客：ただで済むと思うなよ\n- Staff: Please let go.\n\nWhat next?\n:::');
    const checklist: VisualBlock = { kind: 'checklist', items: [{ icon: 'clock', runs: [{ text: 'Note the time' }] }] };
    expect(visualMarkdown(checklist)).toBe('::: checklist\n- [ ] :clock: Note the time\n:::');
    expect(visualMarkdown(checklist, { boxes: false })).toBe('::: checklist\n- :clock: Note the time\n:::');
  });

  // Texts a customer may type that mean something in Markdown or in the dialect.
  test.each<[string, VisualBlock]>([
    ['a step name with stars and a detail that looks like a heading', { kind: 'steps', steps: [{ icon: null, title: [{ text: '2 * 3' }], detail: [{ text: '# is not a heading, **nor bold**' }] }, { icon: null, title: [{ text: '「確認」' }], detail: [{ text: 'する' }] }] }],
    ['a column heading ending in #', { kind: 'compare', columns: [{ icon: null, title: [{ text: 'C#' }], paras: [{ runs: [{ text: '::: narration' }], list: 'bullet', level: 0 }] }, { icon: null, title: [{ text: 'F #' }], paras: [{ runs: [{ text: '### not a column' }], list: 'none', level: 0 }] }] }],
    ['a case whose setting looks like a list', { kind: 'case', setting: [{ runs: [{ text: '1. not a number' }], list: 'none', level: 0 }], lines: [{ speaker: 'Guest', runs: [{ text: '- not a bullet' }] }], question: [] }],
    ['a key point over two paragraphs', { kind: 'keypoint', icon: 'scale', paras: [{ runs: [{ text: 'First.' }], list: 'none', level: 0 }, { runs: [{ text: '> not a quote' }], list: 'none', level: 0 }] }],
    ['a checklist item with a line break and a link', { kind: 'checklist', items: [{ icon: null, runs: [{ text: 'Call ' }, { text: 'the desk', link: 'https://example.com/desk' }] }, { icon: null, runs: [{ text: 'one' }, { text: 'two', breakBefore: true }] }] }],
  ])('keeps %s as that very text', (_name, block) => {
    const back = readBack(visualMarkdown(block));
    expect(back.problems).toEqual([]);
    expect(back.block).toEqual(block);
  });
});

describe('importing the deck of the visual blocks course', () => {
  let decks: Record<string, Uint8Array>;

  beforeAll(async () => {
    const dir = fixtureCopy('blocks');
    const files = await buildManuscripts(dir);
    scratch.push(dir, path.dirname(files[0]!));
    decks = Object.fromEntries(['ja', 'en'].map((lang) => [lang, new Uint8Array(fs.readFileSync(files.find((f) => f.endsWith(`-${lang}-manuscript.pptx`))!))]));
  });

  /** A fresh copy of the course, and the deck (edited by `edit`) written beside it. */
  function edited(lang: 'ja' | 'en', edit: (d: Pptx) => void = () => {}): { dir: string; file: string } {
    const dir = fixtureCopy('blocks');
    scratch.push(dir);
    const d = new Pptx(decks[lang]!);
    edit(d);
    const file = path.join(dir, `..`, `${path.basename(dir)}-${lang}-edited.pptx`);
    fs.writeFileSync(file, d.bytes());
    scratch.push(file);
    return { dir, file };
  }

  /** The slide `id` of a lesson's text, from its heading to the next slide. */
  function slideIn(text: string, id: string): string {
    const s = readLesson(text).slides.find((x) => x.id === id)!;
    return text.slice(s.heading.start, s.end).trimEnd();
  }

  /** The slide `id` of a lesson file. */
  function slide(dir: string, rel: string, id: string): string {
    return slideIn(read(dir, rel), id);
  }

  function variantCompiles(dir: string, variant: string): void {
    const diagnostics = new Diagnostics();
    const { course } = loadCourse(dir, diagnostics, { variant });
    expect(diagnostics.errors).toEqual([]);
    expect(course).not.toBeNull();
  }

  test.each(['ja', 'en'] as const)('finds no change in the untouched %s deck', async (lang) => {
    const { dir, file } = edited(lang);
    const r = await runImport(file, dir, 'untouched');
    expect(problems(r)).toEqual([]);
    expect(changes(r)).toEqual([]);
    expect(r.files).toEqual([]);
  });

  const englishEdits = (d: Pptx) => {
    d.retypeShape('visual/steps', 'Steps 1 · step 2', 'for the specific point only', 'for the specific fault only');
    d.retypeShape('visual/compare', 'Compare 1 · column 1 body', 'Asks for an exchange', 'Asks for a refund or an exchange');
    d.retypeShape('visual/case', 'Case 1 · line 2', 'Please let go of my arm.', 'Please let go of my arm now.');
    d.retypeShape('visual/checklist', 'Checklist 1 · item 2', 'Write down what was said, word for word', 'Write down what was said, word for word, at once');
  };

  const englishBlocks = {
    steps: `## Respond in six steps {#steps}

::: steps
1. :ear: **Listen** to the whole complaint and check the facts
2. :message-circle: **Apologise** for the specific fault only
3. :hand: **Set limits** calmly when the demand goes too far
4. :users: **Hand over** to a supervisor
5. :phone-off: **End** the conversation when the limit is reached
6. :notebook-pen: **Record** what was said and done
:::

::: narration
Six steps, in this order.
:::`,
    compare: `## Complaint or harassment? {#compare}

::: compare
### :circle-check: Legitimate complaint
- Points out a real fault
- Asks for a refund or an exchange
### :circle-x: Harassment
- Shouts and threatens
- Demands a kneeling apology
:::

::: narration
Look at the demand and the manner.
:::`,
    case: `## At the ticket gate {#case}

::: case
A train is late. A passenger grabs a station attendant's arm at the ticket gate.

- Passenger: You'll regret this!
- Attendant: Please let go of my arm now.

What should the attendant do next?
:::

::: narration
Violence is never acceptable, whatever the reason.
:::`,
    checklist: `## After the call {#checklist}

::: checklist
- [ ] :clock: Note the date and time
- [ ] Write down what was said, word for word, at once
- [ ] :send: Report to {{org.consultationDesk}}
:::

::: narration
Three things to do after a difficult call.
:::`,
  };

  test('writes a retyped step, column, line of a case and checklist item back as their blocks, icons and placeholders kept', async () => {
    const { dir, file } = edited('en', englishEdits);
    const before = read(dir, 'lessons/en/02-visual.md');
    const r = await runImport(file, dir, 'globex');
    expect(problems(r)).toEqual([]);
    expect(changes(r)).toEqual(['~ slide visual/steps', '~ slide visual/compare', '~ slide visual/case', '~ slide visual/checklist']);
    expect(r.ok).toBe(true);
    expect(r.files.map((f) => f.path).sort()).toEqual(['lessons/en/02-visual.md', 'variant.yaml']);
    const rel = 'variants/globex/lessons/en/02-visual.md';
    for (const [id, text] of Object.entries(englishBlocks)) expect(slide(dir, rel, id)).toBe(text);
    // Everything else in the file is as it was written.
    for (const id of ['stat_one', 'stat_chart', 'keypoint', 'picture']) expect(slide(dir, rel, id)).toBe(slideIn(before, id));
    variantCompiles(dir, 'globex');
  });

  test('writes a Japanese line back with its full-width colon and a key point with its placeholder', async () => {
    const { dir, file } = edited('ja', (d) => {
      d.retypeShape('visual/case', 'Case 1 · line 2', '腕を離してください', '今すぐ腕を離してください');
      d.retypeShape('visual/keypoint', 'Key point 1 · text', 'では、カスハラに一人で対応させません。', 'では、カスハラに決して一人で対応させません。');
    });
    const r = await runImport(file, dir, 'globex');
    expect(problems(r)).toEqual([]);
    expect(changes(r)).toEqual(['~ slide visual/case', '~ slide visual/keypoint']);
    const rel = 'variants/globex/lessons/ja/02-visual.md';
    expect(slide(dir, rel, 'case')).toBe(`## 駅の改札で {#case}

::: case
電車が遅れ、改札で乗客が駅員の腕をつかんだ。

- 乗客：ただで済むと思うなよ
- 駅員：今すぐ腕を離してください

駅員は次に何をすべきでしょうか。
:::

::: narration
理由が何であれ、暴力は許されません。
:::`);
    expect(slide(dir, rel, 'keypoint')).toBe(`## 覚えておくこと {#keypoint}

::: keypoint
:shield-check: {{org.companyName}}では、カスハラに決して一人で対応させません。
:::

::: narration
すぐに上司に伝えてください。
:::`);
    variantCompiles(dir, 'globex');
  });

  test('drops a step whose card was deleted and one whose text was emptied; the other steps keep their icons', async () => {
    const { dir, file } = edited('en', (d) => {
      for (const part of ['step 2', 'icon 2', 'arrow 2']) d.deleteShape('visual/steps', `Steps 1 · ${part}`);
      d.retypeShape('visual/steps', 'Steps 1 · step 4', 'Hand over', '');
      d.retypeShape('visual/steps', 'Steps 1 · step 4', 'to a supervisor', '');
    });
    const r = await runImport(file, dir, 'globex');
    expect(problems(r)).toEqual([]);
    expect(changes(r)).toEqual(['~ slide visual/steps']);
    expect(slide(dir, 'variants/globex/lessons/en/02-visual.md', 'steps')).toBe(`## Respond in six steps {#steps}

::: steps
1. :ear: **Listen** to the whole complaint and check the facts
2. :hand: **Set limits** calmly when the demand goes too far
3. :phone-off: **End** the conversation when the limit is reached
4. :notebook-pen: **Record** what was said and done
:::

::: narration
Six steps, in this order.
:::`);
    variantCompiles(dir, 'globex');
  });

  test('keeps a block changed out of its shape as it was, and a line whose speaker was deleted keeps its speaker, and says so', async () => {
    const { dir, file } = edited('en', (d) => {
      for (const n of [2, 3, 4, 5, 6]) d.deleteShape('visual/steps', `Steps 1 · step ${n}`);
      d.retypeShape('visual/case', 'Case 1 · line 2', 'Attendant', '');
      d.retypeShape('visual/case', 'Case 1 · line 2', ': ', '');
      d.retypeShape('visual/case', 'Case 1 · line 2', 'Please let go of my arm.', 'Please let go of my arm now.');
    });
    const before = read(dir, 'lessons/en/02-visual.md');
    const r = await runImport(file, dir, 'globex');
    expect(problems(r)).toEqual([
      'FormattingNotKept: Slide 8 (visual/steps): the changes to its steps block, which would not keep its shape (A steps block has 2 to 8 steps; this one has 1); the block is kept as it was.',
      'FormattingNotKept: Slide 10 (visual/case): a line of the case lost its speaker ("Speaker: words"); it is kept as said by "Attendant".',
    ]);
    const rel = 'variants/globex/lessons/en/02-visual.md';
    expect(slide(dir, rel, 'steps')).toBe(slideIn(before, 'steps'));
    expect(slide(dir, rel, 'case')).toBe(englishBlocks.case);
    variantCompiles(dir, 'globex');
  });

  test("warns that a statistic's chart and figure and a replaced picture cannot be imported, and writes nothing", async () => {
    const { dir, file } = edited('en', (d) => {
      const chart = d.partOf('visual/stat_chart', 'Stat 1 · chart');
      d.set(chart, d.get(chart).replace('<c:v>19.5</c:v>', '<c:v>21</c:v>'));
      d.retypeShape('visual/stat_one', 'Stat 1 · figure', '27.9%', '30%');
      const picture = d.partOf('visual/picture', 'Image 1 · picture');
      d.parts[picture] = fs.readFileSync(path.join(fixturesDir, 'blocks', 'images', 'counter.png')).subarray(0, 100);
    });
    const before = fs.readdirSync(dir);
    const r = await runImport(file, dir, 'globex');
    expect(problems(r)).toEqual([
      'FormattingNotKept: Slide 11 (visual/stat_one): changes to a statistic\'s figure, label or source (they are edited in the "::: stat" block of the lesson file) cannot be kept.',
      'FormattingNotKept: Slide 12 (visual/stat_chart): changes to a statistic\'s chart (its values are edited in the "::: stat" block of the lesson file) cannot be kept.',
      "FormattingNotKept: Slide 15 (visual/picture): a replaced picture (a picture is a file in the course's images folder, named in the lesson file) cannot be kept.",
    ]);
    expect(changes(r)).toEqual([]);
    expect(r.ok).toBe(true);
    expect(r.files).toEqual([]);
    expect(fs.readdirSync(dir)).toEqual(before);
  });

  test('reads a paragraph typed into the body placeholder with the bullets the layout and master give it', async () => {
    const { dir, file } = edited('en', (d) => d.typeIntoBody('basics/two_views', 'and whether it is repeated', 1));
    const r = await runImport(file, dir, 'globex');
    expect(problems(r)).toEqual([]);
    expect(changes(r)).toEqual(['~ slide basics/two_views']);
    expect(slide(dir, 'variants/globex/lessons/en/01-basics.md', 'two_views')).toMatch(/^## Two questions \{#two_views\}\n\n- The demand itself\n- The means and manner\n {2}- and whether it is repeated\n\n::: narration\n/);
  });

  test(
    'reads the same from the decks re-saved by LibreOffice: shape names and pictures survive',
    async () => {
      const untouched = edited('en');
      const changed = edited('en', englishEdits);
      const lo = fs.mkdtempSync(path.join(os.tmpdir(), 'import-blocks-lo-'));
      scratch.push(lo);
      await libreOfficeResave([untouched.file, changed.file], lo);
      const same = await runImport(path.join(lo, path.basename(untouched.file)), untouched.dir, 'untouched');
      expect(problems(same)).toEqual([]);
      expect(changes(same)).toEqual([]);
      const r = await runImport(path.join(lo, path.basename(changed.file)), changed.dir, 'globex');
      expect(problems(r)).toEqual([]);
      expect(changes(r)).toEqual(['~ slide visual/steps', '~ slide visual/compare', '~ slide visual/case', '~ slide visual/checklist']);
      for (const [id, text] of Object.entries(englishBlocks)) expect(slide(changed.dir, 'variants/globex/lessons/en/02-visual.md', id)).toBe(text);
    },
    libreOfficeTestTimeout(),
  );
});
