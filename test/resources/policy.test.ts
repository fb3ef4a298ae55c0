// The Firehose role policy: only the actions Firehose needs, only on the exact ARNs of this pipeline.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { arnIds } from '../../src/resources/arns.js';
import { firehoseDeliveryPolicy, firehoseTrustPolicy, parsePolicyDocument } from '../../src/resources/policy.js';
import { samplePipeline } from './fixtures.js';

it('scopes the delivery policy to the exact stream, bucket and Glue ARNs, nothing wider', () => {
  const p = samplePipeline();
  const doc = firehoseDeliveryPolicy(p, arnIds('eu-west-1', '123456789012')) as any;
  const grants = doc.Statement.map((s: any) => ({ effect: s.Effect, actions: [...s.Action].sort(), resources: [...s.Resource].sort() }));
  assert.deepEqual(grants, [
    {
      effect: 'Allow',
      actions: ['kinesis:DescribeStream', 'kinesis:GetRecords', 'kinesis:GetShardIterator', 'kinesis:ListShards'],
      resources: ['arn:aws:kinesis:eu-west-1:123456789012:stream/clickstream-stream'],
    },
    {
      effect: 'Allow',
      actions: [
        's3:AbortMultipartUpload',
        's3:GetBucketLocation',
        's3:GetObject',
        's3:ListBucket',
        's3:ListBucketMultipartUploads',
        's3:PutObject',
      ],
      resources: ['arn:aws:s3:::clickstream-lake-000000000000', 'arn:aws:s3:::clickstream-lake-000000000000/*'],
    },
    {
      effect: 'Allow',
      actions: ['glue:GetTable', 'glue:GetTableVersion', 'glue:GetTableVersions'],
      resources: [
        'arn:aws:glue:eu-west-1:123456789012:catalog',
        'arn:aws:glue:eu-west-1:123456789012:database/lakehouse',
        'arn:aws:glue:eu-west-1:123456789012:table/lakehouse/events',
      ],
    },
  ]);
  const wild = doc.Statement.flatMap((s: any) => [...s.Action, ...s.Resource]).filter((x: string) => x.includes('*'));
  assert.deepEqual(wild, ['arn:aws:s3:::clickstream-lake-000000000000/*'], 'the only wildcard is the objects of our bucket');
  assert.ok(!doc.Statement.some((s: any) => s.NotAction || s.NotResource || s.Effect !== 'Allow'));
});

it('trusts only Firehose, for this account', () => {
  const doc = firehoseTrustPolicy('123456789012') as any;
  assert.equal(doc.Statement.length, 1);
  assert.deepEqual(doc.Statement[0].Principal, { Service: 'firehose.amazonaws.com' });
  assert.equal(doc.Statement[0].Action, 'sts:AssumeRole');
  assert.equal(doc.Statement[0].Condition.StringEquals['sts:ExternalId'], '123456789012');
});

it('reads IAM policy documents URL-encoded or plain', () => {
  const doc = { Version: '2012-10-17', Statement: [] };
  assert.deepEqual(parsePolicyDocument(encodeURIComponent(JSON.stringify(doc))), doc);
  assert.deepEqual(parsePolicyDocument(JSON.stringify(doc)), doc);
});
