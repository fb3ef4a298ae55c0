// A hand-written normalized pipeline (what the loader would produce from the spec sketch).
import type { Pipeline } from '../../src/config/types.js';

export function samplePipeline(over: { name?: string; dataDir?: string } = {}): Pipeline {
  const name = over.name ?? 'clickstream';
  const bucket = `${name}-lake-000000000000`;
  return {
    sourceFile: '/tmp/lakehouse.yaml',
    name,
    provider: 'local',
    aws: {},
    local: { dataDir: over.dataDir ?? '/tmp/.lakehouse', enforceShardLimits: false },
    region: 'us-east-1',
    tags: { 'lakehouse:pipeline': name },
    stream: { name: `${name}-stream`, mode: 'provisioned', shards: 1, retentionHours: 24, encryption: true },
    delivery: {
      name: `${name}-delivery`,
      bufferSizeMb: 64,
      bufferIntervalS: 60,
      prefix: 'events/year=!{timestamp:yyyy}/month=!{timestamp:MM}/day=!{timestamp:dd}/hour=!{timestamp:HH}/',
      errorPrefix: 'errors/!{firehose:error-output-type}/',
      compression: 'SNAPPY',
      roleName: `${name}-firehose`,
    },
    bucket: { name: bucket },
    table: {
      database: 'lakehouse',
      name: 'events',
      location: `s3://${bucket}/events/`,
      partitions: [
        { name: 'year', type: 'int', format: 'yyyy', range: [2020, 2100] },
        { name: 'month', type: 'int', format: 'MM', range: [1, 12], digits: 2 },
        { name: 'day', type: 'int', format: 'dd', range: [1, 31], digits: 2 },
        { name: 'hour', type: 'int', format: 'HH', range: [0, 23], digits: 2 },
      ],
      locationTemplate: `s3://${bucket}/events/year=\${year}/month=\${month}/day=\${day}/hour=\${hour}/`,
    },
    athena: {
      workgroup: name,
      resultsPrefix: 'athena-results/',
      outputLocation: `s3://${bucket}/athena-results/`,
      scanLimitBytes: 1024 * 1024 * 1024,
    },
    fields: [
      { name: 'uuid', type: 'string', gen: { kind: 'uuid' } },
      { name: 'event_date', type: 'timestamp', gen: { kind: 'now' } },
      { name: 'status', type: 'string', gen: { kind: 'pick', values: ['Active', 'Inactive'] } },
    ],
    producer: { partitionKey: 'uuid' },
  };
}
