// Unsigned requests are refused as AWS refuses them (serve checks that a SigV4 Authorization header or a
// presigned query is there, not the signature). This is what stops a web page: the requests a browser
// sends without a CORS preflight (form posts, text/plain fetches, images) carry no Authorization header,
// and serve never answers a preflight with allow headers. Each refused request leaves the state as it was.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { send, signed, startTestServer, type RawRequest, type TestServer } from '../local/serve/raw.js';

let t: TestServer;
before(async () => {
  t = await startTestServer();
  assert.equal((await send(t.server, { method: 'PUT', path: '/lake', headers: { authorization: signed() } })).status, 200);
  assert.equal((await send(t.server, { method: 'PUT', path: '/lake/k.txt', headers: { authorization: signed() }, body: 'kept' })).status, 200);
});
after(() => t.close());

async function objectStillThere() {
  const res = await send(t.server, { path: '/lake/k.txt', headers: { authorization: signed() } });
  assert.equal(res.status, 200);
  assert.equal(res.text, 'kept');
}

const browserish = { origin: 'http://evil.example', 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'no-cors' };

test('unsigned S3 requests get AccessDenied 403, browser-style mutations included', async () => {
  const deleteXml = '<Delete><Object><Key>k.txt</Key></Object></Delete>';
  const cases: RawRequest[] = [
    { method: 'POST', path: '/lake?delete', headers: { 'content-type': 'text/plain', ...browserish }, body: deleteXml },
    { method: 'POST', path: '/lake?delete=', headers: { 'content-type': 'application/x-www-form-urlencoded', ...browserish }, body: deleteXml },
    { method: 'PUT', path: '/lake/k.txt', headers: { 'content-type': 'text/plain' }, body: 'overwritten' },
    { method: 'DELETE', path: '/lake/k.txt', headers: {} },
    { method: 'DELETE', path: '/lake', headers: {} },
    { method: 'GET', path: '/lake/k.txt', headers: {} },
    { method: 'GET', path: '/', headers: {} },
    { method: 'HEAD', path: '/lake/k.txt', headers: {} },
  ];
  for (const c of cases) {
    const res = await send(t.server, c);
    assert.equal(res.status, 403, `${c.method} ${c.path}`);
    if (c.method !== 'HEAD') assert.match(res.text, /<Code>AccessDenied<\/Code><Message>Access Denied<\/Message>/);
  }
  await objectStillThere();
});

test('a malformed Authorization header is refused in each protocol\'s words', async () => {
  const s3 = await send(t.server, { method: 'DELETE', path: '/lake/k.txt', headers: { authorization: 'Bearer x' } });
  assert.equal(s3.status, 400);
  assert.match(s3.text, /<Code>AuthorizationHeaderMalformed<\/Code>/);
  const json = await send(t.server, {
    method: 'POST',
    headers: { authorization: 'AWS4-HMAC-SHA256 Signature=abc', 'x-amz-target': 'Kinesis_20131202.ListStreams', 'content-type': 'application/x-amz-json-1.1' },
    body: '{}',
  });
  assert.equal(json.status, 400);
  const body = JSON.parse(json.text);
  assert.equal(body.__type, 'IncompleteSignatureException');
  assert.match(body.message, /Authorization header requires 'Credential' parameter/);
  await objectStillThere();
});

test('unsigned JSON and Query requests get MissingAuthenticationToken', async () => {
  for (const target of ['Kinesis_20131202.DeleteStream', 'Firehose_20150804.ListDeliveryStreams', 'AWSGlue.DeleteDatabase', 'AmazonAthena.StartQueryExecution']) {
    const res = await send(t.server, {
      method: 'POST',
      headers: { 'x-amz-target': target, 'content-type': 'application/x-amz-json-1.1' },
      body: '{"StreamName":"s","Name":"d"}',
    });
    assert.equal(res.status, 403, target);
    assert.deepEqual(JSON.parse(res.text), { __type: 'MissingAuthenticationTokenException', message: 'Missing Authentication Token' });
  }
  // A plain HTML form can post this (application/x-www-form-urlencoded needs no preflight).
  for (const body of ['Action=CreateRole&Version=2010-05-08&RoleName=pwned&AssumeRolePolicyDocument=%7B%7D', 'Action=GetCallerIdentity&Version=2011-06-15']) {
    const res = await send(t.server, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...browserish }, body });
    assert.equal(res.status, 403);
    assert.match(res.text, /<Code>MissingAuthenticationToken<\/Code><Message>Request is missing Authentication Token<\/Message>/);
  }
  const get = await send(t.server, { path: '/?Action=CreateRole&Version=2010-05-08&RoleName=pwned&AssumeRolePolicyDocument=%7B%7D' });
  assert.equal(get.status, 403);
  const role = await send(t.server, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: signed('iam') },
    body: 'Action=GetRole&Version=2010-05-08&RoleName=pwned',
  });
  assert.match(role.text, /NoSuchEntity/, 'the unsigned CreateRole did not happen');
});

