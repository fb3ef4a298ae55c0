// Dynamic partitioning in the emulator through the real Firehose and S3 clients: keys from the jq query per
// record, one object per partition, records without the key (or not JSON) under the error prefix as
// `partitioning-failed` with Firehose's error document, the 500 active-partition limit, and the
// CreateDeliveryStream/UpdateDestination rules AWS applies.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CreateDeliveryStreamCommand,
  PutRecordBatchCommand,
  UpdateDestinationCommand,
  type CreateDeliveryStreamCommandInput,
  type ExtendedS3DestinationConfiguration,
} from '@aws-sdk/client-firehose';
import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { openLocalForTest, type LocalTestClients } from '../../support/local-clients.js';
import { ROLE, waitActive } from './helpers.js';

process.env.LAKEHOUSE_FIREHOSE_TRANSITION_MS ??= '30';

function dynamic(name: string, bucket: string, over: Partial<ExtendedS3DestinationConfiguration> = {}, query = '{status: .status}'): CreateDeliveryStreamCommandInput {
  return {
    DeliveryStreamName: name,
    DeliveryStreamType: 'DirectPut',
    ExtendedS3DestinationConfiguration: {
      BucketARN: `arn:aws:s3:::${bucket}`,
      RoleARN: ROLE,
      Prefix: 'data/status=!{partitionKeyFromQuery:status}/year=!{timestamp:yyyy}/',
      ErrorOutputPrefix: 'errors/!{firehose:error-output-type}/',
      BufferingHints: { SizeInMBs: 64, IntervalInSeconds: 60 },
      DynamicPartitioningConfiguration: { Enabled: true, RetryOptions: { DurationInSeconds: 300 } },
      ProcessingConfiguration: {
        Enabled: true,
        Processors: [
          {
            Type: 'MetadataExtraction',
            Parameters: [
              { ParameterName: 'MetadataExtractionQuery', ParameterValue: query },
              { ParameterName: 'JsonParsingEngine', ParameterValue: 'JQ-1.6' },
            ],
          },
        ],
      },
      ...over,
    },
  };
}

async function objects(c: LocalTestClients, bucket: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  let token: string | undefined;
  do {
    const page = await c.s3.send(new ListObjectsV2Command({ Bucket: bucket, ContinuationToken: token }));
    for (const o of page.Contents ?? []) {
      const body = await c.s3.send(new GetObjectCommand({ Bucket: bucket, Key: o.Key! }));
      out.set(o.Key!, await body.Body!.transformToString());
    }
    token = page.NextContinuationToken;
  } while (token);
  return out;
}

async function put(c: LocalTestClients, name: string, records: string[]): Promise<void> {
  for (let i = 0; i < records.length; i += 500) {
    const out = await c.firehose.send(new PutRecordBatchCommand({ DeliveryStreamName: name, Records: records.slice(i, i + 500).map((r) => ({ Data: Buffer.from(r + '\n') })) }));
    assert.equal(out.FailedPutCount, 0);
  }
}

