// Direct SDK Describe calls for assertions: what really exists, independent of the resource layer.
import { GetWorkGroupCommand } from '@aws-sdk/client-athena';
import { DescribeDeliveryStreamCommand } from '@aws-sdk/client-firehose';
import { GetDatabaseCommand, GetTableCommand } from '@aws-sdk/client-glue';
import { GetRoleCommand } from '@aws-sdk/client-iam';
import { DescribeStreamSummaryCommand } from '@aws-sdk/client-kinesis';
import { HeadBucketCommand } from '@aws-sdk/client-s3';
import type { Clients } from '../../src/aws/clients.js';
import type { Pipeline } from '../../src/config/types.js';

async function exists(call: () => Promise<unknown>): Promise<boolean> {
  try {
    await call();
    return true;
  } catch (e) {
    const err = e as { name?: string; $metadata?: { httpStatusCode?: number }; message?: string };
    const missing =
      err.$metadata?.httpStatusCode === 404 ||
      ['ResourceNotFoundException', 'EntityNotFoundException', 'NoSuchEntity', 'NoSuchEntityException', 'NotFound', 'NoSuchBucket'].includes(
        err.name ?? '',
      ) ||
      (err.name === 'InvalidRequestException' && /not found/i.test(err.message ?? ''));
    if (missing) return false;
    throw e;
  }
}

/** Which of the pipeline's resources exist, asked of each service directly. */
export async function existing(c: Clients, p: Pipeline): Promise<Record<string, boolean>> {
  return {
    role: await exists(() => c.iam.send(new GetRoleCommand({ RoleName: p.delivery.roleName }))),
    bucket: await exists(() => c.s3.send(new HeadBucketCommand({ Bucket: p.bucket.name }))),
    database: await exists(() => c.glue.send(new GetDatabaseCommand({ Name: p.table.database }))),
    table: await exists(() => c.glue.send(new GetTableCommand({ DatabaseName: p.table.database, Name: p.table.name }))),
    stream: await exists(() => c.kinesis.send(new DescribeStreamSummaryCommand({ StreamName: p.stream.name }))),
    workgroup: await exists(() => c.athena.send(new GetWorkGroupCommand({ WorkGroup: p.athena.workgroup }))),
    delivery: await exists(() => c.firehose.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: p.delivery.name }))),
  };
}

export const ALL = { role: true, bucket: true, database: true, table: true, stream: true, workgroup: true, delivery: true };
export const NONE = { role: false, bucket: false, database: false, table: false, stream: false, workgroup: false, delivery: false };
