/**
 * A table's columns in the deck: a column of short labels such as dates keeps each label on one
 * line with room to spare, so a substitute font (LibreOffice has no Meiryo) does not break a
 * date over two lines and push the table into the text below it.
 */
import { describe, expect, test } from 'vitest';
import { columnWidths } from '../../build/targets/pptx/layout.ts';
import { fontMetrics, PT_PER_INCH, textEm } from '../../build/targets/pptx/measure.ts';

const m = fontMetrics('Meiryo');
const cells = (...texts: string[]) => texts.map((text) => [{ text }]);
const header = cells('施行', '条例');
const rows = [cells('2025年4月1日', '東京都、北海道、群馬県、三重県桑名市、群馬県嬬恋村'), cells('2025年10月1日', '愛知県'), cells('2026年4月1日', '静岡県')];

describe('the columns of a table in the deck', () => {
  test('give a column of dates at least 1.4 times its longest date, and the rest to the other column', () => {
    const size = 24;
    const [dates, names] = columnWidths(header, rows, 12, m, size);
    const longest = (textEm('2025年10月1日', m) * size) / PT_PER_INCH;
    expect(dates!).toBeGreaterThanOrEqual(longest * 1.4);
    expect(dates! + names!).toBeCloseTo(12, 2);
  });

  test('share the width by content when no column is a short label', () => {
    const long = [cells('要求の内容に理由があるかどうかを確かめる', '伝え方が社会通念上相当かどうかを確かめる')];
    const [a, b] = columnWidths(cells('一つ目', '二つ目'), long, 9.7, m, 24);
    expect(a).toBeCloseTo(b!, 1);
  });
});
