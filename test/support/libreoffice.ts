/**
 * LibreOffice for the tests: one conversion at a time on the whole machine, each in a profile
 * of its own.
 *
 * Vitest runs test files in two worker processes, and several of them open manuscripts in
 * LibreOffice. Two LibreOffices at once on two busy cores each take more than twice as long, and
 * a shared profile makes the second one exit without converting anything, so every conversion
 * takes a lock first: a directory renamed into place (atomic: it exists with its owner's pid or
 * not at all). A lock whose owner has died, or has held it past its own time-out, is stale and
 * is taken over. Should two processes both take over the same stale lock, the worst outcome is
 * two LibreOffices at once, which is slower but still correct: the profiles are separate.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import { scaled, timeScale } from './time-scale.ts';

/** One conversion on an idle machine takes seconds; this only stops one that hangs. */
export const CONVERSION_TIMEOUT = 120_000;

/**
 * Time-out for a test or hook that converts with LibreOffice: its own conversions, and those of
 * the other worker it may have to wait for.
 */
export const libreOfficeTestTimeout = (): number => scaled(4 * CONVERSION_TIMEOUT);

export const LOCK_DIR = path.join(os.tmpdir(), 'kasuhara-tests-libreoffice.lock');
const OWNER = 'owner.json';

interface Owner {
  token: string;
  pid: number;
  host: string;
  /** Epoch ms after which the owner is past its own time-out. */
  until: number;
}

/**
 * Converts `files` to `to` (a LibreOffice format: 'pdf', 'xlsx', 'pptx') into `outDir`, in one
 * headless LibreOffice run, and returns the paths written, in the order of `files`.
 */
export async function convertWithLibreOffice(files: string[], to: string, outDir: string): Promise<string[]> {
  const outputs = files.map((f) => path.join(outDir, `${path.basename(f, path.extname(f))}.${to}`));
  const timeout = scaled(CONVERSION_TIMEOUT);
  const release = await acquireLock(timeout);
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'lo-profile-'));
  try {
    await run('soffice', [`-env:UserInstallation=${pathToFileURL(profile).href}`, '--headless', '--convert-to', to, '--outdir', outDir, ...files], timeout);
  } finally {
    fs.rmSync(profile, { recursive: true, force: true });
    release();
  }
  const missing = outputs.filter((o) => !fs.existsSync(o));
  if (missing.length) throw new Error(`LibreOffice exited without writing ${missing.join(', ')}`);
  return outputs;
}

/** Runs a command in a process group of its own, so that a time-out kills LibreOffice's children too. */
function run(command: string, args: string[], timeout: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    }, timeout);
    child.on('error', (e: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(
        e.code === 'ENOENT'
          ? new Error('LibreOffice is not installed (no `soffice`): `npm test` installs it, or apt-get install libreoffice-impress libreoffice-calc poppler-utils fonts-noto-cjk')
          : e,
      );
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const what = `soffice ${args.slice(1).join(' ')}`;
      if (timedOut) reject(new Error(`${what} did not finish in ${Math.round(timeout / 1000)} s (time scale ×${timeScale().toFixed(1)}) and was killed\n${output}`));
      else if (code !== 0) reject(new Error(`${what} failed (${signal ?? `exit code ${code}`})\n${output}`));
      else resolve();
    });
  });
}

/**
 * Takes the machine-wide LibreOffice lock, waiting for the holder as long as a test may; returns
 * the function that gives it back. `hold` is how long the caller may keep it.
 */
export async function acquireLock(hold: number, lockDir = LOCK_DIR): Promise<() => void> {
  const token = `${process.pid}-${randomUUID()}`;
  const staging = `${lockDir}.${token}`;
  const waitUntil = Date.now() + scaled(4 * CONVERSION_TIMEOUT);
  fs.mkdirSync(staging);
  try {
    for (;;) {
      const owner: Owner = { token, pid: process.pid, host: os.hostname(), until: Date.now() + hold + 60_000 };
      fs.writeFileSync(path.join(staging, OWNER), JSON.stringify(owner));
      try {
        fs.renameSync(staging, lockDir);
        return () => releaseLock(lockDir, token);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code !== 'EEXIST' && code !== 'ENOTEMPTY') throw e;
      }
      const holder = readOwner(lockDir);
      if (holder && isStale(holder)) {
        takeOver(lockDir, holder, token);
        continue;
      }
      if (Date.now() > waitUntil) {
        throw new Error(`waited too long for the LibreOffice lock ${lockDir}, held by ${holder ? `pid ${holder.pid} on ${holder.host}` : 'nobody known'}`);
      }
      await sleep(200);
    }
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

/** Moved aside before it is deleted, so that the lock is never an empty directory a rename could replace. */
function releaseLock(lockDir: string, token: string): void {
  if (readOwner(lockDir)?.token !== token) return; // taken over meanwhile
  const aside = `${lockDir}.released.${token}`;
  fs.renameSync(lockDir, aside);
  fs.rmSync(aside, { recursive: true, force: true });
}

function readOwner(lockDir: string): Owner | null {
  try {
    return JSON.parse(fs.readFileSync(path.join(lockDir, OWNER), 'utf8')) as Owner;
  } catch {
    return null; // released meanwhile (or being taken over): look again
  }
}

function isStale(owner: Owner): boolean {
  if (Date.now() > owner.until) return true;
  if (owner.host !== os.hostname()) return false;
  try {
    process.kill(owner.pid, 0);
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/**
 * Moves the stale lock aside (atomic: of several waiters, one moves it) and deletes it. If what
 * was moved is not the stale lock but a newer one, it goes back; failing that, it is deleted and
 * two conversions may overlap once.
 */
function takeOver(lockDir: string, stale: Owner, token: string): void {
  const aside = `${lockDir}.stale.${token}`;
  try {
    fs.renameSync(lockDir, aside);
  } catch {
    return; // someone else took it over first
  }
  if (readOwner(aside)?.token !== stale.token) {
    try {
      fs.renameSync(aside, lockDir);
      return;
    } catch {
      // a third process holds the lock by now
    }
  }
  fs.rmSync(aside, { recursive: true, force: true });
}
