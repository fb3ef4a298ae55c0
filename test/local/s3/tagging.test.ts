// Object tagging (Put/Get/DeleteObjectTagging, x-amz-tagging on PutObject, x-amz-tagging-count, the
// tagging directive of CopyObject) and tag validation (aws: prefix, limits, duplicates) for objects and
// buckets, and the tags of each version of a versioned object — JS SDK in-process, boto3 and the AWS CLI over serve.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { test } from 'node:test';
import {
  CopyObjectCommand,
  CreateBucketCommand,
  DeleteObjectTaggingCommand,
  GetObjectCommand,
  GetObjectTaggingCommand,
  PutBucketTaggingCommand,
  PutBucketVersioningCommand,
  DeleteObjectCommand,
  PutObjectCommand,
  PutObjectTaggingCommand,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { openLocalForTest } from '../../support/local-clients.js';
import { startServer } from '../../../src/local/server.js';
import { tempDirForFile } from '../../support/tmp.js';
import { boto, PY } from './boto.js';

async function code(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'OK';
  } catch (e) {
    assert.ok(e instanceof S3ServiceException, String(e));
    return `${e.$metadata.httpStatusCode} ${e.name}`;
  }
}

test('JS SDK in-process: object tags round-trip and are validated as AWS does', async () => {
  const c = await openLocalForTest();
  const s3 = c.s3;
  try {
    await s3.send(new CreateBucketCommand({ Bucket: 'tags' }));
    await s3.send(new PutObjectCommand({ Bucket: 'tags', Key: 'k', Body: 'x', Tagging: 'team=data&env=dev%20box' }));
    const got = await s3.send(new GetObjectTaggingCommand({ Bucket: 'tags', Key: 'k' }));
    assert.deepEqual(got.TagSet, [{ Key: 'env', Value: 'dev box' }, { Key: 'team', Value: 'data' }]);
    assert.equal((await s3.send(new GetObjectCommand({ Bucket: 'tags', Key: 'k' }))).TagCount, 2);
    await s3.send(new CopyObjectCommand({ Bucket: 'tags', Key: 'copied', CopySource: 'tags/k' }));
    assert.equal((await s3.send(new GetObjectTaggingCommand({ Bucket: 'tags', Key: 'copied' }))).TagSet?.length, 2);
    await s3.send(new CopyObjectCommand({ Bucket: 'tags', Key: 'replaced', CopySource: 'tags/k', TaggingDirective: 'REPLACE', Tagging: 'a=b' }));
    assert.deepEqual((await s3.send(new GetObjectTaggingCommand({ Bucket: 'tags', Key: 'replaced' }))).TagSet, [{ Key: 'a', Value: 'b' }]);
    await s3.send(new PutObjectTaggingCommand({ Bucket: 'tags', Key: 'k', Tagging: { TagSet: [{ Key: 'only', Value: '1' }] } }));
    assert.deepEqual((await s3.send(new GetObjectTaggingCommand({ Bucket: 'tags', Key: 'k' }))).TagSet, [{ Key: 'only', Value: '1' }]);
    // The bytes and metadata stay as they were.
    assert.equal(await (await s3.send(new GetObjectCommand({ Bucket: 'tags', Key: 'k' }))).Body!.transformToString(), 'x');
    await s3.send(new DeleteObjectTaggingCommand({ Bucket: 'tags', Key: 'k' }));
    assert.deepEqual((await s3.send(new GetObjectTaggingCommand({ Bucket: 'tags', Key: 'k' }))).TagSet, []);
    // Overwriting an object drops its tags, as on AWS.
    await s3.send(new PutObjectCommand({ Bucket: 'tags', Key: 'copied', Body: 'y' }));
    assert.deepEqual((await s3.send(new GetObjectTaggingCommand({ Bucket: 'tags', Key: 'copied' }))).TagSet, []);

    const put = (TagSet: Array<{ Key: string; Value: string }>) => code(s3.send(new PutObjectTaggingCommand({ Bucket: 'tags', Key: 'k', Tagging: { TagSet } })));
    assert.equal(await put([{ Key: 'aws:x', Value: '1' }]), '400 InvalidTag');
    assert.equal(await put([{ Key: 'k'.repeat(129), Value: '1' }]), '400 InvalidTag');
    assert.equal(await put([{ Key: 'k', Value: 'v'.repeat(257) }]), '400 InvalidTag');
    assert.equal(await put(Array.from({ length: 11 }, (_, i) => ({ Key: `t${i}`, Value: '' }))), '400 InvalidTag');
    assert.equal(await put([{ Key: 'd', Value: '1' }, { Key: 'd', Value: '2' }]), '400 InvalidTag');
    assert.equal(await code(s3.send(new PutObjectCommand({ Bucket: 'tags', Key: 'z', Body: 'x', Tagging: 'aws:a=1' }))), '400 InvalidTag');
    assert.equal(await code(s3.send(new GetObjectTaggingCommand({ Bucket: 'tags', Key: 'absent' }))), '404 NoSuchKey');
    assert.equal(
      await code(s3.send(new PutBucketTaggingCommand({ Bucket: 'tags', Tagging: { TagSet: [{ Key: 'aws:cloudformation:x', Value: '1' }] } }))),
      '400 InvalidTag',
    );
  } finally {
    await c.close();
  }
});

