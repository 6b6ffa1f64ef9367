/**
 * Phrase wrapping for Japanese. Japanese has no spaces, so a browser breaks a line between any
 * two characters, also inside a word (基/礎知識を). BudouX (npm `budoux`, Apache-2.0) finds the
 * phrases of a sentence; the build puts `<wbr>` between them, and the player's CSS
 * (`word-break: keep-all`, player/blocks.css) lets lines break only there, at spaces and at
 * punctuation. A phrase longer than the line still breaks (`overflow-wrap: anywhere`).
 *
 * Only text is touched, never a tag or an attribute, and the text keeps its escapes: the HTML
 * this reads is the build's own (marked's output and html-blocks.ts), in which `<` and `>`
 * appear only as the edges of tags, so a tag is `<` up to the next `>`.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { decodeEntities } from './entities.ts';

interface PhraseParser {
  parse(sentence: string): string[];
}

let parser: PhraseParser | null = null;

/**
 * BudouX's Japanese parser, made once per process. Its parser and model are loaded as files:
 * the package's entry point also loads an HTML parser (linkedom) that the build does not use and
 * that takes about two seconds to load, against a tenth of a second for these two files.
 */
function japaneseParser(): PhraseParser {
  if (parser) return parser;
  const require = createRequire(import.meta.url);
  const dir = path.dirname(require.resolve('budoux'));
  const { Parser } = require(path.join(dir, 'parser.js')) as { Parser: new (model: unknown) => PhraseParser };
  const { model } = require(path.join(dir, 'data', 'models', 'ja.js')) as { model: unknown };
  parser = new Parser(model);
  return parser;
}

/** Elements whose text is not running text: drawn (svg), verbatim (code) or not shown. */
const skipped = new Set(['svg', 'code', 'pre', 'script', 'style', 'textarea', 'title']);
/** Elements inside a line of text: a phrase may run through them (今日は<b>とても</b>). */
const inline = new Set(['a', 'abbr', 'b', 'cite', 'del', 'em', 'i', 'ins', 'kbd', 'mark', 'q', 'rp', 'rt', 'ruby', 's', 'small', 'span', 'strong', 'sub', 'sup', 'time', 'u', 'wbr']);

/** Kana, kanji and full-width forms: where a line may break inside a word. */
const cjk = /[\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]/;

/** One unit of text as written: a character, or a character reference that stands for one or two. */
interface Unit {
  written: string;
  read: string;
}

function units(text: string): Unit[] {
  const out: Unit[] = [];
  for (const m of text.matchAll(/&(?:#\d{1,7}|#[Xx][a-fA-F0-9]{1,6}|\w+);|[\s\S]/g)) {
    out.push({ written: m[0], read: m[0].length > 1 ? decodeEntities(m[0]) : m[0] });
  }
  return out;
}

/**
 * The text of one line of text (the pieces between block boundaries) with `<wbr>` at the
 * phrase boundaries that need one: between two characters that are not spaces, at least one of
 * them Japanese (a space already lets the line break; Latin words keep their own rules).
 */
function phraseLine(pieces: string[]): string[] {
  const split = pieces.map(units);
  const read = split.map((us) => us.map((u) => u.read).join(''));
  const line = read.join('');
  if (!cjk.test(line)) return pieces;
  const boundaries = phraseBoundaries(line);
  if (!boundaries) return pieces;

  const out: string[] = [];
  let offset = 0;
  for (const us of split) {
    let html = '';
    for (const u of us) {
      if (boundaries.has(offset) && wantsBreak(line, offset)) html += '<wbr>';
      html += u.written;
      offset += u.read.length;
    }
    // A boundary at the end of a piece is written at the start of the next one (after the tag).
    out.push(html);
  }
  return out;
}

/**
 * Characters a Japanese line never starts with (closing brackets and punctuation, the long
 * vowel mark, small kana) and never ends with (opening brackets): a `<wbr>` would let the line
 * break there all the same, so none is put beside them (BudouX now and then starts a phrase
 * with 「：」).
 */
const noLineStart = /[、。，．,.:;!?：；！？）」』】〕〉》］｝)\]}ー－〜～…‥・ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶ々ゝゞヽヾ%％]/;
const noLineEnd = /[（「『【〔〈《［｛(\[{]/;

/**
 * Offsets where a phrase of the line starts (after the first), or null if the phrases do not
 * make up the line (not expected; the text is then never changed). Kept per line: watch mode
 * renders every slide again after an edit, and most of its lines did not change.
 */
const known = new Map<string, Set<number> | null>();

function phraseBoundaries(line: string): Set<number> | null {
  let boundaries = known.get(line);
  if (boundaries !== undefined) return boundaries;
  const phrases = japaneseParser().parse(line);
  boundaries = null;
  if (phrases.join('') === line) {
    boundaries = new Set<number>();
    let at = 0;
    for (const p of phrases.slice(0, -1)) boundaries.add((at += p.length));
  }
  if (known.size >= 20_000) known.clear();
  known.set(line, boundaries);
  return boundaries;
}

function wantsBreak(line: string, at: number): boolean {
  const before = line[at - 1] ?? '';
  const after = line[at] ?? '';
  if (!before || !after || /\s/.test(before) || /\s/.test(after)) return false;
  if (noLineStart.test(after) || noLineEnd.test(before)) return false;
  // Never between the two halves of a character outside the BMP.
  if (/[\ud800-\udbff]/.test(before)) return false;
  return cjk.test(before) || cjk.test(after);
}

/** The HTML with `<wbr>` between the phrases of its Japanese text. */
export function phraseBreaks(html: string): string {
  const parts = html.split(/(<[^>]*>)/);
  // parts alternate: text, tag, text, tag, …, text
  const out = parts.slice();
  let line: number[] = []; // indexes of the text parts of the line being read
  let skipDepth = 0;
  let skipping = '';
  const flush = () => {
    if (line.length) {
      const done = phraseLine(line.map((i) => parts[i]!));
      for (const [k, i] of line.entries()) out[i] = done[k]!;
    }
    line = [];
  };
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    if (i % 2 === 0) {
      if (!skipDepth && part) line.push(i);
      continue;
    }
    const tag = /^<(\/?)([a-zA-Z][a-zA-Z0-9-]*)/.exec(part);
    const name = tag?.[2]!.toLowerCase() ?? '';
    const closing = tag?.[1] === '/';
    if (skipDepth) {
      if (name === skipping && !part.endsWith('/>')) skipDepth += closing ? -1 : 1;
      continue;
    }
    if (skipped.has(name) && !closing && !part.endsWith('/>')) {
      flush();
      skipping = name;
      skipDepth = 1;
      continue;
    }
    if (!inline.has(name)) flush();
  }
  flush();
  return out.join('');
}
