// The normalized pipeline: what every other module reads. The loader (src/config/load.ts) produces it
// from the YAML spec with defaults applied and every resource name derived, in one place.

/** Glue column types the spec accepts: string, int, bigint, smallint, tinyint, double, float, boolean,
 * timestamp, date, decimal(p,s). Kept as the Glue spelling. */
export type GlueType = string;

export type Generator =
  | { kind: 'uuid' }
  /** The event time: the moment the record is generated (ISO-8601 for timestamp, yyyy-MM-dd for date). */
  | { kind: 'now' }
  | { kind: 'pick'; values: Array<string | number | boolean> }
  /** A Faker method by dotted path, e.g. person.firstName, with optional arguments (object or array). */
  | { kind: 'faker'; method: string; args?: unknown };

export interface Field {
  name: string;
  type: GlueType;
  gen: Generator;
  /** Optional column comment for Glue. */
  comment?: string;
}

/** A time partition taken from the delivery prefix, e.g. `year=!{timestamp:yyyy}` → { name: 'year', format: 'yyyy' }. */
export interface TimePartition {
  name: string;
  /** Glue type of the partition column (int for the numeric year/month/day/hour). */
  type: 'int' | 'string';
  /** The Java DateTimeFormatter pattern Firehose evaluates for it. */
  format: string;
  /** Projection range for integer partitions, e.g. [2020, 2100] or [1, 12]. */
  range: [number, number];
  /** Zero-padding digits for the projection (2 for MM, dd, HH). */
  digits?: number;
}

/** A partition key Firehose takes from each record (dynamic partitioning), e.g. status → `status=Active/`. */
export interface KeyPartition {
  name: string;
  /** The jq expression for the key in the MetadataExtraction query, e.g. `.status`. */
  query: string;
  /** Glue type of the partition column (string, or the field's integer type). */
  type: string;
  /** Known values (a `pick` field or `values:`): enum projection; otherwise injected projection. */
  values?: string[];
  /** The spec field this key is (its column moves from the Parquet files to the partition path). */
  field?: string;
}

/** A pipeline without a Kinesis stream: producers call Firehose PutRecordBatch. */
export function isDirectPut(p: Pick<Pipeline, 'source'>): boolean {
  return p.source === 'direct_put';
}

/** One Iceberg partition field: `transform` of spec field `field`, named as Iceberg names it (event_date_day). */
export interface IcebergPartitionField {
  field: string;
  /** identity | year | month | day | hour | bucket[N] | truncate[W] */
  transform: string;
  name: string;
}

export interface IcebergTable {
  /** Firehose UniqueKeys and the table's identifier fields (empty: append only). */
  uniqueKeys: string[];
  partitioning: IcebergPartitionField[];
  /** The record key carrying insert|update|delete (set exactly when uniqueKeys is not empty); not a column. */
  operationField?: string;
}

export function isIceberg(p: Pick<Pipeline, 'table'>): boolean {
  return p.table.format === 'iceberg';
}

export interface Pipeline {
  /** Absolute path of the spec file this came from. */
  sourceFile: string;
  name: string;
  provider: 'local' | 'aws';
  /** Where records enter: a Kinesis stream (default when absent) or Firehose Direct PUT (no stream). */
  source?: 'kinesis' | 'direct_put';
  aws: { region?: string; profile?: string; endpointUrl?: string };
  local: {
    /** Absolute path of the emulator's data directory (default `.lakehouse/` beside the spec). */
    dataDir: string;
    /** Enforce Kinesis per-shard write limits (1,000 records/s, 1 MiB/s per shard). */
    enforceShardLimits: boolean;
  };
  /** The region resources live in (aws: from spec/flags/env/profile; local: us-east-1 unless given). */
  region: string;
  /** Tags put on every resource; always contains `lakehouse:pipeline=<name>`. */
  tags: Record<string, string>;
  stream: {
    name: string;
    mode: 'provisioned' | 'on_demand';
    shards: number;
    retentionHours: number;
    encryption: boolean;
  };
  delivery: {
    name: string;
    bufferSizeMb: number;
    bufferIntervalS: number;
    /** Firehose Prefix with expressions, e.g. `events/year=!{timestamp:yyyy}/…/`. */
    prefix: string;
    /** Firehose ErrorOutputPrefix, e.g. `errors/!{firehose:error-output-type}/`. */
    errorPrefix: string;
    /** Parquet compression. */
    compression: 'SNAPPY' | 'GZIP' | 'UNCOMPRESSED';
    /** Name of the IAM role Firehose assumes. */
    roleName: string;
    /** Dynamic partitioning: the MetadataExtraction jq query, e.g. `{status: .status}` (absent: off). */
    metadataQuery?: string;
  };
  bucket: { name: string };
  table: {
    database: string;
    name: string;
    /** hive (absent means hive): Parquet files Firehose converts; iceberg: an Iceberg v2 table Firehose commits to. */
    format?: 'hive' | 'iceberg';
    /** table.format iceberg only. */
    iceberg?: IcebergTable;
    /** s3://bucket/<static part of the prefix>/ — the table's LOCATION. */
    location: string;
    /** Partition columns derived from the prefix, in order. Empty when the prefix has no named partitions. */
    partitions: TimePartition[];
    /** Partition columns from delivery.partition_by, before the time partitions in keys and in Glue. */
    keyPartitions?: KeyPartition[];
    /** storage.location.template for partition projection, e.g. s3://b/events/year=${year}/month=${month}/… */
    locationTemplate?: string;
  };
  athena: {
    workgroup: string;
    resultsPrefix: string;
    /** s3://bucket/<resultsPrefix> */
    outputLocation: string;
    /** BytesScannedCutoffPerQuery (≥ 10,000,000). */
    scanLimitBytes: number;
  };
  fields: Field[];
  producer: {
    /** Field whose value is the Kinesis partition key; undefined → a random uuid per record. */
    partitionKey?: string;
  };
}
