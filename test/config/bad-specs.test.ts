// The bad-spec corpus: each fixture's exact messages, their line:col, and exit code 2, through the CLI.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { runCli } from '../support/cli.js';

const specs = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/specs');

/** fixture → the problems `lakehouse validate` prints, as "line:col message", in order. */
const EXPECTED: Record<string, string[]> = {
  '01-yaml-syntax.yaml': [
    "4:1 YAML syntax error: Flow map in block collection must be sufficiently indented and end with a }",
  ],
  '02-not-a-mapping.yaml': [
    "2:1 The spec must be a YAML mapping with at least name, table and fields; run `lakehouse init` for a starter",
  ],
  '03-missing-name.yaml': [
    "2:1 The spec is missing the required key \"name\"",
  ],
  '04-unknown-top-key.yaml': [
    "3:1 tabel is not a known key (did you mean table?); allowed at the top level: name, provider, source, aws, local, tags, stream, delivery, bucket, table, athena, fields, producer",
  ],
  '05-unknown-nested-key.yaml': [
    "11:3 stream.shard is not a known key (did you mean shards?); allowed here: mode, shards, retention_hours, encryption",
  ],
  '06-shards-zero.yaml': [
    "11:11 stream.shards must be >= 1, got 0",
  ],
  '07-shards-string.yaml': [
    "11:11 stream.shards must be a whole number, got \"two\"",
  ],
  '08-retention-low.yaml': [
    "11:20 stream.retention_hours must be >= 24, got 12",
  ],
  '09-retention-high.yaml': [
    "11:20 stream.retention_hours must be <= 8760, got 9000",
  ],
  '10-interval-high.yaml': [
    "11:25 delivery.buffer.interval_s must be <= 900, got 1000",
  ],
  '11-buffer-small.yaml': [
    "12:14 delivery.buffer.size_mb must be >= 64, got 32: Firehose needs buffers of at least 64 MB to convert to Parquet",
  ],
  '12-buffer-big.yaml': [
    "12:14 delivery.buffer.size_mb must be <= 128, got 256",
  ],
  '13-scan-limit-low.yaml': [
    "11:18 athena.scan_limit_mb must be >= 10, got 5: Athena's smallest per-query scan cutoff is 10 MB",
  ],
  '14-bad-provider.yaml': [
    "3:11 provider must be one of local, aws, got \"gcp\"",
  ],
  '15-bad-name.yaml': [
    "2:7 name must be lowercase letters, digits and hyphens, starting and ending with a letter or digit, got \"My_Shop\" (it prefixes the bucket name; e.g. clickstream)",
  ],
  '16-bucket-bad.yaml': [
    "11:9 bucket.name must be lowercase letters, digits, hyphens and dots, starting and ending with a letter or digit, got \"My.Bucket\"",
  ],
  '17-bucket-derived-too-long.yaml': [
    "2:7 name gives the bucket name \"a-very-long-pipeline-name-for-the-orders-team-west-lake-ap-southeast-2\", which must be 3–63 characters long, got 70; shorten name or set bucket.name",
  ],
  '18-table-uppercase.yaml': [
    "5:9 table.name must be lowercase (Glue stores names in lowercase): use \"events\", got \"Events\"",
  ],
  '19-database-hyphen.yaml': [
    "4:13 table.database must be lowercase letters, digits and underscores, e.g. \"my_lake\", got \"my-lake\"",
  ],
  '20-workgroup-bad.yaml': [
    "11:14 athena.workgroup must be 1–128 letters, digits, \".\", \"_\" or \"-\", got \"my workgroup\"",
  ],
  '21-unknown-faker-method.yaml': [
    "10:48 fields[3].gen.faker \"person.frstName\" is not a Faker method (did you mean person.firstName?)",
  ],
  '22-unknown-faker-module.yaml': [
    "10:48 fields[3].gen.faker \"persn.firstName\" is not a Faker method: there is no module \"persn\" (did you mean person?)",
  ],
  '23-faker-type-mismatch.yaml': [
    "10:39 fields[3].gen Faker number.int returns whole numbers, which do not fit type string: declare type int or bigint or pick a method that returns strings",
  ],
  '24-uuid-not-string.yaml': [
    "7:38 fields[0].gen uuid makes strings, so type must be string, got bigint",
  ],
  '25-pick-wrong-type.yaml': [
    "10:51 fields[3].gen.pick[2] \"three\" is not a whole number, so it does not fit type int",
  ],
  '26-duplicate-columns.yaml': [
    "10:13 fields[3].name \"status\" is already used by fields[2]; column names must be unique (ignoring case)",
  ],
  '27-field-clashes-partition.yaml': [
    "10:13 fields[3].name \"year\" clashes with the partition column year from delivery.prefix; rename the field",
  ],
  '28-prefix-not-partition.yaml': [
    "11:19 delivery.prefix segment \"!{timestamp:yyyy}\" must be name=!{timestamp:fmt}, e.g. year=!{timestamp:yyyy}, so Athena can project it as a partition",
    "11:37 delivery.prefix segment \"!{timestamp:MM}\" must be name=!{timestamp:fmt}, e.g. year=!{timestamp:yyyy}, so Athena can project it as a partition",
  ],
  '29-prefix-bad-format.yaml': [
    "11:19 delivery.prefix segment \"dt=!{timestamp:yyyy-MM-dd}\" uses !{timestamp:yyyy-MM-dd}; partition segments take yyyy, MM, dd or HH",
  ],
  '30-prefix-no-slash.yaml': [
    "11:11 delivery.prefix must end with \"/\" so each partition is a folder, e.g. \"events/year=!{timestamp:yyyy}/\"",
  ],
  '31-prefix-gap.yaml': [
    "11:11 delivery.prefix time partitions must go from coarse to fine without gaps (yyyy, then MM, dd, HH), got yyyy/dd",
  ],
  '32-error-prefix-inside-table.yaml': [
    "11:17 delivery.error_prefix \"events/errors/\" lies inside the table's folder events/, so Athena would read error records as data; use e.g. \"errors/!{firehose:error-output-type}/\"",
  ],
  '33-error-prefix-empty.yaml': [
    "11:17 delivery.error_prefix must not be empty when delivery.prefix has !{…} expressions (Firehose requires it), e.g. \"errors/!{firehose:error-output-type}/\"",
  ],
  '34-on-demand-with-shards.yaml': [
    "12:11 stream.shards applies only to mode provisioned; remove it (on_demand scales shards itself)",
  ],
  '35-bad-type.yaml': [
    "9:27 fields[2].type must be a Glue type: string, int, bigint, smallint, tinyint, double, float, boolean, timestamp, date or decimal(p,s), got \"strng\"",
  ],
  '36-bad-gen.yaml': [
    "7:38 fields[0].gen must be uuid, now, { pick: [values] } or { faker: module.method, args: ... }, got \"random\"",
  ],
  '37-faker-unknown-arg-key.yaml': [
    "10:55 fields[3].gen.arg is not a known key (did you mean args?); allowed here: faker, args",
  ],
  '38-partition-key-unknown.yaml': [
    "11:18 producer.partition_key \"user_id\" is not a field; use one of: uuid, event_date, status",
  ],
  '39-reserved-tag.yaml': [
    "11:3 tags.lakehouse:pipeline is reserved: tag keys must not start with lakehouse: or aws:",
  ],
  '40-int-unbounded.yaml': [
    "10:34 fields[3].gen number.int without args.max can exceed int's range -2147483648..2147483647; give args { min, max } within it or use bigint",
  ],
  '41-decimal-precision.yaml': [
    "10:26 fields[3].type decimal precision must be 1–38, got 40",
  ],
  '42-duplicate-yaml-key.yaml': [
    "3:1 YAML syntax error: Map keys must be unique",
  ],
  '43-now-boolean.yaml': [
    "10:41 fields[3].gen now makes the event time, so type must be timestamp, date or string, got boolean",
  ],
  '44-results-inside-table.yaml': [
    "11:19 athena.results_prefix \"events/results/\" lies inside the table's folder events/, so Athena would read query results as data; use e.g. \"athena-results/\"",
  ],
  '45-column-uppercase.yaml': [
    "10:13 fields[3].name must be lowercase (Glue lowercases column names): use \"lastname\"",
  ],
  '46-fields-empty.yaml': [
    "6:9 fields must list at least one item",
  ],
  '47-faker-args-throws.yaml': [
    "10:59 fields[3].gen Faker number.int fails with these args: Max 1 should be greater than min 10.",
  ],
  '48-many-problems.yaml': [
    "2:7 name must be lowercase letters, digits and hyphens, starting and ending with a letter or digit, got \"Shop\" (it prefixes the bucket name; e.g. clickstream)",
    "3:19 stream.shards must be >= 1, got 0",
    "3:39 stream.retention_hours must be >= 24, got 1",
    "5:22 delivery.buffer.size_mb must be >= 64, got 1: Firehose needs buffers of at least 64 MB to convert to Parquet",
    "5:37 delivery.buffer.interval_s must be >= 0, got -1",
    "8:35 fields[0].gen uuid makes strings, so type must be string, got int",
  ],
  '49-empty.yaml': [
    "1:1 The spec must be a YAML mapping with at least name, table and fields; run `lakehouse init` for a starter",
  ],
  '50-bad-tag-value.yaml': [
    "4:9 tags.team must be letters, digits, spaces and _ . : / = + - @ only, got \"data <lake>\"",
    "8:39 fields[1].gen number.int args 0..40000 exceed smallint's range -32768..32767; narrow them or use bigint",
  ],
  '52-pick-impossible-date.yaml': [
    "6:45 fields[1].gen.pick[0] \"2024-02-30\" is not a date like \"2024-05-01\", so it does not fit type date",
    "7:50 fields[2].gen.pick[0] \"2024-13-01 10:00:00\" is not a timestamp like \"2024-05-01 12:30:00\", so it does not fit type timestamp",
    "7:73 fields[2].gen.pick[1] \"2024-05-01 25:00:00\" is not a timestamp like \"2024-05-01 12:30:00\", so it does not fit type timestamp",
  ],
  '53-type-capitalized.yaml': [
    "5:25 fields[0].type must be a Glue type: string, int, bigint, smallint, tinyint, double, float, boolean, timestamp, date or decimal(p,s), got \"String\" (did you mean string?)",
    "6:27 fields[1].type must be a Glue type: string, int, bigint, smallint, tinyint, double, float, boolean, timestamp, date or decimal(p,s), got \"DECIMAL(10,2)\" (did you mean decimal(10,2)?)",
    "7:25 fields[2].type must be a Glue type: string, int, bigint, smallint, tinyint, double, float, boolean, timestamp, date or decimal(p,s), got \"text\"",
  ],
  '51-enum-spelling.yaml': [
    "3:17 stream.mode must be one of provisioned, on_demand, got \"on-demand\" (did you mean on_demand?)",
    "4:26 delivery.compression must be one of snappy, gzip, uncompressed, got \"Snappy\" (did you mean snappy?)",
  ],
  '54-alias-bomb.yaml': [
    "10:10 YAML aliases expand to more than 10,000 values (an alias bomb?); write the values out or use fewer aliases",
  ],
  '55-deep-nesting.yaml': [
    "10:132 YAML nesting is too deep (a spec may nest at most 32 levels)",
  ],
  '56-prefix-dotdot.yaml': [
    "11:19 delivery.prefix must not contain a \"..\" segment (S3 keeps it in the key; as a file path it climbs to the parent folder)",
  ],
  '57-prefix-control.yaml': [
    "11:11 delivery.prefix must not contain control characters or NUL (found U+000A at character 7)",
    "12:17 delivery.error_prefix must not contain control characters or NUL (found U+0000 at character 8)",
  ],
  '58-error-prefix-dotdot.yaml': [
    "11:25 delivery.error_prefix must not contain a \"..\" segment (S3 keeps it in the key; as a file path it climbs to the parent folder)",
    "11:27 delivery.error_prefix must not contain an empty segment (\"//\")",
  ],
  '59-results-prefix-dot.yaml': [
    "11:20 athena.results_prefix must not contain a \".\" segment (S3 keeps it in the key; file paths drop it)",
  ],
  '60-unresolved-alias.yaml': [
    "10:7 YAML alias *nowhere has no anchor &nowhere before it",
  ],
  '61-circular-alias.yaml': [
    "10:32 YAML alias *p refers to a collection that contains it",
  ],
  '62-comment-control.yaml': [
    "10:53 fields[3].comment must not contain control characters other than tab (Glue's rule for comments), got \"line one\\rline two\"",
  ],
  '63-data-dir-nul.yaml': [
    "11:13 local.data_dir must not start with ~ (it is not expanded: write the full path) nor contain control characters or NUL, got \"lake\\u0000\"",
  ],
  '67-data-dir-tilde.yaml': [
    "11:13 local.data_dir must not start with ~ (it is not expanded: write the full path) nor contain control characters or NUL, got \"~/lake\"",
  ],
  '64-yaml-set-tag.yaml': [
    "6:13 YAML tag !!set is not supported in a spec; write plain values, lists and mappings",
  ],
  '65-complex-key.yaml': [
    "6:11 YAML mapping keys must be plain values, not lists or mappings",
  ],
  '66-error-prefix-malformed.yaml': [
    "7:25 delivery.error_prefix uses !{timestamp:} without a format, e.g. !{timestamp:yyyy}",
    "7:39 delivery.error_prefix has a \"!{\" without its closing \"}\" (expressions are !{namespace:value})",
  ],
};

test('the corpus has at least 25 bad specs, each with expectations', () => {
  const files = fs.readdirSync(path.join(specs, 'bad')).filter((f) => f.endsWith('.yaml')).sort();
  assert.ok(files.length >= 25, `only ${files.length} bad specs`);
  assert.deepEqual(files, Object.keys(EXPECTED).sort());
});

for (const [file, expected] of Object.entries(EXPECTED)) {
  test(`bad spec ${file}`, async () => {
    const r = await runCli(['validate', '-c', `bad/${file}`], { cwd: specs, env: { NO_COLOR: '1' } });
    assert.equal(r.code, 2, r.stderr);
    assert.equal(r.stdout, '');
    const lines = r.stderr.trimEnd().split('\n');
    const problems = lines.slice(0, -1).map((l) => l.replace(`bad/${file}:`, ''));
    assert.deepEqual(problems, expected);
    const n = expected.length;
    assert.equal(lines.at(-1), `${n} problem${n === 1 ? '' : 's'} in bad/${file}`);
  });
}
