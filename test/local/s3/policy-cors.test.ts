// Bucket policy and CORS configuration stored and returned (JS SDK in-process, boto3 over serve), and
// CORS rules applied to a browser's preflight and to responses carrying Origin (raw HTTP over serve).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  CreateBucketCommand,
  DeleteBucketCorsCommand,
  DeleteBucketPolicyCommand,
  GetBucketCorsCommand,
  GetBucketPolicyCommand,
  PutBucketCorsCommand,
  PutBucketPolicyCommand,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { openLocalForTest } from '../../support/local-clients.js';
import { startServer } from '../../../src/local/server.js';
import { tempDirForFile } from '../../support/tmp.js';
import { send, signed } from '../serve/raw.js';
import { boto, PY } from './boto.js';

const name = async (p: Promise<unknown>) => {
  try {
    await p;
    return 'OK';
  } catch (e) {
    assert.ok(e instanceof S3ServiceException, String(e));
    return `${e.$metadata.httpStatusCode} ${e.name}`;
  }
};

const POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::pcb/*' }],
});

test('JS SDK in-process: bucket policy and CORS round-trip; absent ones are AWS errors', async () => {
  const c = await openLocalForTest();
  const s3 = c.s3;
  try {
    await s3.send(new CreateBucketCommand({ Bucket: 'pcb' }));
    assert.equal(await name(s3.send(new GetBucketPolicyCommand({ Bucket: 'pcb' }))), '404 NoSuchBucketPolicy');
    assert.equal(await name(s3.send(new PutBucketPolicyCommand({ Bucket: 'pcb', Policy: 'not json' }))), '400 MalformedPolicy');
    await s3.send(new PutBucketPolicyCommand({ Bucket: 'pcb', Policy: POLICY }));
    assert.equal((await s3.send(new GetBucketPolicyCommand({ Bucket: 'pcb' }))).Policy, POLICY);
    await s3.send(new DeleteBucketPolicyCommand({ Bucket: 'pcb' }));
    assert.equal(await name(s3.send(new GetBucketPolicyCommand({ Bucket: 'pcb' }))), '404 NoSuchBucketPolicy');

    assert.equal(await name(s3.send(new GetBucketCorsCommand({ Bucket: 'pcb' }))), '404 NoSuchCORSConfiguration');
    assert.equal(
      await name(s3.send(new PutBucketCorsCommand({ Bucket: 'pcb', CORSConfiguration: { CORSRules: [{ AllowedMethods: ['PATCH'], AllowedOrigins: ['*'] }] } }))),
      '400 InvalidRequest',
    );
    const rules = [
      { ID: 'app', AllowedMethods: ['GET', 'PUT'], AllowedOrigins: ['https://app.example'], AllowedHeaders: ['*'], ExposeHeaders: ['ETag'], MaxAgeSeconds: 600 },
      { AllowedMethods: ['GET'], AllowedOrigins: ['*'] },
    ];
    await s3.send(new PutBucketCorsCommand({ Bucket: 'pcb', CORSConfiguration: { CORSRules: rules } }));
    assert.deepEqual((await s3.send(new GetBucketCorsCommand({ Bucket: 'pcb' }))).CORSRules, rules);
    await s3.send(new DeleteBucketCorsCommand({ Bucket: 'pcb' }));
    assert.equal(await name(s3.send(new GetBucketCorsCommand({ Bucket: 'pcb' }))), '404 NoSuchCORSConfiguration');
  } finally {
    await c.close();
  }
});

test('serve: preflights answered by the bucket CORS rules, Origin responses carry Access-Control headers', async () => {
  const dir = tempDirForFile('lh-s3-cors-');
  const server = await startServer({ dataDir: `${dir}/data`, port: 0 });
  try {
    const auth = { authorization: signed() };
    assert.equal((await send(server, { method: 'PUT', path: '/web', headers: auth })).status, 200);
    assert.equal((await send(server, { method: 'PUT', path: '/web/page.txt', headers: auth, body: 'hi' })).status, 200);
    const pre = (origin: string, method: string, headers?: string) =>
      send(server, {
        method: 'OPTIONS',
        path: '/web/page.txt',
        headers: { origin, 'access-control-request-method': method, ...(headers ? { 'access-control-request-headers': headers } : {}) },
      });
    const none = await pre('https://app.example', 'GET');
    assert.equal(none.status, 403);
    assert.match(none.text, /CORS is not enabled for this bucket/);
    const cors =
      '<CORSConfiguration><CORSRule><AllowedOrigin>https://*.example</AllowedOrigin><AllowedMethod>GET</AllowedMethod>' +
      '<AllowedMethod>PUT</AllowedMethod><AllowedHeader>x-amz-*</AllowedHeader><ExposeHeader>ETag</ExposeHeader><MaxAgeSeconds>60</MaxAgeSeconds></CORSRule></CORSConfiguration>';
    assert.equal((await send(server, { method: 'PUT', path: '/web?cors', headers: auth, body: cors })).status, 200);
    const ok = await pre('https://app.example', 'PUT', 'x-amz-date, x-amz-meta-a');
    assert.equal(ok.status, 200);
    assert.equal(ok.headers['access-control-allow-origin'], 'https://app.example');
    assert.equal(ok.headers['access-control-allow-methods'], 'GET, PUT');
    assert.equal(ok.headers['access-control-allow-headers'], 'x-amz-date, x-amz-meta-a');
    assert.equal(ok.headers['access-control-expose-headers'], 'ETag');
    assert.equal(ok.headers['access-control-max-age'], '60');
    assert.equal((await pre('https://evil.test', 'GET')).status, 403);
    assert.equal((await pre('https://app.example', 'DELETE')).status, 403);
    assert.equal((await pre('https://app.example', 'GET', 'authorization')).status, 403);
    assert.equal((await send(server, { method: 'OPTIONS', path: '/web/page.txt', headers: {} })).status, 400);
    const get = await send(server, { path: '/web/page.txt', headers: { ...auth, origin: 'https://app.example' } });
    assert.equal(get.status, 200);
    assert.equal(get.headers['access-control-allow-origin'], 'https://app.example');
    const other = await send(server, { path: '/web/page.txt', headers: { ...auth, origin: 'https://evil.test' } });
    assert.equal(other.headers['access-control-allow-origin'], undefined);
  } finally {
    await server.close();
  }
});

test('boto3 over serve: bucket policy and CORS', { skip: !PY && 'python3 with boto3 not installed' }, async () => {
  const out = await boto(String.raw`
s3.create_bucket(Bucket='pcb')
pol = json.dumps({'Version': '2012-10-17', 'Statement': [{'Effect': 'Allow', 'Principal': '*', 'Action': 's3:GetObject', 'Resource': 'arn:aws:s3:::pcb/*'}]})
s3.put_bucket_policy(Bucket='pcb', Policy=pol)
r = {'policy_same': s3.get_bucket_policy(Bucket='pcb')['Policy'] == pol}
s3.put_bucket_cors(Bucket='pcb', CORSConfiguration={'CORSRules': [{'AllowedMethods': ['GET'], 'AllowedOrigins': ['*']}]})
r['cors'] = s3.get_bucket_cors(Bucket='pcb')['CORSRules']
s3.delete_bucket_cors(Bucket='pcb')
r['cors_gone'] = err(s3.get_bucket_cors, Bucket='pcb')
s3.delete_bucket_policy(Bucket='pcb')
r['policy_gone'] = err(s3.get_bucket_policy, Bucket='pcb')
print(json.dumps(r))
`);
  assert.deepEqual(out, {
    policy_same: true,
    cors: [{ AllowedMethods: ['GET'], AllowedOrigins: ['*'] }],
    cors_gone: [404, 'NoSuchCORSConfiguration'],
    policy_gone: [404, 'NoSuchBucketPolicy'],
  });
});
