// `status` as data: each resource's state and ARN (or local path), the lake's objects, bytes and newest
// partition, and the stream's retained record count where the provider can tell (the embedded emulator).
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { join } from 'node:path';
import { awsCall, isNotFound } from './aws-errors.js';
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

export interface LakeStatus {
  location: string;
  /** Local provider: the folder holding the bucket's objects. */
  path: string | null;
  objects: number;
  bytes: number;
  newestPartition: string | null;
  errorObjects: number;
  /** Records currently retained in the stream (local provider only; AWS only tells this through CloudWatch). */
  streamRecords: number | null;
}

export interface PipelineStatus {
  pipeline: string;
  provider: string;
  region: string;
  resources: ResourceStatus[];
  lake: LakeStatus | null;
}

/** Splits s3://bucket/prefix/ into its parts. */
export function parseS3Url(url: string): { bucket: string; prefix: string } {
  const m = /^s3:\/\/([^/]+)\/?(.*)$/.exec(url);
  return { bucket: m?.[1] ?? '', prefix: m?.[2] ?? '' };
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
  let ContinuationToken: string | undefined;
  do {
    const page = await awsCall(`ListObjectsV2 ${bucket}/${prefix}`, () =>
      ctx.clients.s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken })),
    );
    for (const c of page.Contents ?? []) {
      objects++;
      bytes += c.Size ?? 0;
      const part = partitionOf(c.Key ?? '', prefix);
      if (part && (!newest || part > newest)) newest = part;
    }
    ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (ContinuationToken);
  return { objects, bytes, newest };
}

function streamRecords(ctx: ResourceContext): number | null {
  const kinesis = ctx.clients.emulator?.kinesis;
  const d = kinesis?.describe(ctx.pipeline.stream.name);
  if (!kinesis || !d) return null;
  return d.shardIds.reduce((n, shard) => n + kinesis.read(ctx.pipeline.stream.name, shard, undefined, 10_000_000).length, 0);
}

export async function pipelineStatus(ctx: ResourceContext): Promise<PipelineStatus> {
  const p = ctx.pipeline;
  const observed = await observeAll(ctx);
  const resources = APPLY_ORDER.map((kind): ResourceStatus => {
    const o = observed[kind];
    return {
      resource: KIND_LABEL[kind],
      name: o.name,
      state: !o.exists ? 'missing' : !o.owned ? (kind === 'database' ? 'shared' : 'not ours') : (o.status ?? 'exists'),
      owned: o.exists ? o.owned : null,
      arn: o.exists ? (o.arn ?? ctx.desired[kind].arn) : null,
    };
  });
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
      errorObjects: errors.objects,
      streamRecords: observed.stream.exists ? streamRecords(ctx) : null,
    };
  }
  return { pipeline: p.name, provider: p.provider, region: p.region, resources, lake };
}
