// Fault injection: LAKEHOUSE_FAULTS parsing, the per-call decision, and the emulator answering injected
// faults in each protocol's AWS shape (the SDK's retry then sees them as AWS throttling/5xx).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CreateBucketCommand, ListBucketsCommand, S3ServiceException } from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand, STSServiceException } from '@aws-sdk/client-sts';
import { openLocalForTest } from '../../support/local-clients.js';
import { faultError, parseFaults, settingsFromEnv, shouldFail } from '../../../src/local/faults.js';

test('parseFaults reads service:Action=fraction:kind rules and rejects bad ones', () => {
  assert.deepEqual(parseFaults('kinesis:PutRecords=0.1:throttle, s3:PutObject=0.05:500,glue:*=1'), [
    { service: 'kinesis', action: 'PutRecords', fraction: 0.1, kind: 'throttle' },
    { service: 's3', action: 'PutObject', fraction: 0.05, kind: '500' },
    { service: 'glue', action: '*', fraction: 1, kind: 'throttle' },
  ]);
  assert.deepEqual(parseFaults(''), []);
  assert.deepEqual(parseFaults(undefined), []);
  assert.throws(() => parseFaults('kinesis:PutRecords=2'), /invalid LAKEHOUSE_FAULTS rule "kinesis:PutRecords=2"/);
  assert.throws(() => parseFaults('kinesis=0.1'), /invalid LAKEHOUSE_FAULTS rule/);
  assert.throws(() => parseFaults('s3:PutObject=0.1:404'), /invalid/);
  const s = settingsFromEnv({ LAKEHOUSE_ENFORCE_SHARD_LIMITS: '1', LAKEHOUSE_FAULTS: 's3:*=0.5:503' });
  assert.equal(s.enforceShardLimits, true);
  assert.equal(s.faults[0].kind, '503');
});

test('shouldFail draws against the fraction for matching service and action only', () => {
  const settings = { faults: parseFaults('kinesis:PutRecords=0.25:throttle') };
  assert.equal(shouldFail(settings, 'kinesis', 'PutRecords', () => 0.2)?.kind, 'throttle');
  assert.equal(shouldFail(settings, 'kinesis', 'PutRecords', () => 0.3), undefined);
  assert.equal(shouldFail(settings, 'kinesis', 'PutRecord', () => 0), undefined);
  assert.equal(shouldFail(settings, 's3', 'PutRecords', () => 0), undefined);
  assert.equal(shouldFail({ faults: [] }, 'kinesis', 'PutRecords'), undefined);
  assert.equal(faultError(parseFaults('s3:*=1')[0], 's3').code, 'SlowDown');
  assert.equal(faultError(parseFaults('s3:*=1')[0], 's3').status, 503);
  assert.equal(faultError(parseFaults('kinesis:*=1')[0], 'kinesis').code, 'ProvisionedThroughputExceededException');
  assert.equal(faultError(parseFaults('glue:*=1:500')[0], 'glue').status, 500);
});

test('injected faults reach SDK clients in AWS shape; other actions are untouched', async () => {
  const c = await openLocalForTest({ faults: 's3:ListBuckets=1:500,sts:GetCallerIdentity=1:throttle' });
  try {
    c.s3.config.maxAttempts = async () => 1;
    await c.s3.send(new CreateBucketCommand({ Bucket: 'fine-bucket' }));
    await assert.rejects(c.s3.send(new ListBucketsCommand({}), {}), (e: unknown) => {
      assert.ok(e instanceof S3ServiceException);
      assert.equal(e.name, 'InternalError');
      assert.equal(e.$metadata.httpStatusCode, 500);
      return true;
    });
    await assert.rejects(c.sts.send(new GetCallerIdentityCommand({})), (e: unknown) => {
      assert.ok(e instanceof STSServiceException);
      assert.equal(e.name, 'Throttling');
      assert.ok((e.$metadata.attempts ?? 0) > 1, 'the SDK retried the throttled call');
      return true;
    });
  } finally {
    await c.close();
  }
});
