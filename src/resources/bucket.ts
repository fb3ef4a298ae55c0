// The lake's S3 bucket: default encryption (SSE-S3), all public access blocked, ownership tags.
// Deleting empties it first, and only ever a bucket carrying our tag.
import {
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteObjectsCommand,
  GetBucketEncryptionCommand,
  GetBucketTaggingCommand,
  GetPublicAccessBlockCommand,
  HeadBucketCommand,
  ListObjectsV2Command,
  PutBucketEncryptionCommand,
  PutBucketTaggingCommand,
  PutPublicAccessBlockCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import type { Pipeline } from '../config/types.js';
import { AwsCallError } from '../errors.js';
import { arn } from './arns.js';
import { awsCall, errorCode, isNotFound, orMissing, wrapAwsError } from './aws-errors.js';
import type { ArnIds, Desired, Observed, ResourceContext, ResourceModule } from './types.js';
import { OWNER_TAG, pickTags, tagList, tagMap } from './values.js';

const BLOCK_ALL = { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true };

function desired(p: Pipeline, ids: ArnIds): Desired {
  return {
    kind: 'bucket',
    name: p.bucket.name,
    arn: arn.bucket(ids, p.bucket.name),
    props: { encryption: 'AES256', publicAccessBlock: BLOCK_ALL, tags: p.tags },
  };
}

/** S3 answers "no such configuration" with errors; those mean "not set", not "no bucket". */
async function orUnset<T>(what: string, unsetCodes: string[], fn: () => Promise<T>): Promise<T | undefined> {
  try {
    return await fn();
  } catch (e) {
    if (unsetCodes.includes(errorCode(e))) return undefined;
    throw wrapAwsError(what, e);
  }
}

async function describe(ctx: ResourceContext, d: Desired): Promise<Observed> {
  const s3 = ctx.clients.s3;
  const Bucket = d.name;
  const absent: Observed = { kind: 'bucket', name: Bucket, exists: false, owned: false, props: {} };
  try {
    await s3.send(new HeadBucketCommand({ Bucket }));
  } catch (e) {
    if (isNotFound(e)) return absent;
    // 403: the name is taken by someone else (S3 names are global): exists, and not ours.
    if ((e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 403) {
      return { kind: 'bucket', name: Bucket, exists: true, owned: false, arn: d.arn, props: {} };
    }
    throw wrapAwsError(`HeadBucket ${Bucket}`, e);
  }
  const tagging = await orUnset(`GetBucketTagging ${Bucket}`, ['NoSuchTagSet', 'NoSuchTagSetError'], () =>
    s3.send(new GetBucketTaggingCommand({ Bucket })),
  );
  const all = tagMap(tagging?.TagSet);
  const enc = await orUnset(`GetBucketEncryption ${Bucket}`, ['ServerSideEncryptionConfigurationNotFoundError'], () =>
    s3.send(new GetBucketEncryptionCommand({ Bucket })),
  );
  const pab = await orUnset(`GetPublicAccessBlock ${Bucket}`, ['NoSuchPublicAccessBlockConfiguration'], () =>
    s3.send(new GetPublicAccessBlockCommand({ Bucket })),
  );
  const rule = enc?.ServerSideEncryptionConfiguration?.Rules?.[0]?.ApplyServerSideEncryptionByDefault;
  const block = pab?.PublicAccessBlockConfiguration;
  return {
    kind: 'bucket',
    name: Bucket,
    exists: true,
    owned: all[OWNER_TAG] === ctx.pipeline.name,
    arn: d.arn,
    props: {
      encryption: rule?.SSEAlgorithm ?? null,
      publicAccessBlock: block
        ? {
            BlockPublicAcls: !!block.BlockPublicAcls,
            IgnorePublicAcls: !!block.IgnorePublicAcls,
            BlockPublicPolicy: !!block.BlockPublicPolicy,
            RestrictPublicBuckets: !!block.RestrictPublicBuckets,
          }
        : null,
      tags: pickTags(all, d.props.tags as Record<string, string>),
    },
  };
}

async function create(ctx: ResourceContext, d: Desired): Promise<void> {
  const region = ctx.pipeline.region;
  await awsCall(`CreateBucket ${d.name}`, () =>
    ctx.clients.s3.send(
      new CreateBucketCommand({
        Bucket: d.name,
        // us-east-1 is the one region that rejects an explicit LocationConstraint.
        CreateBucketConfiguration: region === 'us-east-1' ? undefined : { LocationConstraint: region as never },
      }),
    ),
  );
  await update(ctx, d, { kind: 'bucket', name: d.name, exists: true, owned: true, props: {} }, ['tags', 'encryption', 'publicAccessBlock']);
}

async function update(ctx: ResourceContext, d: Desired, o: Observed, changed: string[]): Promise<void> {
  const s3 = ctx.clients.s3;
  const Bucket = d.name;
  if (changed.includes('tags')) {
    // PutBucketTagging replaces the whole set: keep tags others put there.
    const existing = o.exists && Object.keys(o.props).length ? await currentTags(s3, Bucket) : {};
    const TagSet = tagList({ ...existing, ...(d.props.tags as Record<string, string>) });
    await awsCall(`PutBucketTagging ${Bucket}`, () => s3.send(new PutBucketTaggingCommand({ Bucket, Tagging: { TagSet } })));
  }
  if (changed.includes('encryption')) {
    await awsCall(`PutBucketEncryption ${Bucket}`, () =>
      s3.send(
        new PutBucketEncryptionCommand({
          Bucket,
          ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
        }),
      ),
    );
  }
  if (changed.includes('publicAccessBlock')) {
    await awsCall(`PutPublicAccessBlock ${Bucket}`, () =>
      s3.send(new PutPublicAccessBlockCommand({ Bucket, PublicAccessBlockConfiguration: BLOCK_ALL })),
    );
  }
}

async function currentTags(s3: S3Client, Bucket: string): Promise<Record<string, string>> {
  const out = await orUnset(`GetBucketTagging ${Bucket}`, ['NoSuchTagSet', 'NoSuchTagSetError'], () =>
    s3.send(new GetBucketTaggingCommand({ Bucket })),
  );
  return tagMap(out?.TagSet);
}

/** How many objects and bytes a bucket holds (every page of ListObjectsV2), for down's question. */
export async function bucketUsage(s3: S3Client, Bucket: string): Promise<{ objects: number; bytes: number }> {
  let objects = 0;
  let bytes = 0;
  let ContinuationToken: string | undefined;
  do {
    const page = await awsCall(`ListObjectsV2 ${Bucket}`, () => s3.send(new ListObjectsV2Command({ Bucket, ContinuationToken })));
    for (const c of page.Contents ?? []) {
      objects++;
      bytes += c.Size ?? 0;
    }
    ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (ContinuationToken);
  return { objects, bytes };
}

/** Deletes every object (page by page, 1,000 keys per DeleteObjects); returns how many. */
export async function emptyBucket(s3: S3Client, Bucket: string): Promise<number> {
  let deleted = 0;
  let ContinuationToken: string | undefined;
  do {
    const page = await awsCall(`ListObjectsV2 ${Bucket}`, () => s3.send(new ListObjectsV2Command({ Bucket, ContinuationToken })));
    const keys = (page.Contents ?? []).map((c) => ({ Key: c.Key! }));
    if (keys.length) {
      const out = await awsCall(`DeleteObjects ${Bucket}`, () =>
        s3.send(new DeleteObjectsCommand({ Bucket, Delete: { Objects: keys, Quiet: true } })),
      );
      if (out.Errors?.length) {
        const first = out.Errors[0]!;
        throw wrapAwsError(`DeleteObjects ${Bucket}`, { name: first.Code, message: `${first.Key}: ${first.Message}` });
      }
      deleted += keys.length;
    }
    ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (ContinuationToken);
  return deleted;
}

async function remove(ctx: ResourceContext, o: Observed): Promise<void> {
  const s3 = ctx.clients.s3;
  // Callers only delete owned buckets; emptying is part of deleting (S3 refuses a non-empty bucket).
  try {
    await emptyBucket(s3, o.name);
  } catch (e) {
    if (e instanceof AwsCallError && e.code === 'NoSuchBucket') return;
    throw e;
  }
  await orMissing(`DeleteBucket ${o.name}`, () => s3.send(new DeleteBucketCommand({ Bucket: o.name })));
}

export const bucket: ResourceModule = { kind: 'bucket', replaceOn: [], desired, describe, create, update, delete: remove };
