// Firehose control plane through the real @aws-sdk/client-firehose against the in-process emulator:
// lifecycle, describe/list, UpdateDestination versions, tags, DirectPut puts, and AWS's validation errors.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CreateDeliveryStreamCommand,
  DeleteDeliveryStreamCommand,
  DescribeDeliveryStreamCommand,
  ListDeliveryStreamsCommand,
  ListTagsForDeliveryStreamCommand,
  PutRecordBatchCommand,
  PutRecordCommand,
  TagDeliveryStreamCommand,
  UntagDeliveryStreamCommand,
  UpdateDestinationCommand,
  type CreateDeliveryStreamCommandInput,
} from '@aws-sdk/client-firehose';
import { CreateStreamCommand } from '@aws-sdk/client-kinesis';
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { openLocalForTest, type LocalTestClients } from '../../support/local-clients.js';
import { waitActive, conversionConfig, ROLE } from './helpers.js';

process.env.LAKEHOUSE_FIREHOSE_TRANSITION_MS ??= '30';
process.env.LAKEHOUSE_KINESIS_TRANSITION_MS ??= '20';

const STREAM_ARN = 'arn:aws:kinesis:us-east-1:000000000000:stream/src';

function kinesisSourced(name: string, extra: Record<string, unknown> = {}): CreateDeliveryStreamCommandInput {
  return {
    DeliveryStreamName: name,
    DeliveryStreamType: 'KinesisStreamAsSource',
    KinesisStreamSourceConfiguration: { KinesisStreamARN: STREAM_ARN, RoleARN: ROLE },
    ExtendedS3DestinationConfiguration: {
      BucketARN: 'arn:aws:s3:::lake',
      RoleARN: ROLE,
      Prefix: 'events/year=!{timestamp:yyyy}/',
      ErrorOutputPrefix: 'errors/!{firehose:error-output-type}/',
      BufferingHints: { SizeInMBs: 64, IntervalInSeconds: 60 },
      DataFormatConversionConfiguration: conversionConfig('db', 'events'),
      ...extra,
    },
  };
}

async function rejects(c: LocalTestClients, input: CreateDeliveryStreamCommandInput, code: string, message?: RegExp) {
  await assert.rejects(c.firehose.send(new CreateDeliveryStreamCommand(input)), (e: any) => {
    assert.equal(e.name, code, `${e.name}: ${e.message}`);
    if (message) assert.match(e.message, message);
    return true;
  });
}

