// From a valid raw spec to the Pipeline every module reads: defaults applied and names derived here only.
import path from 'node:path';
import { parseGlueType } from './glue-types.js';
import { icebergTable } from './iceberg-rules.js';
import { deriveNames } from './names.js';
import { keyPartitions, metadataQuery, prefixWithKeys } from './partition-by.js';
import { locationTemplate, type ParsedPrefix } from './prefix.js';
import { profileRegion } from './profile-region.js';
import { DEFAULT_ERROR_PREFIX, DEFAULT_RESULTS_PREFIX, effectivePrefix } from './rules.js';
import type { LoadOverrides, RawGen, RawSpec } from './spec.js';
import type { Generator, Pipeline } from './types.js';

export const PIPELINE_TAG = 'lakehouse:pipeline';

export function resolveProvider(raw: RawSpec): 'local' | 'aws' {
  return raw.provider === 'aws' ? 'aws' : 'local';
}

/**
 * aws: --region > spec > AWS_REGION / AWS_DEFAULT_REGION > the profile's region in the AWS config file
 * (profile: --profile > spec > AWS_PROFILE > default) > us-east-1. local: --region > us-east-1.
 */
export function resolveRegion(raw: RawSpec, ov: LoadOverrides): string {
  const env = ov.env ?? process.env;
  if (resolveProvider(raw) === 'local') return ov.region ?? 'us-east-1';
  // The config file is read only when nothing before it answers.
  return ov.region ?? raw.aws?.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? profileRegion(env, ov.profile ?? raw.aws?.profile) ?? 'us-east-1';
}

function toGenerator(gen: RawGen): Generator {
  if (gen === 'uuid' || gen === 'now') return { kind: gen };
  if ('pick' in gen) return { kind: 'pick', values: gen.pick as Array<string | number | boolean> };
  return gen.args === undefined ? { kind: 'faker', method: gen.faker } : { kind: 'faker', method: gen.faker, args: gen.args };
}

export function normalize(raw: RawSpec, sourceFile: string, parsed: ParsedPrefix, ov: LoadOverrides): Pipeline {
  const env = ov.env ?? process.env;
  const provider = resolveProvider(raw);
  const region = resolveRegion(raw, ov);
  const names = deriveNames(raw, provider, region);
  const specDir = path.dirname(sourceFile);
  const iceberg = raw.table.format === 'iceberg';
  const keys = keyPartitions(raw);
  // Firehose's Prefix: the spec's prefix with the partition_by folders after the table's folder.
  const prefix = prefixWithKeys(effectivePrefix(raw)!, parsed.staticPart, keys);
  const query = metadataQuery(keys);
  const resultsPrefix = raw.athena?.results_prefix ?? DEFAULT_RESULTS_PREFIX;
  const dataDir = env.LAKEHOUSE_DATA_DIR
    ? path.resolve(ov.cwd ?? process.cwd(), env.LAKEHOUSE_DATA_DIR)
    : path.resolve(specDir, raw.local?.data_dir ?? '.lakehouse');
  const aws: Pipeline['aws'] = {};
  // The spec's aws block is read only for provider aws; flags apply to both (local + --endpoint-url = serve).
  const specAws = provider === 'aws' ? raw.aws : undefined;
  const profile = ov.profile ?? specAws?.profile;
  const endpointUrl = ov.endpointUrl ?? specAws?.endpoint_url;
  if (provider === 'aws') aws.region = region;
  if (profile) aws.profile = profile;
  if (endpointUrl) aws.endpointUrl = endpointUrl;
  return {
    sourceFile,
    name: raw.name,
    provider,
    source: raw.source === 'direct_put' ? 'direct_put' : 'kinesis',
    aws,
    local: { dataDir, enforceShardLimits: raw.local?.enforce_shard_limits ?? true },
    region,
    tags: { ...raw.tags, [PIPELINE_TAG]: raw.name },
    stream: {
      name: names.stream,
      mode: raw.stream?.mode ?? 'provisioned',
      shards: raw.stream?.mode === 'on_demand' ? 0 : (raw.stream?.shards ?? 1),
      retentionHours: raw.stream?.retention_hours ?? 24,
      encryption: raw.stream?.encryption ?? true,
    },
    delivery: {
      name: names.delivery,
      bufferSizeMb: raw.delivery?.buffer?.size_mb ?? 64,
      bufferIntervalS: raw.delivery?.buffer?.interval_s ?? 60,
      prefix,
      errorPrefix: raw.delivery?.error_prefix ?? DEFAULT_ERROR_PREFIX,
      compression: (raw.delivery?.compression ?? 'snappy').toUpperCase() as Pipeline['delivery']['compression'],
      roleName: names.role,
      ...(query ? { metadataQuery: query } : {}),
    },
    bucket: { name: names.bucket },
    table: iceberg
      ? {
          database: raw.table.database,
          name: raw.table.name,
          format: 'iceberg',
          // The table's folder; Firehose writes data/ and metadata/ under it (there is no delivery prefix).
          location: `s3://${names.bucket}/${parsed.staticPart}`,
          partitions: [],
          keyPartitions: [],
          iceberg: icebergTable(raw),
        }
      : {
          database: raw.table.database,
          name: raw.table.name,
          format: 'hive',
          location: `s3://${names.bucket}/${parsed.staticPart}`,
          partitions: parsed.partitions,
          keyPartitions: keys,
          ...(parsed.partitions.length || keys.length ? { locationTemplate: locationTemplate(names.bucket, prefix, parsed.partitions) } : {}),
        },
    athena: {
      workgroup: names.workgroup,
      resultsPrefix,
      outputLocation: `s3://${names.bucket}/${resultsPrefix}`,
      scanLimitBytes: (raw.athena?.scan_limit_mb ?? 1024) * 1_000_000,
    },
    fields: raw.fields.map((f) => ({
      name: f.name,
      type: parseGlueType(f.type)!.glue,
      gen: toGenerator(f.gen),
      ...(f.comment !== undefined ? { comment: f.comment } : {}),
    })),
    producer: raw.producer?.partition_key ? { partitionKey: raw.producer.partition_key } : {},
  };
}
