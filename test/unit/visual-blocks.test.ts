/**
 * The visual blocks of the lessons' Markdown (build/markdown/visual.ts): what each reads as, and
 * where a block that does not keep its shape is reported (file, line, what to do).
 */
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { readSources } from '../../build/assets.ts';
import { loadCourse } from '../../build/compile.ts';
import type { Diagnostic } from '../../build/diagnostics.ts';
import { plainParagraphs, slideBlocks, type VisualBlock } from '../../build/markdown/index.ts';
import { SourceTree } from '../../build/sources.ts';
import { fixturesDir } from '../support/fixture.ts';

function visuals(md: string): VisualBlock[] {
  return slideBlocks(md).flatMap((b) => (b.kind === 'visual' ? [b.visual] : []));
}

const text = (runs: { text: string }[]) => runs.map((r) => r.text).join('');

describe('a steps block', () => {
  const [steps] = visuals('::: steps\n1. :ear: **Listen** to the whole complaint\n2. **Apologise**: for the point only\n3. Hand over\n:::\n');

  test('reads each numbered item as a step: its bold start is the name, the rest the detail, a leading :icon: its icon', () => {
    expect(steps).toEqual({
      kind: 'steps',
      steps: [
        { icon: 'ear', title: [{ text: 'Listen' }], detail: [{ text: 'to the whole complaint' }] },
        { icon: null, title: [{ text: 'Apologise' }], detail: [{ text: 'for the point only' }] },
        { icon: null, title: [{ text: 'Hand over' }], detail: [] },
      ],
    });
  });

  test('reads as a numbered list where formatting cannot show (notes, plain text)', () => {
    expect(plainParagraphs('::: steps\n1. **Listen** first\n2. **Record**\n:::')).toEqual(['1. Listen first', '2. Record']);
  });
});

test('a compare block reads each ### heading as a column with the content under it', () => {
  const [compare] = visuals('::: compare\n### :circle-check: Complaint\n- A real fault\n### Harassment\n- Threats\n- Shouting\n:::');
  expect(compare).toMatchObject({
    kind: 'compare',
    columns: [
      { icon: 'circle-check', title: [{ text: 'Complaint' }], paras: [{ runs: [{ text: 'A real fault' }], list: 'bullet' }] },
      { icon: null, title: [{ text: 'Harassment' }], paras: [{ runs: [{ text: 'Threats' }] }, { runs: [{ text: 'Shouting' }] }] },
    ],
  });
});

test('a case reads the setting, the lines of dialogue (half- or full-width colon) and the question', () => {
  const [c] = visuals('::: case\n改札で乗客が駅員の腕をつかんだ。\n\n- 乗客：ただで済むと思うなよ\n- Attendant: Please let go.\n\n駅員は次に何をすべきでしょうか。\n:::');
  expect(c).toMatchObject({
    kind: 'case',
    setting: [{ runs: [{ text: '改札で乗客が駅員の腕をつかんだ。' }] }],
    lines: [
      { speaker: '乗客', runs: [{ text: 'ただで済むと思うなよ' }] },
      { speaker: 'Attendant', runs: [{ text: 'Please let go.' }] },
    ],
    question: [{ runs: [{ text: '駅員は次に何をすべきでしょうか。' }] }],
  });
});

test('a stat block reads its fields and numeric values, with thousands separators and a stray % allowed', () => {
  const [s] = visuals('::: stat\nlabel: Companies with consultations\npopulation: Companies in Japan\nyear: FY2023\nsource: mhlw\nunit: %\n- FY2020: 19.5\n- FY2023: 27.9%\n- Firms: 7,780\n:::');
  expect(s).toEqual({
    kind: 'stat',
    stat: { label: 'Companies with consultations', population: 'Companies in Japan', year: 'FY2023', source: 'mhlw', unit: '%', values: [{ name: 'FY2020', value: 19.5 }, { name: 'FY2023', value: 27.9 }, { name: 'Firms', value: 7780 }] },
  });
});

test('a key point and a checklist keep their text, icon and (checklist) task boxes stripped', () => {
  const [k, c] = visuals('::: keypoint\n:shield-check: Nobody handles it **alone**.\n:::\n\n::: checklist\n- [ ] :clock: Note the time\n- Report it\n:::');
  expect(k).toMatchObject({ kind: 'keypoint', icon: 'shield-check', paras: [{ runs: [{ text: 'Nobody handles it ' }, { text: 'alone', bold: true }, { text: '.' }] }] });
  expect(c).toEqual({ kind: 'checklist', items: [{ icon: 'clock', runs: [{ text: 'Note the time' }] }, { icon: null, runs: [{ text: 'Report it' }] }] });
});

