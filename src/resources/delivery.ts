// The Firehose delivery stream: reads the Kinesis stream (or takes Direct PUT records), converts JSON (OpenX) to Parquet through the
// Glue table's schema, writes time-partitioned keys to the bucket. Creation is retried while IAM has not
// yet propagated the new role (AWS is eventually consistent there).
import {
  CreateDeliveryStreamCommand,
  DeleteDeliveryStreamCommand,
  DescribeDeliveryStreamCommand,
  ListTagsForDeliveryStreamCommand,
  TagDeliveryStreamCommand,
  UpdateDestinationCommand,
  type DataFormatConversionConfiguration,
  type DeliveryStreamDescription,
} from '@aws-sdk/client-firehose';
import { isDirectPut, isIceberg, type Pipeline } from '../config/types.js';
import { AwsCallError } from '../errors.js';
import { arn } from './arns.js';
import { awsCall, errorCode, orMissing, wrapAwsError } from './aws-errors.js';
import { icebergDeliveryProps, icebergDestination, icebergObservedProps } from './iceberg-delivery.js';
import type { ArnIds, Desired, Observed, ResourceContext, ResourceModule } from './types.js';
import { OWNER_TAG, pickTags, tagList, tagMap } from './values.js';
import { retrying, waitUntil } from './wait.js';

function desired(p: Pipeline, ids: ArnIds): Desired {
  const source = {
    // Firehose takes its source at creation only: either a Kinesis stream or Direct PUT.
    type: isDirectPut(p) ? 'DirectPut' : 'KinesisStreamAsSource',
    sourceStreamArn: isDirectPut(p) ? null : arn.stream(ids, p.stream.name),
    roleArn: arn.role(ids, p.delivery.roleName),
  };
  if (isIceberg(p)) {
    return { kind: 'delivery', name: p.delivery.name, arn: arn.delivery(ids, p.delivery.name), props: { ...source, ...icebergDeliveryProps(p, ids), tags: p.tags } };
  }
  return {
    kind: 'delivery',
    name: p.delivery.name,
    arn: arn.delivery(ids, p.delivery.name),
    props: {
      ...source,
      destination: 's3',
      bucketArn: arn.bucket(ids, p.bucket.name),
      prefix: p.delivery.prefix,
      errorPrefix: p.delivery.errorPrefix,
      buffering: { sizeMb: p.delivery.bufferSizeMb, intervalS: p.delivery.bufferIntervalS },
      dynamicPartitioning: !!p.delivery.metadataQuery,
      metadataQuery: p.delivery.metadataQuery ?? null,
      // Parquet is compressed inside the file; the S3 object itself must stay UNCOMPRESSED.
      compressionFormat: 'UNCOMPRESSED',
      conversion: {
        input: 'OpenXJsonSerDe',
        output: 'ParquetSerDe',
        compression: p.delivery.compression,
        schema: `${p.region}:${p.table.database}.${p.table.name}@LATEST`,
      },
      tags: p.tags,
    },
  };
}

function conversion(ctx: ResourceContext): DataFormatConversionConfiguration {
  const p = ctx.pipeline;
  return {
    Enabled: true,
    InputFormatConfiguration: { Deserializer: { OpenXJsonSerDe: {} } },
    OutputFormatConfiguration: { Serializer: { ParquetSerDe: { Compression: p.delivery.compression } } },
    SchemaConfiguration: {
      RoleARN: ctx.desired.role.arn,
      CatalogId: ctx.accountId,
      DatabaseName: p.table.database,
      TableName: p.table.name,
      Region: p.region,
      VersionId: 'LATEST',
    },
  };
}

/** Dynamic partitioning (delivery.partition_by): on, with AWS's default retry, and the MetadataExtraction
 * processor running the jq query that makes the prefix's partitionKeyFromQuery keys. */
function dynamicPartitioning(p: Pipeline) {
  if (!p.delivery.metadataQuery) return {};
  return {
    DynamicPartitioningConfiguration: { Enabled: true, RetryOptions: { DurationInSeconds: 300 } },
    ProcessingConfiguration: {
      Enabled: true,
      Processors: [
        {
          Type: 'MetadataExtraction' as const,
          Parameters: [
            { ParameterName: 'MetadataExtractionQuery' as const, ParameterValue: p.delivery.metadataQuery },
            { ParameterName: 'JsonParsingEngine' as const, ParameterValue: 'JQ-1.6' },
          ],
        },
      ],
    },
  };
}

function destination(ctx: ResourceContext) {
  const p = ctx.pipeline;
  return {
    ...dynamicPartitioning(p),
    RoleARN: ctx.desired.role.arn,
    BucketARN: ctx.desired.bucket.arn,
    Prefix: p.delivery.prefix,
    ErrorOutputPrefix: p.delivery.errorPrefix,
    BufferingHints: { SizeInMBs: p.delivery.bufferSizeMb, IntervalInSeconds: p.delivery.bufferIntervalS },
    CompressionFormat: 'UNCOMPRESSED' as const,
    DataFormatConversionConfiguration: conversion(ctx),
  };
}

