// Action names off the wire are looked up as own properties only: `constructor`, `toString`,
// `__proto__`… on Object.prototype are unknown operations, answered with AWS's UnknownOperationException
// (JSON 1.1) or InvalidAction (Query), never called. Over HTTP/1.1 and HTTP/2.
import assert from 'node:assert/strict';
import http2 from 'node:http2';
import { after, before, test } from 'node:test';
import { send, signed, startTestServer, type TestServer } from '../local/serve/raw.js';

let t: TestServer;
before(async () => {
  t = await startTestServer();
});
after(() => t.close());

const PROTO_NAMES = ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf', '__defineGetter__', 'isPrototypeOf', 'toLocaleString'];
const PREFIXES = ['Kinesis_20131202', 'Firehose_20150804', 'AWSGlue', 'AmazonAthena'];

test('JSON 1.1 targets naming Object.prototype members are UnknownOperationException', async () => {
  const targets = [
    ...PREFIXES.flatMap((p) => PROTO_NAMES.map((n) => `${p}.${n}`)),
    ...PROTO_NAMES.map((n) => `${n}.ListStreams`),
    'constructor',
    '__proto__',
    'Kinesis_20131202',
    'Kinesis_20131202.',
  ];
  for (const target of targets) {
    const res = await send(t.server, {
      method: 'POST',
      headers: { authorization: signed('kinesis'), 'x-amz-target': target, 'content-type': 'application/x-amz-json-1.1' },
      body: '{}',
    });
    assert.equal(res.status, 400, target);
    assert.equal(JSON.parse(res.text).__type, 'UnknownOperationException', target);
  }
});

test('Query Action= naming Object.prototype members is InvalidAction, for IAM and STS', async () => {
  for (const service of ['iam', 'sts', 'other']) {
    for (const name of PROTO_NAMES) {
      const res = await send(t.server, {
        method: 'POST',
        headers: { authorization: signed(service), 'content-type': 'application/x-www-form-urlencoded' },
        body: `Action=${encodeURIComponent(name)}&Version=2010-05-08`,
      });
      assert.equal(res.status, 400, `${service} ${name}`);
      assert.match(res.text, /<Code>InvalidAction<\/Code>/, `${service} ${name}`);
    }
  }
});

test('over HTTP/2 too, and odd methods are not routed to prototype members', async () => {
  const session = http2.connect(`http://127.0.0.1:${t.server.port}`);
  try {
    const ask = (headers: http2.OutgoingHttpHeaders, body?: string) =>
      new Promise<{ status: number; text: string }>((resolve, reject) => {
        const req = session.request(headers);
        let text = '';
        let status = 0;
        req.on('response', (h) => (status = Number(h[':status'])));
        req.setEncoding('utf8');
        req.on('data', (d) => (text += d));
        req.on('end', () => resolve({ status, text }));
        req.on('error', reject);
        req.end(body);
      });
    for (const n of PROTO_NAMES) {
      const res = await ask(
        { ':method': 'POST', ':path': '/', authorization: signed('kinesis'), 'x-amz-target': `Kinesis_20131202.${n}`, 'content-type': 'application/x-amz-json-1.1' },
        '{}',
      );
      assert.equal(res.status, 400, n);
      assert.equal(JSON.parse(res.text).__type, 'UnknownOperationException');
    }
    for (const method of ['constructor', 'TOSTRING', '__proto__']) {
      const res = await ask({ ':method': method, ':path': '/lake/k', authorization: signed() });
      assert.ok(res.status >= 400 && res.status < 500, `${method}: ${res.status}`);
    }
  } finally {
    session.close();
  }
});
