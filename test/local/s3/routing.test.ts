// S3 routing details through the emulator's front door: virtual-host style (`bucket.localhost`),
// ListObjects V1 with markers, and HEAD errors without a body.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CreateBucketCommand, ListObjectsCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { openLocalForTest } from '../../support/local-clients.js';

const req = (method: string, path: string, host: string, query = '', body = '') => ({
  method,
  path,
  query,
  headers: { host },
  body: Buffer.from(body),
});

test('virtual-host style requests address the bucket from the Host header', async () => {
  const c = await openLocalForTest();
  try {
    const emu = c.emulator!;
    const created = await emu.handle(req('PUT', '/', 'vhost-bucket.localhost:4566'));
    assert.equal(created.status, 200);
    const put = await emu.handle(req('PUT', '/dir/a%20b.txt', 'vhost-bucket.localhost:4566', '', 'hi'));
    assert.equal(put.status, 200);
    const got = await emu.handle(req('GET', '/vhost-bucket/dir/a%20b.txt', '127.0.0.1:4566'));
    assert.equal(got.status, 200);
    assert.equal(String(got.body), 'hi');
    const head = await emu.handle(req('HEAD', '/missing', 'vhost-bucket.localhost'));
    assert.equal(head.status, 404);
    assert.equal(String(head.body), '', 'HEAD errors carry no body');
    const missing = await emu.handle(req('GET', '/missing', 'vhost-bucket.localhost'));
    assert.equal(missing.status, 404);
    assert.match(String(missing.body), /<Error><Code>NoSuchKey<\/Code><Message>The specified key does not exist\.<\/Message><Key>missing<\/Key><RequestId>/);
    const noBucket = await emu.handle(req('GET', '/nope-bucket', '127.0.0.1:4566', 'list-type=2'));
    assert.match(String(noBucket.body), /<Code>NoSuchBucket<\/Code><Message>The specified bucket does not exist<\/Message><BucketName>nope-bucket<\/BucketName>/);
  } finally {
    await c.close();
  }
});

test('ListObjects (V1) pages with Marker/NextMarker', async () => {
  const c = await openLocalForTest();
  try {
    await c.s3.send(new CreateBucketCommand({ Bucket: 'v1-list' }));
    for (const k of ['a/1', 'a/2', 'b', 'c/3']) await c.s3.send(new PutObjectCommand({ Bucket: 'v1-list', Key: k, Body: k }));
    const first = await c.s3.send(new ListObjectsCommand({ Bucket: 'v1-list', Delimiter: '/', MaxKeys: 2 }));
    assert.deepEqual(first.CommonPrefixes?.map((p) => p.Prefix), ['a/']);
    assert.deepEqual(first.Contents?.map((o) => o.Key), ['b']);
    assert.equal(first.IsTruncated, true);
    assert.equal(first.NextMarker, 'b');
    const second = await c.s3.send(new ListObjectsCommand({ Bucket: 'v1-list', Delimiter: '/', Marker: first.NextMarker }));
    assert.deepEqual(second.CommonPrefixes?.map((p) => p.Prefix), ['c/']);
    assert.equal(second.IsTruncated, false);
    const all = await c.s3.send(new ListObjectsCommand({ Bucket: 'v1-list' }));
    assert.deepEqual(all.Contents?.map((o) => o.Key), ['a/1', 'a/2', 'b', 'c/3']);
    assert.ok(all.Contents?.[0].Owner?.ID);
  } finally {
    await c.close();
  }
});

test('outside us-east-1: LocationConstraint required, and re-creating your bucket is BucketAlreadyOwnedByYou (409)', async () => {
  const c = await openLocalForTest({ region: 'eu-west-1' });
  try {
    const { CreateBucketCommand: Create, GetBucketLocationCommand, S3ServiceException } = await import('@aws-sdk/client-s3');
    // The SDK adds the constraint for non-us-east-1 clients by itself; a raw request without one is refused.
    const bare = await c.emulator!.handle({
      ...req('PUT', '/eu-bare', '127.0.0.1'),
      headers: { host: '127.0.0.1', authorization: 'AWS4-HMAC-SHA256 Credential=t/20260101/eu-west-1/s3/aws4_request, Signature=x' },
    });
    assert.equal(bare.status, 400);
    assert.match(String(bare.body), /<Code>IllegalLocationConstraintException<\/Code><Message>The unspecified location constraint is incompatible/);
    const conf = { Bucket: 'eu-lake', CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' as const } };
    await c.s3.send(new Create(conf));
    await assert.rejects(c.s3.send(new Create(conf)), (e: unknown) => {
      assert.ok(e instanceof S3ServiceException);
      assert.equal(e.name, 'BucketAlreadyOwnedByYou');
      assert.equal(e.$metadata.httpStatusCode, 409);
      return true;
    });
    const loc = await c.s3.send(new GetBucketLocationCommand({ Bucket: 'eu-lake' }));
    assert.equal(loc.LocationConstraint, 'eu-west-1');
  } finally {
    await c.close();
  }
});

test('an S3 sub-resource not emulated fails loudly (501); a query word S3 does not know is ignored, as S3 does', async () => {
  const c = await openLocalForTest();
  try {
    const emu = c.emulator!;
    assert.equal((await emu.handle(req('PUT', '/words-bucket', '127.0.0.1'))).status, 200);
    assert.equal((await emu.handle(req('PUT', '/words-bucket/k', '127.0.0.1', '', 'v'))).status, 200);
    const acl = await emu.handle(req('GET', '/words-bucket', '127.0.0.1', 'acl'));
    assert.equal(acl.status, 501);
    assert.match(String(acl.body), /<Code>NotImplemented<\/Code>/);
    const retention = await emu.handle(req('GET', '/words-bucket/k', '127.0.0.1', 'retention'));
    assert.equal(retention.status, 501);
    const unknown = await emu.handle(req('GET', '/words-bucket/k', '127.0.0.1', 'utm_source=docs&foo'));
    assert.equal(unknown.status, 200);
    assert.equal(String(unknown.body), 'v');
    const list = await emu.handle(req('GET', '/words-bucket', '127.0.0.1', 'list-type=2&cachebust=1'));
    assert.equal(list.status, 200);
    assert.match(String(list.body), /<Key>k<\/Key>/);
  } finally {
    await c.close();
  }
});
