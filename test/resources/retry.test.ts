// IAM eventual consistency: CreateDeliveryStream is retried while Firehose cannot yet assume the new
// role, and only then. (The emulator's IAM is consistent at once, so the AWS answer is reproduced here.)
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { isRoleNotReady } from '../../src/resources/delivery.js';
import { retrying } from '../../src/resources/wait.js';

function awsError(name: string, message: string): Error {
  return Object.assign(new Error(message), { name });
}

const notAssumable = awsError(
  'InvalidArgumentException',
  'Firehose is unable to assume role arn:aws:iam::123456789012:role/x-firehose. Please check the role provided.',
);

it('recognizes the role-not-ready answers and nothing else', () => {
  assert.ok(isRoleNotReady(notAssumable));
  assert.ok(isRoleNotReady(awsError('InvalidArgumentException', 'User: arn:aws:sts::1:assumed-role/x is not authorized to perform: sts:AssumeRole')));
  assert.ok(!isRoleNotReady(awsError('InvalidArgumentException', 'BufferingHints.SizeInMBs must be at least 64')));
  assert.ok(!isRoleNotReady(awsError('ResourceInUseException', 'role in use')));
});

it('retries while the role is not ready, then succeeds', async () => {
  let calls = 0;
  const out = await retrying(
    async () => {
      if (++calls < 3) throw notAssumable;
      return 'created';
    },
    isRoleNotReady,
    { attempts: 8, baseMs: 1 },
  );
  assert.equal(out, 'created');
  assert.equal(calls, 3);
});

it('gives up after the bounded number of attempts, and at once on other errors', async () => {
  let calls = 0;
  await assert.rejects(
    retrying(async () => {
      calls++;
      throw notAssumable;
    }, isRoleNotReady, { attempts: 4, baseMs: 1 }),
    /unable to assume role/,
  );
  assert.equal(calls, 4);
  calls = 0;
  await assert.rejects(
    retrying(async () => {
      calls++;
      throw awsError('LimitExceededException', 'too many');
    }, isRoleNotReady, { attempts: 4, baseMs: 1 }),
  );
  assert.equal(calls, 1);
});
