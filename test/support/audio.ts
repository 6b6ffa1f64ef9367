/**
 * Recorded narration for the tests, made on the spot and never downloaded: espeak-ng speaks a
 * sentence into a WAV file and ffmpeg encodes it as the course would ship it (AAC in M4A, MP3,
 * Opus in Ogg). scripts/ensure-test-tools.mjs installs both. ffprobe, which comes with ffmpeg,
 * is the independent measure the build's durations are compared with.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export type Encoding = 'm4a' | 'mp3' | 'ogg' | 'wav';

const codec: Record<Exclude<Encoding, 'wav'>, string[]> = {
  m4a: ['-c:a', 'aac', '-b:a', '64k'],
  mp3: ['-c:a', 'libmp3lame', '-b:a', '64k'],
  ogg: ['-c:a', 'libopus', '-b:a', '48k'],
};

function run(cmd: string, args: string[]): void {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.error) throw new Error(`${cmd} could not be started (${r.error.message}); run node scripts/ensure-test-tools.mjs`);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed:\n${r.stderr}`);
}

let dir: string | undefined;
const made = new Map<string, string>();

/**
 * `text` spoken in `voice` (an espeak-ng voice: `ja`, `en`) and encoded as `as`; the file's path.
 * `bitrate` overrides the encoder's (e.g. `160k` for a file that is too heavy for speech).
 * Each distinct request is made once per test process.
 */
export function speech(text: string, voice: string, as: Encoding, opts: { bitrate?: string; sampleRate?: number } = {}): string {
  const key = JSON.stringify([text, voice, as, opts]);
  const known = made.get(key);
  if (known) return known;
  dir ??= fs.mkdtempSync(path.join(os.tmpdir(), 'test-speech-'));
  const base = path.join(dir, `take-${made.size}`);
  run('espeak-ng', ['-v', voice, '-w', `${base}.wav`, text]);
  let file = `${base}.wav`;
  if (as !== 'wav') {
    const args = [...codec[as]];
    if (opts.bitrate) args.splice(args.indexOf('-b:a'), 2, '-b:a', opts.bitrate);
    if (opts.sampleRate) args.push('-ar', String(opts.sampleRate));
    file = `${base}.${as}`;
    run('ffmpeg', ['-v', 'error', '-y', '-i', `${base}.wav`, ...args, file]);
  }
  made.set(key, file);
  return file;
}

/** The bytes of `speech(...)`. */
export function speechBytes(...args: Parameters<typeof speech>): Uint8Array {
  return new Uint8Array(fs.readFileSync(speech(...args)));
}

/** The length of an audio file in seconds as ffprobe reads it. */
export function ffprobeSeconds(file: string): number {
  const r = spawnSync('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', file], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`ffprobe ${file} failed:\n${r.stderr}`);
  return Number(r.stdout.trim());
}

/** `seconds` of a 440 Hz tone as 8 kHz, 16-bit mono PCM WAV: a real sound, made in code (the format older PowerPoint records in). */
export function toneWav(seconds = 1, rate = 8000): Uint8Array {
  const samples = seconds * rate;
  const buf = Buffer.alloc(44 + samples * 2);
  buf.write('RIFF', 0);
  buf.writeUInt32LE(36 + samples * 2, 4);
  buf.write('WAVEfmt ', 8);
  buf.writeUInt32LE(16, 16);
  buf.writeUInt16LE(1, 20);
  buf.writeUInt16LE(1, 22);
  buf.writeUInt32LE(rate, 24);
  buf.writeUInt32LE(rate * 2, 28);
  buf.writeUInt16LE(2, 32);
  buf.writeUInt16LE(16, 34);
  buf.write('data', 36);
  buf.writeUInt32LE(samples * 2, 40);
  for (let i = 0; i < samples; i++) buf.writeInt16LE(Math.round(8000 * Math.sin((2 * Math.PI * 440 * i) / rate)), 44 + i * 2);
  return new Uint8Array(buf);
}
