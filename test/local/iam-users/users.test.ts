// IAM users, groups, policies on them, access keys and login profiles through the in-process emulator and
// through `serve` (where requests carry the signing key, so a user's key signs as that user).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  AddUserToGroupCommand,
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreateGroupCommand,
  CreatePolicyCommand,
  CreateUserCommand,
  GetGroupCommand,
  GetPolicyCommand,
  IAMClient,
  ListAccessKeysCommand,
  ListAttachedRolePoliciesCommand,
} from '@aws-sdk/client-iam';
import { STSClient } from '@aws-sdk/client-sts';
import { startServer } from '../../../src/local/server.js';
import { openLocalForTest } from '../../support/local-clients.js';
import { accountSuite } from './account-suite.js';
import { credentialsSuite } from './credentials-suite.js';
import { groupsSuite } from './groups-suite.js';
import { usersSuite } from './users-suite.js';

const region = 'us-east-1';
const root = { accessKeyId: 'test', secretAccessKey: 'test' };

async function serve() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lh-iam-users-'));
  const server = await startServer({ dataDir, port: 0 });
  const endpoint = server.endpoint;
  return {
    iam: new IAMClient({ region, endpoint, credentials: root }),
    as: (credentials: { accessKeyId: string; secretAccessKey: string }) => ({
      iam: new IAMClient({ region, endpoint, credentials }),
      sts: new STSClient({ region, endpoint, credentials }),
    }),
    async close() {
      await server.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

usersSuite('in-process', () => openLocalForTest());
usersSuite('serve', serve);
groupsSuite('in-process', () => openLocalForTest());
groupsSuite('serve', serve);
credentialsSuite('serve', serve);
accountSuite('in-process', () => openLocalForTest());

test('IAM users, groups, memberships, keys and attachments survive reopen; role attachments kept in policies.json move to attachments.json', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lh-iam-users-reopen-'));
  try {
    const doc = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] });
    const a = await openLocalForTest({ dataDir });
    await a.iam.send(new CreateUserCommand({ UserName: 'lee' }));
    await a.iam.send(new CreateGroupCommand({ GroupName: 'ops' }));
    await a.iam.send(new AddUserToGroupCommand({ GroupName: 'ops', UserName: 'lee' }));
    const key = (await a.iam.send(new CreateAccessKeyCommand({ UserName: 'lee' }))).AccessKey!;
    const arn = (await a.iam.send(new CreatePolicyCommand({ PolicyName: 'p', PolicyDocument: doc }))).Policy!.Arn!;
    await a.iam.send(new AttachUserPolicyCommand({ UserName: 'lee', PolicyArn: arn }));
    await a.close();
    // An older data directory: role attachments lived in policies.json's `attached`, by role name.
    const iamDir = path.join(dataDir, 'iam');
    fs.rmSync(path.join(iamDir, 'attachments.json'));
    const policies = JSON.parse(fs.readFileSync(path.join(iamDir, 'policies.json'), 'utf8'));
    fs.writeFileSync(path.join(iamDir, 'policies.json'), JSON.stringify({ ...policies, attached: { legacy: [arn] } }));
    fs.writeFileSync(path.join(iamDir, 'roles.json'), JSON.stringify({ roles: { legacy: { RoleName: 'legacy', RoleId: 'AROAAAAAAAAAAAAAAAAAA', Path: '/', Arn: 'arn:aws:iam::000000000000:role/legacy', CreateDate: 0, AssumeRolePolicyDocument: '{}', MaxSessionDuration: 3600, Tags: [], policies: {} } } }));
    const b = await openLocalForTest({ dataDir });
    try {
      const group = await b.iam.send(new GetGroupCommand({ GroupName: 'ops' }));
      assert.deepEqual(group.Users?.map((u) => u.UserName), ['lee']);
      const keys = await b.iam.send(new ListAccessKeysCommand({ UserName: 'lee' }));
      assert.deepEqual(keys.AccessKeyMetadata?.map((k) => k.AccessKeyId), [key.AccessKeyId]);
      const legacy = await b.iam.send(new ListAttachedRolePoliciesCommand({ RoleName: 'legacy' }));
      assert.deepEqual(legacy.AttachedPolicies?.map((x) => x.PolicyArn), [arn]);
      assert.equal((await b.iam.send(new GetPolicyCommand({ PolicyArn: arn }))).Policy?.AttachmentCount, 1);
    } finally {
      await b.close();
    }
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
