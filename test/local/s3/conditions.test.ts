// Conditional requests: PutObject If-None-Match "*" / If-Match (412, 404), Get/Head If-Match,
// If-None-Match, If-Modified-Since, If-Unmodified-Since (304/412 with AWS's precedence), CopyObject's
// x-amz-copy-source-if-* (412) — through the JS SDK in-process and boto3 over serve.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CopyObjectCommand, CreateBucketCommand, GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3ServiceException } from '@aws-sdk/client-s3';
import { openLocalForTest } from '../../support/local-clients.js';
import { boto, PY } from './boto.js';

// A 304 has no body, so the SDK (as against AWS) cannot name the error: only the status is compared.
const NOT_MODIFIED: [number, string] = [304, '-'];

async function status(p: Promise<unknown>): Promise<[number, string]> {
  try {
    await p;
    return [200, 'OK'];
  } catch (e) {
    assert.ok(e instanceof S3ServiceException, String(e));
    return e.$metadata.httpStatusCode === 304 ? NOT_MODIFIED : [e.$metadata.httpStatusCode!, e.name];
  }
}

test('JS SDK in-process: conditional writes, reads and copies answer as AWS', async () => {
  const c = await openLocalForTest();
  const s3 = c.s3;
  try {
    await s3.send(new CreateBucketCommand({ Bucket: 'cond' }));
    const put = await s3.send(new PutObjectCommand({ Bucket: 'cond', Key: 'k', Body: 'one', IfNoneMatch: '*' }));
    const etag = put.ETag!;
    assert.deepEqual(await status(s3.send(new PutObjectCommand({ Bucket: 'cond', Key: 'k', Body: 'two', IfNoneMatch: '*' }))), [412, 'PreconditionFailed']);
    assert.deepEqual(await status(s3.send(new PutObjectCommand({ Bucket: 'cond', Key: 'k', Body: 'two', IfMatch: '"0000"' }))), [412, 'PreconditionFailed']);
    assert.deepEqual(await status(s3.send(new PutObjectCommand({ Bucket: 'cond', Key: 'absent', Body: 'two', IfMatch: etag }))), [404, 'NoSuchKey']);
    const put2 = await s3.send(new PutObjectCommand({ Bucket: 'cond', Key: 'k', Body: 'two', IfMatch: etag }));
    const body = await s3.send(new GetObjectCommand({ Bucket: 'cond', Key: 'k' }));
    assert.equal(await body.Body!.transformToString(), 'two');
    const e2 = put2.ETag!;
    const lm = body.LastModified!;
    const before = new Date(lm.getTime() - 3600_000);
    const after = new Date(lm.getTime() + 1000);

    assert.deepEqual(await status(s3.send(new GetObjectCommand({ Bucket: 'cond', Key: 'k', IfMatch: etag }))), [412, 'PreconditionFailed']);
    assert.equal((await s3.send(new GetObjectCommand({ Bucket: 'cond', Key: 'k', IfMatch: e2 }))).ETag, e2);
    assert.deepEqual(await status(s3.send(new GetObjectCommand({ Bucket: 'cond', Key: 'k', IfNoneMatch: e2 }))), NOT_MODIFIED);
    assert.deepEqual(await status(s3.send(new HeadObjectCommand({ Bucket: 'cond', Key: 'k', IfNoneMatch: e2 }))), NOT_MODIFIED);
    assert.deepEqual(await status(s3.send(new GetObjectCommand({ Bucket: 'cond', Key: 'k', IfModifiedSince: after }))), NOT_MODIFIED);
    assert.deepEqual(await status(s3.send(new GetObjectCommand({ Bucket: 'cond', Key: 'k', IfModifiedSince: before }))), [200, 'OK']);
    assert.deepEqual(await status(s3.send(new GetObjectCommand({ Bucket: 'cond', Key: 'k', IfUnmodifiedSince: before }))), [412, 'PreconditionFailed']);
    // HEAD answers carry no body, so only the status tells.
    assert.equal((await status(s3.send(new HeadObjectCommand({ Bucket: 'cond', Key: 'k', IfUnmodifiedSince: before }))))[0], 412);
    // AWS's precedence: a matching If-Match wins over a failing If-Unmodified-Since; a matching If-None-Match
    // (not modified) wins over a passing If-Modified-Since.
    assert.deepEqual(await status(s3.send(new GetObjectCommand({ Bucket: 'cond', Key: 'k', IfMatch: e2, IfUnmodifiedSince: before }))), [200, 'OK']);
    assert.deepEqual(await status(s3.send(new GetObjectCommand({ Bucket: 'cond', Key: 'k', IfNoneMatch: e2, IfModifiedSince: before }))), NOT_MODIFIED);

    const copy = (extra: Record<string, unknown>) => s3.send(new CopyObjectCommand({ Bucket: 'cond', Key: 'copy', CopySource: 'cond/k', ...extra }));
    assert.deepEqual(await status(copy({ CopySourceIfMatch: etag })), [412, 'PreconditionFailed']);
    assert.deepEqual(await status(copy({ CopySourceIfNoneMatch: e2 })), [412, 'PreconditionFailed']);
    assert.deepEqual(await status(copy({ CopySourceIfModifiedSince: after })), [412, 'PreconditionFailed']);
    assert.deepEqual(await status(copy({ CopySourceIfUnmodifiedSince: before })), [412, 'PreconditionFailed']);
    assert.deepEqual(await status(copy({ CopySourceIfMatch: e2 })), [200, 'OK']);
  } finally {
    await c.close();
  }
});