test('a paragraph that is only a picture is an image block; `:name:` in running text stays text', () => {
  expect(slideBlocks('![A counter](images/counter.png)')).toEqual([{ kind: 'image', src: 'images/counter.png', alt: 'A counter' }]);
  const [block] = slideBlocks('Meet at 10:30: the :ear: stays.');
  expect(block).toMatchObject({ kind: 'text', paras: [{ runs: [{ text: 'Meet at 10:30: the :ear: stays.' }] }] });
});

describe('the fixture course with every block', () => {
  test('loads without diagnostics, with the icons it names and its picture', () => {
    const { course, diagnostics } = loadCourse(readSources(path.join(fixturesDir, 'blocks')));
    expect(diagnostics.list).toEqual([]);
    expect(Object.keys(course!.icons).sort()).toEqual(['circle-check', 'circle-x', 'clock', 'ear', 'hand', 'message-circle', 'notebook-pen', 'phone-off', 'send', 'shield-check', 'users']);
    expect(course!.icons['ear']).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" viewBox="0 0 24 24"[^>]*><path d="[^"]+"\/>/);
    expect(course!.images['images/counter.png']).toMatchObject({ type: 'png', width: 320, height: 180 });
  });
});

describe('a block that does not keep its shape is reported at its line', () => {
  const base = readSources(path.join(fixturesDir, 'blocks'));
  const en = 'lessons/en/02-visual.md';
  function problems(replace: string, by: string): Diagnostic[] {
    const text = base.text(en)!;
    expect(text).toContain(replace);
    const tree = new SourceTree(base.root, new Map([...base.files, [en, new TextEncoder().encode(text.replace(replace, by))]]));
    return loadCourse(tree).diagnostics.list.map((d) => ({ ...d, file: path.relative(base.root, d.file) }));
  }
  const lineOf = (needle: string, replace: string, by: string) => {
    const lines = base.text(en)!.replace(replace, by).split('\n');
    return lines.findIndex((l) => l.includes(needle)) + 1;
  };

  test.each([
    ['one step only', '2. :message-circle: **Apologise** for the specific point only\n3. :hand: **Set limits** calmly when the demand goes too far\n4. :users: **Hand over** to a supervisor\n5. :phone-off: **End** the conversation when the limit is reached\n6. :notebook-pen: **Record** what was said and done\n', '', '1. :ear:', /A steps block has 2 to 8 steps; this one has 1/],
    ['a compare block with one column', '### :circle-x: Harassment\n- Shouts and threatens\n- Demands a kneeling apology\n', '', '### :circle-check:', /A compare block has 2 or 3 columns/],
    ['a case line without a speaker', '- Passenger: You\'ll regret this!', '- You\'ll regret this!', "- You'll regret this!", /Each line of a case is "Speaker: what they say"/],
    ['a stat value that is not a number', '- FY2020: 19.5', '- FY2020: about a fifth', '- FY2020: about a fifth', /"about a fifth" is not a number/],
    ['a stat without its year', 'year: FY2023\n', '', 'label: Companies', /The stat block has no year: line/],
    ['a stat field the block does not know', 'unit: %\n- FY2020', 'unit: %\nsample: 7,780\n- FY2020', 'sample: 7,780', /this line is neither/],
  ])('%s', (_, replace, by, needle, message) => {
    const found = problems(replace, by).filter((d) => d.rule === 'BlockShape');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ file: en, line: lineOf(needle, replace, by), severity: 'error' });
    expect(found[0]!.message).toMatch(message);
    expect(found[0]!.hint).toMatch(/content\/README\.md/);
  });

  test('a stat citing a source course.yaml lacks, at its source: line', () => {
    const found = problems('source: mhlw_survey_2023\nunit: %\n- FY2023: 27.9\n:::', 'source: mhlw_survey_2032\nunit: %\n- FY2023: 27.9\n:::').filter((d) => d.rule === 'UnknownSource');
    expect(found).toMatchObject([{ file: en, line: lineOf('source: mhlw_survey_2032', 'source: mhlw_survey_2023\nunit: %\n- FY2023: 27.9\n:::', 'source: mhlw_survey_2032\nunit: %\n- FY2023: 27.9\n:::') }]);
    expect(found[0]!.message).toMatch(/Did you mean "mhlw_survey_2023"/);
  });

  test('an unclosed block', () => {
    const found = problems('- [ ] :send: Report to {{org.consultationDesk}}\n:::', '- [ ] :send: Report to {{org.consultationDesk}}').filter((d) => d.rule === 'BlockShape');
    expect(found.map((d) => d.message)).toContainEqual(expect.stringMatching(/The checklist block of slide "checklist" is never closed before the narration/));
  });
});
