// S3Internal (what Firehose and Athena use) and the plain-file contract: files dropped into the lake by
// other writers list and read with computed ETags; state survives close and reopen.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { CreateBucketCommand, GetObjectCommand, HeadBucketCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { openLocalForTest } from '../../support/local-clients.js';

test('putObjectFromFile, putObject and list through the internal face', async () => {
  const c = await openLocalForTest();
  try {
    const s3 = c.emulator!.s3;
    await c.s3.send(new CreateBucketCommand({ Bucket: 'lake' }));
    assert.equal(s3.bucketExists('lake'), true);
    assert.equal(s3.bucketExists('other'), false);
    const tmpDir = path.join(c.dataDir, 'tmp');
    fs.mkdirSync(tmpDir, { recursive: true });
    const tmp = path.join(tmpDir, 'part.parquet');
    fs.writeFileSync(tmp, 'PAR1...PAR1');
    await s3.putObjectFromFile('lake', 'events/year=2026/part-1.parquet', tmp);
    assert.equal(fs.existsSync(tmp), false);
    await s3.putObject('lake', 'events/year=2026/part-2.parquet', Buffer.from('PAR1xPAR1'));
    await s3.putObject('lake', 'results/q.csv', 'a,b\n');
    const listed = s3.list('lake', 'events/');
    assert.deepEqual(listed.map((o) => [o.key, o.size]), [
      ['events/year=2026/part-1.parquet', 11],
      ['events/year=2026/part-2.parquet', 9],
    ]);
    assert.equal(listed[0].path, s3.objectPath('lake', 'events/year=2026/part-1.parquet'));
    const got = await c.s3.send(new GetObjectCommand({ Bucket: 'lake', Key: 'events/year=2026/part-1.parquet' }));
    assert.equal(await got.Body!.transformToString(), 'PAR1...PAR1');
    assert.equal(got.ETag, `"${createHash('md5').update('PAR1...PAR1').digest('hex')}"`);
    // A file written by another tool straight into the bucket directory.
    fs.mkdirSync(path.join(c.dataDir, 's3', 'lake', 'manual'), { recursive: true });
    fs.writeFileSync(path.join(c.dataDir, 's3', 'lake', 'manual', 'dropped.json'), '{"x":1}');
    const page = await c.s3.send(new ListObjectsV2Command({ Bucket: 'lake', Prefix: 'manual/' }));
    assert.equal(page.Contents?.[0].Key, 'manual/dropped.json');
    assert.equal(page.Contents?.[0].ETag, `"${createHash('md5').update('{"x":1}').digest('hex')}"`);
    assert.equal(page.Contents?.[0].Size, 7);
  } finally {
    await c.close();
  }
});

test('buckets and objects survive close and reopen of the data dir', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lh-s3-durable-'));
  try {
    const first = await openLocalForTest({ dataDir });
    await first.s3.send(new CreateBucketCommand({ Bucket: 'durable' }));
    await first.s3.send(new PutObjectCommand({ Bucket: 'durable', Key: 'k/v.txt', Body: 'kept', ContentType: 'text/plain' }));
    await first.close();
    assert.ok(fs.existsSync(dataDir), 'a caller-given data dir is kept');
    const second = await openLocalForTest({ dataDir });
    try {
      await second.s3.send(new HeadBucketCommand({ Bucket: 'durable' }));
      const got = await second.s3.send(new GetObjectCommand({ Bucket: 'durable', Key: 'k/v.txt' }));
      assert.equal(await got.Body!.transformToString(), 'kept');
      assert.equal(got.ContentType, 'text/plain');
    } finally {
      await second.close();
    }
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
