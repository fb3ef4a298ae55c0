// The data-dir lock survives PID reuse: a lock naming a live but unrelated process (same pid, other start
// time) is stale and taken over; a lock naming a live owner (pid and start time match) is respected.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { lockFile, processStart, readLock, tryAcquireLock } from '../../src/local/lock.js';
import { tempDirForFile } from '../support/tmp.js';

const root = tempDirForFile('lakehouse-lock-');

function writeLock(dir: string, info: object): void {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(lockFile(dir), JSON.stringify(info));
}

test('a lock naming a reused pid (live process, other start time) is stale and taken over', () => {
  const dir = path.join(root, 'reused');
  // pid 1 is always alive; its start time is not "1".
  writeLock(dir, { pid: process.pid === 1 ? process.ppid : 1, pidStart: '1', kind: 'cli', startedAt: '2020-01-01T00:00:00Z' });
  assert.equal(readLock(dir)!.alive, false);
  const got = tryAcquireLock(dir, 'cli');
  assert.ok(!('owner' in got), 'the stale lock was taken over');
  assert.equal(readLock(dir)!.pid, process.pid);
  got.release();
  assert.equal(fs.existsSync(lockFile(dir)), false);
});

test('a lock whose pid and start time match a live process is respected', async () => {
  const dir = path.join(root, 'live');
  const child = spawn('sleep', ['30'], { stdio: 'ignore' });
  try {
    await new Promise((r) => child.once('spawn', r));
    const start = processStart(child.pid!);
    assert.ok(start, '/proc gives the start time');
    writeLock(dir, { pid: child.pid, pidStart: start, kind: 'cli', startedAt: new Date().toISOString() });
    const got = tryAcquireLock(dir, 'cli');
    assert.ok('owner' in got);
    assert.equal(got.owner.pid, child.pid);
  } finally {
    child.kill('SIGKILL');
  }
  await new Promise((r) => child.once('exit', r));
  const got = tryAcquireLock(dir, 'cli');
  assert.ok(!('owner' in got), 'once the owner died, the lock is taken over');
  got.release();
});

test('a lock without a start time (older lakehouse) falls back to the pid', () => {
  const dir = path.join(root, 'old');
  writeLock(dir, { pid: process.pid, kind: 'cli', startedAt: 'x' });
  assert.equal(readLock(dir)!.alive, true);
  writeLock(dir, { pid: 2 ** 22 + 12345, kind: 'cli', startedAt: 'x' });
  assert.equal(readLock(dir)!.alive, false);
});

test('the lock records our own start time and the socket once hosting', () => {
  const dir = path.join(root, 'own');
  const got = tryAcquireLock(dir, 'cli');
  assert.ok(!('owner' in got));
  assert.equal(got.info.pidStart, processStart(process.pid));
  got.setSocket('/tmp/x.sock');
  assert.equal(readLock(dir)!.socket, '/tmp/x.sock');
  got.release();
});
