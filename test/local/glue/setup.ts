// The in-process emulator a Glue test file opens, with the databases and S3 buckets its tests start from.
import { CreateDatabaseCommand } from '@aws-sdk/client-glue';
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { openLocalForTest, type LocalTestClients } from '../athena/helpers.js';

export type { LocalTestClients };

export async function openCatalog(start: { databases?: string[]; buckets?: string[] } = {}): Promise<LocalTestClients> {
  const c = await openLocalForTest();
  for (const Name of start.databases ?? []) await c.glue.send(new CreateDatabaseCommand({ DatabaseInput: { Name } }));
  for (const Bucket of start.buckets ?? []) await c.s3.send(new CreateBucketCommand({ Bucket }));
  return c;
}
