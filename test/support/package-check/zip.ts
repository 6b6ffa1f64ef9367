/**
 * Reads a package zip for the check, on its own rather than with the library that wrote it, so
 * a fault in the writer cannot hide itself. Every problem becomes a finding and the reading
 * goes on: an unsafe or damaged entry is reported and left out, the rest is still checked.
 */
import { inflateSync } from 'fflate';
import type { Finding } from './rules.ts';
import { finding } from './rules.ts';

export interface PackageZip {
  /** Files by entry name (folders left out), in the order of the central directory. */
  files: Map<string, Uint8Array>;
  /** false when the zip could not be read at all (no central directory). */
  readable: boolean;
}

/** No package of ours comes near this; a larger declared size is a damaged or hostile zip. */
const MAX_ENTRY_BYTES = 512 * 1024 * 1024;

const u16 = (b: Uint8Array, o: number) => b[o]! | (b[o + 1]! << 8);
const u32 = (b: Uint8Array, o: number) => (b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16) | (b[o + 3]! << 24)) >>> 0;

const crcTable = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

export function crc32(data: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < data.length; i++) c = crcTable[(c ^ data[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** Why an entry name would land outside the folder the package is unpacked into, or null. */
export function unsafePath(name: string): string | null {
  if (name.includes('\\')) return 'contains a backslash, which some LMSs take for a folder separator';
  if (name.startsWith('/')) return 'is an absolute path';
  if (/^[A-Za-z]:/.test(name)) return 'starts with a drive letter';
  if (name.split('/').some((s) => s === '..')) return 'climbs out of the package with ".."';
  if (name.includes('\0')) return 'contains a NUL character';
  return null;
}

export function readPackageZip(bytes: Uint8Array, findings: Finding[]): PackageZip {
  const files = new Map<string, Uint8Array>();
  const unreadable = (message: string): PackageZip => {
    findings.push(finding('ZipUnreadable', '(zip)', message));
    return { files, readable: false };
  };
  if (bytes.length < 22) return unreadable('The file is too short to be a zip.');
  // End of central directory record: 22 bytes and a comment of up to 65,535 bytes, at the end.
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i--) {
    if (u32(bytes, i) === 0x06054b50 && i + 22 + u16(bytes, i + 20) === bytes.length) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return unreadable('The file has no zip central directory; it is not a zip or it is cut short.');
  const count = u16(bytes, eocd + 10);
  const cdSize = u32(bytes, eocd + 12);
  const cdOffset = u32(bytes, eocd + 16);
  if (count === 0xffff || cdOffset === 0xffffffff || cdSize === 0xffffffff) return unreadable('The zip uses ZIP64 records, which an LMS may not read and no package of this size needs.');
  if (u16(bytes, eocd + 4) !== 0 || u16(bytes, eocd + 6) !== 0) return unreadable('The zip spans several disks.');
  if (cdOffset + cdSize > eocd) return unreadable('The zip central directory lies outside the file.');

  const decoder = new TextDecoder('utf-8', { fatal: true });
  let p = cdOffset;
  for (let n = 0; n < count; n++) {
    if (p + 46 > eocd || u32(bytes, p) !== 0x02014b50) return unreadable(`Entry ${n + 1} of ${count} in the central directory is damaged.`);
    const flags = u16(bytes, p + 8);
    const method = u16(bytes, p + 10);
    const crc = u32(bytes, p + 16);
    const compressedSize = u32(bytes, p + 20);
    const size = u32(bytes, p + 24);
    const nameLen = u16(bytes, p + 28);
    const extraLen = u16(bytes, p + 30);
    const commentLen = u16(bytes, p + 32);
    const localOffset = u32(bytes, p + 42);
    const rawName = bytes.subarray(p + 46, p + 46 + nameLen);
    p += 46 + nameLen + extraLen + commentLen;

    let name: string;
    try {
      name = decoder.decode(rawName);
    } catch {
      findings.push(finding('ZipEntryDamaged', '(zip)', `Entry ${n + 1} has a name that is not UTF-8; LMSs disagree on how to read it.`));
      continue;
    }
    const unsafe = unsafePath(name);
    if (unsafe) {
      findings.push(finding('ZipUnsafePath', name, `The entry "${name}" ${unsafe}.`));
      continue;
    }
    if (name.endsWith('/')) continue; // a folder entry
    if (files.has(name)) {
      findings.push(finding('ZipDuplicateEntry', name, `The zip holds "${name}" twice; which copy an LMS unpacks is left to chance.`));
      continue;
    }
    const damaged = (why: string) => findings.push(finding('ZipEntryDamaged', name, `The entry "${name}" ${why}.`));
    if (flags & 0x1) {
      damaged('is encrypted');
      continue;
    }
    if (method !== 0 && method !== 8) {
      damaged(`uses compression method ${method}; only stored (0) and deflate (8) are read everywhere`);
      continue;
    }
    if (size > MAX_ENTRY_BYTES) {
      damaged(`declares ${size} bytes, more than any package of ours holds`);
      continue;
    }
    if (localOffset + 30 > bytes.length || u32(bytes, localOffset) !== 0x04034b50) {
      damaged('has no local header where the central directory says it starts');
      continue;
    }
    const start = localOffset + 30 + u16(bytes, localOffset + 26) + u16(bytes, localOffset + 28);
    if (start + compressedSize > bytes.length) {
      damaged('runs past the end of the file');
      continue;
    }
    const data = bytes.subarray(start, start + compressedSize);
    let content: Uint8Array;
    try {
      content = method === 0 ? data.slice() : inflateSync(data, { out: new Uint8Array(size) });
    } catch (e) {
      damaged(`cannot be inflated (${(e as Error).message})`);
      continue;
    }
    if (content.length !== size) {
      damaged(`is ${content.length} bytes, not the ${size} the central directory declares`);
      continue;
    }
    if (crc32(content) !== crc) {
      damaged('fails its CRC-32 check');
      continue;
    }
    files.set(name, content);
  }
  return { files, readable: true };
}
