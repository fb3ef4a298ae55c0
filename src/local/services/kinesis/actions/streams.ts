// Stream lifecycle: CreateStream, DeleteStream, DescribeStream, DescribeStreamSummary, ListStreams, DescribeLimits.
import { alreadyExists, invalidArgument, limitExceeded } from '../errors.js';
import { seconds, type Kinesis } from '../context.js';
import { findStream } from '../resolve.js';
import { encryptionShape, shardShape } from '../shapes.js';

/** On-demand streams start with 4 shards, as AWS's do. */
export const ON_DEMAND_SHARDS = 4;
const DEFAULT_RETENTION_HOURS = 24;

export function openShardsInAccount(k: Kinesis): number {
  let n = 0;
  for (const s of k.store.streams.values()) n += s.open.length;
  return n;
}

export function CreateStream(input: any, k: Kinesis): unknown {
  const { store } = k;
  const name: string = input.StreamName;
  const mode = input.StreamModeDetails?.StreamMode ?? 'PROVISIONED';
  if (store.streams.has(name)) throw alreadyExists(name, store.accountId);
  let shards: number;
  if (mode === 'ON_DEMAND') {
    shards = ON_DEMAND_SHARDS;
  } else {
    if (input.ShardCount === undefined) {
      throw invalidArgument('ShardCount must be specified for stream in PROVISIONED mode.');
    }
    shards = input.ShardCount;
  }
  const current = openShardsInAccount(k);
  if (current + shards > k.shardLimit) {
    throw limitExceeded(
      `This request would exceed the shard limit for the account ${store.accountId} in ${k.env.region}. ` +
        `Current shard count for the account: ${current}. Limit: ${k.shardLimit}. ` +
        `Number of additional shards that would have resulted from this request: ${shards}. ` +
        'Refer to the AWS Service Limits page (http://docs.aws.amazon.com/general/latest/gr/aws_service_limits.html) ' +
        'for current limits and how to request higher limits.',
    );
  }
  store.create(
    {
      name,
      mode,
      retentionHours: DEFAULT_RETENTION_HOURS,
      encryptionType: 'NONE',
      tags: { ...(input.Tags ?? {}) },
      maxRecordSizeKiB: input.MaxRecordSizeInKiB ?? 1024,
    },
    shards,
  );
  return {};
}

export function DeleteStream(input: any, k: Kinesis): unknown {
  const stream = findStream(k.store, input);
  if (stream.meta.status !== 'DELETING') k.store.delete(stream);
  return {};
}

function common(stream: ReturnType<typeof findStream>) {
  const m = stream.meta;
  return {
    StreamName: m.name,
    StreamARN: m.arn,
    StreamStatus: m.status,
    StreamModeDetails: { StreamMode: m.mode },
    RetentionPeriodHours: m.retentionHours,
    StreamCreationTimestamp: seconds(m.createdMs),
    EnhancedMonitoring: [{ ShardLevelMetrics: [...(m.enhancedMetrics ?? [])] }],
    ...encryptionShape(stream),
  };
}

export function DescribeStream(input: any, k: Kinesis): unknown {
  const stream = findStream(k.store, input);
  const limit: number = input.Limit ?? 100;
  let shards = [...stream.shards.values()];
  if (input.ExclusiveStartShardId) shards = shards.filter((s) => s.meta.id > input.ExclusiveStartShardId);
  return {
    StreamDescription: {
      ...common(stream),
      // A stream being created has no shards yet, as AWS shows it.
      Shards: stream.meta.status === 'CREATING' ? [] : shards.slice(0, limit).map(shardShape),
      HasMoreShards: stream.meta.status !== 'CREATING' && shards.length > limit,
    },
  };
}

export function DescribeStreamSummary(input: any, k: Kinesis): unknown {
  const stream = findStream(k.store, input);
  return {
    StreamDescriptionSummary: {
      ...common(stream),
      OpenShardCount: stream.open.length,
      ConsumerCount: stream.meta.consumers?.length ?? 0,
      MaxRecordSizeInKiB: stream.meta.maxRecordSizeKiB,
      ...(stream.meta.warmThroughputMiBps !== undefined
        ? { WarmThroughput: { TargetMiBps: stream.meta.warmThroughputMiBps, CurrentMiBps: stream.meta.warmThroughputMiBps } }
        : {}),
    },
  };
}

/** NextToken of ListStreams: the last name returned, opaque to clients. */
const encodeToken = (name: string) => Buffer.from(`ls|${name}`).toString('base64');
function decodeToken(token: string): string {
  const s = Buffer.from(token, 'base64').toString('utf8');
  if (!s.startsWith('ls|')) throw invalidArgument(`Invalid NextToken: ${token}`);
  return s.slice(3);
}

export function ListStreams(input: any, k: Kinesis): unknown {
  if (input.NextToken && input.ExclusiveStartStreamName) {
    throw invalidArgument('NextToken and ExclusiveStartStreamName cannot be provided together.');
  }
  const limit = Math.min(input.Limit ?? 100, 100);
  const after: string | undefined = input.NextToken ? decodeToken(input.NextToken) : input.ExclusiveStartStreamName;
  const names = [...k.store.streams.keys()].sort().filter((n) => after === undefined || n > after);
  const page = names.slice(0, limit);
  const more = names.length > limit;
  return {
    StreamNames: page,
    HasMoreStreams: more,
    ...(more ? { NextToken: encodeToken(page[page.length - 1]!) } : {}),
    StreamSummaries: page.map((n) => {
      const m = k.store.streams.get(n)!.meta;
      return {
        StreamName: m.name,
        StreamARN: m.arn,
        StreamStatus: m.status,
        StreamModeDetails: { StreamMode: m.mode },
        StreamCreationTimestamp: seconds(m.createdMs),
      };
    }),
  };
}

export function DescribeLimits(_input: any, k: Kinesis): unknown {
  let onDemand = 0;
  for (const s of k.store.streams.values()) if (s.meta.mode === 'ON_DEMAND') onDemand++;
  return { ShardLimit: k.shardLimit, OpenShardCount: openShardsInAccount(k), OnDemandStreamCount: onDemand, OnDemandStreamCountLimit: 50 };
}
