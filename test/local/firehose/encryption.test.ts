// Firehose Start/StopDeliveryStreamEncryption and CreateDeliveryStream's encryption input with the JS SDK in-process and the AWS CLI through serve:
// settings shown by DescribeDeliveryStream, DirectPut only, AWS's validation and state errors.
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import {
  CreateDeliveryStreamCommand,
  DescribeDeliveryStreamCommand,
  StartDeliveryStreamEncryptionCommand,
  StopDeliveryStreamEncryptionCommand,
} from '@aws-sdk/client-firehose';
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { openLocalForTest } from '../../support/local-clients.js';
import { startServer } from '../../../src/local/server.js';
import { ROLE, waitActive } from './helpers.js';

// Long enough that the call right after CreateDeliveryStream still finds it CREATING on a loaded machine.
process.env.LAKEHOUSE_FIREHOSE_TRANSITION_MS ??= '1500';

const dest = { BucketARN: 'arn:aws:s3:::lake', RoleARN: ROLE, Prefix: 'raw/', BufferingHints: { SizeInMBs: 1, IntervalInSeconds: 60 } };
const encryption = async (c: Awaited<ReturnType<typeof openLocalForTest>>, name: string) =>
  (await c.firehose.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: name }))).DeliveryStreamDescription?.DeliveryStreamEncryptionConfiguration;

test('encryption of a DirectPut stream is started, changed and stopped', async () => {
  const c = await openLocalForTest();
  try {
    await c.s3.send(new CreateBucketCommand({ Bucket: 'lake' }));
    await c.firehose.send(new CreateDeliveryStreamCommand({ DeliveryStreamName: 'direct', DeliveryStreamType: 'DirectPut', ExtendedS3DestinationConfiguration: dest }));
    await assert.rejects(c.firehose.send(new StartDeliveryStreamEncryptionCommand({ DeliveryStreamName: 'direct' })), { name: 'ResourceInUseException' });
    await waitActive(c, 'direct');
    assert.deepEqual(await encryption(c, 'direct'), { Status: 'DISABLED' });
    await c.firehose.send(new StartDeliveryStreamEncryptionCommand({ DeliveryStreamName: 'direct', DeliveryStreamEncryptionConfigurationInput: { KeyType: 'AWS_OWNED_CMK' } }));
    assert.deepEqual(await encryption(c, 'direct'), { Status: 'ENABLED', KeyType: 'AWS_OWNED_CMK' });
    const key = 'arn:aws:kms:us-east-1:000000000000:key/1234abcd-12ab-34cd-56ef-1234567890ab';
    await c.firehose.send(new StartDeliveryStreamEncryptionCommand({ DeliveryStreamName: 'direct', DeliveryStreamEncryptionConfigurationInput: { KeyType: 'CUSTOMER_MANAGED_CMK', KeyARN: key } }));
    assert.deepEqual(await encryption(c, 'direct'), { Status: 'ENABLED', KeyType: 'CUSTOMER_MANAGED_CMK', KeyARN: key });
    await assert.rejects(
      c.firehose.send(new StartDeliveryStreamEncryptionCommand({ DeliveryStreamName: 'direct', DeliveryStreamEncryptionConfigurationInput: { KeyType: 'CUSTOMER_MANAGED_CMK' } })),
      { name: 'InvalidArgumentException', message: /KeyARN is required/ },
    );
    await assert.rejects(
      c.firehose.send(new StartDeliveryStreamEncryptionCommand({ DeliveryStreamName: 'bad/name', DeliveryStreamEncryptionConfigurationInput: { KeyType: 'OWN' as any } })),
      {
        name: 'ValidationException',
        message: "2 validation errors detected: Value 'bad/name' at 'deliveryStreamName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+; Value 'OWN' at 'deliveryStreamEncryptionConfigurationInput.keyType' failed to satisfy constraint: Member must satisfy enum value set: [AWS_OWNED_CMK, CUSTOMER_MANAGED_CMK]",
      },
    );
    await c.firehose.send(new StopDeliveryStreamEncryptionCommand({ DeliveryStreamName: 'direct' }));
    assert.deepEqual(await encryption(c, 'direct'), { Status: 'DISABLED' });
    await assert.rejects(c.firehose.send(new StopDeliveryStreamEncryptionCommand({ DeliveryStreamName: 'ghost' })), { name: 'ResourceNotFoundException' });
  } finally {
    await c.close();
  }
});