describe('firehose dynamic partitioning', () => {
  let c: LocalTestClients;
  before(async () => {
    c = await openLocalForTest();
    for (const b of ['dp-lake', 'dp-limit', 'dp-rules']) await c.s3.send(new CreateBucketCommand({ Bucket: b }));
  });
  after(async () => c.close());

  it('three status values land in three partitions, the record without status and the non-JSON one under partitioning-failed', async () => {
    await c.firehose.send(new CreateDeliveryStreamCommand(dynamic('dp', 'dp-lake')));
    await waitActive(c, 'dp');
    const statuses = ['Active', 'Inactive', 'Pending'];
    const records = Array.from({ length: 30 }, (_, i) => JSON.stringify({ id: i, status: statuses[i % 3] }));
    await put(c, 'dp', [...records, JSON.stringify({ id: 99 }), 'not json']);
    await c.emulator!.firehose.waitDelivered({ deliveryStream: 'dp', flush: true, timeoutMs: 20_000 });
    const objs = await objects(c, 'dp-lake');
    const year = new Date().getUTCFullYear();
    for (const s of statuses) {
      const keys = [...objs.keys()].filter((k) => k.startsWith(`data/status=${s}/year=${year}/dp-1-`));
      assert.equal(keys.length, 1, `one object for ${s}: ${[...objs.keys()].join(', ')}`);
      const lines = objs.get(keys[0]!)!.trim().split('\n').map((l) => JSON.parse(l));
      assert.equal(lines.length, 10);
      assert.ok(lines.every((l) => l.status === s));
    }
    const errorKeys = [...objs.keys()].filter((k) => k.startsWith('errors/partitioning-failed/'));
    assert.equal(errorKeys.length, 1);
    assert.match(errorKeys[0]!, /^errors\/partitioning-failed\/\d{4}\/\d\d\/\d\d\/\d\d\/dp-1-\d{4}-\d\d-\d\d-\d\d-\d\d-\d\d-[0-9a-f-]{36}$/);
    const docs = objs.get(errorKeys[0]!)!.trim().split('\n').map((l) => JSON.parse(l));
    assert.equal(docs.length, 2);
    assert.deepEqual(Object.keys(docs[0]).sort(), ['arrivalTimestamp', 'attemptEndingTimestamp', 'attemptsMade', 'errorCode', 'errorMessage', 'rawData']);
    assert.equal(docs[0].errorCode, 'DynamicPartitioning.MetadataExtractionFailed');
    assert.equal(Buffer.from(docs[0].rawData, 'base64').toString(), JSON.stringify({ id: 99 }) + '\n');
    assert.equal(docs[1].errorMessage, 'Non JSON record provided');
    assert.equal(objs.size, 4);
  });

  it('AppendDelimiterToRecord puts a newline after each record of raw delivery', async () => {
    const d = dynamic('dp-delim', 'dp-rules', { Prefix: 'delim/status=!{partitionKeyFromQuery:status}/' });
    d.ExtendedS3DestinationConfiguration!.ProcessingConfiguration!.Processors!.push({ Type: 'AppendDelimiterToRecord' });
    await c.firehose.send(new CreateDeliveryStreamCommand(d));
    await waitActive(c, 'dp-delim');
    const records = ['{"status":"A","n":1}', '{"status":"A","n":2}'];
    await c.firehose.send(new PutRecordBatchCommand({ DeliveryStreamName: 'dp-delim', Records: records.map((r) => ({ Data: Buffer.from(r) })) }));
    await c.emulator!.firehose.waitDelivered({ deliveryStream: 'dp-delim', flush: true, timeoutMs: 20_000 });
    const objs = [...(await objects(c, 'dp-rules')).entries()].filter(([k]) => k.startsWith('delim/status=A/'));
    assert.equal(objs.length, 1);
    assert.equal(objs[0]![1], records.join('\n') + '\n');
  });

  it('past 500 active partitions the records of new partitions go to the error prefix', async () => {
    await c.firehose.send(new CreateDeliveryStreamCommand(dynamic('dp-limit', 'dp-limit', { Prefix: 'data/k=!{partitionKeyFromQuery:k}/' }, '{k: .k}')));
    await waitActive(c, 'dp-limit');
    await put(c, 'dp-limit', Array.from({ length: 503 }, (_, i) => JSON.stringify({ k: i < 502 ? i : 0 })));
    await c.emulator!.firehose.waitDelivered({ deliveryStream: 'dp-limit', flush: true, timeoutMs: 60_000 });
    const objs = await objects(c, 'dp-limit');
    const data = [...objs.keys()].filter((k) => k.startsWith('data/'));
    assert.equal(data.length, 500);
    assert.equal(objs.get(data.find((k) => k.startsWith('data/k=0/'))!)!.trim().split('\n').length, 2, 'an active partition still takes records');
    const errors = [...objs.entries()].filter(([k]) => k.startsWith('errors/partitioning-failed/'));
    assert.equal(errors.length, 1);
    const docs = errors[0]![1].trim().split('\n').map((l) => JSON.parse(l));
    assert.deepEqual(docs.map((d) => JSON.parse(Buffer.from(d.rawData, 'base64').toString()).k), [500, 501]);
    assert.equal(docs[0].errorCode, 'DynamicPartitioning.ActivePartitionsLimitExceeded');
  });

  it('refuses what AWS refuses: small buffers, no error prefix, no key in the prefix, a bad jq query, switching it on later', async () => {
    const refused = async (input: CreateDeliveryStreamCommandInput, message: RegExp) =>
      assert.rejects(c.firehose.send(new CreateDeliveryStreamCommand(input)), (e: any) => {
        assert.equal(e.name, 'InvalidArgumentException', e.message);
        assert.match(e.message, message);
        return true;
      });
    await refused(dynamic('r1', 'dp-rules', { BufferingHints: { SizeInMBs: 5, IntervalInSeconds: 60 } }), /at least 64/);
    await refused(dynamic('r2', 'dp-rules', { ErrorOutputPrefix: undefined }), /ErrorOutputPrefix/);
    await refused(dynamic('r3', 'dp-rules', { Prefix: 'data/!{timestamp:yyyy}/' }), /partitionKeyFromQuery/);
    await refused(dynamic('r4', 'dp-rules', {}, '{status: .status | test("x")}'), /not a valid JQ expression/);
    await refused(dynamic('r5', 'dp-rules', {}, '{state: .status}'), /does not produce the key status/);
    await refused(dynamic('r6', 'dp-rules', { Prefix: 'data/!{partitionKeyFromLambda:status}/' }), /Lambda/);
    const withProcessor = (type: 'RecordDeAggregation' | 'Lambda') => {
      const d = dynamic('r8', 'dp-rules');
      d.ExtendedS3DestinationConfiguration!.ProcessingConfiguration!.Processors!.push({ Type: type, Parameters: [] });
      return d;
    };
    await refused(withProcessor('RecordDeAggregation'), /RecordDeAggregation processor is not supported by the local emulator/);
    await refused(withProcessor('Lambda'), /Lambda processor is not supported/);
    const plain = dynamic('r7', 'dp-rules', { Prefix: 'data/', DynamicPartitioningConfiguration: undefined, ProcessingConfiguration: undefined });
    await refused({ ...plain, ExtendedS3DestinationConfiguration: { ...plain.ExtendedS3DestinationConfiguration!, Prefix: 'data/!{partitionKeyFromQuery:status}/' } }, /requires DynamicPartitioningConfiguration/);
    await c.firehose.send(new CreateDeliveryStreamCommand(plain));
    const d = await waitActive(c, 'r7');
    await assert.rejects(
      c.firehose.send(
        new UpdateDestinationCommand({
          DeliveryStreamName: 'r7',
          CurrentDeliveryStreamVersionId: d.VersionId,
          DestinationId: 'destinationId-000000000001',
          ExtendedS3DestinationUpdate: { DynamicPartitioningConfiguration: { Enabled: true } },
        }),
      ),
      /only be enabled or disabled when the delivery stream is created/,
    );
  });
});
