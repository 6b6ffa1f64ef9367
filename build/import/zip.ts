/**
 * Reading an untrusted zip (an OOXML package a customer sends back). Nothing is inflated
 * before the central directory has been checked: entry names that could escape a folder,
 * symbolic links and other special files, sizes and compression ratios that betray a zip
 * bomb, unsupported compression. Then the first bytes of every entry are inflated, so that an
 * archive hidden inside the package is refused too. Each entry is inflated in small steps with
 * fflate and abandoned as soon as it produces more than the central directory declared, so a
 * lying header cannot make it grow past the limits either.
 */
import { Inflate } from 'fflate';

/** The limits applied to an imported package. */
export const archiveLimits = {
  /** Size of the file itself. */
  fileBytes: 20 * 1024 * 1024,
  /** Sum of the entries' uncompressed sizes. */
  totalBytes: 50 * 1024 * 1024,
  /** Uncompressed : compressed, for the whole package and for any entry above `ratioFloorBytes`. */
  ratio: 100,
  /** Entries smaller than this are not held to the ratio (a tiny, repetitive XML part compresses well). */
  ratioFloorBytes: 1024 * 1024,
  entries: 5000,
  /**
   * Any one XML part the importer parses (a slide, its notes, a sheet, the shared strings),
   * unpacked. The largest part of the real course's manuscripts, re-saved by LibreOffice, is
   * under 60 KB; a part past this limit is refused before it is inflated.
   */
  xmlPartBytes: 2 * 1024 * 1024,
} as const;

export type ArchiveProblem = 'NotAPackage' | 'UnsafeArchive' | 'NestedArchive' | 'ArchiveTooLarge' | 'TextTooLong';

/** Why a package was refused; `rule` is the diagnostic's rule id. */
export class ArchiveError extends Error {
  constructor(
    readonly rule: ArchiveProblem,
    message: string,
  ) {
    super(message);
  }
}

export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  crc: number;
  localOffset: number;
}

/**
 * Hosts whose "version made by" says the high 16 bits of the external attributes hold a Unix
 * file mode (APPNOTE 4.4.2: 3 = Unix, 19 = OS X). Extractors such as Info-ZIP honour the mode
 * of these hosts only, so only there can an entry be a link.
 */
const unixHosts = new Set([3, 19]);
const S_IFMT = 0o170000;
const S_IFREG = 0o100000;
const S_IFDIR = 0o040000;
const S_IFLNK = 0o120000;

/** Entry name that stays inside the folder it is extracted to, or the reason it does not. */
export function unsafeEntryName(name: string): string | null {
  if (name.length === 0) return 'an entry has an empty name';
  if (name.includes('\\')) return `the entry "${name}" contains a backslash`;
  if (name.includes('\0')) return `the entry "${name}" contains a NUL character`;
  if (name.startsWith('/')) return `the entry "${name}" is an absolute path`;
  if (/^[A-Za-z]:/.test(name)) return `the entry "${name}" names a drive`;
  if (name.split('/').some((seg) => seg === '..')) return `the entry "${name}" climbs out of its folder with ".."`;
  return null;
}

const u16 = (b: Uint8Array, o: number) => b[o]! | (b[o + 1]! << 8);
const u32 = (b: Uint8Array, o: number) => (b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16) | (b[o + 3]! << 24)) >>> 0;

