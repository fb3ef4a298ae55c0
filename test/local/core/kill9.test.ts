// kill -9 while writing: every acknowledged S3 object and IAM role is intact after restart, the dead
// owner's lock is taken over, and no metadata file is torn.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { GetRoleCommand } from '@aws-sdk/client-iam';
import { openClients } from '../../../src/aws/clients.js';
import { readLock } from '../../../src/local/lock.js';

const ROOT = path.resolve(import.meta.dirname, '../../..');

test('kill -9 during writes loses nothing acknowledged', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lh-kill9-'));
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'fixtures/writer.ts'), dataDir], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let lastAck = -1;
  let buf = '';
  let err = '';
  child.stderr.on('data', (d) => (err += d));
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (d) => {
      buf += d;
      const acks = [...buf.matchAll(/ack (\d+)\n/g)];
      if (acks.length) lastAck = Number(acks[acks.length - 1][1]);
      // Kill mid-stream, at an arbitrary point after enough writes.
      if (lastAck >= 120) {
        child.kill('SIGKILL');
        resolve();
      }
    });
    child.on('exit', () => (lastAck >= 120 ? resolve() : reject(new Error(`writer died early: ${err}`))));
  });
  assert.equal(await exited, 'SIGKILL');
  // The acks parsed before the kill are a lower bound of what was acknowledged.
  const acked = lastAck;
  try {
    assert.equal(readLock(dataDir)?.alive, false, 'the dead writer left a stale lock');
    const c = await openClients({ provider: 'local', region: 'us-east-1', dataDir });
    try {
      for (let i = 0; i <= acked; i++) {
        const got = await c.s3.send(new GetObjectCommand({ Bucket: 'crash', Key: `obj/${i}.txt` }));
        assert.equal(await got.Body!.transformToString(), `payload-${i}-`.repeat(50), `object ${i}`);
        if (i % 10 === 0) {
          const role = await c.iam.send(new GetRoleCommand({ RoleName: `role-${i}` }));
          assert.equal(role.Role?.RoleName, `role-${i}`);
        }
      }
      // Listing works over whatever the crash left (at most one unacknowledged extra object).
      let count = 0;
      let token: string | undefined;
      do {
        const page = await c.s3.send(new ListObjectsV2Command({ Bucket: 'crash', ContinuationToken: token }));
        count += page.KeyCount ?? 0;
        token = page.NextContinuationToken;
      } while (token);
      assert.ok(count >= acked + 1 && count <= acked + 2, `listed ${count}, acked ${acked + 1}`);
    } finally {
      await c.close();
    }
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
