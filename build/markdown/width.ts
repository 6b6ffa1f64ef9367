/**
 * How wide text is in East Asian typography, from Unicode's East Asian Width property (UAX #11,
 * kept current by the `get-east-asian-width` package): wide and full-width characters (kanji,
 * kana, Hangul, full-width forms, CJK punctuation) take two columns, the rest one. Ambiguous
 * characters (①, ※, —, …, ■, ○, →, and some Latin, Greek and Cyrillic letters) depend on the
 * font; they count as narrow unless the caller knows better.
 */
import { eastAsianWidth } from 'get-east-asian-width';

/** Characters that take no column of their own: combining marks, variation selectors, zero-width spaces and joiners. */
const zeroWidth = /^[\p{Mn}\p{Me}\p{Cf}]$/u;

export interface WidthOptions {
  /** Count ambiguous characters as wide, as a Japanese font draws its symbols. */
  ambiguousAsWide?: boolean;
}

/** Columns one character (one code point) takes: 0, 1 or 2. */
export function charWidth(ch: string, opts: WidthOptions = {}): 0 | 1 | 2 {
  if (zeroWidth.test(ch)) return 0;
  return eastAsianWidth(ch.codePointAt(0) ?? 0, { ambiguousAsWide: opts.ambiguousAsWide ?? false });
}

/** A wide or full-width character: two columns, and a line may break on either side of it. */
export function isWide(ch: string): boolean {
  return charWidth(ch) === 2;
}

/** Columns a piece of text takes in a monospaced East Asian font (a terminal, a code frame). */
export function displayWidth(text: string, opts: WidthOptions = {}): number {
  let width = 0;
  for (const ch of text) width += charWidth(ch, opts);
  return width;
}

/**
 * The pieces a line may break between: a word with the spaces after it, a single wide
 * character (Japanese breaks between any two), or a run of spaces.
 */
export function breakPieces(text: string): string[] {
  const pieces: string[] = [];
  let word = '';
  const flush = () => {
    if (word) pieces.push(word);
    word = '';
  };
  for (const ch of text) {
    if (isWide(ch)) {
      flush();
      pieces.push(ch);
    } else if (/\s/.test(ch)) {
      // Spaces stay with the word before them, or make a piece of their own.
      word += ch;
    } else {
      if (/\s$/.test(word)) flush();
      word += ch;
    }
  }
  flush();
  return pieces;
}
