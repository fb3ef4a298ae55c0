// Every phase of a connection is bounded (timeouts lowered to 500 ms here; 20 s by default, S3's own idle
// limit): silent sockets in the preface-sniffing phase, never-finished request heads, idle keep-alive
// connections, half-open HTTP/2 sessions, stalled bodies; and the connection cap makes room by closing
// the longest-idle connection. Real clients work before, during and after.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import net from 'node:net';
import { after, before, test } from 'node:test';
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { KinesisClient, ListStreamsCommand } from '@aws-sdk/client-kinesis';
import { closed, connect, exchange, signed, spawnServe, startTestServer, type TestServer } from '../local/serve/raw.js';
import { tempDir } from '../support/tmp.js';

const BOUND = { timeout: 60_000 };
let t: TestServer;
before(async () => {
  t = await startTestServer({ limits: { headersTimeoutMs: 500, idleTimeoutMs: 500, bodyIdleTimeoutMs: 500, maxConnections: 40 } });
});
after(() => t.close());

const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };
function s3() {
  return new S3Client({ region: 'us-east-1', endpoint: t.server.endpoint, forcePathStyle: true, credentials, maxAttempts: 1 });
}

async function realClientsWork(bucket: string) {
  const c = s3();
  try {
    await c.send(new CreateBucketCommand({ Bucket: bucket }));
    await c.send(new PutObjectCommand({ Bucket: bucket, Key: 'k', Body: 'v' }));
    const got = await c.send(new GetObjectCommand({ Bucket: bucket, Key: 'k' }));
    assert.equal(await got.Body!.transformToString(), 'v');
  } finally {
    c.destroy();
  }
  const k = new KinesisClient({ region: 'us-east-1', endpoint: t.server.endpoint, credentials, maxAttempts: 1 });
  try {
    const streams = await k.send(new ListStreamsCommand({}));
    assert.ok(Array.isArray(streams.StreamNames));
  } finally {
    k.destroy();
  }
}

test('sockets that never send a byte are closed', BOUND, async () => {
  const sockets = await Promise.all(Array.from({ length: 30 }, () => connect(t.server)));
  await Promise.all(sockets.map(closed));
  await realClientsWork('after-silent');
});

test('never-finished request heads are closed', BOUND, async () => {
  const sockets = await Promise.all(Array.from({ length: 30 }, () => connect(t.server)));
  for (const s of sockets) s.write(`PUT /lake/k HTTP/1.1\r\nHost: 127.0.0.1:${t.server.port}\r\nAuthorization: ${signed()}\r\nX-Slow: `);
  await Promise.all(sockets.map(closed));
  await realClientsWork('after-heads');
});

test('idle keep-alive connections are closed after their request', BOUND, async () => {
  const sockets = await Promise.all(Array.from({ length: 10 }, () => connect(t.server)));
  const answered = sockets.map(
    (s) =>
      new Promise<string>((resolve) => {
        let text = '';
        s.on('data', (d) => (text += d));
        s.on('close', () => resolve(text));
      }),
  );
  for (const s of sockets) s.write(`GET / HTTP/1.1\r\nHost: 127.0.0.1:${t.server.port}\r\nAuthorization: ${signed()}\r\n\r\n`);
  for (const text of await Promise.all(answered)) assert.match(text, /^HTTP\/1\.1 200 /);
});

test('a stalled request body ends with RequestTimeout', BOUND, async () => {
  const text = await exchange(
    t.server,
    `PUT /lake/k HTTP/1.1\r\nHost: 127.0.0.1:${t.server.port}\r\nAuthorization: ${signed()}\r\nContent-Length: 100\r\n\r\n0123456789`,
  );
  assert.match(text, /^HTTP\/1\.1 400 /);
  assert.match(text, /<Code>RequestTimeout<\/Code>/);
});

// HTTP/2 frames by hand: 9-byte header (length, type, flags, stream id) + payload.
function frame(type: number, flags: number, stream: number, payload: Buffer = Buffer.alloc(0)): Buffer {
  const h = Buffer.alloc(9);
  h.writeUIntBE(payload.length, 0, 3);
  h[3] = type;
  h[4] = flags;
  h.writeUInt32BE(stream, 5);
  return Buffer.concat([h, payload]);
}
const PREFACE = Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n');
const SETTINGS = frame(4, 0, 0);
// HPACK static table: :method GET (0x82), :path / (0x84), :scheme http (0x86).
const HEADERS_BLOCK = Buffer.from([0x82, 0x84, 0x86]);

