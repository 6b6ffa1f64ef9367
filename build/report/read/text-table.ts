/**
 * Delimited text as Moodle's table export writes it: one record per line, a field quoted only
 * when it has to be (RFC 4180's rules with the delimiter of the caller's choice). A quoted
 * field may hold the delimiter, line breaks and doubled quotes, so a record can span several
 * lines and splitting lines on tabs would cut it apart.
 */

export interface TextRecord {
  fields: string[];
  /** 1-based line on which the record starts, for error messages. */
  line: number;
}

/** Why the text cannot be split into records; `line` is where the problem starts. */
export class TextTableError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Splits `text` into records. A BOM is dropped; LF and CRLF both end a record (a CR inside a
 * quoted field is kept, since it is part of what was written). Empty lines are skipped: Moodle
 * never writes one, and a trailing newline would otherwise add an empty record.
 */
export function parseDelimited(text: string, delimiter: string): TextRecord[] {
  const src = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const records: TextRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let recordLine = 1;
  let i = 0;
  const endRecord = () => {
    fields.push(field);
    if (!(fields.length === 1 && fields[0] === '')) records.push({ fields, line: recordLine });
    fields = [];
    field = '';
  };
  while (i < src.length) {
    const atFieldStart = field === '' && (i === 0 || src[i - 1] === delimiter || src[i - 1] === '\n');
    const c = src[i]!;
    if (c === '"' && atFieldStart) {
      const openedOn = line;
      i++;
      for (;;) {
        if (i >= src.length) throw new TextTableError(openedOn, `a quoted field opened on line ${openedOn} is never closed; the file is cut short or is not Moodle's text download.`);
        const q = src[i]!;
        if (q === '"') {
          if (src[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        // The run up to the next quote, at once (counting the line ends in it).
        const close = src.indexOf('"', i);
        const end = close < 0 ? src.length : close;
        for (let k = src.indexOf('\n', i); k >= 0 && k < end; k = src.indexOf('\n', k + 1)) line++;
        field += src.slice(i, end);
        i = end;
      }
      const next = src[i];
      if (next !== undefined && next !== delimiter && next !== '\n' && !(next === '\r' && src[i + 1] === '\n')) {
        throw new TextTableError(line, `line ${line}: text follows a closing quote; a quoted field must end at a delimiter or at the end of the line.`);
      }
      continue;
    }
    if (c === delimiter) {
      fields.push(field);
      field = '';
      i++;
      continue;
    }
    if (c === '\r' && src[i + 1] === '\n') {
      i++;
      continue;
    }
    if (c === '\n') {
      endRecord();
      i++;
      line++;
      recordLine = line;
      continue;
    }
    // An unquoted run up to the next delimiter or line end, taken at once: a report of
    // 10,000 rows has close to a million fields, and adding them a character at a time is slow.
    let end = i + 1;
    while (end < src.length) {
      const d = src[end];
      if (d === delimiter || d === '\n' || d === '\r') break;
      end++;
    }
    field += src.slice(i, end);
    i = end;
  }
  if (field !== '' || fields.length > 0) endRecord();
  return records;
}
