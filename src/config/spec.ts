// The spec exactly as written in YAML (snake_case, everything optional until validated). Only the loader
// reads this shape; every other module reads the normalized Pipeline (types.ts).

export type RawGen = 'uuid' | 'now' | { pick: unknown[] } | { faker: string; args?: unknown };

export interface RawField {
  name: string;
  type: string;
  gen: RawGen;
  comment?: string;
}

/** A `delivery.partition_by` entry: a field name, or a key drawn from the record by a jq path. */
export type RawPartitionBy = string | { name: string; query: string; values?: string[] };

/** A `table.partitioning` entry (Iceberg): a transform of a field. */
export interface RawPartitionField {
  field: string;
  transform: string;
}

export interface RawSpec {
  name: string;
  provider?: 'local' | 'aws';
  source?: 'kinesis' | 'direct_put';
  aws?: { region?: string; profile?: string; endpoint_url?: string };
  local?: { data_dir?: string; enforce_shard_limits?: boolean };
  tags?: Record<string, string>;
  stream?: { mode?: 'provisioned' | 'on_demand'; shards?: number; retention_hours?: number; encryption?: boolean };
  delivery?: {
    buffer?: { size_mb?: number; interval_s?: number };
    prefix?: string;
    error_prefix?: string;
    compression?: 'snappy' | 'gzip' | 'uncompressed';
    partition_by?: RawPartitionBy[];
  };
  bucket?: { name?: string };
  table: {
    database: string;
    name: string;
    format?: 'hive' | 'iceberg';
    unique_keys?: string[];
    partitioning?: RawPartitionField[];
    operation_field?: string;
  };
  athena?: { workgroup?: string; results_prefix?: string; scan_limit_mb?: number };
  fields: RawField[];
  producer?: { partition_key?: string };
}

/** What the command line and environment change about a spec (flags beat the spec, the spec beats env). */
export interface LoadOverrides {
  region?: string;
  profile?: string;
  endpointUrl?: string;
  /** Environment for AWS_REGION / AWS_DEFAULT_REGION / LAKEHOUSE_DATA_DIR (default process.env). */
  env?: NodeJS.ProcessEnv;
  /** Directory the displayed file name is relative to (default process.cwd()). */
  cwd?: string;
  /** Check Faker methods against the real Faker (default true; loads Faker lazily). */
  checkFaker?: boolean;
}

export type SpecPath = Array<string | number>;

/** `fields[2].gen` from ['fields', 2, 'gen']. */
export function formatPath(path: SpecPath): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else out += out ? `.${seg}` : seg;
  }
  return out;
}

/** A plain-object guard for values that have not been validated yet. */
export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
