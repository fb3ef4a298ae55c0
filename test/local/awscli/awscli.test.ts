// The AWS CLI v2 (Debian package `awscli`, /usr/bin/aws) against `serve`: S3 (s3api + s3 high-level
// commands), Kinesis (create, wait, put, get), STS and IAM — real botocore parsing our wire format.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startServer, type RunningServer } from '../../../src/local/server.js';
import { AWS_CLI, awsCli, closeAwsCli, isolatedCliEnv, type AwsCliResult } from '../../support/aws-cli.js';

const skip = AWS_CLI ? false : 'AWS CLI v2 not installed (apt-get install -y awscli, or make test-deps)';

let server: RunningServer;
let dataDir: string;
let work: string;

function aws(...args: string[]): Promise<AwsCliResult> {
  return awsCli(['--endpoint-url', server.endpoint, '--output', 'json', ...args], { env: isolatedCliEnv(work), cwd: work });
}

async function ok(...args: string[]): Promise<any> {
  const r = await aws(...args);
  assert.equal(r.code, 0, `aws ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout.trim() ? JSON.parse(r.stdout) : undefined;
}

// The three groups are independent: run them concurrently.
describe('AWS CLI v2 against serve', { skip, concurrency: 3 }, () => {
  before(async () => {
    if (skip) return;
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lh-awscli-'));
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'lh-awscli-work-'));
    server = await startServer({ dataDir, port: 0 });
  });

  after(async () => {
    if (skip) return;
    closeAwsCli();
    await server.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
    fs.rmSync(work, { recursive: true, force: true });
  });

  test('aws s3api / s3: create-bucket, put-object, list-objects-v2, copy-object, cp, ls, errors', async () => {
    assert.deepEqual(await ok('s3api', 'create-bucket', '--bucket', 'cli-lake'), { Location: '/cli-lake' });
    const file = path.join(work, 'event.json');
    fs.writeFileSync(file, '{"id":1}\n');
    const put = await ok('s3api', 'put-object', '--bucket', 'cli-lake', '--key', 'events/day 1/ünï+.json', '--body', file);
    assert.equal(put.ETag, '"' + (await import('node:crypto')).createHash('md5').update('{"id":1}\n').digest('hex') + '"');
    const listed = await ok('s3api', 'list-objects-v2', '--bucket', 'cli-lake', '--prefix', 'events/');
    assert.deepEqual(listed.Contents.map((c: any) => [c.Key, c.Size]), [['events/day 1/ünï+.json', 9]]);
    const copy = await ok('s3api', 'copy-object', '--bucket', 'cli-lake', '--key', 'copy.json', '--copy-source', 'cli-lake/events/day 1/ünï+.json');
    assert.equal(copy.CopyObjectResult.ETag, put.ETag);
    assert.equal(fs.readFileSync(path.join(dataDir, 's3', 'cli-lake', 'copy.json'), 'utf8'), '{"id":1}\n');
    const delim = await ok('s3api', 'list-objects-v2', '--bucket', 'cli-lake', '--delimiter', '/');
    assert.deepEqual(delim.CommonPrefixes, [{ Prefix: 'events/' }]);
    assert.deepEqual(delim.Contents.map((c: any) => c.Key), ['copy.json']);
    // The high-level commands (streaming upload with checksums, paginated listing).
    const cp = await aws('s3', 'cp', file, 's3://cli-lake/cp/event.json');
    assert.equal(cp.code, 0, cp.stderr);
    const ls = await aws('s3', 'ls', 's3://cli-lake/', '--recursive');
    assert.equal(ls.code, 0, ls.stderr);
    assert.match(ls.stdout, /cp\/event\.json/);
    assert.match(ls.stdout, /events\/day 1\/ünï\+\.json/);
    const cat = await aws('s3', 'cp', 's3://cli-lake/cp/event.json', '-');
    assert.equal(cat.stdout, '{"id":1}\n');
    // Over 8 MB the CLI switches to a multipart upload.
    const big = path.join(work, 'big.bin');
    fs.writeFileSync(big, Buffer.alloc(12 * 1024 * 1024, 'x'));
    const up = await aws('s3', 'cp', big, 's3://cli-lake/big/big.bin');
    assert.equal(up.code, 0, up.stderr);
    assert.equal(fs.statSync(path.join(dataDir, 's3', 'cli-lake', 'big', 'big.bin')).size, 12 * 1024 * 1024);
    const missing = await aws('s3api', 'get-object', '--bucket', 'cli-lake', '--key', 'nope', path.join(work, 'out'));
    assert.notEqual(missing.code, 0);
    assert.match(missing.stderr, /NoSuchKey/);
    const noBucket = await aws('s3api', 'list-objects-v2', '--bucket', 'no-such-lake');
    assert.match(noBucket.stderr, /NoSuchBucket/);
    const notEmpty = await aws('s3api', 'delete-bucket', '--bucket', 'cli-lake');
    assert.match(notEmpty.stderr, /BucketNotEmpty/);
  });

  test('aws kinesis: create-stream, wait stream-exists, put-record, get-records', async () => {
    await ok('kinesis', 'create-stream', '--stream-name', 'cli-stream', '--shard-count', '1');
    await ok('kinesis', 'wait', 'stream-exists', '--stream-name', 'cli-stream');
    const put = await ok('kinesis', 'put-record', '--stream-name', 'cli-stream', '--partition-key', 'user-1', '--data', 'aGVsbG8gbGFrZQ==');
    assert.equal(put.ShardId, 'shardId-000000000000');
    const it = await ok(
      'kinesis', 'get-shard-iterator', '--stream-name', 'cli-stream', '--shard-id', put.ShardId, '--shard-iterator-type', 'TRIM_HORIZON',
    );
    const got = await ok('kinesis', 'get-records', '--shard-iterator', it.ShardIterator);
    assert.equal(got.Records.length, 1);
    assert.equal(Buffer.from(got.Records[0].Data, 'base64').toString(), 'hello lake');
    assert.equal(got.Records[0].SequenceNumber, put.SequenceNumber);
    const dup = await aws('kinesis', 'create-stream', '--stream-name', 'cli-stream', '--shard-count', '1');
    assert.match(dup.stderr, /ResourceInUseException/);
  });

  test('aws sts get-caller-identity and iam roles', async () => {
    const who = await ok('sts', 'get-caller-identity');
    assert.deepEqual(who, { UserId: '000000000000', Account: '000000000000', Arn: 'arn:aws:iam::000000000000:root' });
    const trust = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"firehose.amazonaws.com"},"Action":"sts:AssumeRole"}]}';
    await ok('iam', 'create-role', '--role-name', 'cli-role', '--assume-role-policy-document', trust);
    const role = await ok('iam', 'get-role', '--role-name', 'cli-role');
    // botocore URL-decodes the document AWS sends encoded.
    assert.deepEqual(role.Role.AssumeRolePolicyDocument, JSON.parse(trust));
    const missing = await aws('iam', 'get-role', '--role-name', 'nobody');
    assert.match(missing.stderr, /NoSuchEntity/);
  });
});
