// S3 versioning on the local S3: an unversioned bucket lists each object as version `null`; Enabled keeps
// every version (ids on Put/Get/Head/Delete/Copy, delete markers, deleting a version restores the one below),
// Suspended writes the `null` version; ListObjectVersions pages; DeleteObjects with VersionId; DeleteBucket
// refuses while versions remain — JS SDK in-process and boto3 over serve.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import {
  CopyObjectCommand,
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  GetBucketVersioningCommand,
  GetObjectCommand,
  ListObjectVersionsCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { openLocalForTest } from '../../support/local-clients.js';
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

const code = (name: string, status?: number) => (e: unknown) => e instanceof S3ServiceException && e.name === name && (status === undefined || e.$metadata.httpStatusCode === status);

test('JS SDK in-process: Enabled keeps versions, delete markers, permanent deletes restore, Suspended writes null', async () => {
  const c = await openLocalForTest();
  const s3 = c.s3;
  const B = 'vers';
  const text = async (VersionId?: string, Key = 'k') => (await s3.send(new GetObjectCommand({ Bucket: B, Key, VersionId }))).Body!.transformToString();
  try {
    await s3.send(new CreateBucketCommand({ Bucket: B }));
    await s3.send(new PutObjectCommand({ Bucket: B, Key: 'k', Body: 'v0' })); // before versioning: the null version
    await s3.send(new PutBucketVersioningCommand({ Bucket: B, VersioningConfiguration: { Status: 'Enabled' } }));
    assert.equal((await s3.send(new GetBucketVersioningCommand({ Bucket: B }))).Status, 'Enabled');
    const v1 = (await s3.send(new PutObjectCommand({ Bucket: B, Key: 'k', Body: 'v1' }))).VersionId!;
    const v2 = (await s3.send(new PutObjectCommand({ Bucket: B, Key: 'k', Body: 'v2' }))).VersionId!;
    assert.match(v1, /^[0-9a-f]{32}$/);
    assert.notEqual(v1, v2);
    assert.equal(await text(), 'v2');
    assert.equal(await text(v1), 'v1');
    assert.equal(await text('null'), 'v0');
    const head = await s3.send(new HeadObjectCommand({ Bucket: B, Key: 'k', VersionId: v1 }));
    assert.equal(head.VersionId, v1);
    assert.equal(head.ContentLength, 2);
    assert.equal((await s3.send(new GetObjectCommand({ Bucket: B, Key: 'k' }))).VersionId, v2);
    let list = await s3.send(new ListObjectVersionsCommand({ Bucket: B }));
    assert.deepEqual(list.Versions?.map((v) => [v.VersionId, v.IsLatest]), [[v2, true], [v1, false], ['null', false]]);

    // Copy from an old version: the new object is a new version with v1's bytes.
    const copied = await s3.send(new CopyObjectCommand({ Bucket: B, Key: 'c', CopySource: `${B}/k?versionId=${v1}` }));
    assert.equal(copied.CopySourceVersionId, v1);
    assert.equal(await text(undefined, 'c'), 'v1');

    // DELETE without a version id adds a marker; GET is then 404 with x-amz-delete-marker.
    const del = await s3.send(new DeleteObjectCommand({ Bucket: B, Key: 'k' }));
    assert.equal(del.DeleteMarker, true);
    const markerId = del.VersionId!;
    await assert.rejects(s3.send(new GetObjectCommand({ Bucket: B, Key: 'k' })), (e: unknown) => code('NoSuchKey', 404)(e) && (e as S3ServiceException).$response?.headers['x-amz-delete-marker'] === 'true');
    await assert.rejects(s3.send(new GetObjectCommand({ Bucket: B, Key: 'k', VersionId: markerId })), code('MethodNotAllowed', 405));
    assert.equal(await text(v2), 'v2');
    list = await s3.send(new ListObjectVersionsCommand({ Bucket: B, Prefix: 'k' }));
    assert.deepEqual(list.DeleteMarkers?.map((m) => [m.VersionId, m.IsLatest]), [[markerId, true]]);
    assert.deepEqual(list.Versions?.map((v) => [v.VersionId, v.IsLatest]), [[v2, false], [v1, false], ['null', false]]);
    assert.deepEqual((await s3.send(new ListObjectsV2Command({ Bucket: B }))).Contents?.map((o) => o.Key), ['c']);

    // Removing the marker makes v2 current again; removing v2 (the latest) makes v1 current.
    const gone = await s3.send(new DeleteObjectCommand({ Bucket: B, Key: 'k', VersionId: markerId }));
    assert.equal(gone.DeleteMarker, true);
    assert.equal(await text(), 'v2');
    await s3.send(new DeleteObjectCommand({ Bucket: B, Key: 'k', VersionId: v2 }));
    assert.equal(await text(), 'v1');
    assert.equal((await s3.send(new HeadObjectCommand({ Bucket: B, Key: 'k' }))).VersionId, v1);
    await assert.rejects(s3.send(new GetObjectCommand({ Bucket: B, Key: 'k', VersionId: v2 })), code('NoSuchVersion', 404));
    await assert.rejects(s3.send(new GetObjectCommand({ Bucket: B, Key: 'k', VersionId: '../../etc' })), code('NoSuchVersion', 404));

    // Suspended: new writes are the null version and replace the previous null version (v0).
    await s3.send(new PutBucketVersioningCommand({ Bucket: B, VersioningConfiguration: { Status: 'Suspended' } }));
    assert.equal((await s3.send(new PutObjectCommand({ Bucket: B, Key: 'k', Body: 's1' }))).VersionId, undefined); // a write while Suspended answers no version id
    await s3.send(new PutObjectCommand({ Bucket: B, Key: 'k', Body: 's2' }));
    list = await s3.send(new ListObjectVersionsCommand({ Bucket: B, Prefix: 'k' }));
    assert.deepEqual(list.Versions?.map((v) => [v.VersionId, v.IsLatest, v.Size]), [['null', true, 2], [v1, false, 2]]);
    assert.equal(await text('null'), 's2');
    // A delete while Suspended: a null delete marker replaces the null version.
    const sdel = await s3.send(new DeleteObjectCommand({ Bucket: B, Key: 'k' }));
    assert.deepEqual([sdel.DeleteMarker, sdel.VersionId], [true, 'null']);
    list = await s3.send(new ListObjectVersionsCommand({ Bucket: B, Prefix: 'k' }));
    assert.deepEqual(list.DeleteMarkers?.map((m) => m.VersionId), ['null']);
    assert.deepEqual(list.Versions?.map((v) => v.VersionId), [v1]);

    // DeleteBucket refuses while versions remain; DeleteObjects with VersionId empties it.
    await s3.send(new DeleteObjectCommand({ Bucket: B, Key: 'c' }));
    await assert.rejects(s3.send(new DeleteBucketCommand({ Bucket: B })), code('BucketNotEmpty', 409));
    const all = await s3.send(new ListObjectVersionsCommand({ Bucket: B }));
    const objects = [...(all.Versions ?? []), ...(all.DeleteMarkers ?? [])].map((v) => ({ Key: v.Key!, VersionId: v.VersionId! }));
    const res = await s3.send(new DeleteObjectsCommand({ Bucket: B, Delete: { Objects: objects } }));
    assert.equal(res.Deleted?.length, objects.length);
    assert.equal(res.Errors, undefined);
    const after = await s3.send(new ListObjectVersionsCommand({ Bucket: B }));
    assert.deepEqual([after.Versions, after.DeleteMarkers], [undefined, undefined]);
    await s3.send(new DeleteBucketCommand({ Bucket: B }));
  } finally {
    await c.close();
  }
});