test('boto3 over serve: conditional requests', { skip: !PY && 'python3 with boto3 not installed' }, async () => {
  const out = await boto(String.raw`
import datetime
s3.create_bucket(Bucket='cond')
e1 = with_headers({'If-None-Match': '*'}, s3.put_object, Bucket='cond', Key='k', Body=b'one')['ETag']
r = {}
r['again'] = err(with_headers, {'If-None-Match': '*'}, s3.put_object, Bucket='cond', Key='k', Body=b'x')
r['ifmatch_bad'] = err(with_headers, {'If-Match': '"abc"'}, s3.put_object, Bucket='cond', Key='k', Body=b'x')
r['ifmatch_ok'] = err(with_headers, {'If-Match': e1}, s3.put_object, Bucket='cond', Key='k', Body=b'two')
head = s3.head_object(Bucket='cond', Key='k')
e2, lm = head['ETag'], head['LastModified']
r['get_inm'] = err(s3.get_object, Bucket='cond', Key='k', IfNoneMatch=e2)
r['get_im'] = err(s3.get_object, Bucket='cond', Key='k', IfMatch=e1)
r['get_ims'] = err(s3.get_object, Bucket='cond', Key='k', IfModifiedSince=lm + datetime.timedelta(seconds=1))
r['get_ius'] = err(s3.get_object, Bucket='cond', Key='k', IfUnmodifiedSince=lm - datetime.timedelta(hours=1))
r['copy_im'] = err(s3.copy_object, Bucket='cond', Key='c', CopySource={'Bucket': 'cond', 'Key': 'k'}, CopySourceIfMatch=e1)
r['copy_ok'] = err(s3.copy_object, Bucket='cond', Key='c', CopySource={'Bucket': 'cond', 'Key': 'k'}, CopySourceIfMatch=e2)
print(json.dumps(r))
`);
  assert.deepEqual(out, {
    again: [412, 'PreconditionFailed'],
    ifmatch_bad: [412, 'PreconditionFailed'],
    ifmatch_ok: [200, 'OK'],
    get_inm: [304, '304'], // botocore names a bodiless error by its status, as against AWS
    get_im: [412, 'PreconditionFailed'],
    get_ims: [304, '304'],
    get_ius: [412, 'PreconditionFailed'],
    copy_im: [412, 'PreconditionFailed'],
    copy_ok: [200, 'OK'],
  });
});

// (serve receives the whole body before S3 sees the request, so the condition is decided at completion:
// the first conditional write to finish wins, as AWS documents.)
test('serve: a conditional PUT whose object changes while its body arrives is 412', async () => {
  const { startServer } = await import('../../../src/local/server.js');
  const { send, signed } = await import('../serve/raw.js');
  const { tempDirForFile } = await import('../../support/tmp.js');
  const http = await import('node:http');
  const server = await startServer({ dataDir: `${tempDirForFile('lh-s3-race-')}/data`, port: 0 });
  const auth = { authorization: signed() };
  try {
    assert.equal((await send(server, { method: 'PUT', path: '/race', headers: auth })).status, 200);
    const first = await send(server, { method: 'PUT', path: '/race/k', headers: auth, body: 'A' });
    // Starts a conditional PUT, lets `meanwhile` run while the body is half sent, then finishes it.
    const slowPut = (meanwhile: () => Promise<unknown>) =>
      new Promise<{ status: number; text: string }>((resolve, reject) => {
        const req = http.request(
          { host: '127.0.0.1', port: server.port, method: 'PUT', path: '/race/k', headers: { ...auth, 'if-match': String(first.headers.etag), 'content-length': '8' } },
          (res) => {
            let text = '';
            res.on('data', (d) => (text += d));
            res.on('end', () => resolve({ status: res.statusCode!, text }));
          },
        );
        req.on('error', reject);
        req.write('CCCC');
        setTimeout(() => meanwhile().then(() => req.end('CCCC'), reject), 300);
      });
    const overwritten = await slowPut(() => send(server, { method: 'PUT', path: '/race/k', headers: auth, body: 'B' }));
    assert.equal(overwritten.status, 412);
    assert.match(overwritten.text, /<Code>PreconditionFailed<\/Code>/);
    assert.equal((await send(server, { path: '/race/k', headers: auth })).text, 'B');
  } finally {
    await server.close();
  }
});
