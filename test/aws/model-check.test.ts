// The AWS API model check (src/aws/model-check.ts) stops requests real AWS would reject before they are sent,
// whatever the endpoint (here a closed port: a request that passes the check fails to connect instead).
import { modelsDir } from './check-models.js';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CreateWorkGroupCommand } from '@aws-sdk/client-athena';
import { CreateDeliveryStreamCommand } from '@aws-sdk/client-firehose';
import { CreateDatabaseCommand } from '@aws-sdk/client-glue';
import { CreateRoleCommand } from '@aws-sdk/client-iam';
import { CreateStreamCommand, PutRecordsCommand } from '@aws-sdk/client-kinesis';
import { openClients, type Clients } from '../../src/aws/clients.js';
import { checkInput } from '../../src/aws/model-check.js';

Object.assign(process.env, { AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test' });

async function withClosedPort(fn: (c: Clients) => Promise<void>): Promise<void> {
  const c = await openClients({ provider: 'aws', region: 'us-east-1', endpointUrl: 'http://127.0.0.1:1', http: '1.1' });
  c.kinesis.config.maxAttempts = async () => 1;
  try {
    await fn(c);
  } finally {
    await c.close();
  }
}

const violation = (re: RegExp) => (e: Error) => e.name === 'ModelViolation' && re.test(e.message);

describe('AWS API model check on every client', { skip: modelsDir ? false : 'no AWS models (LAKEHOUSE_CHECK_MODELS)' }, () => {
  it('refuses patterns, lengths, ranges, required members and enums, per service', async () => {
    await withClosedPort(async (c) => {
      await assert.rejects(c.kinesis.send(new CreateStreamCommand({ StreamName: 'bad name!', ShardCount: 1 })), violation(/StreamName: "bad name!" does not match/));
      await assert.rejects(
        c.kinesis.send(new PutRecordsCommand({ StreamName: 's', Records: [{ PartitionKey: 'k'.repeat(257), Data: new Uint8Array(1) }] })),
        violation(/Records\[0\]\.PartitionKey: length 257 is above the maximum 256/),
      );
      await assert.rejects(c.kinesis.send(new PutRecordsCommand({ StreamName: 's', Records: [] })), violation(/Records: length 0 is below the minimum 1/));
      await assert.rejects(c.glue.send(new CreateDatabaseCommand({ DatabaseInput: { Name: undefined as never } })), violation(/DatabaseInput\.Name: required/));
      await assert.rejects(
        c.athena.send(new CreateWorkGroupCommand({ Name: 'wg', Configuration: { BytesScannedCutoffPerQuery: 5 } })),
        violation(/BytesScannedCutoffPerQuery: value 5 is below the minimum 10000000/),
      );
      await assert.rejects(c.iam.send(new CreateRoleCommand({ RoleName: 'r'.repeat(65), AssumeRolePolicyDocument: '{}' })), violation(/RoleName: length 65/));
      await assert.rejects(
        c.firehose.send(
          new CreateDeliveryStreamCommand({
            DeliveryStreamName: 'd',
            ExtendedS3DestinationConfiguration: { RoleARN: 'arn:aws:iam::123456789012:role/r', BucketARN: 'arn:aws:s3:::b', CompressionFormat: 'BZIP2' as never },
          }),
        ),
        violation(/CompressionFormat: "BZIP2" is not one of/),
      );
    });
  });

  it('lets a conforming request through (it then fails to connect, not the check)', async () => {
    await withClosedPort(async (c) => {
      await assert.rejects(c.kinesis.send(new CreateStreamCommand({ StreamName: 'good-name', ShardCount: 1 })), (e: Error) => e.name !== 'ModelViolation');
    });
  });

  it('checks JSON bodies as AWS reads them: blobs by their decoded size', () => {
    const body = { StreamName: 's', Records: [{ PartitionKey: 'k', Data: Buffer.alloc(10 * 1024 * 1024 + 1).toString('base64') }] };
    assert.match(checkInput(modelsDir!, 'kinesis', 'PutRecords', body, true).join(), /Data: size 10485761 is above the maximum 10485760/);
    body.Records[0]!.Data = Buffer.alloc(1000).toString('base64');
    assert.deepEqual(checkInput(modelsDir!, 'kinesis', 'PutRecords', body, true), []);
  });
});
