// Disk full, for real: the data dir is a small tmpfs (mounting needs root; skipped with a visible message
// otherwise). `produce` fills it, must stop with exit 7 and a "disk full" message naming the disk and path
// (not retry for minutes), and after space is freed `produce` works again, with every record it reported
// accepted (echoed by --print) found in the stream when read back and counted in the lake: nothing
// acknowledged is lost, nothing half-written shows up.
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, test } from 'node:test';
import { GetRecordsCommand, GetShardIteratorCommand, ListShardsCommand } from '@aws-sdk/client-kinesis';
import { startServer } from '../../src/local/server.js';
import { openKinesis } from '../local/kinesis/harness.js';
import { runCli } from '../support/cli.js';
import { removeDir, tempDir } from '../support/tmp.js';

const root = tempDir('lh-disk-full-');
const mnt = path.join(root, 'lake');
fs.mkdirSync(mnt);
const mount = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=8m,mode=0700', 'tmpfs', mnt], { encoding: 'utf8' });
const skip = mount.status === 0 ? false : `cannot mount a tmpfs here (needs root): ${(mount.stderr || mount.error?.message || '').trim()}`;
if (skip) console.log(`# disk-full test SKIPPED: ${skip}`);
after(() => {
  if (!skip) spawnSync('umount', [mnt]);
  removeDir(root);
});

const SPEC = `name: shop
table: { database: lakehouse, name: events }
fields:
  - { name: id, type: string, gen: uuid }
  - { name: city, type: string, gen: { faker: location.city } }
local:
  data_dir: ${JSON.stringify(mnt)}
  enforce_shard_limits: false
`;

const cli = (...argv: string[]) => runCli([...argv, '-c', 'lakehouse.yaml'], { cwd: root, env: { NO_COLOR: '1' } });

/** Every record's data in the stream, as text without the trailing newline. */
async function readAll(dataDir: string): Promise<string[]> {
  const h = await openKinesis({ dataDir });
  try {
    const out: string[] = [];
    const StreamName = 'shop';
    for (const s of (await h.kinesis.send(new ListShardsCommand({ StreamName }))).Shards!) {
      let it = (await h.kinesis.send(new GetShardIteratorCommand({ StreamName, ShardId: s.ShardId, ShardIteratorType: 'TRIM_HORIZON' }))).ShardIterator;
      for (;;) {
        const r = await h.kinesis.send(new GetRecordsCommand({ ShardIterator: it, Limit: 10_000 }));
        for (const x of r.Records!) out.push(Buffer.from(x.Data!).toString('utf8').trimEnd());
        if (!r.Records!.length) break;
        it = r.NextShardIterator;
      }
    }
    return out;
  } finally {
    await h.close();
  }
}

const lines = (s: string) => s.split('\n').filter((l) => l.trim() !== '');

