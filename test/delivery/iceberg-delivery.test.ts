// Firehose → Apache Iceberg through the real SDK clients: Kinesis PutRecords, a delivery stream with an
// IcebergDestinationConfiguration routing by a MetadataExtraction jq query to two tables, inserts, updates and
// deletes by unique key (last operation per key in a batch wins), failed records in the S3 error output with
// AWS's Iceberg error codes, one snapshot per shard batch carrying the shard checkpoint, time travel, a column
// added by Athena filled from the next batch on.
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { PutRecordsCommand } from '@aws-sdk/client-kinesis';
import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { DuckDBInstance } from '@duckdb/node-api';
import { openLocalForTest, type LocalTestClients } from '../support/local-clients.js';
import { loadTable } from '../../src/local/iceberg/index.js';
import { CHECKPOINT_PREFIX } from '../../src/local/engine/delivery/iceberg-checkpoint.js';
import { tempDirForFile } from '../support/tmp.js';
import { createWorkgroup } from '../local/pipeline/athena.js';
import { athenaRows, createIcebergPipeline, icebergEnv, tableRows, type IcebergPipeline } from './iceberg-setup.js';

process.env.LAKEHOUSE_FIREHOSE_TRANSITION_MS ??= '30';
process.env.LAKEHOUSE_KINESIS_TRANSITION_MS ??= '20';

const dir = tempDirForFile('lakehouse-iceberg-delivery-');
const T0 = Date.UTC(2026, 11, 2, 10, 0, 0) * 1000; // epoch microseconds, as Firehose expects for timestamps

const PIPE: IcebergPipeline = {
  stream: 'changes',
  shards: 2,
  bucket: 'ice-lake',
  database: 'ice',
  table: 'items',
  deliveryStream: 'changes-to-iceberg',
  columns: [
    { name: 'id', type: 'string' },
    { name: 'v', type: 'bigint' },
    { name: 'name', type: 'string' },
    { name: 'ts', type: 'timestamp' },
  ],
  uniqueKeys: ['id'],
  query: '{destinationDatabaseName: "ice", destinationTableName: .kind, operation: .op}',
  intervalSeconds: 900,
  sizeMBs: 64,
  more: [{ table: 'logs', columns: [{ name: 'msg', type: 'string' }, { name: 'n', type: 'int' }] }],
};

let c: LocalTestClients;

async function put(records: Array<string | Record<string, unknown>>): Promise<void> {
  const out = await c.kinesis.send(
    new PutRecordsCommand({
      StreamName: PIPE.stream,
      // The unique key as the partition key: every change of a key lands on one shard, in order.
      Records: records.map((r, i) => ({ Data: Buffer.from(typeof r === 'string' ? r : JSON.stringify(r)), PartitionKey: typeof r === 'string' ? `raw${i}` : String(r.id ?? r.msg) })),
    }),
  );
  assert.equal(out.FailedRecordCount, 0);
  await c.local!.waitDelivered({ deliveryStream: PIPE.deliveryStream, flush: true, timeoutMs: 60_000 });
}

const item = (id: string, v: number, op?: string) => ({ kind: 'items', id, v, name: `n-${id}-${v}`, ts: T0 + v, extra: 'dropped', ...(op ? { op } : {}) });

async function errorDocs(): Promise<Array<Record<string, any>>> {
  const list = await c.s3.send(new ListObjectsV2Command({ Bucket: PIPE.bucket, Prefix: 'errors/' }));
  const docs: Array<Record<string, any>> = [];
  for (const o of list.Contents ?? []) {
    const body = await (await c.s3.send(new GetObjectCommand({ Bucket: PIPE.bucket, Key: o.Key! }))).Body!.transformToString();
    for (const line of body.trim().split('\n')) docs.push(JSON.parse(line));
  }
  return docs;
}

test('Kinesis → Firehose → Iceberg: routed inserts, updates, deletes by key, failures to the error output, time travel', { timeout: 180_000 }, async () => {
  c = await openLocalForTest({ dataDir: path.join(dir, 'data') });
  try {
    await deliverAndCheck();
  } finally {
    await c.close();
  }
});

