// Buffering rules of the engine through the real services: size-triggered flushes, the interval measured from
// the oldest record's arrival (overdue buffers flush at once after a restart), LATEST start for Kinesis
// sources, retries while the bucket is missing.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { CreateDeliveryStreamCommand, PutRecordBatchCommand } from '@aws-sdk/client-firehose';
import { GetTableCommand, UpdateTableCommand } from '@aws-sdk/client-glue';
import { PutRecordsCommand } from '@aws-sdk/client-kinesis';
import { parquetReadObjects } from 'hyparquet';
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { openLocalForTest } from '../../support/local-clients.js';
import { Emulator } from '../../../src/local/emulator.js';
import { ROLE, waitActive } from './helpers.js';
import { createPipeline } from './pipeline-setup.js';

process.env.LAKEHOUSE_FIREHOSE_TRANSITION_MS ??= '30';
process.env.LAKEHOUSE_KINESIS_TRANSITION_MS ??= '20';

const dirs: string[] = [];
const tempDir = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'lakehouse-fh-buffer-'));
  dirs.push(d);
  return d;
};
after(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

const directPut = (name: string, bucket: string, sizeMB: number, intervalS: number) =>
  new CreateDeliveryStreamCommand({
    DeliveryStreamName: name,
    ExtendedS3DestinationConfiguration: {
      BucketARN: `arn:aws:s3:::${bucket}`,
      RoleARN: ROLE,
      Prefix: `${name}/`,
      BufferingHints: { SizeInMBs: sizeMB, IntervalInSeconds: intervalS },
    },
  });

test('a buffer reaching SizeInMBs is delivered without waiting for the interval', async () => {
  const c = await openLocalForTest({ dataDir: tempDir() });
  try {
    await c.s3.send(new CreateBucketCommand({ Bucket: 'lake' }));
    await c.firehose.send(directPut('sized', 'lake', 1, 900));
    await waitActive(c, 'sized');
    const chunk = Buffer.alloc(300 * 1024, 'a');
    for (let i = 0; i < 4; i++) {
      await c.firehose.send(new PutRecordBatchCommand({ DeliveryStreamName: 'sized', Records: [{ Data: chunk }] }));
    }
    // 4 × 300 KiB: the 4th record crosses 1 MiB, so one object holds all four, long before 900 s.
    for (let i = 0; i < 1000 && c.emulator!.s3.list('lake', 'sized/').length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    const objects = c.emulator!.s3.list('lake', 'sized/');
    assert.equal(objects.length, 1);
    assert.equal(objects[0]!.size, 4 * chunk.length);
  } finally {
    await c.close();
  }
});

test('the interval runs from the oldest arrival: after a restart an overdue buffer flushes at once', async () => {
  const dataDir = tempDir();
  const c = await openLocalForTest({ dataDir });
  await createPipeline(c, { shards: 1, intervalSeconds: 60 });
  await c.kinesis.send(new PutRecordsCommand({ StreamName: 'events', Records: [{ Data: Buffer.from('{"uuid":"a"}'), PartitionKey: 'a' }] }));
  await c.close();
  assert.equal(fs.existsSync(path.join(dataDir, 's3', 'lake', 'events')), false, 'not due yet');
  // Reopen 2 minutes later: no flush requested, the 60 s interval has long passed.
  const emu = await Emulator.open({ dataDir, now: () => Date.now() + 120_000 });
  try {
    await emu.firehose.waitDelivered({ flush: false, timeoutMs: 10_000 });
    assert.equal(emu.s3.list('lake', 'events/').length, 1);
  } finally {
    await emu.close();
  }
});

test('a Kinesis-sourced stream starts at LATEST: earlier records are not delivered', async () => {
  const c = await openLocalForTest({ dataDir: tempDir() });
  try {
    await createPipeline(c, { shards: 1, intervalSeconds: 0 });
    await c.kinesis.send(new PutRecordsCommand({ StreamName: 'events', Records: [{ Data: Buffer.from('{"uuid":"after"}'), PartitionKey: 'a' }] }));
    await c.emulator!.firehose.waitDelivered({ timeoutMs: 10_000 });
    assert.equal(c.emulator!.s3.list('lake', 'events/').length, 1, 'IntervalInSeconds 0 delivers without a flush');
    // A second delivery stream on the same Kinesis stream, created now, sees nothing of the past.
    await c.firehose.send(
      new CreateDeliveryStreamCommand({
        DeliveryStreamName: 'late',
        DeliveryStreamType: 'KinesisStreamAsSource',
        KinesisStreamSourceConfiguration: { KinesisStreamARN: 'arn:aws:kinesis:us-east-1:000000000000:stream/events', RoleARN: ROLE },
        ExtendedS3DestinationConfiguration: { BucketARN: 'arn:aws:s3:::lake', RoleARN: ROLE, Prefix: 'late/' },
      }),
    );
    await waitActive(c, 'late');
    await c.emulator!.firehose.waitDelivered({ deliveryStream: 'late', flush: true, timeoutMs: 10_000 });
    assert.equal(c.emulator!.s3.list('lake', 'late/').length, 0);
  } finally {
    await c.close();
  }
});

test('a missing bucket blocks delivery (retried, reported by waitDelivered) until it exists', async () => {
  const c = await openLocalForTest({ dataDir: tempDir() });
  try {
    await c.firehose.send(directPut('orphan', 'later', 1, 900));
    await waitActive(c, 'orphan');
    await c.firehose.send(new PutRecordBatchCommand({ DeliveryStreamName: 'orphan', Records: [{ Data: Buffer.from('x\n') }] }));
    await assert.rejects(c.emulator!.firehose.waitDelivered({ deliveryStream: 'orphan', flush: true, timeoutMs: 300 }), /bucket later does not exist/);
    await c.s3.send(new CreateBucketCommand({ Bucket: 'later' }));
    await c.emulator!.firehose.waitDelivered({ deliveryStream: 'orphan', flush: true, timeoutMs: 10_000 });
    const objects = c.emulator!.s3.list('later', 'orphan/');
    assert.equal(objects.length, 1);
    assert.equal(fs.readFileSync(objects[0]!.path, 'utf8'), 'x\n');
  } finally {
    await c.close();
  }
});

test('a Glue table changed while records are buffered: the batch is converted with the columns at flush time', async () => {
  const c = await openLocalForTest({ dataDir: tempDir() });
  try {
    await createPipeline(c, { shards: 1, intervalSeconds: 900, columns: [{ Name: 'uuid', Type: 'string' }] });
    await c.kinesis.send(
      new PutRecordsCommand({ StreamName: 'events', Records: [{ Data: Buffer.from('{"uuid":"a","Phone":"42"}'), PartitionKey: 'a' }] }),
    );
    // Give the engine time to buffer (and convert) the record with the old columns.
    await new Promise((r) => setTimeout(r, 100));
    const table = (await c.glue.send(new GetTableCommand({ DatabaseName: 'lakehouse', Name: 'events' }))).Table!;
    await c.glue.send(
      new UpdateTableCommand({
        DatabaseName: 'lakehouse',
        TableInput: {
          Name: 'events',
          TableType: table.TableType,
          Parameters: table.Parameters,
          PartitionKeys: table.PartitionKeys,
          StorageDescriptor: { ...table.StorageDescriptor, Columns: [{ Name: 'uuid', Type: 'string' }, { Name: 'phone', Type: 'bigint' }] },
        },
      }),
    );
    await c.emulator!.firehose.waitDelivered({ flush: true, timeoutMs: 10_000 });
    const [object] = c.emulator!.s3.list('lake', 'events/');
    const buf = fs.readFileSync(object!.path);
    const rows = await parquetReadObjects({ file: buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) });
    assert.deepEqual(rows, [{ uuid: 'a', phone: 42n }]);
  } finally {
    await c.close();
  }
});
