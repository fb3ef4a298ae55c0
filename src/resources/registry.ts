// Every resource module by kind, and the desired state of the whole pipeline.
import type { Pipeline } from '../config/types.js';
import { bucket } from './bucket.js';
import { database } from './database.js';
import { delivery } from './delivery.js';
import { role } from './role.js';
import { stream } from './stream.js';
import { table } from './table.js';
import type { ArnIds, Desired, ResourceKind, ResourceModule } from './types.js';
import { workgroup } from './workgroup.js';

export const MODULES: Record<ResourceKind, ResourceModule> = { role, bucket, database, table, stream, workgroup, delivery };

export function desiredState(p: Pipeline, ids: ArnIds): Record<ResourceKind, Desired> {
  const out = {} as Record<ResourceKind, Desired>;
  for (const [kind, mod] of Object.entries(MODULES) as Array<[ResourceKind, ResourceModule]>) out[kind] = mod.desired(p, ids);
  return out;
}

/** Human label of a kind, as plan and status print it. */
export const KIND_LABEL: Record<ResourceKind, string> = {
  role: 'IAM role',
  bucket: 'S3 bucket',
  database: 'Glue database',
  table: 'Glue table',
  stream: 'Kinesis stream',
  workgroup: 'Athena workgroup',
  delivery: 'Firehose delivery stream',
};
