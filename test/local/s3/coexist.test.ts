// Any set of valid S3 keys coexists (issue 12): a key beside its own folder, keys that look like the
// layout's own escapes, `.`/`..`/empty segments, control characters, 1024-byte keys. Driven through the JS
// SDK in-process; listings use EncodingType=url so control characters survive XML, as AWS advises.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import {
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { openLocalForTest } from '../../support/local-clients.js';

export const TRICKY_KEYS = [
  'a/b',
  'a/b/c',
  'a/b/c/',
  'a/',
  'k',
  'k.meta.json/x',
  'k.meta.json',
  '.',
  '..',
  './x',
  '../../../../etc/passwd',
  'x/../y',
  'a//b',
  '//',
  '/',
  '/lead',
  'trail/',
  'pct%',
  'pct%25',
  'pct%2E',
  'back\\slash',
  'ctl\u0001\u001f\u007f',
  'new\nline',
  'nul\u0000byte',
  'x%obj',
  'x',
  'x/y',
  '%empty',
  '%long-abc',
  'ünï/cødé',
  'emoji/🙂',
  'long/' + 's'.repeat(300) + '/leaf',
  'long/' + 's'.repeat(300),
  'L'.repeat(1024),
  ('d/').repeat(300) + 'e'.repeat(424),
];

async function listAll(s3: S3Client, bucket: string, extra: { Prefix?: string; Delimiter?: string } = {}) {
  const keys: string[] = [];
  const prefixes: string[] = [];
  let token: string | undefined;
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, EncodingType: 'url', ContinuationToken: token, MaxKeys: 7, ...extra }));
    for (const c of page.Contents ?? []) keys.push(decodeURIComponent(c.Key!));
    for (const p of page.CommonPrefixes ?? []) prefixes.push(decodeURIComponent(p.Prefix!));
    token = page.NextContinuationToken;
  } while (token);
  return { keys, prefixes };
}

const byBytes = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));

test('every tricky key round-trips beside the others, lists in byte order, and empties the bucket', async () => {
  const c = await openLocalForTest();
  try {
    const s3 = c.s3;
    await s3.send(new CreateBucketCommand({ Bucket: 'tricky' }));
    for (const [i, key] of TRICKY_KEYS.entries()) {
      assert.ok(Buffer.byteLength(key) <= 1024, key);
      await s3.send(new PutObjectCommand({ Bucket: 'tricky', Key: key, Body: `body ${i}` }));
    }
    for (const [i, key] of TRICKY_KEYS.entries()) {
      const got = await s3.send(new GetObjectCommand({ Bucket: 'tricky', Key: key }));
      assert.equal(await got.Body!.transformToString(), `body ${i}`, JSON.stringify(key));
    }
    const sorted = [...TRICKY_KEYS].sort(byBytes);
    assert.deepEqual((await listAll(s3, 'tricky')).keys, sorted);
    // Delimiter listing agrees with S3's rule: a key with `/` after the prefix rolls up into one prefix.
    const top = await listAll(s3, 'tricky', { Delimiter: '/' });
    assert.deepEqual(top.keys, sorted.filter((k) => !k.includes('/')));
    assert.deepEqual(top.prefixes, [...new Set(sorted.filter((k) => k.includes('/')).map((k) => k.slice(0, k.indexOf('/') + 1)))]);
    const underA = await listAll(s3, 'tricky', { Prefix: 'a/', Delimiter: '/' });
    assert.deepEqual(underA.keys, ['a/', 'a/b']);
    assert.deepEqual(underA.prefixes, ['a//', 'a/b/']);
    // Every file stays inside the bucket's directory; nothing lands beside the data dir.
    const dataDir = c.emulator!.dataDir;
    for (const key of TRICKY_KEYS) {
      const p = c.emulator!.s3.objectPath('tricky', key);
      assert.ok(p.startsWith(path.join(dataDir, 's3', 'tricky') + path.sep), `${JSON.stringify(key)} → ${p}`);
    }
    assert.deepEqual(fs.readdirSync(path.join(dataDir, 's3')), ['tricky']);
    // Ordinary keys keep their key as their path (the lake stays browsable, DuckDB reads it by path).
    assert.equal(c.emulator!.s3.objectPath('tricky', 'emoji/🙂'), path.join(dataDir, 's3', 'tricky', 'emoji', '🙂'));
    for (const key of TRICKY_KEYS) await s3.send(new DeleteObjectCommand({ Bucket: 'tricky', Key: key }));
    assert.deepEqual((await listAll(s3, 'tricky')).keys, []);
    await s3.send(new DeleteBucketCommand({ Bucket: 'tricky' }));
  } finally {
    await c.close();
  }
});

