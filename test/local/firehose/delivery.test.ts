// Delivery through the real services: Kinesis → Firehose (OpenX → Parquet with the Glue table's types) → S3,
// read back with hyparquet (not DuckDB); AWS-format error documents; a redone flush overwrites, never
// duplicates; DirectPut raw delivery; the local-only LakehouseWaitDelivered action.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import { CreateDeliveryStreamCommand, PutRecordBatchCommand } from '@aws-sdk/client-firehose';
import { PutRecordsCommand } from '@aws-sdk/client-kinesis';
import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import { openLocalForTest, type LocalTestClients } from '../../support/local-clients.js';
import type { S3Internal } from '../../../src/local/types.js';
import { ROLE, SEED_COLUMNS, waitActive } from './helpers.js';
import { createPipeline } from './pipeline-setup.js';

process.env.LAKEHOUSE_FIREHOSE_TRANSITION_MS ??= '30';
process.env.LAKEHOUSE_KINESIS_TRANSITION_MS ??= '20';

const COLUMNS = [
  ...SEED_COLUMNS,
  { Name: 'n', Type: 'int' },
  { Name: 'x', Type: 'double' },
  { Name: 'ok', Type: 'boolean' },
  { Name: 'd', Type: 'date' },
  { Name: 'price', Type: 'decimal(10,2)' },
];

function good(i: number) {
  return {
    UUID: `u-${i}`, // upper case: matched case-insensitively
    event_date: '2024-05-01 12:34:56.789',
    status: 'ACTIVE',
    name: 'Ann',
    last_name: `L${i}`,
    email: `a${i}@example.com`,
    phone: String(5550000000 + i),
    n: i,
    x: i / 2,
    ok: i % 2 === 0,
    d: '2024-05-01',
    price: '19.99',
    ignored: 'dropped',
  };
}
const BAD = ['{"uuid": "broken', JSON.stringify({ uuid: 'b', phone: 'not-a-number' }), '[1,2,3]'];

async function putKinesis(c: LocalTestClients, stream: string, payloads: string[]): Promise<void> {
  for (let i = 0; i < payloads.length; i += 500) {
    const out = await c.kinesis.send(
      new PutRecordsCommand({
        StreamName: stream,
        Records: payloads.slice(i, i + 500).map((p, j) => ({ Data: Buffer.from(p), PartitionKey: `k${i + j}` })),
      }),
    );
    assert.equal(out.FailedRecordCount, 0);
  }
}

async function readParquet(file: string): Promise<{ rows: any[]; schema: any[] }> {
  const buf = fs.readFileSync(file);
  const ab = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength);
  const meta = parquetMetadata(ab);
  const rows = await parquetReadObjects({ file: ab });
  return { rows, schema: meta.schema };
}

