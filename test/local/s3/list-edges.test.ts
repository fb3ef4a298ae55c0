// ListObjects/ListObjectsV2 edge cases as AWS answers them: MaxKeys=0 (empty, not truncated),
// EncodingType=url (keys and prefixes percent-encoded with `/` kept, the Delimiter element as sent) —
// JS SDK in-process and boto3 over serve.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CreateBucketCommand, ListBucketsCommand, ListObjectsCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { openLocalForTest } from '../../support/local-clients.js';
import { boto, PY } from './boto.js';

const KEYS = ['foo+1/bar', 'foo/bar/xyzzy', 'quux ab/thud', 'asdf+b'];

test('JS SDK in-process: MaxKeys=0 and EncodingType=url', async () => {
  const c = await openLocalForTest();
  const s3 = c.s3;
  try {
    await s3.send(new CreateBucketCommand({ Bucket: 'edges' }));
    for (const Key of KEYS) await s3.send(new PutObjectCommand({ Bucket: 'edges', Key, Body: 'x' }));
    const zero = await s3.send(new ListObjectsV2Command({ Bucket: 'edges', MaxKeys: 0 }));
    assert.equal(zero.IsTruncated, false);
    assert.equal(zero.KeyCount, 0);
    assert.equal(zero.Contents, undefined);
    for (const v2 of [true, false]) {
      const cmd = v2 ? new ListObjectsV2Command({ Bucket: 'edges', Delimiter: '/', EncodingType: 'url' }) : new ListObjectsCommand({ Bucket: 'edges', Delimiter: '/', EncodingType: 'url' });
      const r = await s3.send(cmd as ListObjectsV2Command);
      assert.equal(r.Delimiter, '/');
      assert.deepEqual(r.Contents?.map((o) => o.Key), ['asdf%2Bb']);
      assert.deepEqual(r.CommonPrefixes?.map((p) => p.Prefix), ['foo%2B1/', 'foo/', 'quux%20ab/']);
    }
    // ListBuckets pages by MaxBuckets and ContinuationToken, and filters by Prefix.
    await s3.send(new CreateBucketCommand({ Bucket: 'edges-2' }));
    const first = await s3.send(new ListBucketsCommand({ MaxBuckets: 1 }));
    assert.deepEqual(first.Buckets?.map((b) => b.Name), ['edges']);
    const second = await s3.send(new ListBucketsCommand({ MaxBuckets: 1, ContinuationToken: first.ContinuationToken }));
    assert.deepEqual(second.Buckets?.map((b) => b.Name), ['edges-2']);
    assert.equal(second.ContinuationToken, undefined);
    assert.deepEqual((await s3.send(new ListBucketsCommand({ Prefix: 'edges-' }))).Buckets?.map((b) => b.Name), ['edges-2']);
  } finally {
    await c.close();
  }
});

test('boto3 over serve: MaxKeys=0 and EncodingType=url', { skip: !PY && 'python3 with boto3 not installed' }, async () => {
  const out = await boto(String.raw`
s3.create_bucket(Bucket='edges')
for k in ${JSON.stringify(KEYS)}:
    s3.put_object(Bucket='edges', Key=k, Body=b'x')
z = s3.list_objects_v2(Bucket='edges', MaxKeys=0)
r = {'zero': [z['IsTruncated'], z['KeyCount'], 'Contents' in z]}
l = s3.list_objects_v2(Bucket='edges', Delimiter='/', EncodingType='url')
r['v2'] = [l['Delimiter'], [o['Key'] for o in l['Contents']], [p['Prefix'] for p in l['CommonPrefixes']]]
# botocore asks ListObjects for EncodingType=url by itself and decodes only Delimiter/Marker/keys there.
r['v1_prefix'] = [s3.list_objects(Bucket='edges', Prefix='\x0a')['Prefix'], s3.list_objects_v2(Bucket='edges', Prefix='\x0a')['Prefix']]
print(json.dumps(r))
`);
  assert.deepEqual(out, { zero: [false, 0, false], v2: ['/', ['asdf%2Bb'], ['foo%2B1/', 'foo/', 'quux%20ab/']], v1_prefix: ['\n', '\n'] });
});
