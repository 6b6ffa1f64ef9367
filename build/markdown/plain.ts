/**
 * Markdown as plain text, for whatever cannot show formatting: the speaker notes, the
 * interaction descriptions the LMS stores, the cells of the workbooks. Read from the same
 * blocks the slides are drawn from, so the notes and the slide say the same words.
 */
import { type Para, type Run, slideBlocks, visualParas } from './blocks.ts';

/** The plain text of some runs, line breaks as `\n`. */
export function runsText(runs: Run[]): string {
  return runs.map((r) => (r.breakBefore ? '\n' : '') + r.text).join('');
}

interface PlainPara {
  text: string;
  /** `• ` or `3. ` for a list item, empty for a paragraph. */
  marker: string;
  level: number;
}

function plainParas(md: string): PlainPara[] {
  const out: PlainPara[] = [];
  for (const block of slideBlocks(md)) {
    if (block.kind === 'table') {
      for (const row of [block.header, ...block.rows]) {
        const text = row.map((cell) => runsText(cell).trim()).join(' | ');
        if (text.replace(/[\s|]/g, '')) out.push({ text, marker: '', level: 0 });
      }
      continue;
    }
    const paras: Para[] = block.kind === 'visual' ? visualParas(block.visual) : block.kind === 'image' ? [{ runs: [{ text: block.alt }], list: 'none', level: 0 }] : block.paras;
    for (const p of paras) {
      const text = runsText(p.runs).trim();
      if (!text) continue;
      out.push({ text, marker: p.list === 'bullet' ? '• ' : p.list === 'number' ? `${p.number}. ` : '', level: p.level });
    }
  }
  return out;
}

/**
 * Markdown meant to be read (the narration) as plain paragraphs: emphasis dropped, list items
 * as "• item" and "1. item" lines indented by level, table rows as "cell | cell".
 */
export function plainParagraphs(md: string): string[] {
  return plainParas(md).map((p) => `${'  '.repeat(p.level)}${p.marker}${p.text}`);
}

/** Markdown as one line of plain text: no list markers, white space collapsed. */
export function plainText(md: string): string {
  return plainParas(md)
    .map((p) => p.text)
    .join(' ')
    .replace(/\s+/g, ' ')
    .trim();
}
