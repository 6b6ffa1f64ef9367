import { describe, expect, test } from 'vitest';
import { type Block, plainParagraphs, slideBlocks } from '../../build/markdown/index.ts';
import { fontMetrics, lineCount } from '../../build/targets/pptx/measure.ts';
import { contrast, palette } from '../../build/targets/pptx/theme.ts';
import type { Course } from '../../build/model.ts';

describe('slide Markdown as manuscript blocks', () => {
  test.each<[string, string, Block[]]>([
    ['a bullet list', '- one\n- two', [{ kind: 'text', paras: [{ runs: [{ text: 'one' }], list: 'bullet', level: 0 }, { runs: [{ text: 'two' }], list: 'bullet', level: 0 }] }]],
    [
      'a numbered list that starts at 3',
      '3. three\n4. four',
      [{ kind: 'text', paras: [{ runs: [{ text: 'three' }], list: 'number', level: 0, start: 3, number: 3 }, { runs: [{ text: 'four' }], list: 'number', level: 0, start: 3, number: 4 }] }],
    ],
    [
      'a nested list',
      '- outer\n  - inner',
      [{ kind: 'text', paras: [{ runs: [{ text: 'outer' }], list: 'bullet', level: 0 }, { runs: [{ text: 'inner' }], list: 'bullet', level: 1 }] }],
    ],
    ['bold, italic and code runs', 'a **b** *c* `d`', [{ kind: 'text', paras: [{ runs: [{ text: 'a ' }, { text: 'b', bold: true }, { text: ' ' }, { text: 'c', italic: true }, { text: ' ' }, { text: 'd', code: true }], list: 'none', level: 0 }] }]],
    ['a Japanese paragraph broken over two lines, without a gap', '一行目の文が\n二行目に続く。', [{ kind: 'text', paras: [{ runs: [{ text: '一行目の文が二行目に続く。' }], list: 'none', level: 0 }] }]],
    ['an English paragraph broken over two lines, with a space', 'first line\nsecond line', [{ kind: 'text', paras: [{ runs: [{ text: 'first line second line' }], list: 'none', level: 0 }] }]],
    ['a hard line break', 'one  \ntwo', [{ kind: 'text', paras: [{ runs: [{ text: 'one' }, { text: 'two', breakBefore: true }], list: 'none', level: 0 }] }]],
    ['entities and escapes', 'R&amp;D \\*not bold\\*', [{ kind: 'text', paras: [{ runs: [{ text: 'R&D *not bold*' }], list: 'none', level: 0 }] }]],
    ['a link', '[the manual](https://example.org/m)', [{ kind: 'text', paras: [{ runs: [{ text: 'the manual', link: 'https://example.org/m' }], list: 'none', level: 0 }] }]],
    [
      'a table',
      '| A | B |\n| --- | :-: |\n| **x** | y |',
      [{ kind: 'table', header: [[{ text: 'A' }], [{ text: 'B' }]], rows: [[[{ text: 'x', bold: true }], [{ text: 'y' }]]], align: [null, 'center'] }],
    ],
    [
      'a case between a list and a paragraph, as three blocks',
      '- act\n\n> A case.\n\nAfter.',
      [
        { kind: 'text', paras: [{ runs: [{ text: 'act' }], list: 'bullet', level: 0 }] },
        { kind: 'quote', paras: [{ runs: [{ text: 'A case.' }], list: 'none', level: 0 }] },
        { kind: 'text', paras: [{ runs: [{ text: 'After.' }], list: 'none', level: 0 }] },
      ],
    ],
    ['a heading inside a slide, as a bold paragraph', '### Note', [{ kind: 'text', paras: [{ runs: [{ text: 'Note', bold: true }], list: 'none', level: 0, heading: true }] }]],
  ])('reads %s', (_name, md, blocks) => {
    expect(slideBlocks(md)).toEqual(blocks);
  });

  test('turns narration into plain paragraphs: emphasis dropped, every paragraph kept', () => {
    expect(plainParagraphs('First **bold** part.\nSame paragraph.\n\nSecond.\n\n- a point\n1. a step')).toEqual(['First bold part. Same paragraph.', 'Second.', '• a point', '1. a step']);
  });
});

describe('text measurement', () => {
  const meiryo = fontMetrics('Meiryo');
  const calibri = fontMetrics('Calibri');

  test.each<[string, string, number, number]>([
    ['20 full-width characters in a 20 em column', 'あ'.repeat(20), 20, 1],
    ['21 full-width characters in a 20 em column', 'あ'.repeat(21), 20, 2],
    ['40 full-width characters in a 20 em column', '漢'.repeat(40), 20, 2],
    ['Japanese punctuation, full width too', '、。「」（）'.repeat(4), 20, 2],
  ])('counts %s as %i lines', (_name, text, width, lines) => {
    expect(lineCount([{ text }], width, meiryo)).toBe(lines);
  });

  test('wraps English between words, never inside one that fits a line', () => {
    // "aaaa " is about 2.3 em in Calibri: two words per 5 em line.
    expect(lineCount([{ text: 'aaaa aaaa aaaa aaaa' }], 5, calibri)).toBe(2);
    expect(lineCount([{ text: 'aaaa aaaa aaaa aaaa' }], 50, calibri)).toBe(1);
  });

  test('starts a new line at a hard break', () => {
    expect(lineCount([{ text: 'short' }, { text: '\nshort' }], 50, calibri)).toBe(2);
  });

  test('gives Meiryo a taller line than Calibri, and an unknown font room for either script', () => {
    expect(meiryo.lineHeight).toBeGreaterThan(calibri.lineHeight);
    expect(fontMetrics('Some Font').lineHeight).toBeGreaterThanOrEqual(1.4);
  });
});

describe('the palette', () => {
  const theme = (primary: string, accent: string) => ({ theme: { primary, accent, text: '#1A1A1A', background: '#FFFFFF' } }) as Course;

  test('puts white on a dark primary and the text colour on a light one', () => {
    expect(palette(theme('#1F3A5F', '#C8102E')).onPrimary).toBe('FFFFFF');
    expect(palette(theme('#F5E6A8', '#C8102E')).onPrimary).toBe('1A1A1A');
  });

  test('keeps every text colour readable (WCAG AA) on what it sits on', () => {
    const p = palette(theme('#1F3A5F', '#C8102E'));
    expect(contrast(p.onPrimary, p.primary)).toBeGreaterThanOrEqual(4.5);
    expect(contrast(p.onPrimaryMuted, p.primary)).toBeGreaterThanOrEqual(4.5);
    expect(contrast(p.muted, p.background)).toBeGreaterThanOrEqual(4.5);
    expect(contrast(p.text, p.tint)).toBeGreaterThanOrEqual(4.5);
  });

  test('marks bullets in the accent colour only when it stands out from the background', () => {
    expect(palette(theme('#1F3A5F', '#C8102E')).mark).toBe('C8102E');
    expect(palette(theme('#1F3A5F', '#FFE0E0')).mark).toBe('1F3A5F');
  });
});
