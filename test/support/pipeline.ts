// A hand-written normalized Pipeline (what the loader would produce from a spec with the hive
// year/month/day/hour prefix), for tests that drive commands or resources without a spec file.
import type { Field, Pipeline } from '../../src/config/types.js';

export interface PipelineFixture {
  name: string;
  /** The spec path the pipeline claims to come from (nothing reads it). */
  sourceFile: string;
  dataDir: string;
  fields: Field[];
  /** Default `<name>-lake`. */
  bucket?: string;
  /** Default 1. */
  shards?: number;
  /** Default false. */
  encryption?: boolean;
  /** Default false. */
  enforceShardLimits?: boolean;
  /** Default the pipeline name. */
  workgroup?: string;
  /** Default 1 GiB. */
  scanLimitBytes?: number;
}

export function pipelineFixture(o: PipelineFixture): Pipeline {
  const { name } = o;
  const bucket = o.bucket ?? `${name}-lake`;
  return {
    sourceFile: o.sourceFile,
    name,
    provider: 'local',
    aws: {},
    local: { dataDir: o.dataDir, enforceShardLimits: o.enforceShardLimits ?? false },
    region: 'us-east-1',
    tags: { 'lakehouse:pipeline': name },
    stream: { name: `${name}-stream`, mode: 'provisioned', shards: o.shards ?? 1, retentionHours: 24, encryption: o.encryption ?? false },
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
      workgroup: o.workgroup ?? name,
      resultsPrefix: 'athena-results/',
      outputLocation: `s3://${bucket}/athena-results/`,
      scanLimitBytes: o.scanLimitBytes ?? 1024 * 1024 * 1024,
    },
    fields: o.fields,
    producer: { partitionKey: 'uuid' },
  };
}
