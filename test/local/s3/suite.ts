// The S3 conformance suite, run through the in-process handler (s3.test.ts) and through serve
// (test/local/serve/serve.test.ts). `open` gives an S3 client on a fresh data dir.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { test } from 'node:test';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  UploadPartCommand,
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteBucketTaggingCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetBucketEncryptionCommand,
  GetBucketLocationCommand,
  GetBucketTaggingCommand,
  GetObjectCommand,
  GetPublicAccessBlockCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListBucketsCommand,
  ListObjectsV2Command,
  PutBucketEncryptionCommand,
  PutBucketTaggingCommand,
  PutObjectCommand,
  PutPublicAccessBlockCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';

export interface S3Fixture {
  s3: S3Client;
  /** Filesystem path of an object (plain-file contract). */
  objectPath(bucket: string, key: string): string;
  close(): Promise<void>;
}

const md5 = (s: string | Buffer) => `"${createHash('md5').update(s).digest('hex')}"`;

async function rejectsWith(p: Promise<unknown>, name: string, status: number) {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof S3ServiceException, `expected S3ServiceException, got ${e}`);
    assert.equal(e.name, name);
    assert.equal(e.$metadata.httpStatusCode, status);
    return true;
  });
}

export function s3Suite(label: string, open: () => Promise<S3Fixture>) {
  test(`${label}: bucket lifecycle, location, listing and errors`, async () => {
    const f = await open();
    const { s3 } = f;
    try {
      await rejectsWith(s3.send(new HeadBucketCommand({ Bucket: 'nope-bucket' })), 'NotFound', 404);
      await rejectsWith(s3.send(new ListObjectsV2Command({ Bucket: 'nope-bucket' })), 'NoSuchBucket', 404);
      await s3.send(new CreateBucketCommand({ Bucket: 'lake-one' }));
      // us-east-1: creating your own bucket again is a no-op, as on AWS.
      await s3.send(new CreateBucketCommand({ Bucket: 'lake-one' }));
      // The us-east-1 (global) endpoint creates a bucket in any region; the bucket then lives there.
      await s3.send(new CreateBucketCommand({ Bucket: 'lake-eu', CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } }));
      assert.equal((await s3.send(new GetBucketLocationCommand({ Bucket: 'lake-eu' }))).LocationConstraint, 'eu-west-1');
      await s3.send(new DeleteBucketCommand({ Bucket: 'lake-eu' }));
      await rejectsWith(s3.send(new CreateBucketCommand({ Bucket: 'Bad_Name' })), 'InvalidBucketName', 400);
      const head = await s3.send(new HeadBucketCommand({ Bucket: 'lake-one' }));
      assert.equal(head.BucketRegion, 'us-east-1');
      const loc = await s3.send(new GetBucketLocationCommand({ Bucket: 'lake-one' }));
      assert.equal(loc.LocationConstraint, undefined);
      const list = await s3.send(new ListBucketsCommand({}));
      assert.deepEqual(list.Buckets?.map((b) => b.Name), ['lake-one']);
      assert.ok(list.Buckets?.[0].CreationDate instanceof Date);
      await s3.send(new PutObjectCommand({ Bucket: 'lake-one', Key: 'a.txt', Body: 'x' }));
      await rejectsWith(s3.send(new DeleteBucketCommand({ Bucket: 'lake-one' })), 'BucketNotEmpty', 409);
      await s3.send(new DeleteObjectCommand({ Bucket: 'lake-one', Key: 'a.txt' }));
      await s3.send(new DeleteBucketCommand({ Bucket: 'lake-one' }));
      await rejectsWith(s3.send(new DeleteBucketCommand({ Bucket: 'lake-one' })), 'NoSuchBucket', 404);
    } finally {
      await f.close();
    }
  });

  test(`${label}: objects round-trip as plain files with MD5 ETags and metadata`, async () => {
    const f = await open();
    const { s3 } = f;
    try {
      await s3.send(new CreateBucketCommand({ Bucket: 'objs' }));
      const key = 'dir one/sub/ünïcødé file+x.json';
      const body = JSON.stringify({ hello: 'world' });
      const put = await s3.send(
        new PutObjectCommand({ Bucket: 'objs', Key: key, Body: body, ContentType: 'application/json', Metadata: { owner: 'me' } }),
      );
      assert.equal(put.ETag, md5(body));
      const { readFileSync } = await import('node:fs');
      assert.equal(readFileSync(f.objectPath('objs', key), 'utf8'), body);
      const got = await s3.send(new GetObjectCommand({ Bucket: 'objs', Key: key }));
      assert.equal(await got.Body!.transformToString(), body);
      assert.equal(got.ContentType, 'application/json');
      assert.equal(got.ETag, md5(body));
      assert.equal(got.ContentLength, body.length);
      assert.deepEqual(got.Metadata, { owner: 'me' });
      const head = await s3.send(new HeadObjectCommand({ Bucket: 'objs', Key: key }));
      assert.equal(head.ContentLength, body.length);
      assert.ok(head.LastModified instanceof Date);
      // A stream body (what PutObject gets from files) of known length.
      const bytes = Buffer.alloc(70_000, 7);
      await s3.send(
        new PutObjectCommand({ Bucket: 'objs', Key: 'bin/blob', Body: Readable.from([bytes]), ContentLength: bytes.length }),
      );
      const blob = await s3.send(new GetObjectCommand({ Bucket: 'objs', Key: 'bin/blob' }));
      assert.deepEqual(Buffer.from(await blob.Body!.transformToByteArray()), bytes);
      assert.equal(blob.ETag, md5(bytes));
      await rejectsWith(s3.send(new GetObjectCommand({ Bucket: 'objs', Key: 'missing' })), 'NoSuchKey', 404);
      await rejectsWith(s3.send(new HeadObjectCommand({ Bucket: 'objs', Key: 'missing' })), 'NotFound', 404);
      await rejectsWith(s3.send(new GetObjectCommand({ Bucket: 'no-bucket', Key: 'k' })), 'NoSuchBucket', 404);
      // `..` is an ordinary key segment on S3: stored (escaped) inside the bucket, never above it.
      await s3.send(new PutObjectCommand({ Bucket: 'objs', Key: '../escape', Body: 'x' }));
      const escaped = await s3.send(new GetObjectCommand({ Bucket: 'objs', Key: '../escape' }));
      assert.equal(await escaped.Body!.transformToString(), 'x');
      const { dirname } = await import('node:path');
      assert.equal(dirname(dirname(f.objectPath('objs', '../escape'))), dirname(f.objectPath('objs', 'top')));
      // Deleting a missing key succeeds, as on S3.
      await s3.send(new DeleteObjectCommand({ Bucket: 'objs', Key: 'missing' }));
    } finally {
      await f.close();
    }
  });

  test(`${label}: ListObjectsV2 prefix, delimiter, paging, start-after; DeleteObjects; CopyObject`, async () => {
    const f = await open();
    const { s3 } = f;
    try {
      await s3.send(new CreateBucketCommand({ Bucket: 'listing' }));
      const keys = ['a/1.txt', 'a/2.txt', 'a/b/3.txt', 'c/4.txt', 'd.txt', 'e/5.txt', 'e/6.txt'];
      for (const k of keys) await s3.send(new PutObjectCommand({ Bucket: 'listing', Key: k, Body: k }));
      const all = await s3.send(new ListObjectsV2Command({ Bucket: 'listing' }));
      assert.deepEqual(all.Contents?.map((c) => c.Key), keys);
      assert.equal(all.KeyCount, 7);
      assert.equal(all.IsTruncated, false);
      assert.equal(all.Contents?.[0].ETag, md5('a/1.txt'));
      assert.equal(all.Contents?.[0].Size, 7);
      const delim = await s3.send(new ListObjectsV2Command({ Bucket: 'listing', Delimiter: '/' }));
      assert.deepEqual(delim.CommonPrefixes?.map((p) => p.Prefix), ['a/', 'c/', 'e/']);
      assert.deepEqual(delim.Contents?.map((c) => c.Key), ['d.txt']);
      const sub = await s3.send(new ListObjectsV2Command({ Bucket: 'listing', Prefix: 'a/', Delimiter: '/' }));
      assert.deepEqual(sub.Contents?.map((c) => c.Key), ['a/1.txt', 'a/2.txt']);
      assert.deepEqual(sub.CommonPrefixes?.map((p) => p.Prefix), ['a/b/']);
      // Paging with max-keys over keys and common prefixes.
      const seen: string[] = [];
      let token: string | undefined;
      let pages = 0;
      do {
        const page = await s3.send(
          new ListObjectsV2Command({ Bucket: 'listing', Delimiter: '/', MaxKeys: 2, ContinuationToken: token }),
        );
        pages++;
        assert.ok((page.KeyCount ?? 0) <= 2);
        seen.push(...(page.CommonPrefixes ?? []).map((p) => p.Prefix!), ...(page.Contents ?? []).map((c) => c.Key!));
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
        if (page.IsTruncated) assert.ok(token);
      } while (token);
      assert.deepEqual(seen.sort(), ['a/', 'c/', 'd.txt', 'e/']);
      assert.equal(pages, 2);
      const after = await s3.send(new ListObjectsV2Command({ Bucket: 'listing', StartAfter: 'c/4.txt' }));
      assert.deepEqual(after.Contents?.map((c) => c.Key), ['d.txt', 'e/5.txt', 'e/6.txt']);
      // Copy keeps the bytes and the ETag.
      const copy = await s3.send(
        new CopyObjectCommand({ Bucket: 'listing', Key: 'copies/d copy.txt', CopySource: 'listing/d.txt' }),
      );
      assert.equal(copy.CopyObjectResult?.ETag, md5('d.txt'));
      const copied = await s3.send(new GetObjectCommand({ Bucket: 'listing', Key: 'copies/d copy.txt' }));
      assert.equal(await copied.Body!.transformToString(), 'd.txt');
      await rejectsWith(
        s3.send(new CopyObjectCommand({ Bucket: 'listing', Key: 'x', CopySource: 'listing/missing' })),
        'NoSuchKey',
        404,
      );
      const del = await s3.send(
        new DeleteObjectsCommand({
          Bucket: 'listing',
          Delete: { Objects: [{ Key: 'a/1.txt' }, { Key: 'a/b/3.txt' }, { Key: 'never-there' }] },
        }),
      );
      assert.deepEqual(del.Deleted?.map((d) => d.Key).sort(), ['a/1.txt', 'a/b/3.txt', 'never-there']);
      const left = await s3.send(new ListObjectsV2Command({ Bucket: 'listing', Prefix: 'a/' }));
      assert.deepEqual(left.Contents?.map((c) => c.Key), ['a/2.txt']);
      const { existsSync } = await import('node:fs');
      assert.equal(existsSync(f.objectPath('listing', 'a/b/')), false, 'empty directories are pruned');
    } finally {
      await f.close();
    }
  });

  test(`${label}: bucket tagging, encryption and public access block`, async () => {
    const f = await open();
    const { s3 } = f;
    try {
      await s3.send(new CreateBucketCommand({ Bucket: 'conf' }));
      await rejectsWith(s3.send(new GetBucketTaggingCommand({ Bucket: 'conf' })), 'NoSuchTagSet', 404);
      await s3.send(
        new PutBucketTaggingCommand({
          Bucket: 'conf',
          Tagging: { TagSet: [{ Key: 'lakehouse:pipeline', Value: 'demo' }, { Key: 'team', Value: 'data & co' }] },
        }),
      );
      const tags = await s3.send(new GetBucketTaggingCommand({ Bucket: 'conf' }));
      assert.deepEqual(tags.TagSet, [
        { Key: 'lakehouse:pipeline', Value: 'demo' },
        { Key: 'team', Value: 'data & co' },
      ]);
      await s3.send(new DeleteBucketTaggingCommand({ Bucket: 'conf' }));
      await rejectsWith(s3.send(new GetBucketTaggingCommand({ Bucket: 'conf' })), 'NoSuchTagSet', 404);
      const enc0 = await s3.send(new GetBucketEncryptionCommand({ Bucket: 'conf' }));
      assert.equal(enc0.ServerSideEncryptionConfiguration?.Rules?.[0].ApplyServerSideEncryptionByDefault?.SSEAlgorithm, 'AES256');
      await s3.send(
        new PutBucketEncryptionCommand({
          Bucket: 'conf',
          ServerSideEncryptionConfiguration: {
            Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: 'alias/x' }, BucketKeyEnabled: true }],
          },
        }),
      );
      const enc = await s3.send(new GetBucketEncryptionCommand({ Bucket: 'conf' }));
      const rule = enc.ServerSideEncryptionConfiguration?.Rules?.[0];
      assert.equal(rule?.ApplyServerSideEncryptionByDefault?.SSEAlgorithm, 'aws:kms');
      assert.equal(rule?.ApplyServerSideEncryptionByDefault?.KMSMasterKeyID, 'alias/x');
      assert.equal(rule?.BucketKeyEnabled, true);
      await s3.send(
        new PutPublicAccessBlockCommand({
          Bucket: 'conf',
          PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: false, BlockPublicPolicy: true, RestrictPublicBuckets: false },
        }),
      );
      const pab = await s3.send(new GetPublicAccessBlockCommand({ Bucket: 'conf' }));
      assert.deepEqual(pab.PublicAccessBlockConfiguration, {
        BlockPublicAcls: true,
        IgnorePublicAcls: false,
        BlockPublicPolicy: true,
        RestrictPublicBuckets: false,
      });
      await rejectsWith(s3.send(new GetBucketTaggingCommand({ Bucket: 'nope-nope' })), 'NoSuchBucket', 404);
    } finally {
      await f.close();
    }
  });

  test(`${label}: multipart upload assembles parts into one plain file with a multipart ETag`, async () => {
    const f = await open();
    const { s3 } = f;
    try {
      await s3.send(new CreateBucketCommand({ Bucket: 'mpu' }));
      const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: 'mpu', Key: 'big/file.bin', ContentType: 'application/x-test' }));
      assert.ok(UploadId);
      const p1 = Buffer.alloc(5 * 1024 * 1024, 1);
      const p2 = Buffer.from('tail');
      const e1 = await s3.send(new UploadPartCommand({ Bucket: 'mpu', Key: 'big/file.bin', UploadId, PartNumber: 1, Body: p1 }));
      const e2 = await s3.send(new UploadPartCommand({ Bucket: 'mpu', Key: 'big/file.bin', UploadId, PartNumber: 2, Body: p2 }));
      assert.equal(e1.ETag, md5(p1));
      const done = await s3.send(
        new CompleteMultipartUploadCommand({
          Bucket: 'mpu',
          Key: 'big/file.bin',
          UploadId,
          MultipartUpload: { Parts: [{ PartNumber: 1, ETag: e1.ETag }, { PartNumber: 2, ETag: e2.ETag }] },
        }),
      );
      const digests = Buffer.concat([p1, p2].map((p) => createHash('md5').update(p).digest()));
      assert.equal(done.ETag, `"${createHash('md5').update(digests).digest('hex')}-2"`);
      const { statSync } = await import('node:fs');
      assert.equal(statSync(f.objectPath('mpu', 'big/file.bin')).size, p1.length + 4);
      const head = await s3.send(new HeadObjectCommand({ Bucket: 'mpu', Key: 'big/file.bin' }));
      assert.equal(head.ContentType, 'application/x-test');
      assert.equal(head.ETag, done.ETag);
      const { UploadId: gone } = await s3.send(new CreateMultipartUploadCommand({ Bucket: 'mpu', Key: 'x' }));
      await s3.send(new AbortMultipartUploadCommand({ Bucket: 'mpu', Key: 'x', UploadId: gone }));
      await rejectsWith(
        s3.send(new UploadPartCommand({ Bucket: 'mpu', Key: 'x', UploadId: gone, PartNumber: 1, Body: 'x' })),
        'NoSuchUpload',
        404,
      );
    } finally {
      await f.close();
    }
  });
}
