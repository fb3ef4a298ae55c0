// THE acceptance test of Firehose → Iceberg exactly-once: 100,000 change records (inserts, then updates and
// deletes of earlier keys) go through Kinesis PutRecords to `lakehouse serve` (a child process) while the host
// is killed with SIGKILL: once at an arbitrary moment, once right after a put of megabytes, and once by the
// crash point (while catching up) right after an Iceberg commit and before the local checkpoint (the worst moment). The table then has
// exactly one row per live key with its last value, and every snapshot equals the replay of the records its
// summary checkpoint says it holds (time travel).
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { PutRecordsCommand } from '@aws-sdk/client-kinesis';
import { DuckDBInstance } from '@duckdb/node-api';
import { openClients, type Clients } from '../../src/aws/clients.js';
import { openLocalForTest } from '../support/local-clients.js';
import { CHECKPOINT_PREFIX } from '../../src/local/engine/delivery/iceberg-checkpoint.js';
import { compareSequence } from '../../src/local/engine/delivery/source.js';
import { loadTable } from '../../src/local/iceberg/index.js';
import { spawnServe, type ServeProc } from '../metrics/serve-proc.js';
import { tempDirForFile } from '../support/tmp.js';
import { createWorkgroup } from '../local/pipeline/athena.js';
import { athenaRows, createIcebergPipeline, icebergEnv, tableRows, type IcebergPipeline } from './iceberg-setup.js';

const dir = tempDirForFile('lakehouse-iceberg-kill-');
const dataDir = path.join(dir, 'data');
const TOTAL = 100_000;
const FIRST_INSERTS = 40_000;
const DAY_US = 86_400_000_000;
const T0 = Date.UTC(2026, 11, 1) * 1000;

const PIPE: IcebergPipeline = {
  stream: 'cdc',
  shards: 2,
  bucket: 'cdc-lake',
  database: 'cdc',
  table: 'accounts',
  deliveryStream: 'cdc-to-iceberg',
  columns: [
    { name: 'id', type: 'string' },
    { name: 'v', type: 'bigint' },
    { name: 'ts', type: 'timestamp' },
    { name: 'note', type: 'string' },
  ],
  uniqueKeys: ['id'],
  query: '{operation: .op}',
  partitioning: [{ source: 'ts', transform: 'day' }],
  intervalSeconds: 1,
  sizeMBs: 1,
};

interface Change {
  id: string;
  v: number;
  ts: number;
  note: string;
  op: 'insert' | 'update' | 'delete';
}

/** A deterministic change stream: inserts first, then updates (65%), deletes (20%) and new inserts (15%). */
function changes(): Change[] {
  let seed = 18;
  const rand = () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const alive: string[] = [];
  let next = 0;
  const out: Change[] = [];
  const pad = 'x'.repeat(160);
  for (let i = 0; i < TOTAL; i++) {
    // Timestamps spread over 10 days: updates move rows between day partitions.
    const base = { v: i, ts: T0 + Math.floor(rand() * 10 * DAY_US), note: `${pad}${i}` };
    const r = rand();
    if (i < FIRST_INSERTS || r >= 0.85 || alive.length === 0) {
      const id = `k${String(next++).padStart(6, '0')}`;
      alive.push(id);
      out.push({ id, ...base, op: 'insert' });
    } else if (r < 0.65) {
      out.push({ id: alive[Math.floor(rand() * alive.length)]!, ...base, op: 'update' });
    } else {
      const at = Math.floor(rand() * alive.length);
      const id = alive[at]!;
      alive[at] = alive[alive.length - 1]!;
      alive.pop();
      out.push({ id, ...base, op: 'delete' });
    }
  }
  return out;
}

/** Replays changes (in order) into the table state they leave: key → row. */
function replay(list: Change[]): Map<string, Change> {
  const state = new Map<string, Change>();
  for (const ch of list) {
    if (ch.op === 'delete') state.delete(ch.id);
    else state.set(ch.id, ch);
  }
  return state;
}

async function serve(env: Record<string, string> = {}): Promise<{ proc: ServeProc; c: Clients }> {
  const proc = spawnServe(dataDir, { LAKEHOUSE_FIREHOSE_TRANSITION_MS: '30', ...env });
  const c = await openClients({ provider: 'local', region: 'us-east-1', endpointUrl: await proc.endpoint });
  return { proc, c };
}

async function kill(s: { proc: ServeProc; c: Clients }): Promise<void> {
  s.proc.child.kill('SIGKILL');
  assert.equal((await s.proc.exited).signal, 'SIGKILL');
  await s.c.close();
}

