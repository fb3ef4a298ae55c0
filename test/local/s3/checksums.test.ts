// Integrity checks on uploads, as S3 makes them: every flexible checksum algorithm the JS SDK sends (in
// process), stored and returned with ChecksumMode=ENABLED (the SDK then re-verifies the body itself);
// mismatches refused with AWS's codes and words over serve from raw HTTP (headers, aws-chunked trailers,
// Content-MD5, x-amz-content-sha256) and from boto3 and the AWS CLI.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import zlib from 'node:zlib';
import {
  CompleteMultipartUploadCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  UploadPartCommand,
  type ChecksumAlgorithm,
} from '@aws-sdk/client-s3';
import { openLocalForTest } from '../../support/local-clients.js';
import { startServer, type RunningServer } from '../../../src/local/server.js';
import { send, signed } from '../serve/raw.js';
import { tempDir } from '../../support/tmp.js';

const crc32 = (b: Buffer) => {
  const out = Buffer.alloc(4);
  out.writeUInt32BE(zlib.crc32(b) >>> 0);
  return out.toString('base64');
};
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('base64');

test('in-process: each flexible checksum is verified, stored and returned with ChecksumMode=ENABLED', async () => {
  const c = await openLocalForTest();
  try {
    await c.s3.send(new CreateBucketCommand({ Bucket: 'sums' }));
    const body = Buffer.from('the quick brown fox jumps over the lazy dog '.repeat(100));
    const algorithms: ChecksumAlgorithm[] = ['CRC32', 'CRC32C', 'CRC64NVME', 'SHA1', 'SHA256'];
    for (const a of algorithms) {
      const put = await c.s3.send(new PutObjectCommand({ Bucket: 'sums', Key: a, Body: body, ChecksumAlgorithm: a }));
      const field = `Checksum${a}` as const;
      assert.ok(put[field], `${a}: PutObject returns the checksum`);
      const got = await c.s3.send(new GetObjectCommand({ Bucket: 'sums', Key: a, ChecksumMode: 'ENABLED' }));
      assert.equal(got[field], put[field], a);
      assert.equal(got.ChecksumType, 'FULL_OBJECT');
      assert.deepEqual(Buffer.from(await got.Body!.transformToByteArray()), body);
    }
    const head = await c.s3.send(new HeadObjectCommand({ Bucket: 'sums', Key: 'CRC32', ChecksumMode: 'ENABLED' }));
    assert.equal(head.ChecksumCRC32, crc32(body));
    const sha = await c.s3.send(new HeadObjectCommand({ Bucket: 'sums', Key: 'SHA256', ChecksumMode: 'ENABLED' }));
    assert.equal(sha.ChecksumSHA256, sha256(body));
    // Without a declared checksum S3 keeps a CRC64NVME of its own.
    await c.s3.send(new PutObjectCommand({ Bucket: 'sums', Key: 'plain', Body: body, ChecksumAlgorithm: undefined }));
    const plain = await c.s3.send(new HeadObjectCommand({ Bucket: 'sums', Key: 'plain', ChecksumMode: 'ENABLED' }));
    assert.ok(plain.ChecksumCRC64NVME || plain.ChecksumCRC32, 'a default checksum is kept');
    // A wrong value is refused and nothing is stored.
    await assert.rejects(
      c.s3.send(new PutObjectCommand({ Bucket: 'sums', Key: 'bad', Body: body, ChecksumCRC32: crc32(Buffer.from('other')) })),
      (e: Error & { $metadata?: { httpStatusCode?: number } }) =>
        e.name === 'BadDigest' && e.message === 'The CRC32 you specified did not match the calculated checksum.' && e.$metadata?.httpStatusCode === 400,
    );
    await assert.rejects(c.s3.send(new HeadObjectCommand({ Bucket: 'sums', Key: 'bad' })), { name: 'NotFound' });
  } finally {
    await c.close();
  }
});