test('overwriting a key that became a folder, and deleting the folder, keeps the file', async () => {
  const c = await openLocalForTest();
  try {
    const s3 = c.s3;
    await s3.send(new CreateBucketCommand({ Bucket: 'flip' }));
    await s3.send(new PutObjectCommand({ Bucket: 'flip', Key: 'p/q', Body: 'file' }));
    await s3.send(new PutObjectCommand({ Bucket: 'flip', Key: 'p/q/r', Body: 'under' }));
    await s3.send(new PutObjectCommand({ Bucket: 'flip', Key: 'p/q', Body: 'file v2' }));
    await s3.send(new DeleteObjectCommand({ Bucket: 'flip', Key: 'p/q/r' }));
    const got = await s3.send(new GetObjectCommand({ Bucket: 'flip', Key: 'p/q' }));
    assert.equal(await got.Body!.transformToString(), 'file v2');
    assert.deepEqual((await listAll(s3, 'flip')).keys, ['p/q']);
    await s3.send(new PutObjectCommand({ Bucket: 'flip', Key: 'p/q/s', Body: 'again' }));
    assert.deepEqual((await listAll(s3, 'flip')).keys, ['p/q', 'p/q/s']);
  } finally {
    await c.close();
  }
});

test('on a case- or normalization-folding file system (forced here), keys differing only in case or form still coexist', async () => {
  const { tempDirForFile } = await import('../../support/tmp.js');
  const dataDir = tempDirForFile('lh-s3-fold-');
  // What the store records when its probe finds a folding file system (macOS's default APFS).
  fs.mkdirSync(path.join(dataDir, 's3meta'), { recursive: true });
  fs.writeFileSync(path.join(dataDir, 's3meta', 'layout.json'), JSON.stringify({ version: 2, folding: true }));
  const c = await openLocalForTest({ dataDir });
  try {
    const s3 = c.s3;
    await s3.send(new CreateBucketCommand({ Bucket: 'fold' }));
    const keys = [...TRICKY_KEYS, 'A', 'a', 'Events/X.parquet', 'events/x.parquet', 'É', 'E\u0301', 'é', '%41', '%4a', 'ǅ', 'ǆ', 'ß', 'SS', 'ss'];
    for (const [i, key] of keys.entries()) await s3.send(new PutObjectCommand({ Bucket: 'fold', Key: key, Body: `body ${i}` }));
    for (const [i, key] of keys.entries()) {
      const got = await s3.send(new GetObjectCommand({ Bucket: 'fold', Key: key }));
      assert.equal(await got.Body!.transformToString(), `body ${i}`, JSON.stringify(key));
    }
    assert.deepEqual((await listAll(s3, 'fold')).keys, [...keys].sort(byBytes));
    // Every path under the bucket is ASCII, and no two fold together under case folding or NFC/NFD.
    const files: string[] = [];
    const walk = (d: string) => {
      for (const e of fs.readdirSync(d, { withFileTypes: true })) {
        const p = path.join(d, e.name);
        files.push(path.relative(path.join(dataDir, 's3', 'fold'), p));
        if (e.isDirectory()) walk(p);
      }
    };
    walk(path.join(dataDir, 's3', 'fold'));
    for (const f of files) assert.match(f, /^[\x20-\x7e]+$/, f);
    const folded = files.map((f) => f.normalize('NFD').toLowerCase());
    assert.equal(new Set(folded).size, files.length, 'two names fold together');
  } finally {
    await c.close();
  }
});

test('the folding probe: this file system keeps case and form apart, and the probe leaves nothing behind', async () => {
  const { tempDirForFile } = await import('../../support/tmp.js');
  const { foldsNames } = await import('../../../src/local/services/s3/store.js');
  const dir = tempDirForFile('lh-s3-probe-');
  assert.equal(foldsNames(dir), false);
  assert.deepEqual(fs.readdirSync(dir), []);
});
