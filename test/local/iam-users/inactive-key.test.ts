// A request signed with an IAM user's deactivated access key is refused by every service, in each service's
// words (S3 InvalidAccessKeyId, Query InvalidClientTokenId, JSON UnrecognizedClientException); the key
// signs again once reactivated, and root's keys are unaffected. Through serve, where the signing key is real.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { CreateAccessKeyCommand, CreateUserCommand, IAMClient, UpdateAccessKeyCommand } from '@aws-sdk/client-iam';
import { KinesisClient, ListStreamsCommand } from '@aws-sdk/client-kinesis';
import { ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { startServer } from '../../../src/local/server.js';

const region = 'us-east-1';
const root = { accessKeyId: 'test', secretAccessKey: 'test' };
type SdkError = Error & { $metadata?: { httpStatusCode?: number } };

function refused(name: string, status: number, message: string) {
  return (e: SdkError) => {
    assert.deepEqual([e.name, e.$metadata?.httpStatusCode, e.message], [name, status, message]);
    return true;
  };
}

test('serve: an Inactive access key is refused by S3, STS and Kinesis as AWS words it; Active again, it signs as its user', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lh-inactive-key-'));
  const server = await startServer({ dataDir, port: 0 });
  const endpoint = server.endpoint;
  try {
    const iam = new IAMClient({ region, endpoint, credentials: root });
    await iam.send(new CreateUserCommand({ UserName: 'ivy' }));
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'ivy' }))).AccessKey!;
    const credentials = { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! };
    const s3 = new S3Client({ region, endpoint, credentials, forcePathStyle: true });
    const sts = new STSClient({ region, endpoint, credentials });
    const kinesis = new KinesisClient({ region, endpoint, credentials });

    await iam.send(new UpdateAccessKeyCommand({ UserName: 'ivy', AccessKeyId: key.AccessKeyId, Status: 'Inactive' }));
    const invalidToken = 'The security token included in the request is invalid.';
    await assert.rejects(s3.send(new ListBucketsCommand({})), refused('InvalidAccessKeyId', 403, 'The AWS Access Key Id you provided does not exist in our records.'));
    await assert.rejects(sts.send(new GetCallerIdentityCommand({})), refused('InvalidClientTokenId', 403, invalidToken));
    await assert.rejects(kinesis.send(new ListStreamsCommand({})), refused('UnrecognizedClientException', 400, invalidToken));
    // Root (any key IAM does not know) is unaffected.
    assert.deepEqual((await new S3Client({ region, endpoint, credentials: root, forcePathStyle: true }).send(new ListBucketsCommand({}))).Buckets, []);

    await iam.send(new UpdateAccessKeyCommand({ UserName: 'ivy', AccessKeyId: key.AccessKeyId, Status: 'Active' }));
    assert.equal((await sts.send(new GetCallerIdentityCommand({}))).Arn, 'arn:aws:iam::000000000000:user/ivy');
    assert.deepEqual((await kinesis.send(new ListStreamsCommand({}))).StreamNames, []);
  } finally {
    await server.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