test('presigned-looking URLs: incomplete ones are refused, expired ones too, and cross-site pages may only read', async () => {
  const now = new Date();
  const amzDate = now.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
  const presign = (date = amzDate, expires = '300') =>
    `X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=test%2F20260101%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=${date}` +
    `&X-Amz-Expires=${expires}&X-Amz-SignedHeaders=host&X-Amz-Signature=${'0'.repeat(64)}`;
  const partial = await send(t.server, { method: 'DELETE', path: `/lake/k.txt?X-Amz-Signature=x` });
  assert.equal(partial.status, 400);
  assert.match(partial.text, /<Code>AuthorizationQueryParametersError<\/Code>/);
  const expired = await send(t.server, { path: `/lake/k.txt?${presign('20200101T000000Z', '60')}` });
  assert.equal(expired.status, 403);
  assert.match(expired.text, /<Code>AccessDenied<\/Code><Message>Request has expired<\/Message>/);
  // A page that makes the browser load a forged presigned URL: mutations refused, plain reads allowed.
  for (const c of [
    { method: 'DELETE', path: `/lake/k.txt?${presign()}` },
    { method: 'POST', path: `/lake?delete&${presign()}`, body: '<Delete><Object><Key>k.txt</Key></Object></Delete>' },
    { method: 'PUT', path: `/lake/k.txt?${presign()}`, body: 'overwritten' },
    { method: 'GET', path: `/?Action=CreateRole&Version=2010-05-08&RoleName=pwned&AssumeRolePolicyDocument=%7B%7D&${presign()}` },
  ]) {
    const res = await send(t.server, { ...c, headers: { ...browserish, 'content-type': 'text/plain' } });
    assert.equal(res.status, 403, `${c.method} ${c.path}`);
  }
  // Signature Version 2 query authentication (boto3's default presigning for S3 in us-east-1): same rules.
  const v2 = (expires = Math.floor(Date.now() / 1000) + 300) => `AWSAccessKeyId=test&Signature=abc%3D&Expires=${expires}`;
  assert.equal((await send(t.server, { method: 'DELETE', path: `/lake/k.txt?${v2()}`, headers: browserish })).status, 403);
  assert.match((await send(t.server, { path: `/lake/k.txt?${v2(1_600_000_000)}` })).text, /Request has expired/);
  assert.equal((await send(t.server, { path: `/lake/k.txt?AWSAccessKeyId=test` })).status, 403);
  assert.equal((await send(t.server, { path: `/lake/k.txt?${v2()}`, headers: browserish })).text, 'kept');
  const read = await send(t.server, { path: `/lake/k.txt?${presign()}`, headers: browserish });
  assert.equal(read.status, 200);
  assert.equal(read.text, 'kept');
  // The same presigned shape from a non-browser client (no Origin / Sec-Fetch-Site) is accepted, as AWS would.
  const put = await send(t.server, { method: 'PUT', path: `/lake/other.txt?${presign()}`, body: 'presigned put' });
  assert.equal(put.status, 200);
  await objectStillThere();
});

test('CORS preflights get no allow headers from serve', async () => {
  for (const path of ['/lake/k.txt', '/lake?delete', '/']) {
    const res = await send(t.server, {
      method: 'OPTIONS',
      path,
      headers: { origin: 'http://evil.example', 'access-control-request-method': 'DELETE', 'access-control-request-headers': 'authorization,x-amz-target' },
    });
    assert.ok(res.status >= 400, `${path}: ${res.status}`);
    for (const h of Object.keys(res.headers)) assert.doesNotMatch(h, /^access-control-allow-/, `${path}: ${h}`);
  }
  const json = await send(t.server, {
    method: 'OPTIONS',
    headers: { origin: 'http://evil.example', 'x-amz-target': 'Kinesis_20131202.ListStreams' },
  });
  assert.equal(json.status, 403);
  await objectStillThere();
});