/** The central directory, checked. Throws `ArchiveError`. */
export function readCentralDirectory(bytes: Uint8Array): ZipEntry[] {
  if (bytes.length > archiveLimits.fileBytes) {
    throw new ArchiveError('ArchiveTooLarge', `The file is ${(bytes.length / 1048576).toFixed(1)} MB; manuscripts larger than ${archiveLimits.fileBytes / 1048576} MB are refused.`);
  }
  if (bytes.length < 22 || u32(bytes, 0) !== 0x04034b50) throw new ArchiveError('NotAPackage', 'The file is not a zip package (an Office file is one); it may be another format or damaged.');
  // End of central directory: 22 bytes plus a comment of up to 65,535 bytes, at the very end.
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 65535); i--) {
    if (u32(bytes, i) === 0x06054b50 && i + 22 + u16(bytes, i + 20) === bytes.length) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new ArchiveError('NotAPackage', 'The zip package has no central directory; the file is damaged or cut short.');
  const count = u16(bytes, eocd + 10);
  const cdSize = u32(bytes, eocd + 12);
  const cdOffset = u32(bytes, eocd + 16);
  if (count === 0xffff || cdOffset === 0xffffffff || cdSize === 0xffffffff) {
    throw new ArchiveError('UnsafeArchive', 'The zip package uses ZIP64 records, which an Office document of a sensible size never needs.');
  }
  if (u16(bytes, eocd + 4) !== 0 || u16(bytes, eocd + 6) !== 0 || u16(bytes, eocd + 8) !== count) {
    throw new ArchiveError('UnsafeArchive', 'The zip package spans several disks.');
  }
  if (count > archiveLimits.entries) throw new ArchiveError('ArchiveTooLarge', `The zip package has ${count} entries; more than ${archiveLimits.entries} are refused.`);
  if (cdOffset + cdSize > eocd) throw new ArchiveError('NotAPackage', 'The zip package\'s central directory lies outside the file; it is damaged.');
  const entries: ZipEntry[] = [];
  const names = new Set<string>();
  let total = 0;
  let totalCompressed = 0;
  let p = cdOffset;
  const decoder = new TextDecoder('utf-8', { fatal: false });
  for (let i = 0; i < count; i++) {
    if (p + 46 > eocd || u32(bytes, p) !== 0x02014b50) throw new ArchiveError('NotAPackage', 'The zip package\'s central directory is damaged.');
    const flags = u16(bytes, p + 8);
    const method = u16(bytes, p + 10);
    const crc = u32(bytes, p + 16);
    const madeBy = u16(bytes, p + 4);
    const compressedSize = u32(bytes, p + 20);
    const size = u32(bytes, p + 24);
    const nameLen = u16(bytes, p + 28);
    const extraLen = u16(bytes, p + 30);
    const commentLen = u16(bytes, p + 32);
    const externalAttrs = u32(bytes, p + 38);
    const localOffset = u32(bytes, p + 42);
    const raw = bytes.subarray(p + 46, p + 46 + nameLen);
    // Bit 11: UTF-8 names. Office writes ASCII names; anything else is read as UTF-8 too, since
    // the check below is about path syntax, not the exact characters.
    const name = decoder.decode(raw);
    p += 46 + nameLen + extraLen + commentLen;
    if (flags & 0x1) throw new ArchiveError('UnsafeArchive', `The entry "${name}" is encrypted.`);
    const bad = unsafeEntryName(name);
    if (bad) throw new ArchiveError('UnsafeArchive', `The zip package would write outside its folder: ${bad}.`);
    if (names.has(name)) throw new ArchiveError('UnsafeArchive', `The zip package holds the entry "${name}" twice.`);
    if (unixHosts.has(madeBy >> 8)) {
      const type = (externalAttrs >>> 16) & S_IFMT;
      // A link extracted first and written through next lands wherever it points.
      if (type === S_IFLNK) throw new ArchiveError('UnsafeArchive', `The entry "${name}" is a symbolic link, which an Office document never holds; extracted, it could point outside its folder.`);
      if (type !== 0 && type !== S_IFREG && type !== S_IFDIR) throw new ArchiveError('UnsafeArchive', `The entry "${name}" is a special file (a device, FIFO or socket), which an Office document never holds.`);
    }
    names.add(name);
    if (compressedSize === 0xffffffff || size === 0xffffffff || localOffset === 0xffffffff) {
      throw new ArchiveError('UnsafeArchive', `The entry "${name}" uses ZIP64 sizes, which an Office document of a sensible size never needs.`);
    }
    if (method !== 0 && method !== 8) throw new ArchiveError('UnsafeArchive', `The entry "${name}" uses compression method ${method}; Office files use only "stored" and "deflate".`);
    if (method === 0 && size !== compressedSize) throw new ArchiveError('NotAPackage', `The stored entry "${name}" has two different sizes; the package is damaged.`);
    if (size > archiveLimits.ratioFloorBytes && size > compressedSize * archiveLimits.ratio) {
      throw new ArchiveError('ArchiveTooLarge', `The entry "${name}" inflates ${Math.round(size / Math.max(1, compressedSize))} times (${(size / 1048576).toFixed(1)} MB); more than ${archiveLimits.ratio} times is treated as a zip bomb.`);
    }
    total += size;
    totalCompressed += compressedSize;
    if (total > archiveLimits.totalBytes) {
      throw new ArchiveError('ArchiveTooLarge', `The package unpacks to more than ${archiveLimits.totalBytes / 1048576} MB; it is refused as a possible zip bomb.`);
    }
    entries.push({ name, method, compressedSize, size, crc, localOffset });
  }
  if (total > archiveLimits.ratioFloorBytes && total > totalCompressed * archiveLimits.ratio) {
    throw new ArchiveError('ArchiveTooLarge', `The package inflates ${Math.round(total / Math.max(1, totalCompressed))} times; more than ${archiveLimits.ratio} times is treated as a zip bomb.`);
  }
  return entries;
}

const crcTable = (() => {
  const t = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c;
  }
  return t;
})();