test('boto3 over serve: object tagging and InvalidTag', { skip: !PY && 'python3 with boto3 not installed' }, async () => {
  const out = await boto(String.raw`
s3.create_bucket(Bucket='tags')
s3.put_object(Bucket='tags', Key='k', Body=b'x', Tagging='a=1&b=2')
r = {'tags': s3.get_object_tagging(Bucket='tags', Key='k')['TagSet']}
s3.put_object_tagging(Bucket='tags', Key='k', Tagging={'TagSet': [{'Key': 'c', 'Value': '3'}]})
r['after'] = s3.get_object_tagging(Bucket='tags', Key='k')['TagSet']
r['aws'] = err(s3.put_object_tagging, Bucket='tags', Key='k', Tagging={'TagSet': [{'Key': 'aws:c', 'Value': '3'}]})
r['bucket_aws'] = err(s3.put_bucket_tagging, Bucket='tags', Tagging={'TagSet': [{'Key': 'aws:c', 'Value': '3'}]})
print(json.dumps(r))
`);
  assert.deepEqual(out, {
    tags: [{ Key: 'a', Value: '1' }, { Key: 'b', Value: '2' }],
    after: [{ Key: 'c', Value: '3' }],
    aws: [400, 'InvalidTag'],
    bucket_aws: [400, 'InvalidTag'],
  });
});

test('AWS CLI over serve: put-object-tagging / get-object-tagging', async () => {
  const dir = tempDirForFile('lh-s3-cli-tags-');
  const server = await startServer({ dataDir: `${dir}/data`, port: 0 });
  const env = { ...process.env, AWS_ACCESS_KEY_ID: 't', AWS_SECRET_ACCESS_KEY: 't', AWS_DEFAULT_REGION: 'us-east-1', AWS_CONFIG_FILE: '/dev/null' };
  const aws = (...args: string[]) =>
    new Promise<string>((resolve, reject) =>
      execFile('aws', ['--endpoint-url', server.endpoint, '--output', 'json', ...args], { env, timeout: 60_000 }, (err, stdout, stderr) =>
        err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(stdout),
      ),
    );
  try {
    await aws('s3api', 'create-bucket', '--bucket', 'clitags');
    await aws('s3api', 'put-object', '--bucket', 'clitags', '--key', 'k', '--tagging', 'x=1');
    await aws('s3api', 'put-object-tagging', '--bucket', 'clitags', '--key', 'k', '--tagging', 'TagSet=[{Key=y,Value=2}]');
    assert.deepEqual(JSON.parse(await aws('s3api', 'get-object-tagging', '--bucket', 'clitags', '--key', 'k')).TagSet, [{ Key: 'y', Value: '2' }]);
    await assert.rejects(aws('s3api', 'put-object-tagging', '--bucket', 'clitags', '--key', 'k', '--tagging', 'TagSet=[{Key=aws:y,Value=2}]'), /InvalidTag/);
  } finally {
    await server.close();
  }
});

test('JS SDK in-process: each version keeps its own tags; a delete marker or unknown version is refused', async () => {
  const c = await openLocalForTest();
  const s3 = c.s3;
  try {
    await s3.send(new CreateBucketCommand({ Bucket: 'vtags' }));
    await s3.send(new PutBucketVersioningCommand({ Bucket: 'vtags', VersioningConfiguration: { Status: 'Enabled' } }));
    const v1 = (await s3.send(new PutObjectCommand({ Bucket: 'vtags', Key: 'k', Body: 'one', Tagging: 'gen=1' }))).VersionId!;
    const v2 = (await s3.send(new PutObjectCommand({ Bucket: 'vtags', Key: 'k', Body: 'two', Tagging: 'gen=2' }))).VersionId!;
    const tagsOf = async (VersionId?: string) => (await s3.send(new GetObjectTaggingCommand({ Bucket: 'vtags', Key: 'k', VersionId }))).TagSet;
    assert.deepEqual(await tagsOf(v1), [{ Key: 'gen', Value: '1' }]);
    assert.deepEqual(await tagsOf(), [{ Key: 'gen', Value: '2' }]);
    // Tagging the noncurrent version changes it alone, and answers its version id.
    const put = await s3.send(new PutObjectTaggingCommand({ Bucket: 'vtags', Key: 'k', VersionId: v1, Tagging: { TagSet: [{ Key: 'old', Value: 'yes' }] } }));
    assert.equal(put.VersionId, v1);
    assert.deepEqual(await tagsOf(v1), [{ Key: 'old', Value: 'yes' }]);
    assert.deepEqual(await tagsOf(v2), [{ Key: 'gen', Value: '2' }]);
    assert.equal((await s3.send(new GetObjectCommand({ Bucket: 'vtags', Key: 'k', VersionId: v1 }))).TagCount, 1);
    assert.equal((await s3.send(new DeleteObjectTaggingCommand({ Bucket: 'vtags', Key: 'k', VersionId: v1 }))).VersionId, v1);
    assert.deepEqual(await tagsOf(v1), []);
    assert.deepEqual(await tagsOf(v2), [{ Key: 'gen', Value: '2' }]);
    // A delete marker has no tags (405), an unknown version is NoSuchVersion, and with the marker latest
    // the key itself is gone (404).
    const marker = (await s3.send(new DeleteObjectCommand({ Bucket: 'vtags', Key: 'k' }))).VersionId!;
    assert.equal(await code(s3.send(new GetObjectTaggingCommand({ Bucket: 'vtags', Key: 'k', VersionId: marker }))), '405 MethodNotAllowed');
    assert.equal(await code(s3.send(new GetObjectTaggingCommand({ Bucket: 'vtags', Key: 'k', VersionId: 'f'.repeat(32) }))), '404 NoSuchVersion');
    assert.equal(await code(s3.send(new GetObjectTaggingCommand({ Bucket: 'vtags', Key: 'k' }))), '404 NoSuchKey');
    assert.deepEqual(await tagsOf(v2), [{ Key: 'gen', Value: '2' }]);
  } finally {
    await c.close();
  }
});
