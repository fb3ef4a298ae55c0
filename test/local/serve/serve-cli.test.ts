// `lakehouse serve` as a real process: prints its endpoint, other openers of the data dir use it,
// SIGTERM stops it cleanly (exit 0, lock released, state kept).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { CreateBucketCommand, HeadBucketCommand } from '@aws-sdk/client-s3';
import { openClients } from '../../../src/aws/clients.js';
import { readLock } from '../../../src/local/lock.js';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const BIN = path.join(ROOT, 'src/cli/bin.ts');

export function spawnServe(dataDir: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', BIN, 'serve', '--port', '0', '--data-dir', dataDir], {
    cwd: ROOT,
    env: { ...process.env, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stderr.on('data', (d) => (err += d));
  const endpoint = new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (d) => {
      out += d;
      const m = /endpoint is (http:\/\/127\.0\.0\.1:\d+)[^]*stop with Ctrl-C/.exec(out);
      if (m) resolve(m[1]);
    });
    child.on('exit', (code) => reject(new Error(`serve exited early (${code}): ${out}${err}`)));
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, endpoint, exited, output: () => out + err };
}

test('lakehouse serve process: endpoint, hand-off to other openers, clean SIGTERM', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lh-serve-cli-'));
  const serve = spawnServe(dataDir);
  try {
    const endpoint = await serve.endpoint;
    assert.match(serve.output(), /aws --region us-east-1 --endpoint-url http:\/\/127\.0\.0\.1:\d+ s3 ls/);
    assert.equal(readLock(dataDir)?.endpoint, endpoint);
    assert.equal(readLock(dataDir)?.kind, 'serve');
    const c = await openClients({ provider: 'local', region: 'us-east-1', dataDir });
    assert.equal(c.endpoint, endpoint);
    await c.s3.send(new CreateBucketCommand({ Bucket: 'via-serve' }));
    await c.close();
    serve.child.kill('SIGTERM');
    assert.equal(await serve.exited, 0, serve.output());
    assert.equal(readLock(dataDir), undefined, 'lock released');
    const after = await openClients({ provider: 'local', region: 'us-east-1', dataDir });
    try {
      await after.s3.send(new HeadBucketCommand({ Bucket: 'via-serve' }));
    } finally {
      await after.close();
    }
  } finally {
    serve.child.kill('SIGKILL');
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});

test('after serve is killed with -9, the next opener takes over its stale lock and finds acknowledged writes', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lh-serve-kill-'));
  const serve = spawnServe(dataDir);
  try {
    await serve.endpoint;
    const c = await openClients({ provider: 'local', region: 'us-east-1', dataDir });
    await c.s3.send(new CreateBucketCommand({ Bucket: 'before-crash' }));
    await c.close();
    serve.child.kill('SIGKILL');
    await serve.exited;
    assert.equal(readLock(dataDir)?.alive, false);
    const after = await openClients({ provider: 'local', region: 'us-east-1', dataDir });
    try {
      assert.ok(after.emulator, 'opened in-process: the dead serve is not used');
      await after.s3.send(new HeadBucketCommand({ Bucket: 'before-crash' }));
    } finally {
      await after.close();
    }
  } finally {
    serve.child.kill('SIGKILL');
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
