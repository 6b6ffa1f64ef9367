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
import { XmlError, find, findAll, kid, kids, parseXml, textOf, type XmlElement } from '../../import/xml.ts';
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
    const root = parse(file, entries, entry)!;
    const scorm = kid(root, 'scorm');
    if (!scorm) continue;
    const activity = { cmid: Number(root.attrs.moduleid ?? /\d+/.exec(entry)![0]), name: text(scorm, 'name') ?? '', version: text(scorm, 'version') ?? '' };
    const attempts = new Map<string, Attempt>();
    // A package with several SCOs records each one's interactions from 0: later SCOs continue the numbering.
    let offset = 0;
    for (const sco of findAll(find(scorm, 'scoes') ?? scorm, 'sco')) {
      let highest = -1;
      for (const track of findAll(sco, 'sco_track')) {
        tracksSeen++;
        const userid = text(track, 'userid') ?? '';
        const attemptNo = Number(text(track, 'attempt') ?? '1') || 1;
        const element = text(track, 'element') ?? '';
        const value = text(track, 'value') ?? '';
        const key = `${userid}#${attemptNo}`;
        let a = attempts.get(key);
        if (!a) attempts.set(key, (a = { userid, attempt: attemptNo, latest: 0, score: null, interactions: new Map() }));
        a.latest = Math.max(a.latest, Number(text(track, 'timemodified') ?? '0') || 0);
        if (element === 'cmi.core.score.raw' || element === 'cmi.score.raw') a.score = value.trim() === '' || Number.isNaN(Number(value)) ? null : Number(value);
        const m = interactionElement.exec(element);
        if (!m) continue;
        const n = Number(m[1]);
        highest = Math.max(highest, n);
        const i = a.interactions.get(offset + n) ?? { id: null, response: null, result: null };
        if (m[2] === 'id') i.id = value;
        else if (m[2] === 'result') i.result = value;
        else i.response = value;
        a.interactions.set(offset + n, i);
      }
      offset += highest + 1;
    }
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