test('half-open HTTP/2 sessions are closed: preface only, no SETTINGS, headers never finished, body never sent', BOUND, async () => {
  const variants: Buffer[] = [
    PREFACE.subarray(0, 10), // a partial preface (still sniffing)
    PREFACE, // preface, then nothing
    Buffer.concat([PREFACE, SETTINGS]), // preface + SETTINGS, no stream
    Buffer.concat([PREFACE, SETTINGS, frame(1, 0, 1, HEADERS_BLOCK)]), // HEADERS without END_HEADERS
    Buffer.concat([PREFACE, SETTINGS, frame(1, 0x4, 1, HEADERS_BLOCK)]), // HEADERS complete, body never ends
  ];
  const sockets: net.Socket[] = [];
  for (const bytes of variants) {
    for (let i = 0; i < 6; i++) {
      const s = await connect(t.server);
      s.on('data', () => {}); // read what the server sends (SETTINGS, GOAWAY)
      s.write(bytes);
      sockets.push(s);
    }
  }
  await Promise.all(sockets.map(closed));
  await realClientsWork('after-h2');
});

test('a reader that stops reading a large object is disconnected, and the server goes on', BOUND, async () => {
  const c = s3();
  try {
    await c.send(new CreateBucketCommand({ Bucket: 'slow-reader' }));
    await c.send(new PutObjectCommand({ Bucket: 'slow-reader', Key: 'big', Body: Buffer.alloc(64 * 1024 * 1024, 1) }));
  } finally {
    c.destroy();
  }
  const s = await connect(t.server);
  s.write(`GET /slow-reader/big HTTP/1.1\r\nHost: 127.0.0.1:${t.server.port}\r\nAuthorization: ${signed()}\r\n\r\n`);
  await new Promise((r) => s.once('readable', r));
  s.pause(); // read nothing more: the server's writes stall once the socket buffers are full
  // The client cannot see the close behind megabytes it does not read: watch the server's side instead.
  while (t.server.connections() > 0) await new Promise((r) => setTimeout(r, 100));
  s.destroy();
  await realClientsWork('after-slow-reader');
});

test('clients whose idle connection was closed (HTTP/1.1 keep-alive, HTTP/2 GOAWAY) carry on with a new one', BOUND, async () => {
  const c = s3();
  const k = new KinesisClient({ region: 'us-east-1', endpoint: t.server.endpoint, credentials, maxAttempts: 1 });
  try {
    await c.send(new CreateBucketCommand({ Bucket: 'reuse' }));
    await k.send(new ListStreamsCommand({}));
    while (t.server.connections() > 0) await new Promise((r) => setTimeout(r, 100));
    await c.send(new PutObjectCommand({ Bucket: 'reuse', Key: 'k', Body: 'v' }));
    assert.ok(Array.isArray((await k.send(new ListStreamsCommand({}))).StreamNames));
  } finally {
    c.destroy();
    k.destroy();
  }
});

test('at the connection cap the longest-idle connection makes room, so real clients still get in', BOUND, async () => {
  const hogs = await Promise.all(Array.from({ length: 60 }, () => connect(t.server)));
  for (const h of hogs) h.on('error', () => {});
  await realClientsWork('at-the-cap');
  assert.ok(t.server.connections() <= 40, `${t.server.connections()} open connections`);
  for (const h of hogs) h.destroy();
});

test('under a low open-file limit (256), 1,000 idle sockets do not lock real clients out', BOUND, async () => {
  const dataDir = tempDir('lh-serve-nofile-');
  const serve = await spawnServe(dataDir, { openFiles: 256 });
  const port = Number(new URL(serve.endpoint).port);
  const hogs: net.Socket[] = [];
  try {
    for (let i = 0; i < 1000; i++) {
      const s = net.connect(port, '127.0.0.1');
      s.on('error', () => {});
      hogs.push(s);
    }
    await Promise.all(hogs.map((s) => new Promise((r) => (s.connecting ? s.once('connect', r).once('close', r) : r(null)))));
    const c = new S3Client({ region: 'us-east-1', endpoint: serve.endpoint, forcePathStyle: true, credentials, maxAttempts: 1 });
    try {
      await c.send(new CreateBucketCommand({ Bucket: 'nofile' }));
      await c.send(new PutObjectCommand({ Bucket: 'nofile', Key: 'k', Body: 'v' }));
      assert.equal(await (await c.send(new GetObjectCommand({ Bucket: 'nofile', Key: 'k' }))).Body!.transformToString(), 'v');
    } finally {
      c.destroy();
    }
  } finally {
    for (const s of hogs) s.destroy();
    await serve.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
