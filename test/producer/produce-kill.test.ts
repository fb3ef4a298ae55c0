// kill -9 of a producer mid-run (the real CLI in a child process): everything it had reported accepted —
// the count and each shard's highest sequence number in its JSON progress lines — is in the stream.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { openClients } from '../../src/aws/clients.js';
import { tempDirForFile } from '../support/tmp.js';
import { readStream } from './harness.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const bin = path.join(root, 'src/cli/bin.ts');
const dir = tempDirForFile('lakehouse-produce-kill-');

const spec = `name: killtest
provider: local
local:
  data_dir: ${JSON.stringify(path.join(dir, 'data'))}
  enforce_shard_limits: false
stream: { shards: 2 }
table: { database: lakehouse, name: events }
fields:
  - { name: uuid, type: string, gen: uuid }
  - { name: event_date, type: timestamp, gen: now }
  - { name: status, type: string, gen: { pick: [Active, Inactive, Canceled] } }
  - { name: email, type: string, gen: { faker: internet.email } }
producer: { partition_key: uuid }
`;

const env = { ...process.env, LAKEHOUSE_FIREHOSE_TRANSITION_MS: '30', LAKEHOUSE_KINESIS_TRANSITION_MS: '20', NO_COLOR: '1' };

test('kill -9 mid-run: every record reported accepted is in the stream', async () => {
  const specFile = path.join(dir, 'lakehouse.yaml');
  fs.writeFileSync(specFile, spec);
  const upRun = spawnSync(process.execPath, ['--import', 'tsx', bin, 'up', '-c', specFile, '--yes'], { cwd: root, env, encoding: 'utf8' });
  assert.equal(upRun.status, 0, upRun.stderr);

  const child = spawn(process.execPath, ['--import', 'tsx', bin, 'produce', '-c', specFile, '-n', '5000000', '--rate', '20000', '--output', 'json'], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let buffered = '';
  const progress: Array<{ accepted: number; lastSequenceNumbers: Record<string, string> }> = [];
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    buffered += chunk;
    const lines = buffered.split('\n');
    buffered = lines.pop()!;
    for (const l of lines) {
      if (!l.startsWith('{"event":"progress"')) continue;
      progress.push(JSON.parse(l));
      // Kill once it has reported some progress: mid-run, batches in flight.
      if (progress.filter((p) => p.accepted > 0).length === 1) child.kill('SIGKILL');
    }
  });
  assert.equal(await exited, 'SIGKILL');
  const last = progress.at(-1)!;
  assert.ok(last.accepted > 0 && last.accepted < 5_000_000, `reported ${last?.accepted}`);

  // The dead child's lock is stale: this process takes the data directory over and reads the stream back.
  const c = await openClients({ provider: 'local', region: 'us-east-1', dataDir: path.join(dir, 'data'), faults: '' });
  try {
    const t0 = performance.now();
    const records = await readStream(c.kinesis, 'killtest');
    if (process.env.PRODUCE_TEST_VERBOSE) console.log('read', records.length, 'in', Math.round(performance.now() - t0), 'ms; reported', last.accepted);
    assert.ok(records.length >= last.accepted, `${records.length} records in the stream, ${last.accepted} reported`);
    const seqs = new Set(records.map((r) => `${r.shardId} ${r.sequenceNumber}`));
    for (const [shard, seq] of Object.entries(last.lastSequenceNumbers)) {
      assert.ok(seqs.has(`${shard} ${seq}`), `reported ${shard} ${seq} is in the stream`);
    }
    assert.equal(new Set(records.map((r) => JSON.parse(r.data).uuid)).size, records.length, 'no record twice');
  } finally {
    await c.close();
  }
});
