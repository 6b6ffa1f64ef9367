/**
 * Recorded narration: the audio files under `audio/` of the course folder (and of a variant's),
 * recognised by their bytes and measured before the checks run. Reading a duration means
 * parsing the container (music-metadata, which is asynchronous), so `compile` probes the files
 * first and hands the results to the checks, which stay synchronous. A probe is kept per file
 * contents, so watch mode measures only the files that changed.
 */
import { createHash } from 'node:crypto';
import { parseBuffer } from 'music-metadata';
import type { SourceTree } from './sources.ts';

/** The formats a package may carry: what every browser the course supports plays in `<audio>`. */
export const audioFormats = {
  m4a: { type: 'audio/mp4', name: 'MPEG-4 audio (AAC)' },
  mp3: { type: 'audio/mpeg', name: 'MP3' },
  ogg: { type: 'audio/ogg', name: 'Ogg (Opus or Vorbis)' },
} as const;

export type AudioExt = keyof typeof audioFormats;

/**
 * Above this average bit rate a recording is reported. Speech needs far less than music: AAC
 * or Opus at 48–64 kbit/s and MP3 at 64–96 kbit/s are indistinguishable from the source for a
 * voice. 128 kbit/s is what encoders use by default for music, so anything above it only
 * makes every learner download more (about 1 MB per minute at 128 kbit/s).
 */
export const AUDIO_WARN_BITS_PER_SECOND = 128_000;

/**
 * An encoder set to 128 kbit/s does not land on it exactly: measured with ffmpeg on a spoken
 * sentence, AAC in M4A averaged 134 kbit/s with its container. A file is reported only when it is
 * clearly above the limit, so an author who chose 128 kbit/s is not told otherwise.
 */
export const AUDIO_WARN_TOLERANCE = 1.1;

/** What the bytes of an audio file say about it. */
export interface AudioProbe {
  /** The format the bytes are in, or null when they are none of the supported ones. */
  ext: AudioExt | null;
  /** Length in seconds; null when the file could not be read for it (`problem` says why). */
  seconds: number | null;
  /** Bits per second of the audio, as the container declares it, else the file's average. */
  bitsPerSecond: number | null;
  problem?: string;
}

/** Probes by path in the source tree, for every file under an `audio/` folder. */
export type AudioProbes = ReadonlyMap<string, AudioProbe>;

/** Whether `rel` lies in the recorded narration of the course or of a variant. */
export function isAudioPath(rel: string): boolean {
  return /^(variants\/[^/]+\/)?audio\//.test(rel);
}

/**
 * The format from the first bytes, never from the name: an MP4 `ftyp` box (M4A), an ID3 tag or
 * an MPEG audio layer III frame header (MP3), an Ogg page (`OggS`).
 */
export function sniffAudio(bytes: Uint8Array): AudioExt | null {
  const ascii = (from: number, to: number) => String.fromCharCode(...bytes.subarray(from, to));
  if (bytes.length >= 12 && ascii(4, 8) === 'ftyp') return 'm4a';
  if (bytes.length >= 4 && ascii(0, 4) === 'OggS') return 'ogg';
  if (bytes.length >= 10 && ascii(0, 3) === 'ID3') return 'mp3';
  // Frame sync (11 bits set), an MPEG version that is not the reserved one, layer III.
  if (bytes.length >= 4 && bytes[0] === 0xff && (bytes[1]! & 0xe0) === 0xe0 && (bytes[1]! & 0x18) !== 0x08 && (bytes[1]! & 0x06) === 0x02) return 'mp3';
  return null;
}

/**
 * Probes by file contents: watch mode reads the folder again after every edit, so the same
 * recording comes back as new bytes; its digest finds the earlier probe. The entries are a few
 * numbers each, so the map is not pruned.
 */
const probed = new Map<string, Promise<AudioProbe>>();

/** Recognises and measures one recording (the import's, from a deck); kept per contents as the tree's are. */
export function probeRecording(bytes: Uint8Array): Promise<AudioProbe> {
  const digest = createHash('sha256').update(bytes).digest('base64');
  let p = probed.get(digest);
  if (!p) {
    p = probe(bytes);
    probed.set(digest, p);
  }
  return p;
}

async function probe(bytes: Uint8Array): Promise<AudioProbe> {
  const ext = sniffAudio(bytes);
  if (!ext) return { ext, seconds: null, bitsPerSecond: null };
  try {
    // `duration: true` makes the parser count an MP3's frames when it has no header that states
    // its length (a variable bit rate file without a Xing header would otherwise be guessed).
    const { format } = await parseBuffer(bytes, { mimeType: audioFormats[ext].type, size: bytes.length }, { duration: true, skipCovers: true });
    const seconds = format.duration;
    if (!format.hasAudio && format.hasAudio !== undefined) return { ext, seconds: null, bitsPerSecond: null, problem: 'it holds no audio track' };
    if (seconds === undefined || !Number.isFinite(seconds) || seconds <= 0) return { ext, seconds: null, bitsPerSecond: null, problem: 'its length cannot be read from it' };
    const bitsPerSecond = format.bitrate && Number.isFinite(format.bitrate) ? format.bitrate : (bytes.length * 8) / seconds;
    return { ext, seconds, bitsPerSecond };
  } catch (e) {
    return { ext, seconds: null, bitsPerSecond: null, problem: (e as Error).message || String(e) };
  }
}

/** Recognises and measures every audio file of the tree (the course's and every variant's). */
export async function probeAudio(tree: SourceTree): Promise<AudioProbes> {
  const out = new Map<string, AudioProbe>();
  for (const [rel, bytes] of tree.files) {
    if (!isAudioPath(rel)) continue;
    out.set(rel, await probeRecording(bytes));
  }
  return out;
}

/** Whether the tree holds any recorded narration (then the checks need its probes). */
export function hasAudio(tree: SourceTree): boolean {
  for (const rel of tree.files.keys()) if (isAudioPath(rel)) return true;
  return false;
}
