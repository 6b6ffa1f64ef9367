/**
 * A Moodle backup (.mbz) of a course or a SCORM activity, made with user data: the only way to
 * get SCORM 2004 answers out of Moodle in bulk (its Interactions report is empty for 2004).
 *
 * The archive is untrusted, under the manuscript import's rules (build/import/zip.ts): an entry
 * whose path climbs out or is absolute, a link or a device is refused, and the inflated size
 * is capped. Current Moodle writes a gzip-compressed tar, which is inflated as a stream and
 * read entry by entry, keeping in memory only the four kinds of entry the report needs; older
 * Moodle wrote a zip, read through SafeZip. Nothing is written to disk.
 */
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import type { Learner, RecordedAnswer, Submission } from '../model.ts';
import { ReportInputError } from '../model.ts';
import { ArchiveError, unsafeEntryName } from '../../import/zip.ts';
import { XmlError, decodeXmlText, findAll, kid, kids, parseXml, textOf, type XmlElement } from '../../import/xml.ts';
import { openZip } from './moodle-report.ts';

/** The limits applied to a backup; a course backup also carries every file of the course, which is read past, not kept. */
export const backupLimits = {
  /** The backup file itself. */
  fileBytes: 2 * 1024 * 1024 * 1024,
  /** Everything the gzip stream inflates to. */
  inflatedBytes: 8 * 1024 * 1024 * 1024,
  /** Any one entry kept in memory (an activity's scorm.xml grows with learners × tracked values). */
  keptEntryBytes: 512 * 1024 * 1024,
  entries: 1_000_000,
} as const;

const BACKUP_HINT = 'In Moodle, back up the course or the SCORM activity with "Include enrolled users" ticked (user data), and give the .mbz file as Moodle wrote it.';

/** The entries the report reads: the backup's description, its users and groups, and each SCORM activity. */
function wanted(name: string): boolean {
  return name === 'moodle_backup.xml' || name === 'users.xml' || name === 'groups.xml' || /^activities\/scorm_\d+\/scorm\.xml$/.test(name);
}

export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

// ── tar ───────────────────────────────────────────────────────────────────────

const BLOCK = 512;

function field(h: Uint8Array, offset: number, length: number): string {
  let end = offset;
  while (end < offset + length && h[end] !== 0) end++;
  return new TextDecoder().decode(h.subarray(offset, end));
}

function octal(h: Uint8Array, offset: number, length: number): number {
  // GNU tar writes sizes past 8 GB in base-256 (high bit set); a report backup never needs one.
  if (h[offset]! & 0x80) return Number.POSITIVE_INFINITY;
  const s = field(h, offset, length).trim();
  return s === '' ? 0 : parseInt(s, 8);
}

function checksumOk(h: Uint8Array): boolean {
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : h[i]!;
  return sum === octal(h, 148, 8);
}

/** Type flags of entries that could land outside their folder or are not files at all. */
const refusedTypes: Record<string, string> = { '1': 'a hard link', '2': 'a symbolic link', '3': 'a character device', '4': 'a block device', '6': 'a FIFO' };

/**
 * A tar stream read incrementally: `push` each inflated chunk; entries the report wants are
 * collected whole, the rest are skipped as they pass.
 */
class TarReader {
  readonly kept = new Map<string, Uint8Array>();
  private header = new Uint8Array(BLOCK);
  private headerFill = 0;
  /** The entry being read: its name, what is left of its data and padding, and its bytes when kept. */
  private entry: { name: string; left: number; padding: number; keep: Uint8Array | null; fill: number; kind: 'file' | 'pax' | 'longname' } | null = null;
  private nextName: string | null = null;
  private entries = 0;
  ended = false;

  constructor(private readonly fail: (problem: string) => never) {}

  push(chunk: Uint8Array): void {
    let p = 0;
    while (p < chunk.length && !this.ended) {
      if (this.entry) {
        const e = this.entry;
        if (e.left > 0) {
          const take = Math.min(e.left, chunk.length - p);
          if (e.keep) e.keep.set(chunk.subarray(p, p + take), e.fill);
          e.fill += take;
          e.left -= take;
          p += take;
          if (e.left > 0) continue;
          this.finishData();
        }
        const skip = Math.min(this.entry?.padding ?? 0, chunk.length - p);
        if (this.entry) {
          this.entry.padding -= skip;
          p += skip;
          if (this.entry.padding === 0) this.entry = null;
        }
        continue;
      }
      const take = Math.min(BLOCK - this.headerFill, chunk.length - p);
      this.header.set(chunk.subarray(p, p + take), this.headerFill);
      this.headerFill += take;
      p += take;
      if (this.headerFill === BLOCK) {
        this.headerFill = 0;
        this.readHeader(this.header);
      }
    }
  }

