// A 2,500-key bucket whose keys collide in every way the old layout could not hold (a key beside its own
// folder, folder keys, empty and `..` segments, `k.meta.json/x`) lists correctly — ListObjectsV2 pages of
// 1,000 and of 100 (page ends then fall among common prefixes and among each kind of key), with and without
// delimiters — and empties with DeleteObjects (1,000 a request): through the JS SDK in-process, and through
// boto3's paginator over serve. Every kind of collision is there hundreds of times: more keys would prove
// nothing more and cost minutes.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import { test } from 'node:test';
import {
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteObjectsCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { openLocalForTest } from '../../support/local-clients.js';
import { startServer } from '../../../src/local/server.js';
import { tempDirForFile } from '../../support/tmp.js';

const N = 2_500;

/** N distinct keys, mixing every kind of collision. */
export function mixedKeys(n = N): string[] {
  const out = new Set<string>();
  for (let i = 0; out.size < n; i++) {
    const d = `d${i % 40}`;
    const k = `k${Math.floor(i / 7)}`;
    switch (i % 7) {
      case 0: out.add(`${d}/${k}`); break;
      case 1: out.add(`${d}/${k}/sub`); break; // beside the file d/k
      case 2: out.add(`${d}//e${i}`); break;
      case 3: out.add(`${d}/${k}.meta.json/x`); break;
      case 4: out.add(`${d}/../p${i}`); break;
      case 5: out.add(`flat${i}`); break;
      case 6: out.add(`${d}/${k}/`); break; // a folder key beside both
    }
  }
  return [...out];
}

const byBytes = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));

/** What S3 answers for a prefix and delimiter, computed from the key set. */
function expected(keys: string[], prefix: string, delimiter: string) {
  const contents: string[] = [];
  const prefixes = new Set<string>();
  for (const k of [...keys].sort(byBytes)) {
    if (!k.startsWith(prefix)) continue;
    const i = delimiter ? k.indexOf(delimiter, prefix.length) : -1;
    if (i >= 0) prefixes.add(k.slice(0, i + delimiter.length));
    else contents.push(k);
  }
  return { contents, prefixes: [...prefixes] };
}

async function listAll(s3: S3Client, bucket: string, prefix: string, delimiter: string, maxKeys?: number) {
  const contents: string[] = [];
  const prefixes: string[] = [];
  let token: string | undefined;
  let pages = 0;
  do {
    const p = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix || undefined, Delimiter: delimiter || undefined, MaxKeys: maxKeys, ContinuationToken: token }));
    contents.push(...(p.Contents ?? []).map((c) => c.Key!));
    prefixes.push(...(p.CommonPrefixes ?? []).map((c) => c.Prefix!));
    token = p.NextContinuationToken;
    pages++;
  } while (token && pages < 1000);
  // S3 fills every page but the last: the listing took as many requests as its size says.
  assert.equal(pages, Math.max(1, Math.ceil((contents.length + prefixes.length) / (maxKeys ?? 1000))), `pages of prefix ${prefix} delimiter ${delimiter}`);
  return { contents, prefixes };
}

test('in-process: 2,500 colliding keys list (paged by 1,000 and by 100, with and without delimiters) and empty correctly', async () => {
  const c = await openLocalForTest();
  try {
    const keys = mixedKeys();
    await c.s3.send(new CreateBucketCommand({ Bucket: 'many' }));
    for (let i = 0; i < keys.length; i += 50) {
      await Promise.all(keys.slice(i, i + 50).map((k) => c.s3.send(new PutObjectCommand({ Bucket: 'many', Key: k, Body: k }))));
    }
    for (const [prefix, delimiter] of [['', ''], ['', '/'], ['d7/', '/'], ['d7/', ''], ['d1', '/'], ['d7//', '/'], ['flat1', '']]) {
      for (const maxKeys of [undefined, 100]) {
        assert.deepEqual(await listAll(c.s3, 'many', prefix, delimiter, maxKeys), expected(keys, prefix, delimiter), `prefix ${prefix} delimiter ${delimiter} max-keys ${maxKeys}`);
      }
    }
    for (let i = 0; i < keys.length; i += 1000) {
      const r = await c.s3.send(new DeleteObjectsCommand({ Bucket: 'many', Delete: { Objects: keys.slice(i, i + 1000).map((Key) => ({ Key })), Quiet: true } }));
      assert.deepEqual(r.Errors ?? [], []);
    }
    assert.deepEqual(await listAll(c.s3, 'many', '', ''), { contents: [], prefixes: [] });
    await c.s3.send(new DeleteBucketCommand({ Bucket: 'many' }));
  } finally {
    await c.close();
  }
});

