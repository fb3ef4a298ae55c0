// Delivery with Firehose dynamic partitioning: N seed-shaped JSON records put through PutRecordBatch (Direct
// PUT) while no process delivers, then the emulator is reopened and timed until waitDelivered({flush}) says
// every record is in S3 as Parquet, with 1, 10 and 100 active partitions (a jq query {k: .k} per record, one
// buffer, CSV stage and Parquet object per partition). Peer: the same records without dynamic partitioning.
//   node --import tsx bench/delivery-partitions.ts [records=200000]
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CreateDeliveryStreamCommand, PutRecordBatchCommand } from '@aws-sdk/client-firehose';
import { CreateDatabaseCommand, CreateTableCommand } from '@aws-sdk/client-glue';
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { openLocalForTest } from '../test/support/local-clients.js';
import { ROLE, waitActive } from '../test/local/firehose/helpers.js';
import { printFigure } from './figure.js';

process.env.LAKEHOUSE_FIREHOSE_TRANSITION_MS ??= '30';

const N = Number(process.argv[2] ?? 200_000);
const CASES = [0, 1, 10, 100]; // 0: dynamic partitioning off (the peer)

async function run(partitions: number): Promise<number> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lakehouse-bench-partitions-'));
  let c = await openLocalForTest({ dataDir });
  try {
    await c.s3.send(new CreateBucketCommand({ Bucket: 'bench-lake' }));
    await c.glue.send(new CreateDatabaseCommand({ DatabaseInput: { Name: 'bench' } }));
    const columns = ['uuid string', 'event_date timestamp', 'name string', 'email string', 'phone bigint'].map((x) => ({ Name: x.split(' ')[0], Type: x.split(' ')[1] }));
    await c.glue.send(
      new CreateTableCommand({
        DatabaseName: 'bench',
        TableInput: { Name: 'events', PartitionKeys: partitions ? [{ Name: 'k', Type: 'string' }] : [], StorageDescriptor: { Columns: columns, Location: 's3://bench-lake/events/' } },
      }),
    );
    const dynamic = partitions
      ? {
          DynamicPartitioningConfiguration: { Enabled: true },
          ProcessingConfiguration: {
            Enabled: true,
            Processors: [{ Type: 'MetadataExtraction' as const, Parameters: [{ ParameterName: 'MetadataExtractionQuery' as const, ParameterValue: '{k: .k}' }, { ParameterName: 'JsonParsingEngine' as const, ParameterValue: 'JQ-1.6' }] }],
          },
        }
      : {};
    await c.firehose.send(
      new CreateDeliveryStreamCommand({
        DeliveryStreamName: 'bench',
        DeliveryStreamType: 'DirectPut',
        ExtendedS3DestinationConfiguration: {
          BucketARN: 'arn:aws:s3:::bench-lake',
          RoleARN: ROLE,
          Prefix: partitions ? 'events/k=!{partitionKeyFromQuery:k}/' : 'events/',
          ErrorOutputPrefix: 'errors/!{firehose:error-output-type}/',
          BufferingHints: { SizeInMBs: 128, IntervalInSeconds: 900 },
          ...dynamic,
          DataFormatConversionConfiguration: {
            Enabled: true,
            InputFormatConfiguration: { Deserializer: { OpenXJsonSerDe: {} } },
            OutputFormatConfiguration: { Serializer: { ParquetSerDe: {} } },
            SchemaConfiguration: { DatabaseName: 'bench', TableName: 'events', RoleARN: ROLE },
          },
        },
      }),
    );
    await waitActive(c, 'bench');
    const start = Date.UTC(2024, 4, 1);
    for (let i = 0; i < N; i += 500) {
      const records = [];
      for (let j = i; j < Math.min(N, i + 500); j++) {
        const data = JSON.stringify({ uuid: randomUUID(), event_date: new Date(start + j * 37).toISOString(), k: `p${j % Math.max(1, partitions)}`, name: 'Ann', email: `ann${j}@example.com`, phone: 5550000000 + j });
        records.push({ Data: Buffer.from(data) });
      }
      await c.firehose.send(new PutRecordBatchCommand({ DeliveryStreamName: 'bench', Records: records }));
    }
    // Start over from a closed emulator so the figure covers the whole log → Parquet path.
    await c.close();
    c = await openLocalForTest({ dataDir });
    const t = performance.now();
    await c.emulator!.firehose.waitDelivered({ flush: true, timeoutMs: 600_000 });
    const seconds = (performance.now() - t) / 1000;
    const objects = c.emulator!.s3.list('bench-lake', 'events/');
    if (objects.length !== Math.max(1, partitions)) throw new Error(`expected ${Math.max(1, partitions)} objects, got ${objects.length}`);
    console.log(`${partitions ? `${partitions} active partition(s)` : 'no dynamic partitioning'}: ${N} records → ${objects.length} Parquet objects in ${seconds.toFixed(2)} s = ${Math.round(N / seconds).toLocaleString('en-US')} rows/s`);
    return N / seconds;
  } finally {
    await c.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

const rates = new Map<number, number>();
for (const p of CASES) rates.set(p, await run(p));
const note = `${N} records, Direct PUT, Parquet, load average ${os.loadavg()[0]!.toFixed(1)}`;
for (const p of CASES.filter(Boolean)) {
  const value = Math.round(rates.get(p)!);
  printFigure({ name: `delivery with ${p} active partition${p === 1 ? '' : 's'}`, value, unit: 'rows/s', peer: 'no dynamic partitioning', ratio: Number((value / rates.get(0)!).toFixed(2)), note });
}