  /** Whether the stream stopped in the middle of an entry or a header. */
  get midway(): boolean {
    return this.entry !== null || this.headerFill !== 0;
  }

  private readHeader(h: Uint8Array): void {
    if (h.every((b) => b === 0)) {
      // The archive ends with zero blocks; what follows (more padding) is not read.
      this.ended = true;
      return;
    }
    if (!checksumOk(h)) this.fail('a tar header fails its checksum: the backup is damaged or is not a Moodle backup.');
    if (++this.entries > backupLimits.entries) this.fail(`the backup has more than ${backupLimits.entries} entries.`);
    const type = String.fromCharCode(h[156]!);
    const size = octal(h, 124, 12);
    if (!Number.isFinite(size)) this.fail('an entry declares a size past 8 GB.');
    let name = field(h, 0, 100);
    const prefix = field(h, 257, 6) === 'ustar' ? field(h, 345, 155) : '';
    if (prefix) name = `${prefix}/${name}`;
    if (this.nextName !== null && type !== 'x' && type !== 'L') {
      name = this.nextName;
      this.nextName = null;
    }
    const padding = (BLOCK - (size % BLOCK)) % BLOCK;
    if (type === 'x' || type === 'L') {
      // A pax extended header or a GNU long name: it names the next entry.
      if (size > 1024 * 1024) this.fail('an extended tar header is larger than 1 MB.');
      this.entry = { name, left: size, padding, keep: new Uint8Array(size), fill: 0, kind: type === 'x' ? 'pax' : 'longname' };
      if (size === 0) this.finishData();
      return;
    }
    if (type === 'g') {
      this.entry = { name, left: size, padding, keep: null, fill: 0, kind: 'file' };
      return;
    }
    const clean = name.replace(/^\.\//, '');
    const bad = unsafeEntryName(clean.replace(/\/$/, '') || clean);
    if (bad) this.fail(`the backup would write outside its folder: ${bad}.`);
    if (refusedTypes[type]) this.fail(`the entry "${clean}" is ${refusedTypes[type]}, which a Moodle backup never holds; extracted, it could point outside its folder.`);
    const isFile = type === '0' || type === '\0' || type === '7';
    if (isFile && wanted(clean)) {
      if (size > backupLimits.keptEntryBytes) this.fail(`the entry "${clean}" is ${(size / 1048576).toFixed(0)} MB; entries over ${backupLimits.keptEntryBytes / 1048576} MB are refused.`);
      if (this.kept.has(clean)) this.fail(`the backup holds the entry "${clean}" twice.`);
      this.entry = { name: clean, left: size, padding, keep: new Uint8Array(size), fill: 0, kind: 'file' };
    } else {
      this.entry = { name: clean, left: size, padding, keep: null, fill: 0, kind: 'file' };
    }
    if (size === 0) this.finishData();
  }

  private finishData(): void {
    const e = this.entry!;
    if (e.kind === 'file') {
      if (e.keep) this.kept.set(e.name, e.keep);
    } else {
      const text = new TextDecoder().decode(e.keep!);
      if (e.kind === 'longname') this.nextName = text.replace(/\0+$/, '');
      else {
        // pax records: "<length> <key>=<value>\n".
        const path = /(?:^|\n)\d+ path=([^\n]*)\n/.exec(text);
        if (path) this.nextName = path[1]!;
      }
    }
    if (e.padding === 0) this.entry = null;
  }
}

/** The entries the report needs from a gzip-compressed tar, inflated as a stream. */
async function readTarGz(file: string, bytes: Uint8Array): Promise<Map<string, Uint8Array>> {
  const fail = (problem: string): never => {
    throw new ReportInputError(file, problem, BACKUP_HINT);
  };
  const tar = new TarReader(fail);
  let inflated = 0;
  const chunks = function* () {
    for (let i = 0; i < bytes.length; i += 64 * 1024) yield bytes.subarray(i, Math.min(bytes.length, i + 64 * 1024));
  };
  const gunzip = Readable.from(chunks(), { objectMode: false }).pipe(createGunzip());
  try {
    for await (const chunk of gunzip as AsyncIterable<Buffer>) {
      inflated += chunk.length;
      if (inflated > backupLimits.inflatedBytes) fail(`the backup inflates to more than ${backupLimits.inflatedBytes / 1073741824} GB; it is refused as a possible archive bomb.`);
      tar.push(chunk);
      if (tar.ended) break;
    }
  } catch (err) {
    if (err instanceof ReportInputError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'Z_BUF_ERROR' || /unexpected end/i.test((err as Error).message)) {
      fail('the backup is cut short (its compressed stream ends too early); it was not completely downloaded or copied.');
    }
    fail(`the backup cannot be decompressed (${(err as Error).message}); it is damaged.`);
  } finally {
    gunzip.destroy();
  }
  if (!tar.ended && tar.midway) fail('the backup is cut short (an entry ends before its declared size); it was not completely downloaded or copied.');
  return tar.kept;
}

/** The same entries from a zip, the format of Moodle 2.0 to 2.5's backups. */
function readZipBackup(file: string, bytes: Uint8Array): Map<string, Uint8Array> {
  const zip = openZip(file, bytes, 'backup');
  const kept = new Map<string, Uint8Array>();
  for (const name of zip.names) {
    if (!wanted(name)) continue;
    try {
      kept.set(name, zip.read(name)!);
    } catch (err) {
      if (err instanceof ArchiveError) throw new ReportInputError(file, `the backup cannot be read: ${err.message}`, BACKUP_HINT);
      throw err;
    }
  }
  return kept;
}

// ── What the backup holds ─────────────────────────────────────────────────────

/** Moodle writes a database NULL as this marker. */
const NULL_MARK = '$@NULL@$';

function text(el: XmlElement | undefined, name: string): string | null {
  const k = kid(el, name);
  if (!k) return null;
  const t = textOf(k);
  return t === NULL_MARK ? null : t;
}

function parse(file: string, entries: Map<string, Uint8Array>, name: string): XmlElement | null {
  const bytes = entries.get(name);
  if (!bytes) return null;
  try {
    return parseXml(new TextDecoder().decode(bytes), `${file}: ${name}`);
  } catch (err) {
    if (err instanceof XmlError) throw new ReportInputError(file, `${name} cannot be read: ${err.message}`, BACKUP_HINT);
    throw err;
  }
}

/** One stored SCORM value: a learner's attempt's element, in the `sco`-th SCO of the activity. */
interface Track {
  sco: number;
  userid: string;
  attempt: string | null;
  element: string;
  value: string;
  timemodified: string | null;
}

const utf8 = new TextDecoder();

/**
 * An activity's scorm.xml, read without building its tree. It holds one `<sco_track>` per
 * learner, attempt and SCORM element (about 190 per attempt of this course): hundreds of
 * megabytes for a large company, which as a tree of elements would take gigabytes. So the
 * tracks are found by their tags in the bytes, in document order, and handed to `onTrack` one
 * by one with their fields decoded (a value only when `wantValue` asks for its element); the
 * activity's name and version come from the document's head, before its SCOs. Null when the
 * activity is not a SCORM activity.
 */
function readScormXml(
  file: string,
  name: string,
  bytes: Uint8Array,
  wantValue: (element: string) => boolean,
  onTrack: (track: Track) => void,
): { moduleid: number | null; name: string; version: string; tracks: number } | null {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  const fail = (problem: string): never => {
    throw new ReportInputError(file, `${name} cannot be read: ${problem}`, BACKUP_HINT);
  };
  const scoesAt = buf.indexOf('<scoes');
  const head = utf8.decode(bytes.subarray(0, scoesAt < 0 ? Math.min(bytes.length, 1 << 20) : scoesAt));
  const scormAt = head.search(/<scorm[\s>]/);
  if (scormAt < 0) return null;
  const xmlText = (raw: string, where: string) => {
    try {
      return decodeXmlText(raw, () => where);
    } catch (err) {
      if (err instanceof XmlError) return fail(err.message);
      throw err;
    }
  };
  const field = (xml: string, tag: string) => {
    const m = new RegExp(`<${tag}>([^<]*)</${tag}>`).exec(xml);
    return m ? xmlText(m[1]!, `<${tag}>`) : null;
  };
  const headOfScorm = head.slice(scormAt);
  const moduleid = /<activity\b[^>]*\bmoduleid="(\d+)"/.exec(head);
  // A document cut short would lose its last tracks without a word: it must end as it began.
  if (!/<\/activity>\s*$/.test(utf8.decode(bytes.subarray(Math.max(0, bytes.length - 64))))) fail('it ends before its closing </activity> (cut short?).');

  // Where each SCO opens: a track belongs to the last one opened before it.
  const scoStarts: number[] = [];
  for (let at = buf.indexOf('<sco '); at >= 0; at = buf.indexOf('<sco ', at + 5)) scoStarts.push(at);
  // (Moodle writes each SCO as `<sco id="…">`.)
  /** The next `<sco_track …>` from `from` on (not its container, `<sco_tracks>`). */
  const nextTrack = (from: number): number => {
    for (let at = buf.indexOf(TRACK_OPEN, from); at >= 0; at = buf.indexOf(TRACK_OPEN, at + TRACK_OPEN.length)) {
      const after = buf[at + TRACK_OPEN.length];
      if (after === 0x20 || after === 0x3e || after === 0x09 || after === 0x0a || after === 0x0d) return at;
    }
    return -1;
  };
  /** A field's text between `at` and `end`: null when the track has no such field; `$@NULL@$` read as null. */
  const fieldOf = (tag: { open: Buffer; close: Buffer; empty: Buffer; name: string }, at: number, end: number): string | null => {
    const open = buf.indexOf(tag.open, at);
    if (open < 0 || open > end) {
      const empty = buf.indexOf(tag.empty, at);
      return empty >= 0 && empty < end ? '' : null;
    }
    const from = open + tag.open.length;
    const close = buf.indexOf(tag.close, from);
    if (close < 0 || close > end) fail(`a <sco_track> at byte ${at} has a <${tag.name}> that is not closed.`);
    const text = xmlText(buf.toString('utf8', from, close), `a <sco_track> at byte ${at}`);
    return text === NULL_MARK ? null : text;
  };
  let sco = 0;
  let count = 0;
  for (let at = nextTrack(0); at >= 0; ) {
    const end = buf.indexOf(TRACK_CLOSE, at);
    if (end < 0) fail('a <sco_track> is not closed.');
    while (sco < scoStarts.length && scoStarts[sco]! < at) sco++;
    const element = fieldOf(FIELDS.element, at, end) ?? '';
    onTrack({
      sco,
      userid: fieldOf(FIELDS.userid, at, end) ?? '',
      attempt: fieldOf(FIELDS.attempt, at, end),
      element,
      // Most of a backup's bytes are values the report never reads (the learner state, say).
      value: wantValue(element) ? (fieldOf(FIELDS.value, at, end) ?? '') : '',
      timemodified: fieldOf(FIELDS.timemodified, at, end),
    });
    count++;
    at = nextTrack(end);
  }
  return { moduleid: moduleid ? Number(moduleid[1]) : null, name: field(headOfScorm, 'name') ?? '', version: field(headOfScorm, 'version') ?? '', tracks: count };
}

const TRACK_OPEN = Buffer.from('<sco_track');
const TRACK_CLOSE = Buffer.from('</sco_track>');
const tag = (name: string) => ({ name, open: Buffer.from(`<${name}>`), close: Buffer.from(`</${name}>`), empty: Buffer.from(`<${name}/>`) });
const FIELDS = { userid: tag('userid'), attempt: tag('attempt'), element: tag('element'), value: tag('value'), timemodified: tag('timemodified') };

/** The raw score, in both versions' spellings. */
const SCORE_ELEMENTS = new Set(['cmi.core.score.raw', 'cmi.score.raw']);

/** A SCORM element name's interaction index and field, for both versions' spellings. */
const interactionElement = /^cmi\.interactions[._](\d+)\.(id|student_response|learner_response|result)$/;

interface Attempt {
  userid: string;
  attempt: number;
  latest: number;
  score: number | null;
  interactions: Map<number, { id: string | null; response: string | null; result: string | null }>;
}

/** Extra facts a backup gives about a submission: the activity it comes from. */
export interface BackupSubmission extends Submission {
  activity: { cmid: number; name: string; version: string };
}

/** Whether the bytes are a zip holding a Moodle backup's description. */
export function isZipBackup(bytes: Uint8Array): boolean {
  try {
    return openZip('', bytes, 'backup').has('moodle_backup.xml');
  } catch {
    return false;
  }
}

export async function readMoodleBackup(file: string, bytes: Uint8Array): Promise<BackupSubmission[]> {
  if (bytes.length > backupLimits.fileBytes) throw new ReportInputError(file, `the backup is ${(bytes.length / 1073741824).toFixed(1)} GB; backups over ${backupLimits.fileBytes / 1073741824} GB are refused.`, BACKUP_HINT);
  const entries = isGzip(bytes) ? await readTarGz(file, bytes) : readZipBackup(file, bytes);
  if (!entries.has('moodle_backup.xml')) throw new ReportInputError(file, 'the archive has no moodle_backup.xml, so it is not a Moodle backup.', BACKUP_HINT);
  const activities = [...entries.keys()].filter((n) => n.startsWith('activities/')).sort((a, b) => Number(/\d+/.exec(a)![0]) - Number(/\d+/.exec(b)![0]));
  if (activities.length === 0) throw new ReportInputError(file, 'the backup holds no SCORM activity.', 'Back up the course or the SCORM activity that the learners took, with user data.');

  const users = new Map<string, XmlElement>();
  const usersXml = parse(file, entries, 'users.xml');
  if (usersXml) for (const u of kids(usersXml, 'user')) users.set(u.attrs.id ?? '', u);
  const groupsOf = new Map<string, string[]>();
  const groupsXml = parse(file, entries, 'groups.xml');
  if (groupsXml) {
    for (const g of kids(groupsXml, 'group')) {
      const name = text(g, 'name') ?? '';
      for (const m of findAll(g, 'group_member')) {
        const uid = text(m, 'userid') ?? '';
        groupsOf.set(uid, [...(groupsOf.get(uid) ?? []), name]);
      }
    }
  }
  const learnerOf = (userid: string): Learner => {
    const u = users.get(userid);
    const groups = groupsOf.get(userid) ?? [];
    if (!u) return { key: `user:${userid}`, name: null, email: null, groups };
    const email = text(u, 'email')?.trim() || null;
    const username = text(u, 'username') ?? userid;
    const name = [text(u, 'firstname'), text(u, 'lastname')].filter((s) => s).join(' ') || null;
    return { key: (email ? `email:${email}` : `user:${username}`).toLowerCase(), name, email, groups };
  };

  const out: BackupSubmission[] = [];
  let tracksSeen = 0;
  for (const entry of activities) {
    const attempts = new Map<string, Attempt>();
    // A package with several SCOs records each one's interactions from 0: later SCOs continue the numbering.
    let offset = 0;
    let highest = -1;
    let sco = 0;
    const scorm = readScormXml(
      file,
      entry,
      entries.get(entry)!,
      (element) => SCORE_ELEMENTS.has(element) || interactionElement.test(element),
      (track) => {
        if (track.sco !== sco) {
          offset += highest + 1;
          highest = -1;
          sco = track.sco;
        }
        const { userid, element, value } = track;
        const attemptNo = Number(track.attempt ?? '1') || 1;
        const key = `${userid}#${attemptNo}`;
        let a = attempts.get(key);
        if (!a) attempts.set(key, (a = { userid, attempt: attemptNo, latest: 0, score: null, interactions: new Map() }));
        a.latest = Math.max(a.latest, Number(track.timemodified ?? '0') || 0);
        if (SCORE_ELEMENTS.has(element)) a.score = value.trim() === '' || Number.isNaN(Number(value)) ? null : Number(value);
        const m = interactionElement.exec(element);
        if (!m) return;
        const n = Number(m[1]);
        highest = Math.max(highest, n);
        const i = a.interactions.get(offset + n) ?? { id: null, response: null, result: null };
        if (m[2] === 'id') i.id = value;
        else if (m[2] === 'result') i.result = value;
        else i.response = value;
        a.interactions.set(offset + n, i);
      },
    );
    if (!scorm) continue;
    tracksSeen += scorm.tracks;
    const activity = { cmid: scorm.moduleid ?? Number(/\d+/.exec(entry)![0]), name: scorm.name, version: scorm.version };
    const sorted = [...attempts.values()].sort((x, y) => Number(x.userid) - Number(y.userid) || x.attempt - y.attempt);
    for (const a of sorted) {
      const answers: RecordedAnswer[] = [...a.interactions.entries()]
        .sort(([x], [y]) => x - y)
        // As in Moodle's report: an interaction without a stored response is an item left empty.
        .filter(([, i]) => i.response !== null && i.response !== '')
        .map(([index, i]) => ({ id: i.id || null, index, response: i.response!, result: i.result || null }));
      out.push({
        file,
        format: 'moodle-backup',
        learner: learnerOf(a.userid),
        attempt: a.attempt,
        at: a.latest > 0 ? new Date(a.latest * 1000).toISOString() : null,
        score: a.score,
        answers,
        empty: answers.length === 0,
        activity,
      });
    }
  }
  if (tracksSeen === 0) {
    const backup = parse(file, entries, 'moodle_backup.xml');
    const usersSetting = backup ? findAll(backup, 'setting').find((s) => text(s, 'name') === 'users') : undefined;
    const withoutUsers = usersSetting !== undefined && text(usersSetting, 'value') === '0';
    throw new ReportInputError(
      file,
      withoutUsers ? 'the backup was made without user data, so it holds no SCORM tracks (no answers).' : 'the backup holds SCORM activities but no SCORM tracks (no learner has answered, or user data was left out).',
      BACKUP_HINT,
    );
  }
  return out;
}