test('CreateDeliveryStream with DeliveryStreamEncryptionConfigurationInput starts encrypted; a Kinesis source is refused', async () => {
  const c = await openLocalForTest();
  try {
    await c.s3.send(new CreateBucketCommand({ Bucket: 'lake' }));
    await c.firehose.send(new CreateDeliveryStreamCommand({ DeliveryStreamName: 'sse', ExtendedS3DestinationConfiguration: dest, DeliveryStreamEncryptionConfigurationInput: { KeyType: 'AWS_OWNED_CMK' } }));
    assert.deepEqual(await encryption(c, 'sse'), { Status: 'ENABLED', KeyType: 'AWS_OWNED_CMK' });
    await assert.rejects(
      c.firehose.send(new CreateDeliveryStreamCommand({ DeliveryStreamName: 'bad-key', ExtendedS3DestinationConfiguration: dest, DeliveryStreamEncryptionConfigurationInput: { KeyType: 'CUSTOMER_MANAGED_CMK' } })),
      { name: 'InvalidArgumentException', message: 'KeyARN is required when KeyType is CUSTOMER_MANAGED_CMK.' },
    );
    await assert.rejects(
      c.firehose.send(new CreateDeliveryStreamCommand({ DeliveryStreamName: 'bad-type', ExtendedS3DestinationConfiguration: dest, DeliveryStreamEncryptionConfigurationInput: { KeyType: 'PLAIN' as never } })),
      { name: 'ValidationException' },
    );
    // Nothing was created by the refused calls.
    await assert.rejects(c.firehose.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: 'bad-key' })), { name: 'ResourceNotFoundException' });
  } finally {
    await c.close();
  }
});

test('AWS CLI through serve: start-delivery-stream-encryption', async (t) => {
  try {
    execFileSync('aws', ['--version'], { stdio: 'ignore' });
  } catch {
    t.skip('the AWS CLI is not installed');
    return;
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lh-fh-enc-'));
  const server = await startServer({ dataDir, port: 0 });
  const env = { ...process.env, AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_DEFAULT_REGION: 'us-east-1' };
  const aws = async (...args: string[]) => (await promisify(execFile)('aws', ['--endpoint-url', server.endpoint, '--output', 'json', ...args], { env })).stdout;
  try {
    await aws('s3api', 'create-bucket', '--bucket', 'lake');
    await aws('firehose', 'create-delivery-stream', '--delivery-stream-name', 'cli', '--extended-s3-destination-configuration', JSON.stringify(dest));
    for (let i = 0; i < 50; i++) {
      const d = JSON.parse(await aws('firehose', 'describe-delivery-stream', '--delivery-stream-name', 'cli'));
      if (d.DeliveryStreamDescription.DeliveryStreamStatus === 'ACTIVE') break;
      await new Promise((r) => setTimeout(r, 100));
    }
    await aws('firehose', 'start-delivery-stream-encryption', '--delivery-stream-name', 'cli', '--delivery-stream-encryption-configuration-input', 'KeyType=AWS_OWNED_CMK');
    const d = JSON.parse(await aws('firehose', 'describe-delivery-stream', '--delivery-stream-name', 'cli'));
    assert.deepEqual(d.DeliveryStreamDescription.DeliveryStreamEncryptionConfiguration, { Status: 'ENABLED', KeyType: 'AWS_OWNED_CMK' });
  } finally {
    await server.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
