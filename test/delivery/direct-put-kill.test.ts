// Direct PUT durability with dynamic partitioning, `lakehouse serve` as a child process killed with -9:
// every record PutRecordBatch acknowledged is delivered exactly once — after a kill with everything still in
// the buffer, after a kill between a batch's objects and its checkpoint (redone to the same keys), and after
// the record log was trimmed (record ids keep counting past the cut). The log is trimmed once delivered.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { CreateDeliveryStreamCommand, PutRecordBatchCommand } from '@aws-sdk/client-firehose';
import { CreateDatabaseCommand, CreateTableCommand } from '@aws-sdk/client-glue';
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { parquetReadObjects } from 'hyparquet';
import { openClients, type Clients } from '../../src/aws/clients.js';
import { waitActive, ROLE } from '../local/firehose/helpers.js';
import { spawnServe, type ServeProc } from '../metrics/serve-proc.js';
import { tempDirForFile } from '../support/tmp.js';

const dir = tempDirForFile('lakehouse-direct-kill-');
const dataDir = path.join(dir, 'data');
const STATUSES = ['Active', 'Inactive', 'Pending'];

async function serve(env: Record<string, string> = {}): Promise<{ proc: ServeProc; c: Clients }> {
  const proc = spawnServe(dataDir, { LAKEHOUSE_FIREHOSE_TRANSITION_MS: '30', ...env });
  const c = await openClients({ provider: 'local', region: 'us-east-1', endpointUrl: await proc.endpoint });
  return { proc, c };
}

async function kill(s: { proc: ServeProc; c: Clients }): Promise<void> {
  s.proc.child.kill('SIGKILL');
  await s.proc.exited;
  await s.c.close();
}

async function put(c: Clients, from: number, to: number): Promise<void> {
  for (let i = from; i < to; i += 500) {
    const records = [];
    for (let j = i; j < Math.min(to, i + 500); j++) records.push({ Data: Buffer.from(JSON.stringify({ id: j, status: STATUSES[j % 3] }) + '\n') });
    const out = await c.firehose.send(new PutRecordBatchCommand({ DeliveryStreamName: 'direct', Records: records }));
    assert.equal(out.FailedPutCount, 0);
  }
}

async function deliveredIds(): Promise<number[]> {
  const root = path.join(dataDir, 's3', 'direct-lake', 'events');
  const ids: number[] = [];
  const walk = async (d: string): Promise<void> => {
    for (const e of fs.existsSync(d) ? fs.readdirSync(d, { withFileTypes: true }) : []) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) await walk(p);
      else if (e.name.endsWith('.parquet')) {
        const buf = fs.readFileSync(p);
        const rows = await parquetReadObjects({ file: buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) });
        const status = /status=([^/]+)/.exec(p)![1]!;
        for (const r of rows) {
          assert.equal(STATUSES[Number(r.id) % 3], status, 'each row in its partition');
          ids.push(Number(r.id));
        }
      }
    }
  };
  await walk(root);
  return ids.sort((a, b) => a - b);
}

const logFile = () => path.join(dataDir, 'firehose', 'direct', 'direct.jsonl');

test('Direct PUT: acknowledged records survive kill -9 before and during delivery, once each; the log is trimmed', { timeout: 180_000 }, async () => {
  let s = await serve();
  await s.c.s3.send(new CreateBucketCommand({ Bucket: 'direct-lake' }));
  await s.c.glue.send(new CreateDatabaseCommand({ DatabaseInput: { Name: 'kdb' } }));
  await s.c.glue.send(
    new CreateTableCommand({
      DatabaseName: 'kdb',
      TableInput: {
        Name: 'events',
        TableType: 'EXTERNAL_TABLE',
        PartitionKeys: [{ Name: 'status', Type: 'string' }],
        StorageDescriptor: { Columns: [{ Name: 'id', Type: 'bigint' }], Location: 's3://direct-lake/events/' },
      },
    }),
  );
  await s.c.firehose.send(
    new CreateDeliveryStreamCommand({
      DeliveryStreamName: 'direct',
      DeliveryStreamType: 'DirectPut',
      ExtendedS3DestinationConfiguration: {
        BucketARN: 'arn:aws:s3:::direct-lake',
        RoleARN: ROLE,
        Prefix: 'events/status=!{partitionKeyFromQuery:status}/',
        ErrorOutputPrefix: 'errors/!{firehose:error-output-type}/',
        BufferingHints: { SizeInMBs: 64, IntervalInSeconds: 900 },
        DynamicPartitioningConfiguration: { Enabled: true },
        ProcessingConfiguration: {
          Enabled: true,
          Processors: [{ Type: 'MetadataExtraction', Parameters: [{ ParameterName: 'MetadataExtractionQuery', ParameterValue: '{status: .status}' }, { ParameterName: 'JsonParsingEngine', ParameterValue: 'JQ-1.6' }] }],
        },
        DataFormatConversionConfiguration: {
          Enabled: true,
          InputFormatConfiguration: { Deserializer: { OpenXJsonSerDe: {} } },
          OutputFormatConfiguration: { Serializer: { ParquetSerDe: {} } },
          SchemaConfiguration: { DatabaseName: 'kdb', TableName: 'events', RoleARN: ROLE },
        },
      },
    }),
  );
  await waitActive(s.c, 'direct');
  await put(s.c, 0, 12_000);
  // 1. Everything acknowledged sits in the 900 s buffer: kill -9.
  await kill(s);

  // 2. Restart with a crash right after the first batch's objects, before its checkpoint.
  s = await serve({ LAKEHOUSE_DELIVERY_CRASH_AFTER_OBJECTS: '1' });
  await s.c.local!.waitDelivered({ deliveryStream: 'direct', flush: true, timeoutMs: 60_000 }).catch(() => undefined);
  assert.equal((await s.proc.exited).signal, 'SIGKILL');
  await s.c.close();
  assert.ok((await deliveredIds()).length > 0, 'the crashed flush had written its objects');

  // 3. Restart: the pending batch is redone to the same keys; the delivered prefix of the log is cut away.
  s = await serve();
  await s.c.local!.waitDelivered({ deliveryStream: 'direct', flush: true, timeoutMs: 60_000 });
  assert.deepEqual(await deliveredIds(), Array.from({ length: 12_000 }, (_, i) => i));
  const lines = fs.readFileSync(logFile(), 'utf8').trim().split('\n');
  assert.deepEqual(JSON.parse(lines[0]!), { b: '00000000000000012000' });
  assert.equal(lines.length, 1, 'only the base line is left');

  // 4. Ids continue after the cut, across one more kill -9.
  await put(s.c, 12_000, 12_010);
  await kill(s);
  s = await serve();
  await s.c.local!.waitDelivered({ deliveryStream: 'direct', flush: true, timeoutMs: 60_000 });
  assert.deepEqual(await deliveredIds(), Array.from({ length: 12_010 }, (_, i) => i));
  await kill(s);
});