async function deliverAndCheck(): Promise<void> {
  c = await createIcebergPipeline(c, PIPE);
  const env = icebergEnv(c);
  const con = await (await DuckDBInstance.create(':memory:')).connect();
  const rows = (table: string, order: string, snapshot?: number) => tableRows(env, con, PIPE.database, table, order, snapshot);

  // Batch 1: inserts into items, one into logs (no unique keys), and three records that fail.
  await put([
    ...['a', 'b', 'c', 'd', 'e'].map((id) => item(id, 1)),
    { kind: 'logs', msg: 'hello', n: 7 },
    '{"kind": "items", "id": broken',
    { kind: 'items', id: 'f', v: 1, ts: '2026-12-02T10:00:00Z' },
    { kind: 'nope', id: 'g', v: 1 },
  ]);
  assert.deepEqual(
    (await rows('items', 'id')).map((r) => [r.id, Number(r.v), r.name]),
    ['a', 'b', 'c', 'd', 'e'].map((id) => [id, 1, `n-${id}-1`]),
  );
  const first = await rows('items', 'id');
  assert.equal(String(first[0]!.ts), '2026-12-02 10:00:00.000001', 'epoch microseconds land as the timestamp');
  assert.deepEqual((await rows('logs', 'msg')).map((r) => [r.msg, r.n]), [['hello', 7]]);
  const afterFirst = (await loadTable(env, PIPE.database, 'items')).metadata;

  // Batch 2: update b, delete c, insert f then update it twice (the last wins), insert g then delete it,
  // and an update on logs, which has no unique keys (fails).
  await put([
    item('b', 2, 'update'),
    item('c', 0, 'delete'),
    item('f', 1),
    item('f', 2, 'update'),
    item('f', 3, 'update'),
    item('g', 1, 'insert'),
    { kind: 'items', id: 'g', op: 'delete' },
    { kind: 'logs', msg: 'x', n: 1, op: 'update' },
  ]);
  assert.deepEqual(
    (await rows('items', 'id')).map((r) => [r.id, Number(r.v), r.name]),
    [['a', 1, 'n-a-1'], ['b', 2, 'n-b-2'], ['d', 1, 'n-d-1'], ['e', 1, 'n-e-1'], ['f', 3, 'n-f-3']],
  );
  assert.equal((await rows('logs', 'msg')).length, 1);

  // Every snapshot the stream committed carries its shard checkpoints; time travel shows batch 1's table.
  const meta = (await loadTable(env, PIPE.database, 'items')).metadata;
  const ours = meta.snapshots.filter((s) => s.summary[CHECKPOINT_PREFIX + PIPE.deliveryStream]);
  assert.equal(ours.length, meta.snapshots.length);
  assert.ok(meta.snapshots.some((s) => s.summary.operation === 'overwrite'), 'updates commit data + equality deletes');
  const cp = JSON.parse(meta.snapshots.at(-1)!.summary[CHECKPOINT_PREFIX + PIPE.deliveryStream]!);
  assert.ok(Object.keys(cp.shards).length >= 1);
  assert.deepEqual(
    (await rows('items', 'id', afterFirst['current-snapshot-id'])).map((r) => [r.id, Number(r.v)]),
    ['a', 'b', 'c', 'd', 'e'].map((id) => [id, 1]),
  );

  // The same through Athena (StartQueryExecution): current rows, time travel, the $snapshots table.
  const wg = await createWorkgroup(c, 'ice', `s3://${PIPE.bucket}/athena/`);
  const athena = (sql: string) => athenaRows(c, wg, PIPE.database, sql);
  assert.deepEqual(await athena('SELECT id, v, name FROM items ORDER BY id'), [
    ['a', '1', 'n-a-1'], ['b', '2', 'n-b-2'], ['d', '1', 'n-d-1'], ['e', '1', 'n-e-1'], ['f', '3', 'n-f-3'],
  ]);
  assert.deepEqual(await athena(`SELECT id, v FROM items FOR VERSION AS OF ${afterFirst['current-snapshot-id']} ORDER BY id`), ['a', 'b', 'c', 'd', 'e'].map((id) => [id, '1']));
  assert.deepEqual(await athena('SELECT count(*) FROM "items$snapshots"'), [[String(meta.snapshots.length)]]);

  // Schema evolution: a column added by Athena is filled from the next batch on (rows follow the current schema).
  await athena('ALTER TABLE items ADD COLUMNS (extra string)');
  await put([item('h', 1)]);
  assert.deepEqual(await athena("SELECT id, extra FROM items WHERE id IN ('a', 'h') ORDER BY id"), [['a', ''], ['h', 'dropped']]);

  // The failures, with AWS's Iceberg error codes, the raw record and its sequence number.
  const docs = await errorDocs();
  const codes = docs.map((d) => d.errorCode).sort();
  assert.deepEqual(codes, ['Iceberg.InvalidDataType', 'Iceberg.InvalidUniqueKeys', 'Iceberg.NonJsonRecord', 'Iceberg.TableNotFound']);
  for (const d of docs) {
    assert.ok(d.rawData && d.sequenceNumber && d.errorMessage, JSON.stringify(d));
    assert.equal(typeof d.arrivalTimestamp, 'number');
  }
  const ts = docs.find((d) => d.errorCode === 'Iceberg.InvalidDataType')!;
  assert.match(ts.errorMessage, /microseconds/);
  assert.equal(JSON.parse(Buffer.from(ts.rawData, 'base64').toString()).id, 'f');
  con.closeSync();
}
