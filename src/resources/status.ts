// `status` as data: each resource's state and ARN (or local path); the stream's open shards and mode, and
// on the local provider its retained records (from the emulator's shard index through the local API: the same
// in-process, attached to another lakehouse process, or through serve; nothing is read to count them); the
// lake's objects, bytes, newest object and newest partition.
import { DescribeStreamSummaryCommand } from '@aws-sdk/client-kinesis';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { join } from 'node:path';
import { isIceberg } from '../config/types.js';
import { awsCall, isNotFound } from './aws-errors.js';
import { icebergStatus, type IcebergStatus } from './iceberg-status.js';
import { observeAll } from './observe.js';
import { KIND_LABEL } from './registry.js';
import type { ResourceContext } from './types.js';
import { APPLY_ORDER } from './types.js';

export interface ResourceStatus {
  resource: string;
  name: string;
  state: string;
  owned: boolean | null;
  arn: string | null;
}

export interface StreamStatus {
  name: string;
  mode: 'PROVISIONED' | 'ON_DEMAND';
  openShards: number;
  retentionHours: number | null;
  /** Records retained in the stream (local provider; AWS tells this only through CloudWatch metrics). */
  records: number | null;
  bytes: number | null;
  /** Arrival time of the newest retained record (ISO), local provider. */
  newestRecord: string | null;
}

export interface NewestObject {
  key: string;
  lastModified: string | null;
  bytes: number;
}

export interface LakeStatus {
  location: string;
  /** Local provider: the folder holding the bucket's objects. */
  path: string | null;
  objects: number;
  bytes: number;
  newestPartition: string | null;
  /** The most recently written object under the table location. */
  newestObject: NewestObject | null;
  errorObjects: number;
  /** Records currently retained in the stream (local provider only; AWS only tells this through CloudWatch). */
  streamRecords: number | null;
}

export interface PipelineStatus {
  pipeline: string;
  provider: string;
  region: string;
  resources: ResourceStatus[];
  stream: StreamStatus | null;
  lake: LakeStatus | null;
  /** table.format iceberg: the table's current snapshot, files and records (absent for hive tables). */
  iceberg?: IcebergStatus | null;
  /** local: where the emulator answering these figures runs (this process, another command, serve). */
  emulator?: string;
}

/** Splits s3://bucket/prefix/ into its parts. */
export function parseS3Url(url: string): { bucket: string; prefix: string } {
  const m = /^s3:\/\/([^/]+)\/?(.*)$/.exec(url);
  return { bucket: m?.[1] ?? '', prefix: m?.[2] ?? '' };
}

/** A partition of null values (Iceberg writes `k=null`, Hive `k=__HIVE_DEFAULT_PARTITION__`) is no newer than
 * any dated one: its value sorts below every other (as text `null` would sort above `2026-…`). */
export function sortKey(part: string): string {
  return part.split('/').map((s) => s.replace(/=(?:null|__HIVE_DEFAULT_PARTITION__)$/, '=')).join('/');
}

/** The `k=v/k=v` part of a key under the table location; partitions are zero-padded, so they sort as text. */
export function partitionOf(key: string, prefix: string): string | null {
  const segs = key.slice(prefix.length).split('/').slice(0, -1).filter((s) => s.includes('='));
  return segs.length ? segs.join('/') : null;
}

function staticPart(prefix: string): string {
  const i = prefix.indexOf('!{');
  return i < 0 ? prefix : prefix.slice(0, prefix.lastIndexOf('/', i) + 1);
}