test('in-process: multipart checksums are COMPOSITE (part checksums, -N) or FULL_OBJECT as the upload asked', async () => {
  const c = await openLocalForTest();
  try {
    await c.s3.send(new CreateBucketCommand({ Bucket: 'mpu-sums' }));
    const p1 = Buffer.alloc(5 * 1024 * 1024, 1);
    const p2 = Buffer.from('tail');
    for (const [a, type] of [['CRC32', 'COMPOSITE'], ['CRC64NVME', 'FULL_OBJECT'], ['CRC32C', 'FULL_OBJECT']] as const) {
      const key = `${a}-${type}`;
      const up = await c.s3.send(new CreateMultipartUploadCommand({ Bucket: 'mpu-sums', Key: key, ChecksumAlgorithm: a, ChecksumType: type }));
      const parts = [];
      for (const [i, b] of [p1, p2].entries()) {
        const r = await c.s3.send(new UploadPartCommand({ Bucket: 'mpu-sums', Key: key, UploadId: up.UploadId, PartNumber: i + 1, Body: b, ChecksumAlgorithm: a }));
        parts.push({ PartNumber: i + 1, ETag: r.ETag, [`Checksum${a}`]: r[`Checksum${a}`] });
      }
      await c.s3.send(new CompleteMultipartUploadCommand({ Bucket: 'mpu-sums', Key: key, UploadId: up.UploadId, MultipartUpload: { Parts: parts } }));
      const head = await c.s3.send(new HeadObjectCommand({ Bucket: 'mpu-sums', Key: key, ChecksumMode: 'ENABLED' }));
      assert.equal(head.ChecksumType, type);
      const value = head[`Checksum${a}`]!;
      if (type === 'COMPOSITE') {
        const partSums = Buffer.concat(parts.map((p) => Buffer.from(String(p[`Checksum${a}`]), 'base64')));
        assert.equal(value, `${crc32(partSums)}-2`);
      } else if (a === 'CRC32C') assert.match(value, /^[A-Za-z0-9+/]{6}==$/);
      const got = await c.s3.send(new GetObjectCommand({ Bucket: 'mpu-sums', Key: key, ChecksumMode: 'ENABLED' }));
      assert.equal((await got.Body!.transformToByteArray()).length, p1.length + p2.length);
    }
  } finally {
    await c.close();
  }
});

