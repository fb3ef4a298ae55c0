// One assertion for IAM's error answers: the SDK exception name, HTTP status and message.
import assert from 'node:assert/strict';
import { IAMServiceException } from '@aws-sdk/client-iam';

export async function rejectsWith(p: Promise<unknown>, name: string, status: number, message?: RegExp): Promise<void> {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof IAMServiceException, `expected IAMServiceException, got ${e}`);
    assert.equal(e.name, name);
    assert.equal(e.$metadata.httpStatusCode, status);
    if (message) assert.match(e.message, message);
    return true;
  });
}