test('JS SDK in-process: ListObjectVersions pages through versions with key and version-id markers', async () => {
  const c = await openLocalForTest();
  const s3 = c.s3;
  const B = 'vpage';
  try {
    await s3.send(new CreateBucketCommand({ Bucket: B }));
    await s3.send(new PutBucketVersioningCommand({ Bucket: B, VersioningConfiguration: { Status: 'Enabled' } }));
    const want: string[] = [];
    for (const k of ['a/1', 'a/2', 'b', 'c']) {
      const ids: string[] = [];
      for (let i = 0; i < 3; i++) ids.unshift((await s3.send(new PutObjectCommand({ Bucket: B, Key: k, Body: `${k}${i}` }))).VersionId!);
      want.push(...ids.map((id) => `${k}@${id}`));
    }
    const m = (await s3.send(new DeleteObjectCommand({ Bucket: B, Key: 'b' }))).VersionId!;
    want.splice(want.indexOf(want.find((w) => w.startsWith('b@'))!), 0, `b@${m}`);
    const got: string[] = [];
    let KeyMarker: string | undefined;
    let VersionIdMarker: string | undefined;
    for (let pages = 0; pages < 20; pages++) {
      const p = await s3.send(new ListObjectVersionsCommand({ Bucket: B, MaxKeys: 5, KeyMarker, VersionIdMarker }));
      const rows = [...(p.Versions ?? []), ...(p.DeleteMarkers ?? [])].sort((x, y) => (x.Key! < y.Key! ? -1 : x.Key! > y.Key! ? 1 : 0));
      assert.ok(rows.length <= 5);
      got.push(...(p.Versions ?? []).map((v) => `${v.Key}@${v.VersionId}`), ...(p.DeleteMarkers ?? []).map((v) => `${v.Key}@${v.VersionId}`));
      if (!p.IsTruncated) break;
      KeyMarker = p.NextKeyMarker;
      VersionIdMarker = p.NextVersionIdMarker;
    }
    assert.deepEqual([...got].sort(), [...want].sort());
    assert.equal(got.length, 13);
    const d = await s3.send(new ListObjectVersionsCommand({ Bucket: B, Delimiter: '/', MaxKeys: 2 }));
    assert.deepEqual(d.CommonPrefixes?.map((p) => p.Prefix), ['a/']);
    assert.deepEqual(d.DeleteMarkers?.map((x) => x.Key), ['b']);
    assert.equal(d.IsTruncated, true);
    const pre = await s3.send(new ListObjectVersionsCommand({ Bucket: B, Prefix: 'a/2' }));
    assert.deepEqual(pre.Versions?.map((v) => [v.Key, v.IsLatest]), [['a/2', true], ['a/2', false], ['a/2', false]]);
  } finally {
    await c.close();
  }
});