function crc32(data: Uint8Array): number {
  let c = -1;
  for (let i = 0; i < data.length; i++) c = crcTable[(c ^ data[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ -1) >>> 0;
}

/** Step in which compressed data is fed to the inflater: deflate expands at most ~1032×, so one step yields at most ~4 MB. */
const INFLATE_STEP = 4096;

/** An entry's compressed bytes, found through its local header. */
function entryData(bytes: Uint8Array, e: ZipEntry): Uint8Array {
  const p = e.localOffset;
  if (p + 30 > bytes.length || u32(bytes, p) !== 0x04034b50) throw new ArchiveError('NotAPackage', `The entry "${e.name}" is missing from the package; it is damaged.`);
  const start = p + 30 + u16(bytes, p + 26) + u16(bytes, p + 28);
  const end = start + e.compressedSize;
  if (end > bytes.length) throw new ArchiveError('NotAPackage', `The entry "${e.name}" runs past the end of the file; the package is damaged.`);
  return bytes.subarray(start, end);
}

/** The first `n` bytes of an entry (fewer when it is shorter), inflating no more than it takes to get them. */
export function readEntryHead(bytes: Uint8Array, e: ZipEntry, n: number): Uint8Array {
  const data = entryData(bytes, e);
  if (e.method === 0) return data.slice(0, n);
  const head = new Uint8Array(n);
  let got = 0;
  const inflater = new Inflate((chunk) => {
    const take = Math.min(n - got, chunk.length);
    head.set(chunk.subarray(0, take), got);
    got += take;
  });
  try {
    for (let i = 0; i < data.length && got < n; i += INFLATE_STEP) inflater.push(data.subarray(i, Math.min(data.length, i + INFLATE_STEP)), i + INFLATE_STEP >= data.length);
  } catch (err) {
    throw new ArchiveError('NotAPackage', `The entry "${e.name}" cannot be decompressed (${(err as Error).message}); the package is damaged.`);
  }
  return head.subarray(0, got);
}

/** The signatures a zip archive starts with: a local file header, or the end record of an empty archive. */
function isZip(head: Uint8Array): boolean {
  return head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b && ((head[2] === 3 && head[3] === 4) || (head[2] === 5 && head[3] === 6) || (head[2] === 7 && head[3] === 8));
}

/** One entry's bytes, inflated with its declared size as the hard limit. */
export function readEntry(bytes: Uint8Array, e: ZipEntry): Uint8Array {
  const data = entryData(bytes, e);
  let out: Uint8Array;
  if (e.method === 0) out = data.slice();
  else {
    out = new Uint8Array(e.size);
    let produced = 0;
    const inflater = new Inflate((chunk) => {
      if (produced + chunk.length > e.size) {
        throw new ArchiveError('ArchiveTooLarge', `The entry "${e.name}" inflates to more than the ${e.size} bytes the package declares; it is refused as a possible zip bomb.`);
      }
      out.set(chunk, produced);
      produced += chunk.length;
    });
    try {
      for (let i = 0; i < data.length; i += INFLATE_STEP) inflater.push(data.subarray(i, Math.min(data.length, i + INFLATE_STEP)), i + INFLATE_STEP >= data.length);
      if (data.length === 0) inflater.push(new Uint8Array(0), true);
    } catch (err) {
      if (err instanceof ArchiveError) throw err;
      throw new ArchiveError('NotAPackage', `The entry "${e.name}" cannot be decompressed (${(err as Error).message}); the package is damaged.`);
    }
    if (produced !== e.size) throw new ArchiveError('NotAPackage', `The entry "${e.name}" is ${produced} bytes, not the ${e.size} the package declares; it is damaged.`);
  }
  if (crc32(out) !== e.crc) throw new ArchiveError('NotAPackage', `The entry "${e.name}" fails its checksum; the package is damaged.`);
  return out;
}

/**
 * A checked zip: entry names, and each entry's bytes on demand (inflated once). Entries that
 * are themselves zip archives (an embedded workbook, a chart's data, an attached or renamed
 * .zip) are found whatever their names and listed in `archives`, for the package to refuse
 * (package.ts); the importer never opens one.
 */
export class SafeZip {
  private readonly byName = new Map<string, ZipEntry>();
  private readonly cache = new Map<string, Uint8Array>();
  /** Entries whose bytes are a zip archive. */
  readonly archives: string[] = [];
  constructor(private readonly bytes: Uint8Array) {
    for (const e of readCentralDirectory(bytes)) this.byName.set(e.name, e);
    for (const e of this.byName.values()) if (e.size >= 4 && isZip(readEntryHead(bytes, e, 4))) this.archives.push(e.name);
  }
  /**
   * What an entry holds, told without reading it: its size and checksum as the central
   * directory declares them (reading checks the checksum). Equal for equal bytes, whatever the
   * entry's name; null for no such entry.
   */
  digest(name: string): string | null {
    const e = this.byName.get(name);
    return e ? `${e.size}:${e.crc.toString(16)}` : null;
  }
  /** An entry's unpacked size as the central directory declares it (reading never yields more), or -1. */
  size(name: string): number {
    return this.byName.get(name)?.size ?? -1;
  }
  get names(): string[] {
    return [...this.byName.keys()];
  }
  has(name: string): boolean {
    return this.byName.has(name);
  }
  read(name: string): Uint8Array | null {
    const e = this.byName.get(name);
    if (!e) return null;
    let data = this.cache.get(name);
    if (!data) {
      data = readEntry(this.bytes, e);
      this.cache.set(name, data);
    }
    return data;
  }
}
