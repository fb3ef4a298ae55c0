// IAM policy documents for the Firehose role: trust only firehose.amazonaws.com, and allow only the
// actions Firehose needs on the exact stream, bucket and Glue ARNs (the seed granted kinesis:*, glue:* on *).
import { isDirectPut, isIceberg, type Pipeline } from '../config/types.js';
import { arn } from './arns.js';
import type { ArnIds, Value } from './types.js';

export const INLINE_POLICY_NAME = 'lakehouse-firehose-delivery';

export const FIREHOSE_KINESIS_ACTIONS = [
  'kinesis:DescribeStream',
  'kinesis:GetShardIterator',
  'kinesis:GetRecords',
  'kinesis:ListShards',
];
export const FIREHOSE_S3_ACTIONS = [
  's3:AbortMultipartUpload',
  's3:GetBucketLocation',
  's3:GetObject',
  's3:ListBucket',
  's3:ListBucketMultipartUploads',
  's3:PutObject',
];
export const FIREHOSE_GLUE_ACTIONS = ['glue:GetTable', 'glue:GetTableVersion', 'glue:GetTableVersions'];
/** An Iceberg destination reads the database and table and commits by UpdateTable (AWS's documented policy);
 * it also deletes objects of commits that failed, hence s3:DeleteObject. */
export const FIREHOSE_ICEBERG_GLUE_ACTIONS = ['glue:GetDatabase', 'glue:GetTable', 'glue:UpdateTable'];
export const FIREHOSE_ICEBERG_S3_ACTIONS = [...FIREHOSE_S3_ACTIONS, 's3:DeleteObject'].sort();

export function firehoseTrustPolicy(accountId: string): Value {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Service: 'firehose.amazonaws.com' },
        Action: 'sts:AssumeRole',
        // Confused-deputy guard: only Firehose acting for this account may assume the role.
        Condition: { StringEquals: { 'sts:ExternalId': accountId } },
      },
    ],
  };
}

export function firehoseDeliveryPolicy(p: Pipeline, ids: ArnIds): Value {
  const bucketArn = arn.bucket(ids, p.bucket.name);
  return {
    Version: '2012-10-17',
    Statement: [
      // Direct PUT: producers hand records to Firehose, so the role reads no stream at all.
      ...(isDirectPut(p) ? [] : [{ Sid: 'ReadSourceStream', Effect: 'Allow', Action: FIREHOSE_KINESIS_ACTIONS, Resource: [arn.stream(ids, p.stream.name)] }]),
      {
        Sid: 'WriteLake',
        Effect: 'Allow',
        Action: isIceberg(p) ? FIREHOSE_ICEBERG_S3_ACTIONS : FIREHOSE_S3_ACTIONS,
        Resource: [bucketArn, `${bucketArn}/*`],
      },
      {
        Sid: isIceberg(p) ? 'CommitIcebergTable' : 'ReadTableSchema',
        Effect: 'Allow',
        Action: isIceberg(p) ? FIREHOSE_ICEBERG_GLUE_ACTIONS : FIREHOSE_GLUE_ACTIONS,
        Resource: [
          arn.glueCatalog(ids),
          arn.glueDatabase(ids, p.table.database),
          arn.glueTable(ids, p.table.database, p.table.name),
        ],
      },
    ],
  };
}

/** IAM returns policy documents URL-encoded; accept both forms. */
export function parsePolicyDocument(doc: string | undefined): Value {
  if (!doc) return null;
  const text = doc.trimStart().startsWith('{') ? doc : decodeURIComponent(doc);
  return JSON.parse(text) as Value;
}