async function describeRaw(ctx: ResourceContext, name: string): Promise<DeliveryStreamDescription | undefined> {
  const out = await orMissing(`DescribeDeliveryStream ${name}`, () =>
    ctx.clients.firehose.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: name })),
  );
  return out?.DeliveryStreamDescription;
}

async function describe(ctx: ResourceContext, d: Desired): Promise<Observed> {
  const s = await describeRaw(ctx, d.name);
  if (!s) return { kind: 'delivery', name: d.name, exists: false, owned: false, props: {} };
  // Going away (a down just ran on AWS): plan it as absent; create waits for it to be gone.
  if (s.DeliveryStreamStatus === 'DELETING') return { kind: 'delivery', name: d.name, exists: false, owned: false, status: 'DELETING', props: {} };
  const tags = await awsCall(`ListTagsForDeliveryStream ${d.name}`, () =>
    ctx.clients.firehose.send(new ListTagsForDeliveryStreamCommand({ DeliveryStreamName: d.name })),
  );
  const all = tagMap(tags.Tags);
  const dest = s.Destinations?.[0];
  const base = {
    kind: 'delivery' as const,
    name: d.name,
    exists: true,
    owned: all[OWNER_TAG] === ctx.pipeline.name,
    arn: s.DeliveryStreamARN,
    status: s.DeliveryStreamStatus,
    meta: { versionId: s.VersionId ?? '1', destinationId: dest?.DestinationId ?? 'destinationId-000000000001' },
  };
  if (dest?.IcebergDestinationDescription) {
    return {
      ...base,
      props: {
        type: s.DeliveryStreamType ?? null,
        sourceStreamArn: s.Source?.KinesisStreamSourceDescription?.KinesisStreamARN ?? null,
        ...icebergObservedProps(dest.IcebergDestinationDescription),
        tags: pickTags(all, d.props.tags as Record<string, string>),
      },
    };
  }
  const x = dest?.ExtendedS3DestinationDescription;
  const conv = x?.DataFormatConversionConfiguration;
  const schema = conv?.SchemaConfiguration;
  return {
    ...base,
    props: {
      type: s.DeliveryStreamType ?? null,
      sourceStreamArn: s.Source?.KinesisStreamSourceDescription?.KinesisStreamARN ?? null,
      roleArn: x?.RoleARN ?? null,
      destination: x ? 's3' : null,
      bucketArn: x?.BucketARN ?? null,
      prefix: x?.Prefix ?? null,
      errorPrefix: x?.ErrorOutputPrefix ?? null,
      buffering: { sizeMb: x?.BufferingHints?.SizeInMBs ?? null, intervalS: x?.BufferingHints?.IntervalInSeconds ?? null },
      dynamicPartitioning: x?.DynamicPartitioningConfiguration?.Enabled === true,
      metadataQuery: x ? (metadataQueryOf(x) ?? null) : null,
      compressionFormat: x?.CompressionFormat ?? null,
      conversion: conv?.Enabled
        ? {
            input: conv.InputFormatConfiguration?.Deserializer?.OpenXJsonSerDe ? 'OpenXJsonSerDe' : 'HiveJsonSerDe',
            output: conv.OutputFormatConfiguration?.Serializer?.ParquetSerDe ? 'ParquetSerDe' : 'OrcSerDe',
            compression: conv.OutputFormatConfiguration?.Serializer?.ParquetSerDe?.Compression ?? 'SNAPPY',
            schema: `${schema?.Region ?? ctx.pipeline.region}:${schema?.DatabaseName}.${schema?.TableName}@${schema?.VersionId ?? 'LATEST'}`,
          }
        : null,
      tags: pickTags(all, d.props.tags as Record<string, string>),
    },
  };
}

function metadataQueryOf(x: { ProcessingConfiguration?: { Processors?: Array<{ Type?: string; Parameters?: Array<{ ParameterName?: string; ParameterValue?: string }> }> } }): string | undefined {
  const proc = x.ProcessingConfiguration?.Processors?.find((q) => q.Type === 'MetadataExtraction');
  return proc?.Parameters?.find((q) => q.ParameterName === 'MetadataExtractionQuery')?.ParameterValue;
}

async function waitActive(ctx: ResourceContext, name: string): Promise<void> {
  await ctx.step(`Waiting for delivery stream ${name} to be ACTIVE`, () =>
    waitUntil(
      `delivery stream ${name} ACTIVE`,
      async () => {
        const s = await describeRaw(ctx, name);
        if (s?.DeliveryStreamStatus === 'CREATING_FAILED') {
          throw new AwsCallError(`Delivery stream ${name} failed to create: ${s.FailureDescription?.Details ?? 'no details'}`);
        }
        return s?.DeliveryStreamStatus === 'ACTIVE';
      },
      { intervalMs: ctx.pollMs * 5, signal: ctx.signal },
    ),
  );
}

