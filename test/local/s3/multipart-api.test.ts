// Multipart APIs beyond upload/complete: partNumber reads (206 + Content-Range + x-amz-mp-parts-count),
// a second CompleteMultipartUpload answering the same result, ListParts, ListMultipartUploads,
// UploadPartCopy with a byte range, GetObjectAttributes — JS SDK in-process and boto3 over serve.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  CompleteMultipartUploadCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  GetObjectAttributesCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  ListPartsCommand,
  PutObjectCommand,
  S3ServiceException,
  UploadPartCommand,
  UploadPartCopyCommand,
} from '@aws-sdk/client-s3';
import { openLocalForTest } from '../../support/local-clients.js';
import { boto, PY } from './boto.js';

const MiB = 1024 * 1024;

test('JS SDK in-process: part reads, repeat completion, list parts/uploads, part copy, attributes', async () => {
  const c = await openLocalForTest();
  const s3 = c.s3;
  try {
    await s3.send(new CreateBucketCommand({ Bucket: 'mpu' }));
    const src = Buffer.alloc(6 * MiB, 'a');
    src.fill('b', 3 * MiB);
    await s3.send(new PutObjectCommand({ Bucket: 'mpu', Key: 'src', Body: src }));
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: 'mpu', Key: 'dir/big' }));
    const other = await s3.send(new CreateMultipartUploadCommand({ Bucket: 'mpu', Key: 'other' }));
    const p1 = await s3.send(new UploadPartCommand({ Bucket: 'mpu', Key: 'dir/big', UploadId, PartNumber: 1, Body: Buffer.alloc(5 * MiB, 'x') }));
    const p2 = await s3.send(
      new UploadPartCopyCommand({ Bucket: 'mpu', Key: 'dir/big', UploadId, PartNumber: 2, CopySource: 'mpu/src', CopySourceRange: `bytes=${3 * MiB - 10}-${3 * MiB + 9}` }),
    );
    const parts = await s3.send(new ListPartsCommand({ Bucket: 'mpu', Key: 'dir/big', UploadId }));
    assert.deepEqual(parts.Parts?.map((p) => [p.PartNumber, p.Size, p.ETag]), [[1, 5 * MiB, p1.ETag], [2, 20, p2.CopyPartResult?.ETag]]);
    const page = await s3.send(new ListPartsCommand({ Bucket: 'mpu', Key: 'dir/big', UploadId, MaxParts: 1 }));
    assert.equal(page.IsTruncated, true);
    assert.equal(page.NextPartNumberMarker, '1');
    const uploads = await s3.send(new ListMultipartUploadsCommand({ Bucket: 'mpu' }));
    assert.deepEqual(uploads.Uploads?.map((u) => [u.Key, u.UploadId]), [['dir/big', UploadId], ['other', other.UploadId]]);
    const grouped = await s3.send(new ListMultipartUploadsCommand({ Bucket: 'mpu', Delimiter: '/' }));
    assert.deepEqual(grouped.CommonPrefixes?.map((p) => p.Prefix), ['dir/']);
    assert.deepEqual(grouped.Uploads?.map((u) => u.Key), ['other']);

    const complete = () =>
      s3.send(
        new CompleteMultipartUploadCommand({
          Bucket: 'mpu',
          Key: 'dir/big',
          UploadId,
          MultipartUpload: { Parts: [{ PartNumber: 1, ETag: p1.ETag }, { PartNumber: 2, ETag: p2.CopyPartResult?.ETag }] },
        }),
      );
    const first = await complete();
    const second = await complete();
    assert.equal(second.ETag, first.ETag);
    assert.match(first.ETag!, /-2"$/);
    const after = await s3.send(new ListMultipartUploadsCommand({ Bucket: 'mpu' }));
    assert.deepEqual(after.Uploads?.map((u) => u.Key), ['other']);

    const part2 = await s3.send(new GetObjectCommand({ Bucket: 'mpu', Key: 'dir/big', PartNumber: 2 }));
    assert.equal(part2.$metadata.httpStatusCode, 206);
    assert.equal(part2.ContentRange, `bytes ${5 * MiB}-${5 * MiB + 19}/${5 * MiB + 20}`);
    assert.equal(part2.PartsCount, 2);
    assert.equal(await part2.Body!.transformToString(), 'a'.repeat(10) + 'b'.repeat(10));
    const head1 = await s3.send(new HeadObjectCommand({ Bucket: 'mpu', Key: 'dir/big', PartNumber: 1 }));
    assert.equal(head1.$metadata.httpStatusCode, 206);
    assert.equal(head1.ContentLength, 5 * MiB);
    const single = await s3.send(new HeadObjectCommand({ Bucket: 'mpu', Key: 'src', PartNumber: 1 }));
    assert.equal(single.ContentRange, `bytes 0-${6 * MiB - 1}/${6 * MiB}`);
    await assert.rejects(s3.send(new GetObjectCommand({ Bucket: 'mpu', Key: 'dir/big', PartNumber: 3 })), (e: unknown) => {
      assert.ok(e instanceof S3ServiceException);
      assert.equal(e.name, 'InvalidPartNumber');
      assert.equal(e.$metadata.httpStatusCode, 416);
      return true;
    });

    const attrs = await s3.send(
      new GetObjectAttributesCommand({ Bucket: 'mpu', Key: 'dir/big', ObjectAttributes: ['ETag', 'ObjectSize', 'ObjectParts', 'StorageClass'] }),
    );
    assert.equal(`"${attrs.ETag}"`, first.ETag);
    assert.equal(attrs.ObjectSize, 5 * MiB + 20);
    assert.equal(attrs.ObjectParts?.TotalPartsCount, 2);
    assert.equal(attrs.StorageClass, 'STANDARD');
    assert.ok(attrs.LastModified instanceof Date);
  } finally {
    await c.close();
  }
});