test('boto3 over serve: versions, delete markers, and object_versions.delete() empties a versioned bucket', { skip: !PY && 'python3 with boto3 not installed' }, async () => {
  const out = await boto(String.raw`
s3.create_bucket(Bucket='bver')
s3.put_bucket_versioning(Bucket='bver', VersioningConfiguration={'Status': 'Enabled'})
ids = [s3.put_object(Bucket='bver', Key='a/b', Body=b'%d' % i)['VersionId'] for i in range(3)]
s3.put_object(Bucket='bver', Key='a/b/c', Body=b'x')
m = s3.delete_object(Bucket='bver', Key='a/b')
miss = err(s3.get_object, Bucket='bver', Key='a/b')
old = s3.get_object(Bucket='bver', Key='a/b', VersionId=ids[1])['Body'].read().decode()
v = s3.list_object_versions(Bucket='bver')
notempty = err(s3.delete_bucket, Bucket='bver')
res = boto3.resource('s3', endpoint_url=sys.argv[1], region_name='us-east-1', aws_access_key_id='t', aws_secret_access_key='t')
res.Bucket('bver').object_versions.delete()
left = s3.list_object_versions(Bucket='bver')
s3.delete_bucket(Bucket='bver')
print(json.dumps({'marker': m.get('DeleteMarker'), 'miss': miss, 'old': old,
  'versions': len(v.get('Versions', [])), 'markers': len(v.get('DeleteMarkers', [])), 'notempty': notempty,
  'left': [left.get('Versions'), left.get('DeleteMarkers')], 'buckets': [x['Name'] for x in s3.list_buckets()['Buckets']]}))
`);
  assert.deepEqual(out, { marker: true, miss: [404, 'NoSuchKey'], old: '1', versions: 4, markers: 1, notempty: [409, 'BucketNotEmpty'], left: [null, null], buckets: [] });
});

test('versions on disk: s3/ keeps only current objects; a history left by a crash mid-write lists no ghost versions', async () => {
  const c = await openLocalForTest();
  const s3 = c.s3;
  const B = 'vdisk';
  try {
    await s3.send(new CreateBucketCommand({ Bucket: B }));
    await s3.send(new PutBucketVersioningCommand({ Bucket: B, VersioningConfiguration: { Status: 'Enabled' } }));
    const v1 = (await s3.send(new PutObjectCommand({ Bucket: B, Key: 'a/k', Body: 'one' }))).VersionId!;
    const v2 = (await s3.send(new PutObjectCommand({ Bucket: B, Key: 'a/k', Body: 'two' }))).VersionId!;
    // The browsable tree holds the current bytes only; the old version lives in s3versions/.
    assert.equal(fs.readFileSync(path.join(c.dataDir, 's3', B, 'a', 'k'), 'utf8'), 'two');
    const h = createHash('sha256').update('a/k').digest('hex');
    assert.equal(fs.readFileSync(path.join(c.dataDir, 's3versions', B, 'd', h.slice(0, 2), `${h}-${v1}`), 'utf8'), 'one');
    // A crash after the history was written but before the rename (or after a link was lost): the history names
    // the current id again and an id whose bytes are missing; neither shows.
    const hist = path.join(c.dataDir, 's3versions', B, 'k', h.slice(0, 2), `${h}.json`);
    const doc = JSON.parse(fs.readFileSync(hist, 'utf8'));
    doc.entries.unshift({ id: v2, lastModified: 0, meta: doc.entries[0].meta }, { id: 'f'.repeat(32), lastModified: 0, meta: doc.entries[0].meta });
    fs.writeFileSync(hist, JSON.stringify(doc));
    const list = await s3.send(new ListObjectVersionsCommand({ Bucket: B }));
    assert.deepEqual(list.Versions?.map((v) => [v.VersionId, v.IsLatest]), [[v2, true], [v1, false]]);
    await assert.rejects(s3.send(new GetObjectCommand({ Bucket: B, Key: 'a/k', VersionId: 'f'.repeat(32) })), code('NoSuchVersion', 404));
    // Deleting the current version restores v1 into the tree.
    await s3.send(new DeleteObjectCommand({ Bucket: B, Key: 'a/k', VersionId: v2 }));
    assert.equal(fs.readFileSync(path.join(c.dataDir, 's3', B, 'a', 'k'), 'utf8'), 'one');
    assert.equal((await s3.send(new HeadObjectCommand({ Bucket: B, Key: 'a/k' }))).VersionId, v1);
  } finally {
    await c.close();
  }
});
