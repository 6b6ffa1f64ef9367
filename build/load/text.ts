/**
 * A source file's bytes as text, or the reasons they cannot be one. Sources are typed by people,
 * pasted from PDFs and word processors, saved by editors in other encodings: what a later step
 * would misread (bytes that are not UTF-8), print raw into a terminal or a package (control
 * characters: PowerPoint does not open a manuscript holding one), or take too long over (a
 * 20 MB file, a line of 50,000 characters) is refused here, at its line, before any parser
 * sees it. A byte-order mark and Windows line breaks are ordinary and pass.
 */
import { SourceText, type Diagnostics } from '../diagnostics.ts';

/** The largest source file: the course's largest (questions.yaml) is about 60 KB. */
export const MAX_SOURCE_BYTES = 1024 * 1024;
/**
 * The longest line of a source. The longest in the course has about 600 characters; the limit
 * also keeps every per-line pattern of the Markdown and YAML readers on short input.
 */
export const MAX_LINE_LENGTH = 5000;
/**
 * The most spaces and tabs in a row. Indentation and aligned tables need a few dozen; a run of
 * thousands is pasted by accident, and patterns that look for a line's trailing spaces take time
 * in the square of its length.
 */
export const MAX_BLANK_RUN = 200;
/** Control characters reported per file; the rest are counted in the last report. */
const MAX_REPORTED = 10;

const strict = new TextDecoder('utf-8', { fatal: true });
const lenient = new TextDecoder('utf-8');

/**
 * The C0 controls but tab, line feed and carriage return, and the noncharacters U+FFFE and
 * U+FFFF: XML 1.0 does not allow them, so a manuscript holding one does not open. Also DEL and
 * the C1 controls, which XML only discourages but a source never means (C1 comes from text
 * decoded with the wrong code page).
 */
const control = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF]/g;

const controlNames: Record<number, string> = {
  0x00: 'NUL',
  0x07: 'bell',
  0x08: 'backspace',
  0x0b: 'vertical tab',
  0x0c: 'form feed',
  0x1b: 'escape',
  0x7f: 'delete',
  0x85: 'next line',
};

function describe(ch: string): string {
  const code = ch.charCodeAt(0);
  const name = controlNames[code];
  return `U+${code.toString(16).toUpperCase().padStart(4, '0')}${name ? ` (${name})` : ''}`;
}

/**
 * The text as code frames may print it: each control character replaced by its visible
 * picture (␀, ␛, …) or by U+FFFD, one UTF-16 unit for one, so offsets stay the same.
 */
export function printable(text: string): string {
  return text.replace(control, (ch) => {
    const code = ch.charCodeAt(0);
    return code < 0x20 ? String.fromCharCode(0x2400 + code) : code === 0x7f ? '\u2421' : '\uFFFD';
  });
}

/**
 * The offset of the first byte of `bytes` that does not begin or continue a UTF-8 character
 * the way the standard allows (no overlong forms, surrogates or values above U+10FFFF), or -1.
 */
export function firstInvalidByte(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min = 0x80;
    let max = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) min = 0xa0;
      if (b === 0xed) max = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) min = 0x90;
      if (b === 0xf4) max = 0x8f;
    } else return i;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      // The second byte has the narrower range; the others are plain continuation bytes. A
      // broken character is reported where it starts.
      if (c === undefined || c < (k === 1 ? min : 0x80) || c > (k === 1 ? max : 0xbf)) return i;
    }
    i += need + 1;
  }
  return -1;
}

/**
 * Decodes a source file and checks it can be read as one. Returns the text (without a
 * byte-order mark; a lone carriage return made a line feed, which keeps every offset), or null
 * after reporting why not, with a code frame of the printable text.
 */
export function readSourceText(bytes: Uint8Array, file: string, diags: Diagnostics): string | null {
  const whole = { file, line: 0, column: 0 };
  if (bytes.length > MAX_SOURCE_BYTES) {
    diags.report('SourceFileTooLarge', whole, `The file is ${megabytes(bytes.length)}; a source file may be at most ${megabytes(MAX_SOURCE_BYTES)}.`);
    return null;
  }
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    diags.report('InvalidEncoding', { file, line: 1, column: 1 }, 'The file is saved as UTF-16; the sources are read as UTF-8.');
    return null;
  }
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  const body = bytes.subarray(bom);
  let text: string;
  try {
    text = strict.decode(body);
  } catch {
    const bad = Math.max(0, firstInvalidByte(body));
    const lossy = lenient.decode(body).replace(/\r(?!\n)/g, '\n');
    diags.source(file, framed(lossy));
    const pos = new SourceText(file, lossy).position(lenient.decode(body.subarray(0, bad)).length);
    const hex = `0x${(body[bad] ?? 0).toString(16).toUpperCase().padStart(2, '0')}`;
    diags.report('InvalidEncoding', { file, ...pos }, `The file is not UTF-8: the byte ${hex} on line ${pos.line} is not part of a UTF-8 character.`);
    return null;
  }
  // Old Mac line breaks: YAML and Markdown read a lone CR as a line break, and so do the frames.
  text = text.replace(/\r(?!\n)/g, '\n');

  const problems: { offset: number; report(at: { file: string; line: number; column: number }): void }[] = [];
  const shown: RegExpExecArray[] = [];
  let controls = 0;
  control.lastIndex = 0;
  for (let m = control.exec(text); m; m = control.exec(text), controls++) if (shown.length < MAX_REPORTED) shown.push(m);
  shown.forEach((m, i) => {
    const more = i === shown.length - 1 && controls > shown.length ? ` (${controls - shown.length} more control characters follow in this file)` : '';
    problems.push({
      offset: m.index,
      report: (at) => diags.report('ControlCharacter', at, `Line ${at.line} holds the invisible control character ${describe(m[0])}${more}.`),
    });
  });
  for (let i = 0, run = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    run = ch === 0x20 || ch === 0x09 || ch === 0xa0 || ch === 0x3000 ? run + 1 : 0;
    if (run > MAX_BLANK_RUN) {
      const start = i - run + 1;
      let end = i;
      while (/[ \t\u00a0\u3000]/.test(text[end + 1] ?? '')) end++;
      const length = end - start + 1;
      problems.push({
        offset: start,
        report: (at) => diags.report('BlankRun', at, `Line ${at.line} has ${length.toLocaleString('en')} spaces or tabs in a row; a source may have at most ${MAX_BLANK_RUN} in a row.`),
      });
      break;
    }
  }
  let lineStart = 0;
  while (lineStart <= text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = text.length;
    const length = lineEnd - lineStart - (text[lineEnd - 1] === '\r' ? 1 : 0);
    if (length > MAX_LINE_LENGTH) {
      problems.push({
        offset: lineStart,
        report: (at) => diags.report('LineTooLong', at, `Line ${at.line} has ${length.toLocaleString('en')} characters; a source line may have at most ${MAX_LINE_LENGTH.toLocaleString('en')}.`),
      });
      // One report per file: a file with one such line usually has more, and they have one fix.
      break;
    }
    lineStart = lineEnd + 1;
  }
  if (!problems.length) return text;
  diags.source(file, framed(text));
  const src = new SourceText(file, text);
  for (const p of problems.sort((a, b) => a.offset - b.offset)) p.report({ file, ...src.position(p.offset) });
  return null;
}

/** The refused text as its code frames show it: printable, and long lines cut (lines keep their numbers). */
function framed(text: string): string {
  return printable(text).replace(/^(.{160}).{40,}$/gm, '$1 …');
}

function megabytes(n: number): string {
  return n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(n / 1024)} KB`;
}