test('JS SDK in-process: a part read carries the part checksum; a composite whole-object checksum is checked at completion', async () => {
  const c = await openLocalForTest();
  const s3 = c.s3;
  try {
    await s3.send(new CreateBucketCommand({ Bucket: 'mpu-sum' }));
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: 'mpu-sum', Key: 'k', ChecksumAlgorithm: 'CRC32' }));
    const bodies = [Buffer.alloc(5 * MiB, 'a'), Buffer.from('tail')];
    const parts = [];
    for (const [i, Body] of bodies.entries()) {
      const r = await s3.send(new UploadPartCommand({ Bucket: 'mpu-sum', Key: 'k', UploadId, PartNumber: i + 1, Body, ChecksumAlgorithm: 'CRC32' }));
      parts.push({ PartNumber: i + 1, ETag: r.ETag, ChecksumCRC32: r.ChecksumCRC32 });
    }
    await assert.rejects(
      s3.send(new CompleteMultipartUploadCommand({ Bucket: 'mpu-sum', Key: 'k', UploadId, MultipartUpload: { Parts: parts }, ChecksumCRC32: 'AAAAAA==-2' })),
      (e: unknown) => e instanceof S3ServiceException && e.name === 'BadDigest',
    );
    const done = await s3.send(new CompleteMultipartUploadCommand({ Bucket: 'mpu-sum', Key: 'k', UploadId, MultipartUpload: { Parts: parts } }));
    assert.match(done.ChecksumCRC32 ?? '', /-2$/);
    assert.equal(done.ChecksumType, 'COMPOSITE');
    const part2 = await s3.send(new GetObjectCommand({ Bucket: 'mpu-sum', Key: 'k', PartNumber: 2, ChecksumMode: 'ENABLED' }));
    assert.equal(part2.ChecksumCRC32, parts[1]!.ChecksumCRC32);
    assert.equal(await part2.Body!.transformToString(), 'tail');
    const attrs = await s3.send(new GetObjectAttributesCommand({ Bucket: 'mpu-sum', Key: 'k', ObjectAttributes: ['ObjectParts', 'Checksum'] }));
    assert.deepEqual(attrs.ObjectParts?.Parts?.map((p) => [p.PartNumber, p.ChecksumCRC32]), parts.map((p) => [p.PartNumber, p.ChecksumCRC32]));
    assert.equal(attrs.Checksum?.ChecksumType, 'COMPOSITE');
  } finally {
    await c.close();
  }
});

test('boto3 over serve: part reads, repeat completion, list parts/uploads, part copy', { skip: !PY && 'python3 with boto3 not installed' }, async () => {
  const out = await boto(String.raw`
s3.create_bucket(Bucket='mpu')
s3.put_object(Bucket='mpu', Key='src', Body=b'0123456789' * 700000)
up = s3.create_multipart_upload(Bucket='mpu', Key='big')['UploadId']
e1 = s3.upload_part(Bucket='mpu', Key='big', UploadId=up, PartNumber=1, Body=b'p' * (5 * 1024 * 1024))['ETag']
e2 = s3.upload_part_copy(Bucket='mpu', Key='big', UploadId=up, PartNumber=2, CopySource={'Bucket': 'mpu', 'Key': 'src'}, CopySourceRange='bytes=0-9')['CopyPartResult']['ETag']
r = {}
r['parts'] = [[p['PartNumber'], p['Size']] for p in s3.list_parts(Bucket='mpu', Key='big', UploadId=up)['Parts']]
r['uploads'] = [u['Key'] for u in s3.list_multipart_uploads(Bucket='mpu')['Uploads']]
mp = {'Parts': [{'PartNumber': 1, 'ETag': e1}, {'PartNumber': 2, 'ETag': e2}]}
a = s3.complete_multipart_upload(Bucket='mpu', Key='big', UploadId=up, MultipartUpload=mp)['ETag']
b = s3.complete_multipart_upload(Bucket='mpu', Key='big', UploadId=up, MultipartUpload=mp)['ETag']
r['same'] = a == b
g = s3.get_object(Bucket='mpu', Key='big', PartNumber=2)
r['part2'] = [g['ResponseMetadata']['HTTPStatusCode'], g['ContentRange'], g['PartsCount'], g['Body'].read().decode()]
r['uploads_after'] = s3.list_multipart_uploads(Bucket='mpu').get('Uploads', [])
r['abort_done'] = err(s3.abort_multipart_upload, Bucket='mpu', Key='big', UploadId=up)
print(json.dumps(r))
`);
  assert.deepEqual(out, {
    parts: [[1, 5 * MiB], [2, 10]],
    uploads: ['big'],
    same: true,
    part2: [206, `bytes ${5 * MiB}-${5 * MiB + 9}/${5 * MiB + 10}`, 2, '0123456789'],
    uploads_after: [],
    abort_done: [404, 'NoSuchUpload'],
  });
});
