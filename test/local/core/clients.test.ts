// openClients for the local provider: in-process emulator, data-dir lock, sharing, serve hand-off.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { openClients } from '../../../src/aws/clients.js';
import { openLocalForTest } from '../../support/local-clients.js';
import { LakehouseError } from '../../../src/errors.js';
import { readLock, tryAcquireLock } from '../../../src/local/lock.js';

test('in-process clients answer STS GetCallerIdentity with the local account', async () => {
  const c = await openLocalForTest();
  try {
    const out = await c.sts.send(new GetCallerIdentityCommand({}));
    assert.equal(out.Account, '000000000000');
    assert.equal(out.Arn, 'arn:aws:iam::000000000000:root');
    assert.equal(out.UserId, '000000000000');
    assert.ok(c.emulator, 'in-process clients expose their emulator');
    assert.equal(c.endpoint, undefined);
  } finally {
    await c.close();
  }
  assert.equal(fs.existsSync(c.dataDir), false, 'the helper removes its temp dir');
});

test('the in-process opener holds the data-dir lock and releases it on close', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lh-lock-'));
  try {
    const c = await openClients({ provider: 'local', region: 'us-east-1', dataDir: dir });
    const lock = readLock(dir);
    assert.equal(lock?.pid, process.pid);
    assert.equal(lock?.kind, 'cli');
    // A second opener in the same process shares the emulator.
    const c2 = await openClients({ provider: 'local', region: 'us-east-1', dataDir: dir });
    assert.equal(c2.emulator, c.emulator);
    await c2.close();
    assert.ok(readLock(dir), 'still locked while the first opener is open');
    await c.close();
    assert.equal(readLock(dir), undefined);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a stale lock of a dead pid is taken over; a live foreign owner is refused', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lh-lock-'));
  try {
    // A data dir lakehouse made (its marker), left with the lock of a process that died.
    fs.writeFileSync(path.join(dir, '.lakehouse-data-dir'), '');
    fs.writeFileSync(path.join(dir, 'owner.lock.json'), JSON.stringify({ pid: 999999999, kind: 'cli', startedAt: 'x' }));
    const c = await openClients({ provider: 'local', region: 'us-east-1', dataDir: dir });
    assert.equal(readLock(dir)?.pid, process.pid);
    await c.close();
    // A live process that is not serve (our parent, pid 1 style): write a lock naming the parent pid.
    fs.writeFileSync(path.join(dir, 'owner.lock.json'), JSON.stringify({ pid: process.ppid, kind: 'cli', startedAt: 'x' }));
    await assert.rejects(
      openClients({ provider: 'local', region: 'us-east-1', dataDir: dir }),
      (e: unknown) => e instanceof LakehouseError && /another lakehouse process/.test(e.message),
    );
    const got = tryAcquireLock(dir, 'cli');
    assert.ok('owner' in got && got.owner.pid === process.ppid);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
