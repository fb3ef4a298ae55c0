// ARNs of the pipeline's resources, built from the account id (STS GetCallerIdentity) and the region.
import type { ArnIds } from './types.js';

export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

export function arnIds(region: string, accountId: string): ArnIds {
  return { partition: partitionOf(region), region, accountId };
}

const regional = (ids: ArnIds, service: string, resource: string) =>
  `arn:${ids.partition}:${service}:${ids.region}:${ids.accountId}:${resource}`;

export const arn = {
  stream: (ids: ArnIds, name: string) => regional(ids, 'kinesis', `stream/${name}`),
  delivery: (ids: ArnIds, name: string) => regional(ids, 'firehose', `deliverystream/${name}`),
  workgroup: (ids: ArnIds, name: string) => regional(ids, 'athena', `workgroup/${name}`),
  glueCatalog: (ids: ArnIds) => regional(ids, 'glue', 'catalog'),
  glueDatabase: (ids: ArnIds, db: string) => regional(ids, 'glue', `database/${db}`),
  glueTable: (ids: ArnIds, db: string, table: string) => regional(ids, 'glue', `table/${db}/${table}`),
  bucket: (ids: ArnIds, name: string) => `arn:${ids.partition}:s3:::${name}`,
  role: (ids: ArnIds, name: string) => `arn:${ids.partition}:iam::${ids.accountId}:role/${name}`,
};