/** Firehose's answer while IAM has not propagated a fresh role yet. */
export function isRoleNotReady(e: unknown): boolean {
  const msg = String((e as Error)?.message ?? '');
  return errorCode(e) === 'InvalidArgumentException' && /role|sts:AssumeRole|not authorized/i.test(msg);
}

async function waitGone(ctx: ResourceContext, name: string): Promise<void> {
  if ((await describeRaw(ctx, name))?.DeliveryStreamStatus !== 'DELETING') return;
  await ctx.step(`Waiting for delivery stream ${name} to be deleted`, () =>
    waitUntil(`delivery stream ${name} deleted`, async () => (await describeRaw(ctx, name)) === undefined, {
      intervalMs: ctx.pollMs * 5,
      signal: ctx.signal,
    }),
  );
}

async function create(ctx: ResourceContext, d: Desired): Promise<void> {
  const p = ctx.pipeline;
  await waitGone(ctx, d.name);
  const send = () =>
    ctx.clients.firehose.send(
      new CreateDeliveryStreamCommand({
        DeliveryStreamName: d.name,
        ...(isDirectPut(p)
          ? { DeliveryStreamType: 'DirectPut' as const }
          : {
              DeliveryStreamType: 'KinesisStreamAsSource' as const,
              KinesisStreamSourceConfiguration: { KinesisStreamARN: ctx.desired.stream.arn, RoleARN: ctx.desired.role.arn },
            }),
        ...(isIceberg(p) ? { IcebergDestinationConfiguration: icebergDestination(ctx) } : { ExtendedS3DestinationConfiguration: destination(ctx) }),
        Tags: tagList(p.tags),
      }),
    );
  try {
    await send().catch((e) => {
      if (!isRoleNotReady(e)) throw e;
      // Only shown when it happens: a fresh role usually needs seconds before Firehose may assume it.
      return ctx.step(`Waiting for IAM to let Firehose assume role ${ctx.pipeline.delivery.roleName}`, () =>
        retrying(send, isRoleNotReady, { attempts: 8, baseMs: ctx.pollMs * 10, maxMs: 20_000, signal: ctx.signal }),
      );
    });
  } catch (e) {
    throw wrapAwsError(`CreateDeliveryStream ${d.name}`, e);
  }
  await waitActive(ctx, d.name);
}

async function update(ctx: ResourceContext, d: Desired, o: Observed, changed: string[]): Promise<void> {
  const f = ctx.clients.firehose;
  let meta = o.meta!;
  if (o.status && o.status !== 'ACTIVE') {
    // An interrupted up may leave it CREATING; updates need ACTIVE and the then-current version id.
    await waitActive(ctx, d.name);
    meta = (await describe(ctx, d)).meta!;
  }
  if (changed.some((c) => c !== 'tags')) {
    await awsCall(`UpdateDestination ${d.name}`, () =>
      f.send(
        new UpdateDestinationCommand({
          DeliveryStreamName: d.name,
          CurrentDeliveryStreamVersionId: meta.versionId,
          DestinationId: meta.destinationId,
          ...(isIceberg(ctx.pipeline) ? { IcebergDestinationUpdate: icebergDestination(ctx) } : { ExtendedS3DestinationUpdate: destination(ctx) }),
        }),
      ),
    );
  }
  if (changed.includes('tags')) {
    await awsCall(`TagDeliveryStream ${d.name}`, () =>
      f.send(new TagDeliveryStreamCommand({ DeliveryStreamName: d.name, Tags: tagList(ctx.pipeline.tags) })),
    );
  }
}

async function remove(ctx: ResourceContext, o: Observed): Promise<void> {
  const current = await describeRaw(ctx, o.name);
  if (!current) return;
  if (current.DeliveryStreamStatus !== 'DELETING') {
    await orMissing(`DeleteDeliveryStream ${o.name}`, () =>
      ctx.clients.firehose.send(new DeleteDeliveryStreamCommand({ DeliveryStreamName: o.name })),
    );
  }
  await ctx.step(`Waiting for delivery stream ${o.name} to be deleted`, () =>
    waitUntil(`delivery stream ${o.name} deleted`, async () => (await describeRaw(ctx, o.name)) === undefined, {
      intervalMs: ctx.pollMs * 5,
      signal: ctx.signal,
    }),
  );
}

export const delivery: ResourceModule = {
  kind: 'delivery',
  // Firehose turns dynamic partitioning on or off only at creation: a change means a new delivery stream.
  // Nor does it switch between an S3 and an Iceberg destination in our flow (destination).
  replaceOn: ['type', 'sourceStreamArn', 'dynamicPartitioning', 'destination'],
  desired,
  describe,
  create,
  update,
  delete: remove,
};
