// A data dir written by the first S3 layout (objects at s3/<bucket>/<key> verbatim, sidecars at
// s3meta/<bucket>/o/<key>.meta.json, folder keys as directories with s3meta/<bucket>/f/<key>.meta.json) is
// migrated on open with nothing lost: keys, bytes, content types, user metadata and bucket settings survive,
// names the new layout escapes move, and a second open changes nothing.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import {
  GetBucketLocationCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import { openLocalForTest } from '../../support/local-clients.js';
import { migrateIfNeeded } from '../../../src/local/services/s3/migrate.js';
import { S3Store } from '../../../src/local/services/s3/store.js';
import { tempDirForFile } from '../../support/tmp.js';

function writeOld(dataDir: string) {
  const obj = (bucket: string, key: string, body: string, meta?: Record<string, unknown>) => {
    const file = path.join(dataDir, 's3', bucket, ...key.split('/'));
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, body);
    if (!meta) return;
    const st = fs.statSync(file);
    const side = path.join(dataDir, 's3meta', bucket, 'o', ...key.split('/')) + '.meta.json';
    fs.mkdirSync(path.dirname(side), { recursive: true });
    fs.writeFileSync(side, JSON.stringify({ etag: '"x"', size: st.size, mtimeMs: st.mtimeMs, lastModified: 1_700_000_000_000, userMeta: {}, ...meta }));
  };
  obj('lake', 'events/2026/a.parquet', 'PAR1', { etag: '"e1"', contentType: 'application/x-parquet', userMeta: { m: '1' } });
  obj('lake', '100%/x.txt', 'pct', { contentType: 'text/plain' });
  obj('lake', 'back\\slash', 'b');
  obj('lake', 'tab\there', 't');
  fs.mkdirSync(path.join(dataDir, 's3', 'lake', 'folder'), { recursive: true });
  fs.mkdirSync(path.join(dataDir, 's3meta', 'lake', 'f'), { recursive: true });
  fs.writeFileSync(path.join(dataDir, 's3meta', 'lake', 'f', 'folder.meta.json'), JSON.stringify({ etag: '"d41d8cd98f00b204e9800998ecf8427e"', size: 0 }));
  fs.writeFileSync(path.join(dataDir, 's3meta', 'lake', 'bucket.json'), JSON.stringify({ created: 1_700_000_000_000, region: 'us-east-1', tags: [{ Key: 'a', Value: 'b' }] }));
  // A bucket named like a folder of the new store.
  obj('buckets', 'k', 'named buckets', { contentType: 'text/x-b' });
  fs.writeFileSync(path.join(dataDir, 's3meta', 'buckets', 'bucket.json'), JSON.stringify({ created: 1, region: 'us-east-1' }));
}

async function contents(dataDir: string) {
  const c = await openLocalForTest({ dataDir });
  try {
    const list = await c.s3.send(new ListObjectsV2Command({ Bucket: 'lake', EncodingType: 'url' }));
    const keys = (list.Contents ?? []).map((o) => decodeURIComponent(o.Key!));
    const bodies: Record<string, string> = {};
    for (const k of keys) bodies[k] = await (await c.s3.send(new GetObjectCommand({ Bucket: 'lake', Key: k }))).Body!.transformToString();
    const head = await c.s3.send(new HeadObjectCommand({ Bucket: 'lake', Key: 'events/2026/a.parquet' }));
    const pct = await c.s3.send(new HeadObjectCommand({ Bucket: 'lake', Key: '100%/x.txt' }));
    const named = await c.s3.send(new GetObjectCommand({ Bucket: 'buckets', Key: 'k' }));
    const loc = await c.s3.send(new GetBucketLocationCommand({ Bucket: 'lake' }));
    return {
      keys,
      bodies,
      parquet: [head.ContentType, head.ETag, head.Metadata],
      pctType: pct.ContentType,
      named: [await named.Body!.transformToString(), named.ContentType],
      location: loc.LocationConstraint ?? '',
    };
  } finally {
    await c.close();
  }
}

test('an old-layout data dir is migrated on open, losing nothing, and stays put on the next open', async () => {
  const dataDir = tempDirForFile('lh-s3-migrate-');
  writeOld(dataDir);
  const first = await contents(dataDir);
  assert.deepEqual(first.keys, ['100%/x.txt', 'back\\slash', 'events/2026/a.parquet', 'folder/', 'tab\there']);
  assert.deepEqual(first.bodies, { '100%/x.txt': 'pct', 'back\\slash': 'b', 'events/2026/a.parquet': 'PAR1', 'folder/': '', 'tab\there': 't' });
  assert.deepEqual(first.parquet, ['application/x-parquet', '"e1"', { m: '1' }]);
  assert.equal(first.pctType, 'text/plain');
  assert.deepEqual(first.named, ['named buckets', 'text/x-b']);
  assert.equal(first.location, '');
  // Lake files whose keys need no escaping did not move: DuckDB's paths are unchanged.
  assert.equal(fs.readFileSync(path.join(dataDir, 's3', 'lake', 'events', '2026', 'a.parquet'), 'utf8'), 'PAR1');
  assert.ok(fs.existsSync(path.join(dataDir, 's3', 'lake', '100%25', 'x.txt')));
  assert.ok(!fs.existsSync(path.join(dataDir, 's3', 'lake', '100%')));
  assert.deepEqual(JSON.parse(fs.readFileSync(path.join(dataDir, 's3meta', 'layout.json'), 'utf8')), { version: 2 });
  assert.ok(!fs.existsSync(path.join(dataDir, 's3meta', '.v1')));
  const second = await contents(dataDir);
  assert.deepEqual(second, first);
});

test('a migrated data dir takes new writes and keeps old and new objects on the next open', async () => {
  const dataDir = tempDirForFile('lh-s3-migrate-write-');
  writeOld(dataDir);
  const c = await openLocalForTest({ dataDir });
  await c.s3.send(new PutObjectCommand({ Bucket: 'lake', Key: 'after', Body: 'new' }));
  await c.close();
  const again = await contents(dataDir);
  assert.ok(again.keys.includes('after'));
  assert.ok(again.keys.includes('100%/x.txt'));
});

test('a migration cut short after its first move resumes from its journal on the next open', async () => {
  const clean = tempDirForFile('lh-s3-migrate-clean-');
  writeOld(clean);
  const expected = await contents(clean);
  const dataDir = tempDirForFile('lh-s3-migrate-cut-');
  writeOld(dataDir);
  const store = new S3Store(dataDir, Date.now, { maintain: false });
  assert.throws(
    () => migrateIfNeeded(store, { afterStep: (step) => { if (step.startsWith('moved')) throw new Error('crash point'); } }),
    /crash point/,
  );
  assert.ok(fs.existsSync(path.join(dataDir, 's3meta', 'migrate-v2.json')), 'the plan was written before any move');
  assert.ok(!fs.existsSync(path.join(dataDir, 's3meta', 'layout.json')));
  assert.deepEqual(await contents(dataDir), expected);
  assert.ok(!fs.existsSync(path.join(dataDir, 's3meta', 'migrate-v2.json')));
});
