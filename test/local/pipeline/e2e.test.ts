// The end-to-end check with the real SDK clients: Kinesis stream → Firehose (OpenX → Parquet through
// the Glue table, hive-style time prefix) → S3 → Athena. 10,000 records, 1% malformed. Delivery is killed with
// SIGKILL twice (once right after a batch's objects are written but before its checkpoint, once at a random
// moment), then resumed: exact counts, no duplicates, every bad record under the error prefix with its reason.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { PutRecordsCommand } from '@aws-sdk/client-kinesis';
import { parquetReadObjects } from 'hyparquet';
import { openLocalForTest } from '../../support/local-clients.js';
import { createPipeline } from '../firehose/pipeline-setup.js';
import { athenaCount, createWorkgroup } from './athena.js';

process.env.LAKEHOUSE_FIREHOSE_TRANSITION_MS ??= '30';
process.env.LAKEHOUSE_KINESIS_TRANSITION_MS ??= '20';

const TOTAL = 10_000;
const BAD_EVERY = 100;
const here = path.dirname(fileURLToPath(import.meta.url));
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lakehouse-e2e-'));
after(() => fs.rmSync(dataDir, { recursive: true, force: true }));

function record(i: number): string {
  if (i % BAD_EVERY === 0) return i % 200 === 0 ? `{"uuid": "broken-${i}"` : JSON.stringify({ uuid: `bad-${i}`, phone: 'call me' });
  return JSON.stringify({
    uuid: randomUUID(),
    event_date: new Date(Date.UTC(2024, 4, 1) + i * 1000).toISOString(),
    status: ['ACTIVE', 'PENDING', 'CLOSED'][i % 3],
    name: 'Ann',
    last_name: `Lee${i}`,
    email: `ann${i}@example.com`,
    phone: 5550000000 + i,
  });
}

/** Run the delivery child; resolves with how it ended. `killWhen` lets the test SIGKILL it. */
function runChild(env: Record<string, string>, killWhen?: () => boolean): Promise<{ code: number | null; signal: string | null }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(here, 'deliver-child.ts'), dataDir], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const poll = killWhen && setInterval(() => killWhen() && child.kill('SIGKILL'), 2);
    child.on('exit', (code, signal) => {
      if (poll) clearInterval(poll);
      if (code) process.stderr.write(stderr);
      resolve({ code, signal });
    });
  });
}

const parquetFiles = () => listFiles(path.join(dataDir, 's3', 'lake', 'events')).filter((f) => f.endsWith('.parquet'));
function listFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

test('10,000 records through the pipeline, delivery killed twice, exact counts and no duplicates', async () => {
  // 1. Build the pipeline and produce, then let go of the data dir (nothing is delivered yet: 900 s / 128 MB).
  let c = await openLocalForTest({ dataDir });
  const p = await createPipeline(c, { shards: 4, intervalSeconds: 900 });
  const workgroup = await createWorkgroup(c, 'lakehouse-wg', 's3://lake/athena-results/');
  const payloads = Array.from({ length: TOTAL }, (_, i) => record(i));
  for (let i = 0; i < TOTAL; i += 500) {
    const out = await c.kinesis.send(
      new PutRecordsCommand({ StreamName: p.stream, Records: payloads.slice(i, i + 500).map((d, j) => ({ Data: Buffer.from(d), PartitionKey: `pk-${i + j}` })) }),
    );
    assert.equal(out.FailedRecordCount, 0);
  }
  await c.close();
  assert.equal(parquetFiles().length, 0, 'nothing delivered before the buffers are due');

  // 2. A delivery process dies right after the 2nd batch's objects are written, before its checkpoint.
  const first = await runChild({ LAKEHOUSE_DELIVERY_CRASH_AFTER_OBJECTS: '2' });
  assert.equal(first.signal, 'SIGKILL');
  const afterCrash = parquetFiles().length;
  assert.ok(afterCrash >= 2, `objects were written before the crash (${afterCrash})`);

  // 3. The next one is killed as soon as it writes anything new.
  await runChild({}, () => parquetFiles().length > afterCrash);

  // 4. Resume in this process and deliver the rest.
  c = await openLocalForTest({ dataDir });
  await c.emulator!.firehose.waitDelivered({ flush: true, timeoutMs: 60_000 });

  const rows: any[] = [];
  for (const f of parquetFiles()) {
    const buf = fs.readFileSync(f);
    rows.push(...(await parquetReadObjects({ file: buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength), columns: ['uuid'] })));
  }
  const bad = TOTAL / BAD_EVERY;
  assert.equal(rows.length, TOTAL - bad, 'every good record delivered exactly once');
  assert.equal(new Set(rows.map((r) => r.uuid)).size, TOTAL - bad, 'no duplicates');
  for (const f of parquetFiles()) assert.match(path.relative(dataDir, f), /^s3\/lake\/events\/year=\d{4}\/month=\d{2}\/day=\d{2}\/hour=\d{2}\/events-to-s3-1-/);

  assert.deepEqual(listFiles(path.join(dataDir, 'tmp')).filter((f) => path.basename(f).startsWith('firehose-')), [], 'no stage files left behind');

  const errorDocs = listFiles(path.join(dataDir, 's3', 'lake', 'errors'))
    .flatMap((f) => fs.readFileSync(f, 'utf8').trim().split('\n'))
    .map((l) => JSON.parse(l));
  assert.equal(errorDocs.length, bad, 'every malformed record under the error prefix once');
  for (const d of errorDocs) {
    assert.equal(d.lastErrorCode, 'DataFormatConversion.MalformedData');
    assert.match(d.lastErrorMessage, /Malformed JSON|phone/);
    assert.match(Buffer.from(d.rawData, 'base64').toString(), /broken|bad-/);
  }

  const table = `"${p.database}"."${p.table}"`;
  const all = await athenaCount(c, workgroup, p.database, `SELECT count(*) FROM ${table}`);
  assert.equal(all.value, TOTAL - bad, 'Athena counts the good records');
  // Partition pruning: an hour with no objects scans less than the whole table.
  const partitionOf = (f: string) => path.relative(path.join(dataDir, 's3/lake/events'), f).split('/').slice(0, 4).map((seg) => Number(seg.split('=')[1]));
  const [year, month, day, hour] = partitionOf(parquetFiles()[0]!);
  const hours = new Set(parquetFiles().map((f) => partitionOf(f)[3]));
  let otherHour = (hour! + 1) % 24;
  while (hours.has(otherHour)) otherHour = (otherHour + 1) % 24;
  const some = await athenaCount(c, workgroup, p.database, `SELECT count(*) FROM ${table} WHERE year = ${year} AND month = ${month} AND day = ${day} AND hour = ${otherHour}`);
  assert.equal(some.value, 0);
  assert.ok(some.scanned < all.scanned, `filtered scan ${some.scanned} < unfiltered ${all.scanned}`);
  await c.close();
});
