// boto3 (Debian's python3-boto3) against `serve`: S3 with a paginator, Kinesis put_records/get_records,
// STS and an IAM error — the other common real client, over HTTP/1.1.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PYTHON_WITH_BOTO3, runBoto3AgainstServe } from '../../support/boto3.js';

const SCRIPT = String.raw`
import json, sys, time, boto3
from botocore.config import Config
ep = sys.argv[1]
kw = dict(endpoint_url=ep, region_name='us-east-1', aws_access_key_id='test', aws_secret_access_key='test',
          config=Config(retries={'max_attempts': 2}))
out = {}
s3 = boto3.client('s3', **kw)
s3.create_bucket(Bucket='boto-lake')
for i in range(25):
    s3.put_object(Bucket='boto-lake', Key='events/part %02d.json' % i, Body=b'{"i": %d}' % i)
pages = s3.get_paginator('list_objects_v2').paginate(Bucket='boto-lake', Prefix='events/', PaginationConfig={'PageSize': 10})
out['keys'] = [o['Key'] for p in pages for o in p.get('Contents', [])]
out['body'] = s3.get_object(Bucket='boto-lake', Key='events/part 07.json')['Body'].read().decode()
try:
    s3.head_object(Bucket='boto-lake', Key='nope')
except s3.exceptions.ClientError as e:
    out['head_missing'] = e.response['Error']['Code']
k = boto3.client('kinesis', **kw)
k.create_stream(StreamName='boto-stream', ShardCount=2)
k.get_waiter('stream_exists').wait(StreamName='boto-stream', WaiterConfig={'Delay': 1})
res = k.put_records(StreamName='boto-stream', Records=[{'Data': b'r%d' % i, 'PartitionKey': 'pk%d' % i} for i in range(20)])
out['failed'] = res['FailedRecordCount']
got = []
for shard in k.list_shards(StreamName='boto-stream')['Shards']:
    it = k.get_shard_iterator(StreamName='boto-stream', ShardId=shard['ShardId'], ShardIteratorType='TRIM_HORIZON')['ShardIterator']
    got += [r['Data'].decode() for r in k.get_records(ShardIterator=it)['Records']]
out['records'] = sorted(got)
out['account'] = boto3.client('sts', **kw).get_caller_identity()['Account']
iam = boto3.client('iam', **kw)
try:
    iam.get_role(RoleName='nobody')
except iam.exceptions.NoSuchEntityException as e:
    out['iam_error'] = e.response['Error']['Code']
print(json.dumps(out))
`;

test('boto3 against serve: S3 paginator, Kinesis records, STS, IAM errors', { skip: PYTHON_WITH_BOTO3 ? false : 'python3 with boto3 not installed (apt-get install -y python3-boto3)' }, async () => {
  const out = await runBoto3AgainstServe(SCRIPT, 'lh-boto3-');
  assert.equal(out.keys.length, 25);
  assert.equal(out.keys[0], 'events/part 00.json');
  assert.equal(out.body, '{"i": 7}');
  assert.equal(out.head_missing, '404');
  assert.equal(out.failed, 0);
  assert.deepEqual(out.records, Array.from({ length: 20 }, (_, i) => `r${i}`).sort());
  assert.equal(out.account, '000000000000');
  assert.equal(out.iam_error, 'NoSuchEntity');
});
