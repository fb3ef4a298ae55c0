// An operation AWS's model defines but the emulator does not implement answers 501 NotImplemented, naming it,
// in each protocol's error shape; a name no AWS model has stays AWS's own "unknown operation"
// (test/security/serve-actions.test.ts).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ListSessionsCommand } from '@aws-sdk/client-athena';
import { SimulatePrincipalPolicyCommand } from '@aws-sdk/client-iam';
import { GetFederationTokenCommand } from '@aws-sdk/client-sts';
import { openLocalForTest } from '../../support/local-clients.js';

async function failure(p: Promise<unknown>): Promise<{ name: string; status?: number; message: string }> {
  try {
    await p;
  } catch (e) {
    const err = e as { name: string; message: string; $metadata?: { httpStatusCode?: number } };
    return { name: err.name, status: err.$metadata?.httpStatusCode, message: err.message };
  }
  assert.fail('expected the call to fail');
}

test('JS SDK in-process: real AWS operations the emulator lacks are 501 NotImplemented (JSON and Query)', async () => {
  const c = await openLocalForTest();
  try {
    const athena = await failure(c.athena.send(new ListSessionsCommand({ WorkGroup: 'primary' })));
    assert.deepEqual([athena.name, athena.status], ['NotImplemented', 501]);
    assert.match(athena.message, /ListSessions is an AWS athena operation that lakehouse's local emulator does not implement/);
    const iam = await failure(c.iam.send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: 'arn:aws:iam::000000000000:user/x', ActionNames: ['s3:GetObject'] })));
    assert.deepEqual([iam.name, iam.status], ['NotImplemented', 501]);
    const sts = await failure(c.sts.send(new GetFederationTokenCommand({ Name: 'someone' })));
    assert.deepEqual([sts.name, sts.status], ['NotImplemented', 501]);
  } finally {
    await c.close();
  }
});
