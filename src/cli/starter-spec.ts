// The spec `lakehouse init` writes: config.example.yaml verbatim, embedded so the single binary carries it.
// test/cli/init.test.ts fails when the two differ; UPDATE_STARTER=1 on that test rewrites this file.
export const STARTER_SPEC = `# yaml-language-server: $schema=./schemas/pipeline.schema.json
#
# A lakehouse pipeline: Kinesis Data Stream → Firehose (JSON → Parquet) → S3 → Glue table → Athena.
# \`lakehouse up\` creates it, \`lakehouse produce\` feeds it fake events, \`lakehouse query\` asks Athena.
# Only name, table and fields are required; every other value below is the default unless marked.
# Check your edits with \`lakehouse validate\`. Full reference: docs/spec.md in the lakehouse repository.

name: clickstream        # prefixes every resource: stream clickstream, delivery clickstream-delivery,
                         # bucket clickstream-lake, workgroup clickstream, IAM role clickstream-firehose
provider: local          # local: an embedded AWS look-alike, no account needed | aws: the real cloud

# aws:                   # only read when provider is aws; --region/--profile/--endpoint-url override
#   region: us-east-1    # default: AWS_REGION, AWS_DEFAULT_REGION, the profile's region, us-east-1
#   profile: default
#   endpoint_url: http://127.0.0.1:4566   # e.g. \`lakehouse serve\` or LocalStack

# local:
#   data_dir: .lakehouse          # state and the lake (Parquet files), beside this file
#   enforce_shard_limits: true    # throttle like AWS: 1,000 records/s and 1 MiB/s per shard

tags:                    # on every resource, plus lakehouse:pipeline=clickstream (always added)
  team: analytics

stream:
  mode: provisioned      # provisioned (you pick shards) | on_demand (AWS scales; drop \`shards\`)
  shards: 1
  retention_hours: 24    # 24–8760
  encryption: true       # server-side encryption with the AWS managed key

delivery:
  buffer:
    size_mb: 64          # 64–128: Firehose needs at least 64 MB when it converts to Parquet (iceberg: 1–128)
    interval_s: 10       # 0–900 (default 60): a Parquet file appears at least this often
  # Each name=!{timestamp:fmt} folder becomes a partition column (year, month, day, hour) that Athena
  # projects, so new data is queryable at once. The part before the first !{…} is the table's folder.
  # hive only: delete this prefix line and compression below when you set table.format: iceberg.
  prefix: "events/year=!{timestamp:yyyy}/month=!{timestamp:MM}/day=!{timestamp:dd}/hour=!{timestamp:HH}/"
  error_prefix: "errors/!{firehose:error-output-type}/"   # records Firehose could not convert
  compression: snappy    # snappy | gzip | uncompressed (hive only: delete it for iceberg)

bucket: {}               # name: my-bucket to choose one; derived from \`name\` otherwise

table:
  database: lakehouse    # Glue names: lowercase letters, digits, underscores
  name: events           # what you query: SELECT * FROM events
  # format: hive         # hive (Parquet files, append only) | iceberg (an Iceberg v2 table: updates, deletes,
  #                      # time travel). For iceberg, also delete delivery.prefix and delivery.compression
  #                      # above (Firehose writes the table's files itself)
  # unique_keys: [uuid]  # iceberg: the fields identifying a row; enables updates and deletes
  # partitioning:        # iceberg: default day of the gen-now field
  #   - { field: event_date, transform: day }   # identity|year|month|day|hour|bucket[N]|truncate[W]
  # operation_field: op  # iceberg with unique_keys: the record key saying insert|update|delete (not a column)

athena:
  # workgroup: clickstream   # default: the pipeline name
  results_prefix: athena-results/
  scan_limit_mb: 1024    # cancel queries scanning more (Athena minimum: 10)

# ONE list drives both the Glue columns and what \`produce\` generates, so they cannot drift.
# type: string, int, bigint, smallint, tinyint, double, float, boolean, timestamp, date, decimal(p,s)
# gen:  uuid | now (the event time) | { pick: [...] } | { faker: module.method, args: {...} }
#       (any Faker method: https://fakerjs.dev/api/ — checked by \`lakehouse validate\`)
fields:
  - { name: uuid,       type: string,    gen: uuid }
  - { name: event_date, type: timestamp, gen: now }
  - { name: status,     type: string,    gen: { pick: [Active, Inactive, Canceled] } }
  - { name: name,       type: string,    gen: { faker: person.firstName } }
  - { name: last_name,  type: string,    gen: { faker: person.lastName } }
  - { name: email,      type: string,    gen: { faker: internet.email } }
  - name: phone          # a 9-digit number, stored as a number (Glue bigint) and sent as one
    type: bigint
    gen: { faker: number.int, args: { min: 100000000, max: 999999999 } }
    comment: 9-digit phone number

producer:
  partition_key: uuid    # field whose value picks the shard; default a random uuid per record
`;
