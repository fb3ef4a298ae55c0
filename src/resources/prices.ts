// List prices the plan's cost estimate uses: AWS public on-demand prices, us-east-1, USD, as published on
// the services' pricing pages and checked on the date below. Other regions differ by up to ~30%; the
// estimate says so. Update the date with the numbers.
export const PRICES = {
  date: '2026-12-01',
  region: 'us-east-1',
  currency: 'USD',
  kinesis: {
    /** Provisioned mode: per shard-hour. */
    shardHour: 0.015,
    /** Provisioned mode: per million PUT payload units (25 KB each, a record counts at least one). */
    millionPutUnits: 0.014,
    /** On-demand mode: per stream-hour. */
    onDemandStreamHour: 0.04,
    /** On-demand mode: per GB written. */
    onDemandGbIn: 0.08,
    /** Retention beyond 24 h (provisioned): per shard-hour. */
    extendedRetentionShardHour: 0.02,
  },
  firehose: {
    /** Ingestion, first 500 TB/month: per GB (records are rounded up to 5 KB). */
    gbIn: 0.029,
    /** Format conversion (JSON → Parquet): per GB converted. */
    conversionGb: 0.018,
  },
  s3: {
    /** S3 Standard storage, first 50 TB: per GB-month. */
    gbMonth: 0.023,
    /** PUT, COPY, POST, LIST requests: per 1,000. */
    thousandPuts: 0.005,
  },
  athena: {
    /** SQL queries: per TB scanned (10 MB minimum per query). */
    tbScanned: 5,
  },
  glue: {
    /** Data Catalog storage: free for the first million objects; requests free for the first million a month. */
    catalogFreeObjects: 1_000_000,
  },
} as const;

export const HOURS_PER_MONTH = 730;
