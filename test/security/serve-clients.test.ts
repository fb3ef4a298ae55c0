// serve's gate as real clients meet it: boto3 and the AWS CLI signed (work, large uploads included: they go
// through Expect: 100-continue and the spooled path), unsigned (refused with AWS's codes, which the clients
// parse), presigned URLs (work until they expire), and a foreign Host set on a boto3 request (refused).
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { startTestServer, type TestServer } from '../local/serve/raw.js';
import { AWS_CLI, awsCli, closeAwsCli, isolatedCliEnv } from '../support/aws-cli.js';
import { tempDir } from '../support/tmp.js';

function which(candidates: string[], args: string[], check: (out: string) => boolean): string | undefined {
  for (const c of candidates) {
    try {
      if (check(execFileSync(c, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }))) return c;
    } catch {
      /* next */
    }
  }
  return undefined;
}
const PY = which(['/usr/bin/python3', 'python3'], ['-c', 'import boto3; print("ok")'], (o) => o.trim() === 'ok');

let t: TestServer;
let work: string;
before(async () => {
  t = await startTestServer();
  work = tempDir('lh-serve-clients-');
});
after(async () => {
  closeAwsCli();
  await t.close();
  fs.rmSync(work, { recursive: true, force: true });
});

const env = () => isolatedCliEnv(work);

/** The AWS CLI with this file's environment (test/support/aws-cli.ts). */
const aws = (args: string[]) => awsCli(args, { env: env(), cwd: work, timeoutMs: 120_000 });

function run(cmd: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) =>
    execFile(cmd, args, { env: env(), cwd: work, timeout: 120_000, maxBuffer: 16 << 20 }, (err, stdout, stderr) =>
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    ),
  );
}

const BOTO = String.raw`
import json, sys, time, urllib.request, urllib.error, hashlib, boto3, botocore
from botocore.config import Config
ep, big = sys.argv[1], sys.argv[2]
kw = dict(endpoint_url=ep, region_name='us-east-1', config=Config(retries={'max_attempts': 1}))
unsigned = dict(endpoint_url=ep, region_name='us-east-1', config=Config(signature_version=botocore.UNSIGNED, retries={'max_attempts': 1}))
out = {}
def code(fn):
    try:
        fn()
        return 'OK'
    except botocore.exceptions.ClientError as e:
        return e.response['Error']['Code']
s3 = boto3.client('s3', **kw)
s3.create_bucket(Bucket='boto-sec')
out['unsigned_s3_put'] = code(lambda: boto3.client('s3', **unsigned).put_object(Bucket='boto-sec', Key='x', Body=b'x'))
out['unsigned_s3_list'] = code(lambda: boto3.client('s3', **unsigned).list_buckets())
out['unsigned_kinesis'] = code(lambda: boto3.client('kinesis', **unsigned).list_streams())
out['unsigned_sts'] = code(lambda: boto3.client('sts', **unsigned).get_caller_identity())
# A foreign Host on an otherwise signed request (what a DNS-rebinding page would send).
evil = boto3.client('s3', **kw)
evil.meta.events.register('before-send.s3', lambda request, **_: request.headers.__setitem__('Host', 'evil.example'))
out['foreign_host'] = code(lambda: evil.list_buckets())
# Large single PUT (boto3 sends Expect: 100-continue) through the spooled path.
with open(big, 'rb') as f:
    data = f.read()
out['big_etag'] = s3.put_object(Bucket='boto-sec', Key='big.bin', Body=data)['ETag'].strip('"')
out['big_md5'] = hashlib.md5(data).hexdigest()
# Presigned URLs: PUT and GET work with plain urllib; an expired one is refused.
put_url = s3.generate_presigned_url('put_object', Params={'Bucket': 'boto-sec', 'Key': 'pre.txt'}, ExpiresIn=300)
urllib.request.urlopen(urllib.request.Request(put_url, data=b'presigned', method='PUT'))
get_url = s3.generate_presigned_url('get_object', Params={'Bucket': 'boto-sec', 'Key': 'pre.txt'}, ExpiresIn=300)
out['presigned_get'] = urllib.request.urlopen(get_url).read().decode()
# boto3 presigns with Signature Version 2 in us-east-1 by default; the same with SigV4:
s3v4 = boto3.client('s3', endpoint_url=ep, region_name='us-east-1', config=Config(signature_version='s3v4'))
v4_url = s3v4.generate_presigned_url('get_object', Params={'Bucket': 'boto-sec', 'Key': 'pre.txt'}, ExpiresIn=300)
out['v4_is_v4'] = 'X-Amz-Signature=' in v4_url
out['presigned_v4_get'] = urllib.request.urlopen(v4_url).read().decode()
old = s3.generate_presigned_url('get_object', Params={'Bucket': 'boto-sec', 'Key': 'pre.txt'}, ExpiresIn=1)
time.sleep(2.1)
try:
    urllib.request.urlopen(old)
    out['expired'] = 200
except urllib.error.HTTPError as e:
    out['expired'] = e.code
print(json.dumps(out))
`;

