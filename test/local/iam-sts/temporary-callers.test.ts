// Who a key is, through serve (where the signing key is real): STS GetAccessKeyInfo answers the local account
// for any well-formed key and checks the model's constraints; IAM GetUser without UserName refuses an assumed
// role's temporary credentials in AWS's words instead of answering the root user.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { CreateRoleCommand, GetUserCommand, IAMClient } from '@aws-sdk/client-iam';
import { AssumeRoleCommand, GetAccessKeyInfoCommand, STSClient } from '@aws-sdk/client-sts';
import { startServer } from '../../../src/local/server.js';

const region = 'us-east-1';
const root = { accessKeyId: 'test', secretAccessKey: 'test' };
type SdkError = Error & { $metadata?: { httpStatusCode?: number } };

test('serve: GetAccessKeyInfo names the local account; GetUser with an assumed role\'s keys is a ValidationError', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lh-temporary-callers-'));
  const server = await startServer({ dataDir, port: 0 });
  const { endpoint } = server;
  try {
    const sts = new STSClient({ region, endpoint, credentials: root });
    assert.equal((await sts.send(new GetAccessKeyInfoCommand({ AccessKeyId: 'AKIAIOSFODNN7EXAMPLE' }))).Account, '000000000000');
    await assert.rejects(sts.send(new GetAccessKeyInfoCommand({ AccessKeyId: 'short' })), (e: SdkError) => {
      assert.deepEqual([e.name, e.$metadata?.httpStatusCode], ['ValidationError', 400]);
      assert.equal(e.message, "1 validation error detected: Value 'short' at 'accessKeyId' failed to satisfy constraint: Member must have length greater than or equal to 16");
      return true;
    });

    const iam = new IAMClient({ region, endpoint, credentials: root });
    const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::000000000000:root' }, Action: 'sts:AssumeRole' }] });
    const role = (await iam.send(new CreateRoleCommand({ RoleName: 'reader', AssumeRolePolicyDocument: trust }))).Role!;
    const c = (await sts.send(new AssumeRoleCommand({ RoleArn: role.Arn, RoleSessionName: 'qa' }))).Credentials!;
    const asRole = new IAMClient({ region, endpoint, credentials: { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken } });
    await assert.rejects(asRole.send(new GetUserCommand({})), (e: SdkError) => {
      assert.deepEqual([e.name, e.$metadata?.httpStatusCode, e.message], ['ValidationError', 400, 'Must specify userName when calling with non-User credentials']);
      return true;
    });
    // Root's own key still answers the root user.
    assert.equal((await iam.send(new GetUserCommand({}))).User?.Arn, 'arn:aws:iam::000000000000:root');
  } finally {
    await server.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
