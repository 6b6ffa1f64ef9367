/**
 * Every input of the report, recognised by what the file holds (not by its extension alone) and
 * read into submissions. Each kind of input is one `InputReader`; the first that recognises the
 * bytes reads them, so more specific readers come before more general ones.
 */
import type { InputFormat, Submission } from '../model.ts';
import { ReportInputError } from '../model.ts';
import { ArchiveError, SafeZip } from '../../import/zip.ts';
import { isGzip, isZipBackup, readMoodleBackup } from './mbz.ts';
import { isOds, readInteractionsOds, readInteractionsText, readInteractionsXlsx } from './moodle-report.ts';
import { recognise as isSurveyWorkbook, readSurveyWorkbook } from './workbook.ts';
import { readXapi, startsLikeJson } from './xapi.ts';

export interface InputReader {
  format: InputFormat;
  /** A cheap look at the bytes: could this file be of this format? */
  recognise(bytes: Uint8Array, name: string): boolean;
  read(file: string, bytes: Uint8Array): Promise<Submission[]>;
}

function zipOf(bytes: Uint8Array): SafeZip | null {
  if (bytes.length < 4 || bytes[0] !== 0x50 || bytes[1] !== 0x4b) return null;
  try {
    return new SafeZip(bytes);
  } catch (err) {
    if (err instanceof ArchiveError) return null;
    throw err;
  }
}

/** How much of a file the text check reads: enough for a header row and a few answers. */
const SAMPLE = 4 * 1024;

/** Text the report could read as a table: valid UTF-8 without NUL, and not JSON (xAPI). */
function looksLikeTable(bytes: Uint8Array): boolean {
  if (bytes.includes(0) || startsLikeJson(bytes)) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, SAMPLE + 3));
    return true;
  } catch {
    // The sample may cut a character in two at its end; only an error before that counts.
    return bytes.length > SAMPLE + 3 && !new TextDecoder('utf-8').decode(bytes.subarray(0, SAMPLE)).includes('\uFFFD');
  }
}

export const inputReaders: InputReader[] = [
  {
    format: 'moodle-backup',
    recognise: (bytes) => isGzip(bytes) || isZipBackup(bytes),
    read: readMoodleBackup,
  },
  {
    format: 'moodle-interactions-ods',
    recognise: (bytes) => {
      const zip = zipOf(bytes);
      return zip !== null && isOds(zip);
    },
    read: async (file, bytes) => readInteractionsOds(file, bytes),
  },
  // Before Moodle's Excel report: both are xlsx, and the workbook is the one with a
  // recognisable mark of its own (its document keywords).
  {
    format: 'survey-workbook',
    recognise: (bytes) => isSurveyWorkbook(bytes),
    read: readSurveyWorkbook,
  },
  {
    format: 'moodle-interactions-xlsx',
    recognise: (bytes) => zipOf(bytes)?.has('xl/workbook.xml') ?? false,
    read: readInteractionsXlsx,
  },
  // Before the text report: JSON is text too, and Moodle's text report takes any other text.
  {
    format: 'xapi',
    // Any JSON goes to the xAPI reader, which says what is wrong with JSON that holds no statements.
    recognise: startsLikeJson,
    read: readXapi,
  },
  {
    format: 'moodle-interactions-text',
    recognise: (bytes) => looksLikeTable(bytes),
    read: async (file, bytes) => readInteractionsText(file, bytes),
  },
];

/** Reads one input file into submissions; `file` is the name as given, used in every message. */
export async function readInput(file: string, bytes: Uint8Array): Promise<Submission[]> {
  const reader = inputReaders.find((r) => r.recognise(bytes, file));
  if (!reader) {
    throw new ReportInputError(
      file,
      bytes.length === 0 ? 'the file is empty.' : 'the file is none of the inputs the report reads.',
      'Give Moodle\'s Interactions report (Text file, Excel or ODS), a Moodle backup with user data (.mbz), the course\'s survey workbook, or xAPI statements (JSON).',
    );
  }
  return reader.read(file, bytes);
}
