// `status` gives the same stream and lake figures whether this process hosts the emulator, another
// lakehouse command hosts it (attached), or `lakehouse serve` owns the data directory; the record count
// comes from the emulator's index (the local API), never from reading the stream.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { STARTER_SPEC } from '../../src/cli/starter-spec.js';
import { readLock } from '../../src/local/lock.js';
import { startServer } from '../../src/local/server.js';
import { runCli } from '../support/cli.js';
import { runLakehouse, startLakehouse } from '../support/lakehouse-proc.js';
import { tempDirForFile } from '../support/tmp.js';

const dir = tempDirForFile('lakehouse-status-serve-');
const dataDir = path.join(dir, '.lakehouse');

function figures(stdout: string) {
  const st = JSON.parse(stdout);
  return { stream: st.stream, lake: { ...st.lake, path: undefined } };
}

test('status: the same figures in-process, attached to another command, and through serve', { timeout: 120_000 }, async () => {
  fs.writeFileSync(path.join(dir, 'config.yaml'), STARTER_SPEC.replace('shards: 1', 'shards: 2'));
  assert.equal((await runCli(['up', '--yes'], { cwd: dir })).code, 0);
  const produced = await runCli(['produce', '-n', '700', '--wait', '--flush'], { cwd: dir });
  assert.equal(produced.code, 0, produced.stderr);

  const inProcess = await runCli(['status', '-o', 'json'], { cwd: dir });
  assert.equal(inProcess.code, 0, inProcess.stderr);
  const a = figures(inProcess.stdout);
  assert.equal(JSON.parse(inProcess.stdout).emulator, 'this process');
  assert.equal(a.stream.records, 700);
  assert.equal(a.stream.openShards, 2);
  assert.equal(a.stream.mode, 'PROVISIONED');
  assert.ok(a.stream.bytes > 700 * 50);
  assert.match(a.stream.newestRecord, /^\d{4}-\d\d-\d\dT/);
  assert.ok(a.lake.objects >= 1 && a.lake.newestObject.key.startsWith('events/'));

  // Another command hosts (a sql shell reading statements from a pipe that stays open): status attaches.
  const host = startLakehouse(['sql'], { cwd: dir, stdin: null });
  for (let i = 0; i < 200 && !(readLock(dataDir)?.pid === host.child.pid && readLock(dataDir)?.socket); i++) await new Promise((r) => setTimeout(r, 50));
  assert.equal(readLock(dataDir)?.pid, host.child.pid);
  const attached = await runLakehouse(['status', '-o', 'json'], { cwd: dir });
  assert.equal(attached.code, 0, attached.stderr);
  assert.deepEqual(figures(attached.stdout), a);
  assert.equal(JSON.parse(attached.stdout).emulator, `lakehouse pid ${host.child.pid} (attached)`);
  host.child.stdin!.end();
  assert.equal((await host.done).code, 0);

  const server = await startServer({ dataDir, port: 0 });
  try {
    const viaServe = await runLakehouse(['status', '-o', 'json'], { cwd: dir });
    assert.equal(viaServe.code, 0, viaServe.stderr);
    assert.deepEqual(figures(viaServe.stdout), a);
    assert.equal(JSON.parse(viaServe.stdout).emulator, `lakehouse serve at ${server.endpoint}`);
  } finally {
    await server.close();
  }
});