const PY = PYTHON_WITH_BOTO3;

const BOTO = String.raw`
import json, sys, boto3
from concurrent.futures import ThreadPoolExecutor
from botocore.config import Config
ep, keys_file = sys.argv[1], sys.argv[2]
keys = json.load(open(keys_file))
s3 = boto3.client('s3', endpoint_url=ep, region_name='us-east-1', aws_access_key_id='t', aws_secret_access_key='t',
                  config=Config(retries={'max_attempts': 1}, max_pool_connections=8))
s3.create_bucket(Bucket='many')
with ThreadPoolExecutor(8) as pool:
    list(pool.map(lambda k: s3.put_object(Bucket='many', Key=k, Body=k.encode()), keys))
def listing(prefix, delimiter, page_size=None):
    kw = dict(Bucket='many', Prefix=prefix)
    if delimiter: kw['Delimiter'] = delimiter
    if page_size: kw['PaginationConfig'] = {'PageSize': page_size}
    contents, prefixes, pages = [], [], 0
    for page in s3.get_paginator('list_objects_v2').paginate(**kw):
        contents += [o['Key'] for o in page.get('Contents', [])]
        prefixes += [p['Prefix'] for p in page.get('CommonPrefixes', [])]
        pages += 1
    return {'contents': contents, 'prefixes': prefixes, 'pages': pages}
out = {'all': listing('', ''), 'top': listing('', '/', 100), 'd7': listing('d7/', '/')}
for i in range(0, len(keys), 1000):
    r = s3.delete_objects(Bucket='many', Delete={'Objects': [{'Key': k} for k in keys[i:i + 1000]], 'Quiet': True})
    assert not r.get('Errors'), r.get('Errors')
out['after'] = listing('', '')
s3.delete_bucket(Bucket='many')
print(json.dumps(out))
`;
import { PYTHON_WITH_BOTO3 } from '../../support/boto3.js';

test('boto3 over serve: the same 2,500 keys list through the paginator (pages of 1,000 and of 100) and empty', { skip: !PY && 'python3 with boto3 not installed' }, async () => {
  const dir = tempDirForFile('lh-s3-many-');
  const server = await startServer({ dataDir: `${dir}/data`, port: 0 });
  try {
    const keys = mixedKeys();
    fs.writeFileSync(`${dir}/keys.json`, JSON.stringify(keys));
    const out = JSON.parse(
      await new Promise<string>((resolve, reject) =>
        execFile(PY!, ['-c', BOTO, server.endpoint, `${dir}/keys.json`], { timeout: 600_000, maxBuffer: 64 << 20 }, (err, stdout, stderr) =>
          err ? reject(new Error(`${err.message}\n${stderr.slice(-2000)}`)) : resolve(stdout),
        ),
      ),
    );
    const paged = (want: { contents: string[]; prefixes: string[] }, pageSize: number) => ({ ...want, pages: Math.max(1, Math.ceil((want.contents.length + want.prefixes.length) / pageSize)) });
    assert.deepEqual(out.all, paged(expected(keys, '', ''), 1000));
    assert.deepEqual(out.top, paged(expected(keys, '', '/'), 100));
    assert.deepEqual(out.d7, paged(expected(keys, 'd7/', '/'), 1000));
    assert.deepEqual(out.after, { contents: [], prefixes: [], pages: 1 });
  } finally {
    await server.close();
  }
});