describe('firehose control plane', () => {
  let c: LocalTestClients;
  before(async () => {
    c = await openLocalForTest();
    await c.kinesis.send(new CreateStreamCommand({ StreamName: 'src', ShardCount: 1 }));
    await c.s3.send(new CreateBucketCommand({ Bucket: 'lake' }));
  });
  after(async () => c.close());

  it('creates a Kinesis-sourced stream CREATING, then ACTIVE, echoing the configuration', async () => {
    const out = await c.firehose.send(new CreateDeliveryStreamCommand({ ...kinesisSourced('fh1'), Tags: [{ Key: 'team', Value: 'data' }] }));
    assert.equal(out.DeliveryStreamARN, 'arn:aws:firehose:us-east-1:000000000000:deliverystream/fh1');
    const first = await c.firehose.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: 'fh1' }));
    assert.equal(first.DeliveryStreamDescription!.DeliveryStreamStatus, 'CREATING');
    const d = await waitActive(c, 'fh1');
    assert.equal(d.VersionId, '1');
    assert.equal(d.DeliveryStreamType, 'KinesisStreamAsSource');
    assert.equal(d.Source!.KinesisStreamSourceDescription!.KinesisStreamARN, STREAM_ARN);
    assert.ok(d.CreateTimestamp instanceof Date);
    const dest = d.Destinations![0]!;
    assert.equal(dest.DestinationId, 'destinationId-000000000001');
    const ext = dest.ExtendedS3DestinationDescription!;
    assert.equal(ext.Prefix, 'events/year=!{timestamp:yyyy}/');
    assert.deepEqual(ext.BufferingHints, { SizeInMBs: 64, IntervalInSeconds: 60 });
    assert.equal(ext.CompressionFormat, 'UNCOMPRESSED');
    assert.equal(ext.DataFormatConversionConfiguration!.SchemaConfiguration!.TableName, 'events');
    assert.equal(ext.DataFormatConversionConfiguration!.SchemaConfiguration!.VersionId, 'LATEST');
    assert.equal(d.HasMoreDestinations, false);
  });

  it('refuses a second stream of the same name and unknown names', async () => {
    await rejects(c, kinesisSourced('fh1'), 'ResourceInUseException', /fh1/);
    await assert.rejects(c.firehose.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: 'nope' })), (e: any) => {
      assert.equal(e.name, 'ResourceNotFoundException');
      assert.equal(e.message, 'Firehose nope under account 000000000000 not found.');
      return true;
    });
  });

  it('validates buffering, compression, prefixes, ARNs and the source stream as AWS does', async () => {
    const conv = { DataFormatConversionConfiguration: conversionConfig('db', 'events') };
    await rejects(c, kinesisSourced('v1', { ...conv, BufferingHints: { SizeInMBs: 5, IntervalInSeconds: 60 } }), 'InvalidArgumentException', /at least 64/);
    await rejects(c, kinesisSourced('v2', { BufferingHints: { SizeInMBs: 64, IntervalInSeconds: 901 } }), 'ValidationException', /intervalInSeconds/);
    await rejects(c, kinesisSourced('v3', { BufferingHints: { SizeInMBs: 129, IntervalInSeconds: 60 } }), 'ValidationException', /sizeInMBs/);
    await rejects(c, kinesisSourced('v4', { CompressionFormat: 'GZIP' }), 'InvalidArgumentException', /UNCOMPRESSED/);
    await rejects(c, kinesisSourced('v5', { ErrorOutputPrefix: undefined }), 'InvalidArgumentException', /ErrorOutputPrefix/);
    await rejects(c, kinesisSourced('v6', { Prefix: 'x/!{timestamp:yyyy}/!{partitionKeyFromQuery:id}/' }), 'InvalidArgumentException', /partitionKeyFromQuery/);
    await rejects(c, kinesisSourced('v7', { Prefix: 'x/!{firehose:error-output-type}/' }), 'InvalidArgumentException', /ErrorOutputPrefix/);
    await rejects(c, kinesisSourced('v8', { ErrorOutputPrefix: 'errors/!{timestamp:yyyy}/' }), 'InvalidArgumentException', /error-output-type/);
    await rejects(c, kinesisSourced('v9', { RoleARN: 'not-an-arn' }), 'ValidationException', /roleARN/);
    await rejects(c, kinesisSourced('v10', { BucketARN: 'arn:aws:s3:::' }), 'ValidationException', /bucketARN/);
    await rejects(c, kinesisSourced('v11', { Prefix: 'x/!{timestamp:yyyy-QQ}/' }), 'InvalidArgumentException', /pattern letter 'Q'/);
    const missing = kinesisSourced('v12');
    missing.KinesisStreamSourceConfiguration!.KinesisStreamARN = 'arn:aws:kinesis:us-east-1:000000000000:stream/ghost';
    await rejects(c, missing, 'InvalidArgumentException', /ghost/);
    await rejects(c, { ...kinesisSourced('bad name!') }, 'ValidationException', /deliveryStreamName/);
  });

  it('UpdateDestination bumps the version and refuses a stale one', async () => {
    const update = (version: string, hints: { SizeInMBs: number; IntervalInSeconds: number }) =>
      c.firehose.send(
        new UpdateDestinationCommand({
          DeliveryStreamName: 'fh1',
          CurrentDeliveryStreamVersionId: version,
          DestinationId: 'destinationId-000000000001',
          ExtendedS3DestinationUpdate: { BufferingHints: hints },
        }),
      );
    await update('1', { SizeInMBs: 128, IntervalInSeconds: 120 });
    const d = (await c.firehose.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: 'fh1' }))).DeliveryStreamDescription!;
    assert.equal(d.VersionId, '2');
    assert.deepEqual(d.Destinations![0]!.ExtendedS3DestinationDescription!.BufferingHints, { SizeInMBs: 128, IntervalInSeconds: 120 });
    assert.equal(d.Destinations![0]!.ExtendedS3DestinationDescription!.Prefix, 'events/year=!{timestamp:yyyy}/', 'unchanged fields kept');
    await assert.rejects(update('1', { SizeInMBs: 64, IntervalInSeconds: 60 }), { name: 'ConcurrentModificationException' });
    await assert.rejects(update('2', { SizeInMBs: 1, IntervalInSeconds: 60 }), { name: 'InvalidArgumentException' });
  });

  it('tags, lists tags and untags', async () => {
    await c.firehose.send(new TagDeliveryStreamCommand({ DeliveryStreamName: 'fh1', Tags: [{ Key: 'env', Value: 'dev' }, { Key: 'team', Value: 'lake' }] }));
    const tags = await c.firehose.send(new ListTagsForDeliveryStreamCommand({ DeliveryStreamName: 'fh1' }));
    assert.deepEqual(tags.Tags, [{ Key: 'env', Value: 'dev' }, { Key: 'team', Value: 'lake' }]);
    assert.equal(tags.HasMoreTags, false);
    await c.firehose.send(new UntagDeliveryStreamCommand({ DeliveryStreamName: 'fh1', TagKeys: ['env'] }));
    const after = await c.firehose.send(new ListTagsForDeliveryStreamCommand({ DeliveryStreamName: 'fh1', Limit: 1 }));
    assert.deepEqual(after.Tags, [{ Key: 'team', Value: 'lake' }]);
  });

  it('DirectPut: puts records, refuses oversized batches; a Kinesis-sourced stream refuses puts', async () => {
    await c.firehose.send(
      new CreateDeliveryStreamCommand({
        DeliveryStreamName: 'direct',
        ExtendedS3DestinationConfiguration: { BucketARN: 'arn:aws:s3:::lake', RoleARN: ROLE, Prefix: 'raw/' },
      }),
    );
    await waitActive(c, 'direct');
    const one = await c.firehose.send(new PutRecordCommand({ DeliveryStreamName: 'direct', Record: { Data: Buffer.from('{"a":1}\n') } }));
    assert.ok(one.RecordId);
    const batch = await c.firehose.send(
      new PutRecordBatchCommand({ DeliveryStreamName: 'direct', Records: [{ Data: Buffer.from('x') }, { Data: Buffer.from('y') }] }),
    );
    assert.equal(batch.FailedPutCount, 0);
    assert.equal(batch.RequestResponses!.length, 2);
    const tooMany = Array.from({ length: 501 }, () => ({ Data: Buffer.from('z') }));
    await assert.rejects(c.firehose.send(new PutRecordBatchCommand({ DeliveryStreamName: 'direct', Records: tooMany })), { name: 'ValidationException' });
    await assert.rejects(c.firehose.send(new PutRecordCommand({ DeliveryStreamName: 'direct', Record: { Data: Buffer.alloc(1_024_001) } })), {
      name: 'ValidationException',
    });
    await assert.rejects(c.firehose.send(new PutRecordCommand({ DeliveryStreamName: 'fh1', Record: { Data: Buffer.from('x') } })), (e: any) => {
      assert.equal(e.name, 'InvalidArgumentException');
      assert.match(e.message, /KinesisStreamAsSource/);
      return true;
    });
  });

  it('lists with a type filter and paging', async () => {
    const all = await c.firehose.send(new ListDeliveryStreamsCommand({}));
    assert.deepEqual(all.DeliveryStreamNames, ['direct', 'fh1']);
    const page = await c.firehose.send(new ListDeliveryStreamsCommand({ Limit: 1 }));
    assert.deepEqual(page.DeliveryStreamNames, ['direct']);
    assert.equal(page.HasMoreDeliveryStreams, true);
    const next = await c.firehose.send(new ListDeliveryStreamsCommand({ ExclusiveStartDeliveryStreamName: 'direct' }));
    assert.deepEqual(next.DeliveryStreamNames, ['fh1']);
    const kin = await c.firehose.send(new ListDeliveryStreamsCommand({ DeliveryStreamType: 'KinesisStreamAsSource' }));
    assert.deepEqual(kin.DeliveryStreamNames, ['fh1']);
  });

  it('deletes: DELETING, then gone', async () => {
    await c.firehose.send(new DeleteDeliveryStreamCommand({ DeliveryStreamName: 'direct' }));
    const d = await c.firehose.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: 'direct' }));
    assert.equal(d.DeliveryStreamDescription!.DeliveryStreamStatus, 'DELETING');
    for (let i = 0; i < 100; i++) {
      try {
        await c.firehose.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: 'direct' }));
      } catch (e: any) {
        assert.equal(e.name, 'ResourceNotFoundException');
        return;
      }
      await new Promise((r) => setTimeout(r, 10));
    }
    assert.fail('the stream never went away');
  });
});
