/**
 * The lock that keeps LibreOffice conversions one at a time across vitest's worker processes
 * (test/support/libreoffice.ts), on a lock directory of its own.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { acquireLock } from './libreoffice.ts';

let dir: string;
let lock: string;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lo-lock-test-'));
  lock = path.join(dir, 'libreoffice.lock');
});

afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A lock left behind by another process, as it would be on disk. */
function leftBehind(owner: { pid: number; until: number }): void {
  fs.mkdirSync(lock);
  fs.writeFileSync(path.join(lock, 'owner.json'), JSON.stringify({ token: 'other', host: os.hostname(), ...owner }));
}

/** The pid of a process that has exited. */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '']).pid!;
}

describe('the LibreOffice lock', () => {
  test('is held by one taker at a time: the second gets it when the first gives it back', async () => {
    const release = await acquireLock(60_000, lock);
    let second: (() => void) | null = null;
    const waiting = acquireLock(60_000, lock).then((r) => (second = r));
    await sleep(600); // three of the waiter's looks at the lock
    expect(second).toBeNull();
    release();
    await waiting;
    expect(second).not.toBeNull();
    second!();
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  test('is taken over from an owner that has died', async () => {
    leftBehind({ pid: deadPid(), until: Date.now() + 600_000 });
    const release = await acquireLock(60_000, lock);
    expect(JSON.parse(fs.readFileSync(path.join(lock, 'owner.json'), 'utf8')).pid).toBe(process.pid);
    release();
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  test('is taken over from a live owner that has held it past its own time-out', async () => {
    leftBehind({ pid: process.ppid, until: Date.now() - 1 });
    const release = await acquireLock(60_000, lock);
    expect(JSON.parse(fs.readFileSync(path.join(lock, 'owner.json'), 'utf8')).pid).toBe(process.pid);
    release();
  });

  test('is not given back by a holder whose lock was taken over meanwhile', async () => {
    const release = await acquireLock(60_000, lock);
    fs.rmSync(lock, { recursive: true });
    leftBehind({ pid: process.ppid, until: Date.now() + 600_000 });
    release();
    expect(JSON.parse(fs.readFileSync(path.join(lock, 'owner.json'), 'utf8')).token).toBe('other');
  });
});