test('100,000 change records into Iceberg across kill -9: one row per live key, every snapshot a replay of its checkpoint', { timeout: 600_000 }, async () => {
  const all = changes();
  const placed: Array<{ shard: string; seq: string }> = new Array(all.length);
  const put = async (c: Clients, from: number, to: number) => {
    for (let i = from; i < to; i += 500) {
      const chunk = all.slice(i, Math.min(to, i + 500));
      const out = await c.kinesis.send(
        new PutRecordsCommand({ StreamName: PIPE.stream, Records: chunk.map((ch) => ({ Data: Buffer.from(JSON.stringify(ch)), PartitionKey: ch.id })) }),
      );
      assert.equal(out.FailedRecordCount, 0);
      out.Records!.forEach((r, j) => (placed[i + j] = { shard: r.ShardId!, seq: r.SequenceNumber! }));
    }
  };

  let local = await openLocalForTest({ dataDir });
  local = await createIcebergPipeline(local, PIPE);
  await local.close();

  const t0 = Date.now();
  const phase = (what: string) => console.log(`# ${((Date.now() - t0) / 1000).toFixed(1)} s: ${what}`);
  // 1. Killed at an arbitrary moment while delivering.
  let s = await serve();
  await put(s.c, 0, 35_000);
  await new Promise((r) => setTimeout(r, 1_500));
  await kill(s);
  phase('killed 1');
  // 2. Killed right after the last acknowledged put, with megabytes still to deliver.
  s = await serve();
  await put(s.c, 35_000, 80_000);
  await kill(s);
  phase('killed 2');
  // 3. Catching up, it kills itself right after its second Iceberg commit, before the local checkpoint moves
  // (no puts here: a put cut by the crash could not say whether the records were taken).
  s = await serve({ LAKEHOUSE_DELIVERY_CRASH_AFTER_OBJECTS: '2' });
  await s.c.local!.waitDelivered({ deliveryStream: PIPE.deliveryStream, flush: true, timeoutMs: 120_000 }).catch(() => undefined);
  assert.equal((await s.proc.exited).signal, 'SIGKILL', 'the crash point fired');
  await s.c.close();
  phase('crashed');
  // 4. The rest, delivered to the end.
  s = await serve();
  await put(s.c, 80_000, TOTAL);
  await s.c.local!.waitDelivered({ deliveryStream: PIPE.deliveryStream, flush: true, timeoutMs: 300_000 });
  await kill(s);
  phase('delivered');

  local = await openLocalForTest({ dataDir });
  try {
    const env = icebergEnv(local);
    const con = await (await DuckDBInstance.create(':memory:')).connect();
    const key = (rows: Record<string, unknown>[]) => rows.map((r) => `${r.id}|${r.v}`);
    const expect = (state: Map<string, Change>) => [...state.values()].sort((a, b) => (a.id < b.id ? -1 : 1)).map((ch) => `${ch.id}|${ch.v}`);

    // Exactly one row per live key, with its last value.
    const final = replay(all);
    const rows = await tableRows(env, con, PIPE.database, PIPE.table, 'id');
    assert.equal(new Set(rows.map((r) => r.id)).size, rows.length, 'no key twice');
    assert.deepEqual(key(rows), expect(final));
    assert.ok(final.size > 20_000 && final.size < TOTAL, `${final.size} live keys`);

    phase('final rows checked');
    // Every snapshot = the replay of exactly the records its checkpoint covers.
    const meta = (await loadTable(env, PIPE.database, PIPE.table)).metadata;
    const ours = meta.snapshots.filter((snap) => snap.summary[CHECKPOINT_PREFIX + PIPE.deliveryStream]);
    assert.equal(ours.length, meta.snapshots.length, 'every snapshot is a delivery commit');
    assert.ok(ours.length >= 6, `${ours.length} snapshots`);
    phase(`${ours.length} snapshots, ${final.size} live keys`);
    for (const snap of ours) {
      const cp = JSON.parse(snap.summary[CHECKPOINT_PREFIX + PIPE.deliveryStream]!) as { shards: Record<string, string> };
      const covered = all.filter((_, i) => {
        const at = cp.shards[placed[i]!.shard];
        return at !== undefined && compareSequence(placed[i]!.seq, at) <= 0;
      });
      // Only what the check compares: a change's v names it (ts and note are functions of it).
      const got = await tableRows(env, con, PIPE.database, PIPE.table, 'id', snap['snapshot-id'], 'id, v');
      assert.deepEqual(key(got), expect(replay(covered)), `snapshot ${snap['snapshot-id']} (sequence ${snap['sequence-number']})`);
    }
    con.closeSync();

    // Athena (StartQueryExecution) sees the same: one row per live key, the last values; and a snapshot
    // halfway through, by time travel.
    const wg = await createWorkgroup(local, 'cdc', `s3://${PIPE.bucket}/athena/`);
    const athena = (sql: string) => athenaRows(local, wg, PIPE.database, sql);
    const sumV = (state: Map<string, Change>) => String([...state.values()].reduce((n, ch) => n + ch.v, 0));
    assert.deepEqual(await athena('SELECT count(*), count(DISTINCT id), sum(v) FROM accounts'), [[String(final.size), String(final.size), sumV(final)]]);
    const mid = ours[Math.floor(ours.length / 2)]!;
    const midCp = JSON.parse(mid.summary[CHECKPOINT_PREFIX + PIPE.deliveryStream]!) as { shards: Record<string, string> };
    const midState = replay(all.filter((_, i) => midCp.shards[placed[i]!.shard] !== undefined && compareSequence(placed[i]!.seq, midCp.shards[placed[i]!.shard]!) <= 0));
    assert.deepEqual(await athena(`SELECT count(*), sum(v) FROM accounts FOR VERSION AS OF ${mid['snapshot-id']}`), [[String(midState.size), sumV(midState)]]);
    phase('Athena checked');
  } finally {
    await local.close();
  }
});
