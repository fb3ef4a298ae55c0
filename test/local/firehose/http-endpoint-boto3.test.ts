// boto3 through a real `serve`: an HTTP endpoint delivery stream created, described and fed by boto3 delivers
// to a local HTTPS server (flushed with serve's LakehouseWaitDelivered); boto3 sees AWS's validation errors and a Redshift description without its password.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { PYTHON_WITH_BOTO3 } from '../../support/boto3.js';
import { startHttpsEndpoint } from '../../support/https-endpoint.js';
import { startServer } from '../../../src/local/server.js';

const SCRIPT = `
import base64, json, sys, time, boto3
from botocore.exceptions import ClientError
kw = dict(endpoint_url=sys.argv[1], region_name='us-east-1', aws_access_key_id='test', aws_secret_access_key='test')
fh, s3 = boto3.client('firehose', **kw), boto3.client('s3', **kw)
role = 'arn:aws:iam::000000000000:role/firehose'
s3.create_bucket(Bucket='backup')
out = {}
try:
    fh.create_delivery_stream(DeliveryStreamName='bad', HttpEndpointDestinationConfiguration={
        'EndpointConfiguration': {'Url': 'http://insecure'}, 'S3Configuration': {'RoleARN': role, 'BucketARN': 'arn:aws:s3:::backup'}})
except ClientError as e:
    out['error'] = [e.response['Error']['Code'], e.response['Error']['Message']]
fh.create_delivery_stream(DeliveryStreamName='web', HttpEndpointDestinationConfiguration={
    'EndpointConfiguration': {'Url': sys.argv[2], 'AccessKey': 'k'},
    'BufferingHints': {'SizeInMBs': 1, 'IntervalInSeconds': 60},
    'S3Configuration': {'RoleARN': role, 'BucketARN': 'arn:aws:s3:::backup'}})
fh.create_delivery_stream(DeliveryStreamName='rs', RedshiftDestinationConfiguration={
    'RoleARN': role, 'ClusterJDBCURL': 'jdbc:redshift://c.abc.us-east-1.redshift.amazonaws.com:5439/dev',
    'CopyCommand': {'DataTableName': 't'}, 'Username': 'u', 'Password': 'secret-pw',
    'S3Configuration': {'RoleARN': role, 'BucketARN': 'arn:aws:s3:::backup'}})
for _ in range(100):
    d = fh.describe_delivery_stream(DeliveryStreamName='web')['DeliveryStreamDescription']
    if d['DeliveryStreamStatus'] == 'ACTIVE': break
    time.sleep(0.05)
out['web'] = d['Destinations'][0]['HttpEndpointDestinationDescription']
out['rs'] = fh.describe_delivery_stream(DeliveryStreamName='rs')['DeliveryStreamDescription']['Destinations'][0]['RedshiftDestinationDescription']
r = fh.put_record_batch(DeliveryStreamName='web', Records=[{'Data': b'hello'}, {'Data': b'world'}])
out['failed'] = r['FailedPutCount']
print(json.dumps(out, default=str))
`;

test('boto3 through serve: an HTTP endpoint stream delivers to a local HTTPS server', async (t) => {
  if (!PYTHON_WITH_BOTO3) {
    t.skip('boto3 is not installed');
    return;
  }
  const endpoint = await startHttpsEndpoint();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lh-fh-http-'));
  const server = await startServer({ dataDir, port: 0 });
  try {
    const { stdout } = await promisify(execFile)(PYTHON_WITH_BOTO3, ['-c', SCRIPT, server.endpoint, `${endpoint.url}/fh`]);
    const out = JSON.parse(stdout);
    assert.deepEqual(out.error, [
      'ValidationException',
      "1 validation error detected: Value at 'httpEndpointDestinationConfiguration.endpointConfiguration.url' failed to satisfy constraint: Member must satisfy regular expression pattern: https://.*",
    ]);
    assert.deepEqual(out.web.EndpointConfiguration, { Url: `${endpoint.url}/fh` });
    assert.deepEqual(out.web.BufferingHints, { SizeInMBs: 1, IntervalInSeconds: 60 });
    assert.equal(out.rs.Password, undefined);
    assert.equal(out.rs.Username, 'u');
    assert.equal(out.failed, 0);
    // serve's local-only action flushes the buffer now instead of after its 60 s interval (serve wants a
    // SigV4-shaped Authorization header; it does not check the signature).
    const day = new Date().toISOString().slice(0, 10).replaceAll('-', '');
    const wait = await fetch(server.endpoint, {
      method: 'POST',
      headers: {
        'x-amz-target': 'Firehose_20150804.LakehouseWaitDelivered',
        'content-type': 'application/x-amz-json-1.1',
        authorization: `AWS4-HMAC-SHA256 Credential=test/${day}/us-east-1/firehose/aws4_request, SignedHeaders=host, Signature=${'0'.repeat(64)}`,
      },
      body: JSON.stringify({ DeliveryStreamName: 'web', Flush: true, TimeoutMs: 10_000 }),
    });
    assert.equal(wait.status, 200, await wait.text());
    assert.equal(endpoint.received.length, 1);
    const body = JSON.parse(endpoint.received[0]!.body.toString());
    assert.deepEqual(body.records.map((r: { data: string }) => Buffer.from(r.data, 'base64').toString()), ['hello', 'world']);
    assert.equal(endpoint.received[0]!.headers['x-amz-firehose-access-key'], 'k');
  } finally {
    await server.close();
    await endpoint.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