test('produce on a full disk stops with exit 7 naming the disk, resumes once space is freed, loses nothing acknowledged', { skip }, async () => {
  fs.writeFileSync(path.join(root, 'lakehouse.yaml'), SPEC);
  const up = await cli('up', '--yes');
  assert.equal(up.code, 0, up.stderr);

  // Leave about 1.5 MiB: room for some thousands of records, then the disk is full.
  const st = fs.statfsSync(mnt);
  const ballast = path.join(mnt, 'tmp', 'ballast');
  fs.writeFileSync(ballast, Buffer.alloc(Math.max(0, st.bavail * st.bsize - 1.5 * 1024 * 1024)));

  const started = Date.now();
  const full = await cli('produce', '-n', '200000', '--seed', '7', '--print');
  const seconds = (Date.now() - started) / 1000;
  assert.equal(full.code, 7, full.stderr);
  assert.match(full.stderr, /disk full: the stream could not store more records: no space left to write \S+ on the disk mounted at \S+\/lake \(tmpfs on tmpfs, [\d.]+ MiB free of 8\.0 MiB\)\. Free space there and retry/);
  assert.match(full.stderr, /free space on that disk, then run produce again/);
  const first = lines(full.stdout);
  assert.ok(first.length > 1000 && first.length < 200_000, `accepted before the disk filled: ${first.length}`);
  console.log(`disk full after ${first.length} accepted records; produce stopped after ${seconds.toFixed(1)} s`);

  // Completely full: every command says so up front (exit 3), none dies with an internal error.
  const st2 = fs.statfsSync(mnt);
  const rest = path.join(mnt, 'tmp', 'rest');
  fs.writeFileSync(rest, Buffer.alloc(st2.bavail * st2.bsize));
  const status = await cli('status');
  assert.equal(status.code, 3, status.stderr);
  assert.match(status.stderr, /^error: disk full: no space left for the data directory \S+\/lake on the disk mounted at \S+\/lake \(tmpfs on tmpfs, 0\.0 MiB free of 8\.0 MiB\)$/m);
  fs.rmSync(rest);

  fs.rmSync(ballast);
  const again = await cli('produce', '-n', '3000', '--seed', '8', '--print', '--wait', '--flush');
  assert.equal(again.code, 0, again.stderr);
  const second = lines(again.stdout);
  assert.equal(second.length, 3000);

  // Firehose kept up through the full disk too: the lake holds every acknowledged record.
  const lake = await cli('query', '-o', 'csv', 'select count(*) as n from events');
  assert.equal(lake.code, 0, lake.stderr);
  assert.deepEqual(lake.stdout.trim().split(/\r?\n/), ['n', String(first.length + second.length)]);

  const stored = await readAll(mnt);
  const acknowledged = [...first, ...second];
  assert.equal(stored.length, acknowledged.length, 'the stream holds exactly the acknowledged records (no torn or half-written batch)');
  const counts = new Map<string, number>();
  for (const s of stored) counts.set(s, (counts.get(s) ?? 0) + 1);
  const missing = acknowledged.filter((a) => {
    const c = counts.get(a) ?? 0;
    counts.set(a, c - 1);
    return c <= 0;
  });
  assert.deepEqual(missing.slice(0, 3), [], `${missing.length} acknowledged records are missing from the stream`);
});

const aws = spawnSync('aws', ['--version'], { encoding: 'utf8' }).status === 0;

test('through serve, the AWS CLI gets 503 ServiceUnavailable naming the disk and the file', { skip: skip || (!aws && 'the AWS CLI is not installed') }, async () => {
  const server = await startServer({ dataDir: mnt, port: 0 });
  const filler = path.join(mnt, 'tmp', 'filler');
  try {
    const env = { ...process.env, AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_DEFAULT_REGION: 'us-east-1', AWS_MAX_ATTEMPTS: '1' };
    const st = fs.statfsSync(mnt);
    fs.writeFileSync(filler, Buffer.alloc(Math.max(0, st.bavail * st.bsize - 20_000)));
    const data = Buffer.alloc(40_000, 'x').toString('base64');
    const args = ['--endpoint-url', server.endpoint, 'kinesis', 'put-record', '--stream-name', 'shop', '--partition-key', 'k', '--data', data];
    // Asynchronously: serve runs in this process and must keep answering.
    const run = (argv: string[]) =>
      new Promise<{ code: number; stdout: string; stderr: string }>((resolve) =>
        execFile('aws', argv, { env }, (e, stdout, stderr) => resolve({ code: e ? Number(e.code ?? 1) : 0, stdout, stderr })),
      );
    const r = await run(args);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /\(ServiceUnavailable\) when calling the PutRecord operation.*: Disk full: no space left to write \S+shardId-000000000000\.log on the disk mounted at \S+\/lake \(tmpfs on tmpfs/);
    fs.rmSync(filler);
    const ok = await run(args);
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(ok.stdout, /"SequenceNumber"/);
  } finally {
    fs.rmSync(filler, { force: true });
    await server.close();
  }
});
