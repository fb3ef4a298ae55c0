// S3's one global bucket namespace with each bucket's region: the region comes from the request's SigV4
// scope; the us-east-1 (global) endpoint creates buckets in any region, a regional endpoint only in its
// own (IllegalLocationConstraintException); GetBucketLocation/HeadBucket tell the bucket's region to any
// client — boto3 over serve with clients of three regions, and the JS SDK in-process.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CreateBucketCommand, GetBucketLocationCommand, HeadBucketCommand, S3ServiceException } from '@aws-sdk/client-s3';
import { openLocalForTest } from '../../support/local-clients.js';
import { boto, PY } from './boto.js';

test('JS SDK in-process: a us-west-2 client makes us-west-2 buckets and cannot make us-east-2 ones', async () => {
  const c = await openLocalForTest({ region: 'us-west-2' });
  try {
    await c.s3.send(new CreateBucketCommand({ Bucket: 'west-lake', CreateBucketConfiguration: { LocationConstraint: 'us-west-2' } }));
    assert.equal((await c.s3.send(new GetBucketLocationCommand({ Bucket: 'west-lake' }))).LocationConstraint, 'us-west-2');
    assert.equal((await c.s3.send(new HeadBucketCommand({ Bucket: 'west-lake' }))).BucketRegion, 'us-west-2');
    await assert.rejects(
      c.s3.send(new CreateBucketCommand({ Bucket: 'east-lake', CreateBucketConfiguration: { LocationConstraint: 'us-east-2' } })),
      (e: unknown) => e instanceof S3ServiceException && e.name === 'IllegalLocationConstraintException' && e.$metadata.httpStatusCode === 400,
    );
  } finally {
    await c.close();
  }
});

test('boto3 over serve: one namespace, each bucket in its region', { skip: !PY && 'python3 with boto3 not installed' }, async () => {
  const out = await boto(String.raw`
def client(region):
    return boto3.client('s3', endpoint_url=sys.argv[1], region_name=region, aws_access_key_id='t', aws_secret_access_key='t',
                        config=Config(retries={'max_attempts': 1}))
east, west = client('us-east-1'), client('us-west-2')
r = {}
r['global_any'] = err(east.create_bucket, Bucket='ohio-lake', CreateBucketConfiguration={'LocationConstraint': 'us-east-2'})
r['west_own'] = err(west.create_bucket, Bucket='oregon-lake', CreateBucketConfiguration={'LocationConstraint': 'us-west-2'})
r['west_other'] = err(west.create_bucket, Bucket='other-lake', CreateBucketConfiguration={'LocationConstraint': 'eu-west-1'})
r['east_explicit'] = err(east.create_bucket, Bucket='virginia-lake', CreateBucketConfiguration={'LocationConstraint': 'us-east-1'})
r['taken'] = err(west.create_bucket, Bucket='ohio-lake', CreateBucketConfiguration={'LocationConstraint': 'us-west-2'})
r['locations'] = {b: west.get_bucket_location(Bucket=b).get('LocationConstraint') for b in ['ohio-lake', 'oregon-lake']}
r['listed'] = sorted(b['Name'] for b in east.list_buckets()['Buckets'])
print(json.dumps(r))
`);
  assert.deepEqual(out, {
    global_any: [200, 'OK'],
    west_own: [200, 'OK'],
    west_other: [400, 'IllegalLocationConstraintException'],
    east_explicit: [400, 'InvalidLocationConstraint'],
    taken: [409, 'BucketAlreadyOwnedByYou'],
    locations: { 'ohio-lake': 'us-east-2', 'oregon-lake': 'us-west-2' },
    listed: ['ohio-lake', 'oregon-lake'],
  });
});