let dataDir: string;
let server: RunningServer;
before(async () => {
  dataDir = tempDir('lh-s3-sums-');
  server = await startServer({ dataDir, port: 0 });
  assert.equal((await put('/sums')).status, 200);
});
after(async () => {
  await server?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const put = (p: string, headers: Record<string, string> = {}, body?: Buffer | string) =>
  send(server, { method: 'PUT', path: p, headers: { authorization: signed(), ...headers }, body });
const get = (p: string) => send(server, { path: p, headers: { authorization: signed() } });

function chunked(payload: Buffer, trailer: string, signedChunks: boolean): Buffer {
  const sig = signedChunks ? `;chunk-signature=${'a'.repeat(64)}` : '';
  const parts: Buffer[] = [];
  for (let i = 0; i < payload.length; i += 1000) {
    const c = payload.subarray(i, i + 1000);
    parts.push(Buffer.from(`${c.length.toString(16)}${sig}\r\n`), c, Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`0${sig}\r\n${trailer}\r\n${signedChunks ? `x-amz-trailer-signature:${'b'.repeat(64)}\r\n` : ''}\r\n`));
  return Buffer.concat(parts);
}

test('raw over serve: header, trailer, Content-MD5 and payload-hash mismatches are refused in AWS words', async () => {
  const payload = Buffer.from('raw payload '.repeat(500));
  const cases: Array<[string, Record<string, string>, Buffer | string, number, RegExp]> = [
    ['wrong CRC32 header', { 'x-amz-checksum-crc32': crc32(Buffer.from('x')) }, payload, 400, /<Code>BadDigest<\/Code><Message>The CRC32 you specified did not match the calculated checksum\.<\/Message>/],
    ['wrong SHA256 header', { 'x-amz-checksum-sha256': sha256(Buffer.from('x')) }, payload, 400, /<Code>BadDigest<\/Code><Message>The SHA256 you specified/],
    ['malformed value', { 'x-amz-checksum-sha256': 'not-base64' }, payload, 400, /<Code>InvalidRequest<\/Code><Message>Value for x-amz-checksum-sha256 header is invalid\.<\/Message>/],
    ['two checksum headers', { 'x-amz-checksum-crc32': crc32(payload), 'x-amz-checksum-sha256': sha256(payload) }, payload, 400, /<Code>InvalidRequest<\/Code><Message>Expecting a single x-amz-checksum- header/],
    ['wrong Content-MD5', { 'content-md5': createHash('md5').update('x').digest('base64') }, payload, 400, /<Code>BadDigest<\/Code><Message>The Content-MD5 you specified did not match what we received\.<\/Message>/],
    ['malformed Content-MD5', { 'content-md5': 'abc' }, payload, 400, /<Code>InvalidDigest<\/Code><Message>The Content-MD5 you specified is not valid\.<\/Message>/],
    ['wrong x-amz-content-sha256', { 'x-amz-content-sha256': createHash('sha256').update('x').digest('hex') }, payload, 400, /<Code>XAmzContentSHA256Mismatch<\/Code>/],
    [
      'wrong unsigned trailer',
      { 'content-encoding': 'aws-chunked', 'x-amz-content-sha256': 'STREAMING-UNSIGNED-PAYLOAD-TRAILER', 'x-amz-trailer': 'x-amz-checksum-crc32', 'x-amz-decoded-content-length': String(payload.length) },
      chunked(payload, `x-amz-checksum-crc32:${crc32(Buffer.from('x'))}`, false),
      400,
      /<Code>BadDigest<\/Code><Message>The CRC32 you specified did not match/,
    ],
    [
      'wrong signed trailer',
      { 'content-encoding': 'aws-chunked', 'x-amz-content-sha256': 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER', 'x-amz-trailer': 'x-amz-checksum-sha256', 'x-amz-decoded-content-length': String(payload.length) },
      chunked(payload, `x-amz-checksum-sha256:${sha256(Buffer.from('x'))}`, true),
      400,
      /<Code>BadDigest<\/Code><Message>The SHA256 you specified did not match/,
    ],
  ];
  for (const [what, headers, body, status, re] of cases) {
    const res = await put(`/sums/${encodeURIComponent(what)}`, headers, body);
    assert.equal(res.status, status, `${what}: ${res.text}`);
    assert.match(res.text, re, what);
    assert.equal((await get(`/sums/${encodeURIComponent(what)}`)).status, 404, `${what}: nothing stored`);
  }
  // The right values are taken, and the stored bytes are the payload without framing.
  for (const [key, headers, body] of [
    ['ok-header', { 'x-amz-checksum-crc32': crc32(payload), 'content-md5': createHash('md5').update(payload).digest('base64') }, payload],
    ['ok-unsigned-trailer', { 'content-encoding': 'aws-chunked', 'x-amz-content-sha256': 'STREAMING-UNSIGNED-PAYLOAD-TRAILER', 'x-amz-trailer': 'x-amz-checksum-crc32' }, chunked(payload, `x-amz-checksum-crc32:${crc32(payload)}`, false)],
    ['ok-signed-trailer', { 'content-encoding': 'aws-chunked', 'x-amz-content-sha256': 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER', 'x-amz-trailer': 'x-amz-checksum-sha256' }, chunked(payload, `x-amz-checksum-sha256:${sha256(payload)}`, true)],
  ] as const) {
    const res = await put(`/sums/${key}`, headers, body);
    assert.equal(res.status, 200, `${key}: ${res.text}`);
    assert.equal((await get(`/sums/${key}`)).text, payload.toString(), key);
  }
  // A trailer promised but missing, and a truncated chunked body.
  const missing = await put('/sums/missing-trailer', { 'content-encoding': 'aws-chunked', 'x-amz-content-sha256': 'STREAMING-UNSIGNED-PAYLOAD-TRAILER', 'x-amz-trailer': 'x-amz-checksum-crc32' }, chunked(payload, '', false));
  assert.equal(missing.status, 400, missing.text);
  const cut = await put('/sums/cut', { 'content-encoding': 'aws-chunked', 'x-amz-content-sha256': 'STREAMING-UNSIGNED-PAYLOAD' }, chunked(payload, '', false).subarray(0, 1500));
  assert.equal(cut.status, 400, cut.text);
  assert.match(cut.text, /<Code>IncompleteBody<\/Code>/);
});

const PY = PYTHON_WITH_BOTO3;

const BOTO = String.raw`
import base64, hashlib, json, sys, zlib, boto3
from botocore.config import Config
ep, path = sys.argv[1], sys.argv[2]
s3 = boto3.client('s3', endpoint_url=ep, region_name='us-east-1', aws_access_key_id='t', aws_secret_access_key='t',
                  config=Config(retries={'max_attempts': 1}))
out = {}
body = b'boto3 body ' * 1000
for algo in ['CRC32', 'SHA1', 'SHA256']:
    r = s3.put_object(Bucket='sums', Key='boto-' + algo, Body=body, ChecksumAlgorithm=algo)
    g = s3.get_object(Bucket='sums', Key='boto-' + algo, ChecksumMode='ENABLED')
    out[algo] = [r.get('Checksum' + algo), g.get('Checksum' + algo), g['Body'].read() == body]
out['crc32_expected'] = base64.b64encode(zlib.crc32(body).to_bytes(4, 'big')).decode()
out['sha256_expected'] = base64.b64encode(hashlib.sha256(body).digest()).decode()
with open(path, 'rb') as f:  # a file body: botocore streams it (aws-chunked with a trailing checksum)
    s3.put_object(Bucket='sums', Key='boto-file', Body=f, ChecksumAlgorithm='SHA256')
g = s3.head_object(Bucket='sums', Key='boto-file', ChecksumMode='ENABLED')
out['file'] = g.get('ChecksumSHA256')
for name, kw in [('crc', dict(ChecksumCRC32='AAAAAA==')), ('md5', dict(ContentMD5=base64.b64encode(hashlib.md5(b'x').digest()).decode()))]:
    try:
        s3.put_object(Bucket='sums', Key='boto-bad-' + name, Body=body, **kw)
        out['bad_' + name] = 'accepted'
    except s3.exceptions.ClientError as e:
        out['bad_' + name] = [e.response['Error']['Code'], e.response['Error']['Message']]
print(json.dumps(out))
`;
import { PYTHON_WITH_BOTO3 } from '../../support/boto3.js';

test('boto3 and the AWS CLI over serve: checksums round-trip, mismatches are BadDigest', { skip: !PY && 'python3 with boto3 not installed' }, async () => {
  const file = path.join(dataDir, '..', `${path.basename(dataDir)}-upload.bin`);
  const fileBody = Buffer.alloc(3 * 1024 * 1024 + 17, 'z');
  fs.writeFileSync(file, fileBody);
  try {
    const text = await new Promise<string>((resolve, reject) =>
      execFile(PY!, ['-c', BOTO, server.endpoint, file], { timeout: 120_000 }, (err, stdout, stderr) => (err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(stdout))),
    );
    const out = JSON.parse(text);
    for (const a of ['CRC32', 'SHA1', 'SHA256']) {
      assert.ok(out[a][0], `${a} returned by PutObject`);
      assert.equal(out[a][1], out[a][0], a);
      assert.equal(out[a][2], true, a);
    }
    assert.equal(out.CRC32[0], out.crc32_expected);
    assert.equal(out.SHA256[0], out.sha256_expected);
    assert.equal(out.file, sha256(fileBody));
    assert.deepEqual(out.bad_crc, ['BadDigest', 'The CRC32 you specified did not match the calculated checksum.']);
    assert.deepEqual(out.bad_md5, ['BadDigest', 'The Content-MD5 you specified did not match what we received.']);
    const aws = fs.existsSync('/usr/bin/aws') ? '/usr/bin/aws' : 'aws';
    const env = { ...process.env, AWS_ACCESS_KEY_ID: 't', AWS_SECRET_ACCESS_KEY: 't', AWS_DEFAULT_REGION: 'us-east-1', AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null' };
    const cli = (...args: string[]) =>
      new Promise<{ code: number; out: string }>((resolve) =>
        execFile(aws, ['--endpoint-url', server.endpoint, ...args], { env, timeout: 120_000 }, (err, stdout, stderr) =>
          resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, out: stdout + stderr }),
        ),
      );
    const ok = await cli('s3api', 'put-object', '--bucket', 'sums', '--key', 'cli-file', '--body', file, '--checksum-algorithm', 'SHA256');
    assert.equal(ok.code, 0, ok.out);
    const head = await cli('s3api', 'head-object', '--bucket', 'sums', '--key', 'cli-file', '--checksum-mode', 'ENABLED');
    assert.equal(JSON.parse(head.out).ChecksumSHA256, sha256(fileBody));
    const bad = await cli('s3api', 'put-object', '--bucket', 'sums', '--key', 'cli-bad', '--body', file, '--checksum-crc32', 'AAAAAA==');
    assert.notEqual(bad.code, 0);
    assert.match(bad.out, /BadDigest.*The CRC32 you specified did not match the calculated checksum/);
  } finally {
    fs.rmSync(file, { force: true });
  }
});

test('raw over serve: small XML bodies (DeleteObjects) are checked against their Content-MD5 and checksum', async () => {
  const xml = Buffer.from('<Delete><Object><Key>ok-header</Key></Object><Quiet>true</Quiet></Delete>');
  const post = (headers: Record<string, string>) => send(server, { method: 'POST', path: '/sums?delete', headers: { authorization: signed(), ...headers }, body: xml });
  const badMd5 = await post({ 'content-md5': createHash('md5').update('other').digest('base64') });
  assert.equal(badMd5.status, 400);
  assert.match(badMd5.text, /<Code>BadDigest<\/Code>/);
  const badCrc = await post({ 'x-amz-checksum-crc32': crc32(Buffer.from('other')) });
  assert.match(badCrc.text, /<Code>BadDigest<\/Code><Message>The CRC32 you specified/);
  assert.equal((await get('/sums/ok-header')).status, 200, 'nothing was deleted');
  const ok = await post({ 'content-md5': createHash('md5').update(xml).digest('base64'), 'x-amz-checksum-crc32': crc32(xml) });
  assert.equal(ok.status, 200, ok.text);
  assert.equal((await get('/sums/ok-header')).status, 404);
});
