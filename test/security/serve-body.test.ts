// Request bodies: each action has AWS's size limit (S3 uploads 5 GiB → EntityTooLarge; XML bodies →
// MaxMessageLengthExceeded; JSON and Query APIs → 413), refused from the declared size before a byte is
// read (with Expect: 100-continue, before the client sends it), or while counting a body of unknown
// length; large uploads are streamed to a temp file that is gone after the response. The upload limit is
// lowered to 8 MiB on one server so that the counted case runs quickly.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { exchange, send, signed, startTestServer, type TestServer } from '../local/serve/raw.js';

const MiB = 1024 * 1024;
let t: TestServer;
let small: TestServer;
before(async () => {
  t = await startTestServer();
  small = await startTestServer({ limits: { maxUploadBytes: 8 * MiB } });
  for (const s of [t, small]) {
    assert.equal((await send(s.server, { method: 'PUT', path: '/lake', headers: { authorization: signed() } })).status, 200);
  }
});
after(async () => {
  await t.close();
  await small.close();
});

function tmpFiles(s: TestServer): string[] {
  const dir = path.join(s.dataDir, 'tmp');
  return fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.startsWith('req-')) : [];
}

/** A PUT whose body is streamed in `chunks` pieces of `size` (Transfer-Encoding: chunked: no length). */
function chunkedPut(s: TestServer, p: string, chunks: number, size: number): Promise<{ status: number; text: string; md5: string }> {
  return new Promise((resolve, reject) => {
    const md5 = createHash('md5');
    const req = http.request(
      { host: '127.0.0.1', port: s.server.port, method: 'PUT', path: p, headers: { authorization: signed() }, agent: false },
      (res) => {
        let text = '';
        res.on('data', (d) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode!, text, md5: md5.digest('hex') }));
      },
    );
    req.on('error', (e) => ((e as NodeJS.ErrnoException).code === 'EPIPE' || (e as NodeJS.ErrnoException).code === 'ECONNRESET' ? undefined : reject(e)));
    let i = 0;
    const piece = Buffer.alloc(size);
    const pump = () => {
      while (i < chunks) {
        piece.fill(i % 251);
        md5.update(piece);
        i++;
        if (!req.write(piece)) return void req.once('drain', pump);
      }
      req.end();
    };
    pump();
  });
}

test('a declared upload over 5 GiB is EntityTooLarge before any body byte (no 100 Continue)', async () => {
  const proposed = 5 * 1024 ** 3 + 1;
  const text = await exchange(
    t.server,
    `PUT /lake/huge HTTP/1.1\r\nHost: 127.0.0.1:${t.server.port}\r\nAuthorization: ${signed()}\r\nContent-Length: ${proposed}\r\nExpect: 100-continue\r\n\r\n`,
  );
  assert.doesNotMatch(text, /100 Continue/);
  assert.match(text, /^HTTP\/1\.1 400 /);
  assert.match(text, /<Code>EntityTooLarge<\/Code><Message>Your proposed upload exceeds the maximum allowed object size\.<\/Message>/);
  assert.match(text, new RegExp(`<ProposedSize>${proposed}</ProposedSize><MaxSizeAllowed>${5 * 1024 ** 3}</MaxSizeAllowed>`));
  // aws-chunked: the decoded length is the object size.
  const chunked = await exchange(
    t.server,
    `PUT /lake/huge?partNumber=1&uploadId=x HTTP/1.1\r\nHost: 127.0.0.1:${t.server.port}\r\nAuthorization: ${signed()}\r\n` +
      `Content-Encoding: aws-chunked\r\nX-Amz-Content-Sha256: STREAMING-UNSIGNED-PAYLOAD-TRAILER\r\nX-Amz-Decoded-Content-Length: ${proposed}\r\n` +
      `Transfer-Encoding: chunked\r\n\r\n`,
  );
  assert.match(chunked, /<Code>EntityTooLarge<\/Code>/);
});

