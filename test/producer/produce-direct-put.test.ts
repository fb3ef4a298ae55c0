// PutRecordBatch's limits as the producer meets them (source: direct_put, local provider, the real CLI): a
// batch packed for PutRecords (5 MiB) is cut into calls of ≤ 4 MiB and ≤ 500 records, which the emulator
// enforces as Firehose does (over 4 MiB the whole call is refused); a record over Firehose's 1,000 KiB (but
// under Kinesis' 1 MiB) is given up as RecordTooLarge, the rest are delivered. Spec rules: `stream` and
// `producer.partition_key` are refused with source direct_put.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { runCli } from '../support/cli.js';
import { tempDirForFile } from '../support/tmp.js';

const root = tempDirForFile('lakehouse-produce-direct-');

const SPEC = `name: limits
source: direct_put
delivery:
  buffer: { size_mb: 64, interval_s: 900 }
table: { database: lakehouse, name: events }
fields:
  - { name: uuid, type: string, gen: uuid }
  - { name: body, type: string, gen: { faker: lorem.sentence } }
`;

process.env.LAKEHOUSE_FIREHOSE_TRANSITION_MS = '30';

function project(name: string, spec: string): string {
  const dir = path.join(root, name);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'config.yaml'), spec);
  return dir;
}

test('direct_put produce: 9 KB records go out in ≤ 4 MiB calls, a 1,030,000-byte record is RecordTooLarge, the rest arrive', { timeout: 120_000 }, async () => {
  const dir = project('limits', SPEC);
  const cli = (...argv: string[]) => runCli(argv, { cwd: dir, env: { NO_COLOR: '1' } });
  const up = await cli('up', '--yes');
  assert.equal(up.code, 0, up.stderr);
  const lines: string[] = [];
  for (let i = 0; i < 1200; i++) lines.push(JSON.stringify({ uuid: `r${i}`, body: 'x'.repeat(9000) }));
  lines.push(JSON.stringify({ uuid: 'huge', body: 'y'.repeat(1_030_000) }));
  fs.writeFileSync(path.join(dir, 'records.jsonl'), lines.join('\n') + '\n');

  const sent = await cli('produce', '--from', 'records.jsonl', '--wait', '--flush', '-o', 'json', '--concurrency', '1');
  assert.equal(sent.code, 7, `exit 7 (some records not accepted)\n${sent.stdout}\n${sent.stderr}`);
  const summary = JSON.parse(sent.stdout.trim().split('\n').at(-1)!);
  assert.equal(summary.accepted, 1200);
  assert.deepEqual(summary.failedByCode, { RecordTooLarge: 1 });
  assert.equal(summary.retried, 0, 'no call was refused for its size');
  // 1,200 × ~9 KB ≈ 10.9 MB: at least three 4 MiB calls.
  assert.ok(summary.requests >= 3, `requests ${summary.requests}`);
  assert.match(sent.stderr, /not accepted by delivery stream limits-delivery/);

  const q = await cli('query', "SELECT count(*) AS n FROM events WHERE uuid <> 'huge'", '-o', 'json', '--no-footer');
  assert.equal(q.code, 0, q.stderr);
  assert.deepEqual(JSON.parse(q.stdout), [{ n: 1200 }]);
  assert.equal((await cli('down', '--yes')).code, 0);
});

test('direct_put spec: a stream section or a producer partition key is refused, pointing at the key', async () => {
  const dir = project('rules', SPEC + 'stream: { shards: 2 }\nproducer: { partition_key: uuid }\n');
  const r = await runCli(['validate'], { cwd: dir, env: { NO_COLOR: '1' } });
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /config\.yaml:9:1 stream applies only to source kinesis/);
  assert.match(r.stderr, /config\.yaml:10:13 producer\.partition_key applies only to source kinesis/);
});
