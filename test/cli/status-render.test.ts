// `status` rendering: the stream section (shards, mode, retained records) and the lake's newest object.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { statusCsv, statusTable } from '../../src/resources/status-render.js';
import type { PipelineStatus } from '../../src/resources/status.js';

const plain = { bold: (s: string) => s, dim: (s: string) => s, green: (s: string) => s, red: (s: string) => s, yellow: (s: string) => s };
const lake = {
  location: 's3://b/events/', path: null, objects: 1, bytes: 10, newestPartition: 'year=2026', errorObjects: 0, streamRecords: 5,
  newestObject: { key: 'events/year=2026/x.parquet', lastModified: '2026-12-02T10:00:00.000Z', bytes: 10 },
};
const stream = { name: 'p', mode: 'PROVISIONED' as const, openShards: 2, retentionHours: 24, records: 5, bytes: 2048, newestRecord: '2026-12-02T09:59:59.000Z' };
const base: PipelineStatus = {
  pipeline: 'p', provider: 'local', region: 'us-east-1',
  resources: [{ resource: 'Kinesis stream', name: 'p', state: 'ACTIVE', owned: true, arn: null }], stream, lake,
};
const line = (text: string, label: string) => text.split('\n').find((l) => l.startsWith(`  ${label}`));

it('shows open shards with the mode, retained records with their size and newest arrival', () => {
  const t = statusTable(plain, base);
  assert.equal(line(t, 'shards'), '  shards            2 open (provisioned)');
  assert.equal(line(t, 'records'), '  records           5 retained (2.0 KiB), newest 2026-12-02T09:59:59.000Z');
  assert.equal(line(t, 'newest object'), '  newest object     events/year=2026/x.parquet (10 B, 2026-12-02T10:00:00.000Z)');
  const onDemand = statusTable(plain, { ...base, stream: { ...stream, mode: 'ON_DEMAND', openShards: 4 } });
  assert.equal(line(onDemand, 'shards'), '  shards            4 open (on-demand)');
});

it('on AWS the record count is CloudWatch business; a missing stream says how to create it', () => {
  const aws = statusTable(plain, { ...base, provider: 'aws', stream: { ...stream, records: null, bytes: null, newestRecord: null } });
  assert.equal(line(aws, 'records'), '  records           n/a (CloudWatch metrics on AWS)');
  const none = statusTable(plain, { ...base, resources: [{ ...base.resources[0]!, state: 'missing' }], stream: null });
  assert.ok(none.includes('Stream: none (run `lakehouse up`).'));
});

it('CSV: the stream row carries records, shards and mode; the lake row its newest object', () => {
  const rows = statusCsv(base).trim().split('\n');
  assert.equal(rows[1], 'Kinesis stream,p,ACTIVE,-,,,,,5,2,PROVISIONED,');
  assert.equal(rows[2], 'lake,s3://b/events/,exists,s3://b/events/,1,10,year=2026,0,5,,,events/year=2026/x.parquet');
});
