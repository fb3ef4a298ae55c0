// What the local S3 answers of versioning: ListObjectVersions lists every current object as version
// `null` (so boto3's object_versions.delete() and harnesses that empty buckets work), version id `null`
// reads and deletes, other ids are NoSuchVersion, GetBucketVersioning tells the stored state, and
// PutBucketVersioning Enabled fails loudly (NotImplemented) — JS SDK in-process and boto3 over serve.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  CopyObjectCommand,
  CreateBucketCommand,
  DeleteObjectCommand,
  GetBucketVersioningCommand,
  GetObjectCommand,
  ListObjectVersionsCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { openLocalForTest } from '../../../src/aws/test-helpers.js';
import { boto, PY } from './boto.js';

test('JS SDK in-process: versions of an unversioned bucket, null version id, versioning state', async () => {
  const c = await openLocalForTest();
  const s3 = c.s3;
  try {
    await s3.send(new CreateBucketCommand({ Bucket: 'ver' }));
    for (const k of ['a/1', 'a/2', 'b', 'c']) await s3.send(new PutObjectCommand({ Bucket: 'ver', Key: k, Body: k }));
    const all = await s3.send(new ListObjectVersionsCommand({ Bucket: 'ver' }));
    assert.deepEqual(all.Versions?.map((v) => [v.Key, v.VersionId, v.IsLatest, v.Size]), [['a/1', 'null', true, 3], ['a/2', 'null', true, 3], ['b', 'null', true, 1], ['c', 'null', true, 1]]);
    const page = await s3.send(new ListObjectVersionsCommand({ Bucket: 'ver', MaxKeys: 2, Delimiter: '/' }));
    assert.deepEqual(page.CommonPrefixes?.map((p) => p.Prefix), ['a/']);
    assert.deepEqual(page.Versions?.map((v) => v.Key), ['b']);
    assert.equal(page.IsTruncated, true);
    const rest = await s3.send(new ListObjectVersionsCommand({ Bucket: 'ver', Delimiter: '/', KeyMarker: page.NextKeyMarker, VersionIdMarker: page.NextVersionIdMarker }));
    assert.deepEqual(rest.Versions?.map((v) => v.Key), ['c']);
    assert.equal(await (await s3.send(new GetObjectCommand({ Bucket: 'ver', Key: 'b', VersionId: 'null' }))).Body!.transformToString(), 'b');
    await assert.rejects(s3.send(new GetObjectCommand({ Bucket: 'ver', Key: 'b', VersionId: 'abc' })), (e: unknown) => e instanceof S3ServiceException && e.name === 'NoSuchVersion');
    await s3.send(new CopyObjectCommand({ Bucket: 'ver', Key: 'b2', CopySource: 'ver/b?versionId=null' }));
    await assert.rejects(s3.send(new CopyObjectCommand({ Bucket: 'ver', Key: 'b3', CopySource: 'ver/b?versionId=abc' })), (e: unknown) => e instanceof S3ServiceException && e.name === 'NoSuchVersion');
    await s3.send(new DeleteObjectCommand({ Bucket: 'ver', Key: 'b2' }));
    await s3.send(new DeleteObjectCommand({ Bucket: 'ver', Key: 'b', VersionId: 'null' }));
    assert.deepEqual((await s3.send(new ListObjectVersionsCommand({ Bucket: 'ver' }))).Versions?.map((v) => v.Key), ['a/1', 'a/2', 'c']);

    assert.equal((await s3.send(new GetBucketVersioningCommand({ Bucket: 'ver' }))).Status, undefined);
    await assert.rejects(
      s3.send(new PutBucketVersioningCommand({ Bucket: 'ver', VersioningConfiguration: { Status: 'Enabled' } })),
      (e: unknown) => e instanceof S3ServiceException && e.name === 'NotImplemented' && e.$metadata.httpStatusCode === 501,
    );
    await s3.send(new PutBucketVersioningCommand({ Bucket: 'ver', VersioningConfiguration: { Status: 'Suspended' } }));
    assert.equal((await s3.send(new GetBucketVersioningCommand({ Bucket: 'ver' }))).Status, 'Suspended');
  } finally {
    await c.close();
  }
});

test('boto3 over serve: bucket.object_versions.delete() empties a bucket', { skip: !PY && 'python3 with boto3 not installed' }, async () => {
  const out = await boto(String.raw`
res = boto3.resource('s3', endpoint_url=sys.argv[1], region_name='us-east-1', aws_access_key_id='t', aws_secret_access_key='t')
b = res.Bucket('emptyme')
b.create()
for i in range(25):
    b.put_object(Key='k/%02d' % i, Body=b'x')
b.object_versions.delete()
left = s3.list_objects_v2(Bucket='emptyme').get('KeyCount')
b.delete()
print(json.dumps({'left': left, 'buckets': [x['Name'] for x in s3.list_buckets()['Buckets']]}))
`);
  assert.deepEqual(out, { left: 0, buckets: [] });
});