describe('firehose delivery', () => {
  let c: LocalTestClients;
  let s3: S3Internal;
  // Our own directory (the helper would delete its own on close, and we reopen it).
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lakehouse-firehose-'));
  before(async () => {
    c = await openLocalForTest({ dataDir });
    s3 = c.emulator!.s3;
    await createPipeline(c, { columns: COLUMNS });
    await putKinesis(c, 'events', [...Array.from({ length: 100 }, (_, i) => JSON.stringify(good(i))), ...BAD]);
    await c.emulator!.firehose.waitDelivered({ flush: true, timeoutMs: 20_000 });
  });
  after(async () => {
    await c.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('writes Parquet under the evaluated hive prefix with the Glue column names and types', async () => {
    const objects = s3.list('lake', 'events/');
    assert.ok(objects.length >= 1 && objects.length <= 2, 'one object per shard with records');
    for (const o of objects) {
      assert.match(o.key, /^events\/year=\d{4}\/month=\d{2}\/day=\d{2}\/hour=\d{2}\/events-to-s3-1-\d{4}-\d{2}-\d{2}-\d{2}-\d{2}-\d{2}-[0-9a-f-]{36}\.parquet$/);
    }
    const read = await Promise.all(objects.map((o) => readParquet(o.path)));
    const rows = read.flatMap((r) => r.rows);
    assert.equal(rows.length, 100);
    const schema = read[0]!.schema;
    const byName = Object.fromEntries(schema.slice(1).map((e: any) => [e.name, e]));
    assert.deepEqual(Object.keys(byName), COLUMNS.map((col) => col.Name));
    assert.equal(byName.uuid.type, 'BYTE_ARRAY');
    assert.equal(byName.uuid.converted_type, 'UTF8');
    assert.equal(byName.phone.type, 'INT64');
    assert.equal(byName.n.type, 'INT32');
    assert.equal(byName.x.type, 'DOUBLE');
    assert.equal(byName.ok.type, 'BOOLEAN');
    assert.equal(byName.d.converted_type, 'DATE');
    assert.ok(byName.event_date.logical_type?.type === 'TIMESTAMP' || byName.event_date.converted_type?.startsWith('TIMESTAMP'));
    assert.equal(byName.price.converted_type, 'DECIMAL');
    assert.equal(byName.price.precision, 10);
    assert.equal(byName.price.scale, 2);
    const r7 = rows.find((r) => r.uuid === 'u-7');
    assert.equal(r7.phone, 5550000007n);
    assert.equal(r7.n, 7);
    assert.equal(r7.x, 3.5);
    assert.equal(r7.ok, false);
    assert.ok(Math.abs(Number(r7.price) - 19.99) < 1e-9);
    assert.equal(new Date(r7.event_date).toISOString(), '2024-05-01T12:34:56.789Z');
    assert.equal(r7.ignored, undefined);
  });

  it('writes failed records as AWS error documents under the error prefix', () => {
    const errors = s3.list('lake', 'errors/');
    assert.ok(errors.length >= 1);
    for (const o of errors) assert.match(o.key, /^errors\/format-conversion-failed\/\d{4}\/\d{2}\/\d{2}\/\d{2}\/events-to-s3-1-/);
    const docs = errors.flatMap((o) => fs.readFileSync(o.path, 'utf8').trim().split('\n')).map((l) => JSON.parse(l));
    assert.equal(docs.length, BAD.length);
    const raw = docs.map((d) => Buffer.from(d.rawData, 'base64').toString()).sort();
    assert.deepEqual(raw, [...BAD].sort());
    for (const d of docs) {
      assert.equal(d.attemptsMade, 1);
      assert.equal(d.lastErrorCode, 'DataFormatConversion.MalformedData');
      assert.ok(d.lastErrorMessage.length > 0);
      assert.equal(typeof d.arrivalTimestamp, 'number');
      assert.equal(typeof d.attemptEndingTimestamp, 'number');
      assert.match(d.sequenceNumber, /^\d+$/);
      assert.deepEqual(d.dataCatalogTable, {
        catalogId: null,
        databaseName: 'lakehouse',
        tableName: 'events',
        region: 'us-east-1',
        versionId: 'LATEST',
        catalogArn: null,
      });
    }
    const phoneDoc = docs.find((d) => d.rawData === Buffer.from(BAD[1]!).toString('base64'));
    assert.match(phoneDoc.lastErrorMessage, /phone/);
  });

  it('a flush redone after a crash overwrites the same objects (no duplicates)', async () => {
    const before = s3.list('lake', '').map((o) => o.key).sort();
    const file = path.join(dataDir, 'firehose', 'checkpoints', 'events-to-s3.json');
    const cp = JSON.parse(fs.readFileSync(file, 'utf8'));
    // As if the process died after writing the objects but before the checkpoint.
    for (const shard of Object.values<any>(cp.shards)) {
      if (!shard.delivered) continue;
      shard.pending = { to: shard.delivered, version: 1 };
      delete shard.delivered;
    }
    await c.close();
    fs.writeFileSync(file, JSON.stringify(cp));
    c = await openLocalForTest({ dataDir });
    s3 = c.emulator!.s3;
    await c.emulator!.firehose.waitDelivered({ flush: true, timeoutMs: 20_000 });
    assert.deepEqual(s3.list('lake', '').map((o) => o.key).sort(), before);
    const redone = JSON.parse(fs.readFileSync(file, 'utf8'));
    for (const shard of Object.values<any>(redone.shards)) assert.ok(shard.delivered && !shard.pending, 'the pending flush was redone');
    const rows = (await Promise.all(s3.list('lake', 'events/').map((o) => readParquet(o.path)))).flatMap((r) => r.rows);
    assert.equal(rows.length, 100);
  });

  it('DirectPut with GZIP delivers the raw records concatenated, waited for through LakehouseWaitDelivered', async () => {
    await c.firehose.send(
      new CreateDeliveryStreamCommand({
        DeliveryStreamName: 'raw',
        ExtendedS3DestinationConfiguration: {
          BucketARN: 'arn:aws:s3:::lake',
          RoleARN: ROLE,
          Prefix: 'raw/',
          CompressionFormat: 'GZIP',
          BufferingHints: { SizeInMBs: 1, IntervalInSeconds: 900 },
        },
      }),
    );
    await waitActive(c, 'raw');
    await c.firehose.send(
      new PutRecordBatchCommand({ DeliveryStreamName: 'raw', Records: ['a\n', 'b\n', 'c\n'].map((s) => ({ Data: Buffer.from(s) })) }),
    );
    const res = await c.emulator!.handle({
      method: 'POST',
      path: '/',
      query: '',
      headers: { 'x-amz-target': 'Firehose_20150804.LakehouseWaitDelivered', 'content-type': 'application/x-amz-json-1.1' },
      body: Buffer.from(JSON.stringify({ DeliveryStreamName: 'raw', Flush: true, TimeoutMs: 10_000 })),
    });
    assert.equal(res.status, 200, String(res.body));
    const objs = s3.list('lake', 'raw/');
    assert.equal(objs.length, 1);
    assert.match(objs[0]!.key, /^raw\/\d{4}\/\d{2}\/\d{2}\/\d{2}\/raw-1-.*\.gz$/);
    assert.equal(gunzipSync(fs.readFileSync(objs[0]!.path)).toString(), 'a\nb\nc\n');
  });
});