test('boto3: unsigned refused with AWS codes, foreign Host refused, large and presigned uploads work', { skip: PY ? false : 'python3 with boto3 not installed' }, async () => {
  const big = path.join(work, 'big.bin');
  fs.writeFileSync(big, Buffer.alloc(12 * 1024 * 1024, 'lakehouse'));
  const r = await run(PY!, ['-c', BOTO, t.server.endpoint, big]);
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.equal(out.unsigned_s3_put, 'AccessDenied');
  assert.equal(out.unsigned_s3_list, 'AccessDenied');
  assert.equal(out.unsigned_kinesis, 'MissingAuthenticationTokenException');
  assert.equal(out.unsigned_sts, 'MissingAuthenticationToken');
  assert.equal(out.foreign_host, 'InvalidHostHeader');
  assert.equal(out.big_etag, out.big_md5);
  assert.equal(out.presigned_get, 'presigned');
  assert.equal(out.v4_is_v4, true);
  assert.equal(out.presigned_v4_get, 'presigned');
  assert.equal(out.expired, 403);
  assert.deepEqual(fs.existsSync(path.join(t.dataDir, 'tmp')) ? fs.readdirSync(path.join(t.dataDir, 'tmp')).filter((f) => f.startsWith('req-')) : [], []);
});

test('AWS CLI: --no-sign-request refused, multipart cp of 40 MiB round-trips, s3 presign works', { skip: AWS_CLI ? false : 'AWS CLI v2 not installed' }, async () => {
  const ep = ['--endpoint-url', t.server.endpoint, '--output', 'json'];
  assert.equal((await aws([...ep, 's3', 'mb', 's3://cli-sec'])).code, 0);
  const noSign = await aws([...ep, '--no-sign-request', 's3', 'ls', 's3://cli-sec']);
  assert.notEqual(noSign.code, 0);
  assert.match(noSign.stderr, /AccessDenied/);
  const noSignKinesis = await aws([...ep, '--no-sign-request', 'kinesis', 'list-streams']);
  assert.match(noSignKinesis.stderr, /MissingAuthenticationTokenException/);
  const src = path.join(work, 'forty.bin');
  const data = Buffer.alloc(40 * 1024 * 1024);
  for (let i = 0; i < data.length; i += 4096) data.writeUInt32BE(i, i);
  fs.writeFileSync(src, data);
  const up = await aws([...ep, 's3', 'cp', src, 's3://cli-sec/forty.bin']);
  assert.equal(up.code, 0, up.stderr);
  const back = path.join(work, 'forty.back');
  const down = await aws([...ep, 's3', 'cp', 's3://cli-sec/forty.bin', back]);
  assert.equal(down.code, 0, down.stderr);
  assert.equal(createHash('md5').update(fs.readFileSync(back)).digest('hex'), createHash('md5').update(data).digest('hex'));
  const presign = await aws([...ep, 's3', 'presign', 's3://cli-sec/forty.bin', '--expires-in', '300']);
  assert.equal(presign.code, 0, presign.stderr);
  const md5 = await new Promise<string>((resolve, reject) =>
    http
      .get(presign.stdout.trim(), (res) => {
        const h = createHash('md5');
        res.on('data', (d) => h.update(d));
        res.on('end', () => resolve(res.statusCode === 200 ? h.digest('hex') : `status ${res.statusCode}`));
      })
      .on('error', reject),
  );
  assert.equal(md5, createHash('md5').update(data).digest('hex'));
});
