// DNS rebinding: serve answers only requests whose Host names it (127.0.0.1, localhost, <bucket>.localhost,
// bare or with its own port). Anything else is refused before routing, so no S3 name, file or state is
// reached through it: a planted object and the bucket list are unchanged afterwards.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { exchange, send, signed, startTestServer, type TestServer } from '../local/serve/raw.js';

let t: TestServer;
before(async () => {
  t = await startTestServer();
  assert.equal((await send(t.server, { method: 'PUT', path: '/lake', headers: { authorization: signed() } })).status, 200);
  const put = await send(t.server, { method: 'PUT', path: '/lake/k.txt', headers: { authorization: signed() }, body: 'kept' });
  assert.equal(put.status, 200);
});
after(() => t.close());

test('foreign Host values are refused with InvalidHostHeader before routing', async () => {
  const port = t.server.port;
  const foreign = [
    'evil.example',
    `evil.example:${port}`,
    `127.0.0.1:${port + 1 === 65536 ? 1 : port + 1}`,
    `localhost:${port === 80 ? 81 : 80}`,
    `127.0.0.2:${port}`,
    `0.0.0.0:${port}`,
    `[::1]:${port}`,
    `lake.localhost.evil.example:${port}`,
    `../../etc.localhost:${port}`,
    `..%2F..%2Fetc.localhost:${port}`,
    `lake..localhost:${port}`,
    `.localhost:${port}`,
    `lake.localhost:${port}@evil.example`,
    '',
  ];
  for (const host of foreign) {
    for (const [method, path] of [['GET', '/lake/k.txt'], ['DELETE', '/lake/k.txt'], ['PUT', '/lake/k.txt']]) {
      const res = await send(t.server, { method, path, headers: { host, authorization: signed() }, body: method === 'PUT' ? 'overwritten' : undefined });
      assert.equal(res.status, 400, `${method} with Host ${JSON.stringify(host)}`);
      assert.match(res.text, /<Code>InvalidHostHeader<\/Code>/);
    }
  }
  // JSON and Query requests get their own protocol's error shape.
  const json = await send(t.server, {
    method: 'POST',
    headers: { host: 'evil.example', authorization: signed('kinesis'), 'x-amz-target': 'Kinesis_20131202.ListStreams', 'content-type': 'application/x-amz-json-1.1' },
    body: '{}',
  });
  assert.equal(json.status, 400);
  assert.equal(JSON.parse(json.text).__type, 'InvalidHostHeader');
  const query = await send(t.server, {
    method: 'POST',
    headers: { host: 'evil.example', authorization: signed('sts'), 'content-type': 'application/x-www-form-urlencoded' },
    body: 'Action=GetCallerIdentity&Version=2011-06-15',
  });
  assert.match(query.text, /<ErrorResponse><Error><Type>Sender<\/Type><Code>InvalidHostHeader<\/Code>/);
  // Nothing moved.
  const get = await send(t.server, { path: '/lake/k.txt', headers: { authorization: signed() } });
  assert.equal(get.text, 'kept');
});

test('a request without Host (HTTP/1.0) and an absolute-form target are refused', async () => {
  const noHost = await exchange(t.server, `GET /lake/k.txt HTTP/1.0\r\nAuthorization: ${signed()}\r\n\r\n`);
  assert.match(noHost, /^HTTP\/1\.1 400 /);
  assert.match(noHost, /InvalidHostHeader/);
  const absolute = await exchange(
    t.server,
    `GET http://evil.example/lake/k.txt HTTP/1.1\r\nHost: 127.0.0.1:${t.server.port}\r\nAuthorization: ${signed()}\r\nConnection: close\r\n\r\n`,
  );
  assert.match(absolute, /^HTTP\/1\.1 400 /);
  assert.doesNotMatch(absolute, /kept/);
});

test('the Host values that address serve are accepted, virtual-hosted buckets included', async () => {
  const port = t.server.port;
  for (const host of [`127.0.0.1:${port}`, '127.0.0.1', `localhost:${port}`, 'localhost', `LOCALHOST:${port}`]) {
    const res = await send(t.server, { path: '/lake/k.txt', headers: { host, authorization: signed() } });
    assert.equal(res.status, 200, host);
    assert.equal(res.text, 'kept');
  }
  const vhost = await send(t.server, { path: '/k.txt', headers: { host: `lake.localhost:${port}`, authorization: signed() } });
  assert.equal(vhost.status, 200);
  assert.equal(vhost.text, 'kept');
});
