// Pure helpers of `status`: where the lake is, and which partition of a key is the newest.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { parseS3Url, partitionOf, sortKey } from '../../src/resources/status.js';
import { statusCsv } from '../../src/resources/status-render.js';

it('splits s3 URLs', () => {
  assert.deepEqual(parseS3Url('s3://lake/events/'), { bucket: 'lake', prefix: 'events/' });
  assert.deepEqual(parseS3Url('s3://lake'), { bucket: 'lake', prefix: '' });
});

it('takes the k=v folders of a key as its partition (zero-padded, so they sort as text)', () => {
  assert.equal(partitionOf('events/year=2026/month=01/day=02/hour=03/f.parquet', 'events/'), 'year=2026/month=01/day=02/hour=03');
  assert.equal(partitionOf('events/f.parquet', 'events/'), null);
  assert.ok('year=2026/month=11/day=25/hour=07' > 'year=2026/month=11/day=24/hour=23');
});

it('quotes CSV cells that need it', () => {
  const csv = statusCsv({
    pipeline: 'p',
    provider: 'local',
    region: 'us-east-1',
    resources: [{ resource: 'S3 bucket', name: 'a,b', state: 'exists', owned: true, arn: 'arn:aws:s3:::a' }],
    stream: null,
    lake: null,
  });
  assert.equal(
    csv,
    'resource,name,state,arn_or_path,objects,bytes,newest_partition,error_objects,stream_records,open_shards,stream_mode,newest_object\nS3 bucket,"a,b",exists,arn:aws:s3:::a,,,,,,,,\n',
  );
});

it('a partition of nulls (Iceberg k=null, Hive __HIVE_DEFAULT_PARTITION__) is never the newest', () => {
  const newest = (parts: string[]) => parts.reduce((a, b) => (sortKey(b) > sortKey(a) ? b : a));
  assert.equal(newest(['event_date_day=2026-12-01', 'event_date_day=null', 'event_date_day=2026-12-02']), 'event_date_day=2026-12-02');
  assert.equal(newest(['dt=__HIVE_DEFAULT_PARTITION__', 'dt=2026-01-01']), 'dt=2026-01-01');
  assert.equal(newest(['event_date_day=null']), 'event_date_day=null');
});