test('a body of unknown length is counted and stopped at the limit, leaving no object and no temp file', async () => {
  const res = await chunkedPut(small, '/lake/too-big', 12, MiB);
  assert.equal(res.status, 400);
  assert.match(res.text, /<Code>EntityTooLarge<\/Code>/);
  assert.equal((await send(small.server, { path: '/lake/too-big', headers: { authorization: signed() } })).status, 404);
  assert.deepEqual(tmpFiles(small), []);
  // The server is fine afterwards.
  assert.equal((await send(small.server, { method: 'PUT', path: '/lake/ok', headers: { authorization: signed() }, body: 'ok' })).status, 200);
});

test('large uploads are spooled to disk and stored intact; the temp file is gone afterwards', async () => {
  const res = await chunkedPut(t, '/lake/spooled', 24, MiB);
  assert.equal(res.status, 200, res.text);
  const got = await new Promise<string>((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port: t.server.port, path: '/lake/spooled', headers: { authorization: signed() }, agent: false }, (r) => {
        const h = createHash('md5');
        r.on('data', (d) => h.update(d));
        r.on('end', () => resolve(h.digest('hex')));
      })
      .on('error', reject);
  });
  assert.equal(got, res.md5);
  assert.deepEqual(tmpFiles(t), []);
});

test('JSON, Query and S3 XML bodies over their limits get 413 / MaxMessageLengthExceeded', async () => {
  const kinesis = await send(t.server, {
    method: 'POST',
    headers: { authorization: signed('kinesis'), 'x-amz-target': 'Kinesis_20131202.PutRecords', 'content-type': 'application/x-amz-json-1.1' },
    body: Buffer.alloc(15 * MiB, 0x20),
  });
  assert.equal(kinesis.status, 413);
  assert.equal(JSON.parse(kinesis.text).__type, 'RequestEntityTooLargeException');
  const firehose = await send(t.server, {
    method: 'POST',
    headers: { authorization: signed('firehose'), 'x-amz-target': 'Firehose_20150804.PutRecordBatch', 'content-type': 'application/x-amz-json-1.1' },
    body: Buffer.alloc(7 * MiB, 0x20),
  });
  assert.equal(firehose.status, 413);
  const query = await send(t.server, {
    method: 'POST',
    headers: { authorization: signed('iam'), 'content-type': 'application/x-www-form-urlencoded' },
    body: `Action=CreateRole&Version=2010-05-08&RoleName=r&AssumeRolePolicyDocument=${'x'.repeat(2 * MiB)}`,
  });
  assert.equal(query.status, 413);
  assert.match(query.text, /<Code>RequestEntityTooLarge<\/Code>/);
  const xml = await send(t.server, {
    method: 'POST',
    path: '/lake?delete',
    headers: { authorization: signed(), 'content-type': 'application/xml' },
    body: `<Delete>${'<Object><Key>k</Key></Object>'.repeat(300_000)}</Delete>`,
  });
  assert.equal(xml.status, 400);
  assert.match(xml.text, /<Code>MaxMessageLengthExceeded<\/Code><Message>Your request was too big\.<\/Message>/);
  // Within the limits the same services answer as usual (a 1 MiB-ish PutRecords reaches Kinesis's own checks).
  const within = await send(t.server, {
    method: 'POST',
    headers: { authorization: signed('kinesis'), 'x-amz-target': 'Kinesis_20131202.ListStreams', 'content-type': 'application/x-amz-json-1.1' },
    body: '{}',
  });
  assert.equal(within.status, 200);
});

test('spooled bodies a killed serve left behind are removed at the next start; other tmp files are not', async () => {
  const s = await startTestServer();
  const dataDir = s.dataDir;
  await s.server.close();
  const tmp = path.join(dataDir, 'tmp');
  fs.mkdirSync(tmp, { recursive: true });
  const stale = path.join(tmp, 'req-0f8fad5b-d9cb-469f-a165-70867728950e');
  const other = path.join(tmp, 'req-notes.txt');
  fs.writeFileSync(stale, 'half an upload');
  fs.writeFileSync(other, 'not ours');
  const { startServer } = await import('../../src/local/server.js');
  const again = await startServer({ dataDir, port: 0 });
  try {
    assert.equal(fs.existsSync(stale), false);
    assert.equal(fs.readFileSync(other, 'utf8'), 'not ours');
  } finally {
    await again.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
