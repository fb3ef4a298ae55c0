// IAM and STS through the in-process handler, plus durability of roles across reopen.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { CreateRoleCommand, GetRoleCommand, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { openLocalForTest } from '../../support/local-clients.js';
import { managedSuite } from './managed-suite.js';
import { iamStsSuite } from './suite.js';

iamStsSuite('in-process', async () => openLocalForTest());
managedSuite('in-process', async () => openLocalForTest());

test('roles and inline policies survive reopen', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lh-iam-'));
  try {
    const a = await openLocalForTest({ dataDir });
    await a.iam.send(new CreateRoleCommand({ RoleName: 'kept', AssumeRolePolicyDocument: '{"Version":"2012-10-17","Statement":[]}' }));
    await a.iam.send(new PutRolePolicyCommand({ RoleName: 'kept', PolicyName: 'p', PolicyDocument: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}' }));
    await a.close();
    const b = await openLocalForTest({ dataDir });
    try {
      const role = await b.iam.send(new GetRoleCommand({ RoleName: 'kept' }));
      assert.equal(role.Role?.Arn, 'arn:aws:iam::000000000000:role/kept');
    } finally {
      await b.close();
    }
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