async function countObjects(ctx: ResourceContext, bucket: string, prefix: string) {
  let objects = 0;
  let bytes = 0;
  let newest: string | null = null;
  let newestObject = null as NewestObject | null;
  let ContinuationToken: string | undefined;
  do {
    const page = await awsCall(`ListObjectsV2 ${bucket}/${prefix}`, () =>
      ctx.clients.s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken })),
    );
    for (const c of page.Contents ?? []) {
      objects++;
      bytes += c.Size ?? 0;
      const part = partitionOf(c.Key ?? '', prefix);
      if (part && (!newest || sortKey(part) > sortKey(newest))) newest = part;
      const at = c.LastModified?.toISOString() ?? null;
      // Newest by write time; among equal times (S3 has 1 s resolution) the greater key, as names carry time.
      const cur = newestObject;
      if (!cur || (at ?? '') > (cur.lastModified ?? '') || (at === cur.lastModified && (c.Key ?? '') > cur.key)) {
        newestObject = { key: c.Key ?? '', lastModified: at, bytes: c.Size ?? 0 };
      }
    }
    ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (ContinuationToken);
  return { objects, bytes, newest, newestObject };
}

async function streamStatus(ctx: ResourceContext): Promise<StreamStatus | null> {
  const name = ctx.pipeline.stream.name;
  const out = await awsCall(`DescribeStreamSummary ${name}`, () =>
    ctx.clients.kinesis.send(new DescribeStreamSummaryCommand({ StreamName: name })),
  ).catch((e) => (isNotFound(e) ? undefined : Promise.reject(e)));
  const s = out?.StreamDescriptionSummary;
  if (!s) return null;
  const counters = await ctx.clients.local?.streamCounters(name);
  return {
    name,
    mode: s.StreamModeDetails?.StreamMode === 'ON_DEMAND' ? 'ON_DEMAND' : 'PROVISIONED',
    openShards: s.OpenShardCount ?? 0,
    retentionHours: s.RetentionPeriodHours ?? null,
    records: counters?.records ?? null,
    bytes: counters?.bytes ?? null,
    newestRecord: counters?.newestArrival?.toISOString() ?? null,
  };
}

export async function pipelineStatus(ctx: ResourceContext): Promise<PipelineStatus> {
  const p = ctx.pipeline;
  const observed = await observeAll(ctx);
  const resources = APPLY_ORDER.filter((kind) => !ctx.desired[kind].absent).map((kind): ResourceStatus => {
    const o = observed[kind];
    return {
      resource: KIND_LABEL[kind],
      name: o.name,
      state: !o.exists ? 'missing' : !o.owned ? (kind === 'database' ? 'shared' : 'not ours') : (o.status ?? 'exists'),
      owned: o.exists ? o.owned : null,
      arn: o.exists ? (o.arn ?? ctx.desired[kind].arn) : null,
    };
  });
  const stream = observed.stream.exists ? await streamStatus(ctx) : null;
  let lake: LakeStatus | null = null;
  const bucket = observed.bucket;
  if (bucket.exists && bucket.owned) {
    const { bucket: name, prefix } = parseS3Url(p.table.location);
    const data = await countObjects(ctx, name, prefix).catch((e) => (isNotFound(e) ? null : Promise.reject(e)));
    const errorPrefix = staticPart(p.delivery.errorPrefix);
    // An error prefix with no static part would count the whole bucket: skip it.
    const errors = errorPrefix ? await countObjects(ctx, name, errorPrefix) : { objects: 0 };
    lake = {
      location: p.table.location,
      path: p.provider === 'local' ? join(p.local.dataDir, 's3', name) : null,
      objects: data?.objects ?? 0,
      bytes: data?.bytes ?? 0,
      newestPartition: data?.newest ?? null,
      newestObject: data?.newestObject ?? null,
      errorObjects: errors.objects,
      streamRecords: stream?.records ?? null,
    };
  }
  const emulator = ctx.clients.local?.where();
  const iceberg = isIceberg(p) && observed.table.exists ? await icebergStatus(ctx) : isIceberg(p) ? null : undefined;
  return { pipeline: p.name, provider: p.provider, region: p.region, resources, stream, lake, ...(iceberg !== undefined ? { iceberg } : {}), ...(emulator ? { emulator } : {}) };
}
