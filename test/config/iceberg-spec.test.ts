// table.format iceberg in the spec: defaults (partitioning by day of the event time, operation field op),
// and every refusal with its file:line:col (AWS's Iceberg destination has no prefix, dynamic partitioning or
// conversion settings; unique keys need an Iceberg table and must name fields).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadPipelineText } from '../../src/config/load.js';
import { SpecError } from '../../src/errors.js';
import fs from 'node:fs';
import path from 'node:path';
import { runCli } from '../support/cli.js';
import { removeDir, tempDir } from '../support/tmp.js';

const FIELDS = `fields:
  - { name: uuid,       type: string,    gen: uuid }
  - { name: event_date, type: timestamp, gen: now }
  - { name: status,     type: string,    gen: { pick: [Active, Inactive] } }
  - { name: amount,     type: double,    gen: { faker: number.float, args: { min: 1, max: 9 } } }
`;

async function problems(text: string): Promise<string[]> {
  try {
    await loadPipelineText(text, 'spec.yaml', { cwd: '/tmp', env: {}, checkFaker: false });
  } catch (e) {
    if (e instanceof SpecError) return e.problems.map((p) => `${p.line}:${p.col} ${p.message}`);
    throw e;
  }
  return [];
}

test('iceberg defaults: day of the gen-now field, operation field op with unique keys, location <table>/', async () => {
  const p = await loadPipelineText(`name: shop\ntable:\n  database: lake\n  name: orders\n  format: iceberg\n  unique_keys: [uuid]\n${FIELDS}`, 'spec.yaml', { cwd: '/tmp', env: {}, checkFaker: false });
  assert.equal(p.table.format, 'iceberg');
  assert.equal(p.table.location, 's3://shop-lake/orders/');
  assert.deepEqual(p.table.partitions, []);
  assert.deepEqual(p.table.iceberg, {
    uniqueKeys: ['uuid'],
    partitioning: [{ field: 'event_date', transform: 'day', name: 'event_date_day' }],
    operationField: 'op',
  });
  // Append-only, explicit partitioning (bucket and identity), small buffers allowed (Iceberg takes 1-128 MB).
  const q = await loadPipelineText(`name: shop\ndelivery: { buffer: { size_mb: 8, interval_s: 0 } }\ntable:\n  database: lake\n  name: orders\n  format: iceberg\n  partitioning:\n    - { field: status, transform: identity }\n    - { field: uuid, transform: "bucket[16]" }\n    - { field: event_date, transform: hour }\n${FIELDS}`, 'spec.yaml', { cwd: '/tmp', env: {}, checkFaker: false });
  assert.deepEqual(q.table.iceberg, {
    uniqueKeys: [],
    partitioning: [
      { field: 'status', transform: 'identity', name: 'status' },
      { field: 'uuid', transform: 'bucket[16]', name: 'uuid_bucket' },
      { field: 'event_date', transform: 'hour', name: 'event_date_hour' },
    ],
  });
  assert.equal(q.delivery.bufferSizeMb, 8);
  const r = await loadPipelineText(`name: shop\ntable: { database: lake, name: orders, format: iceberg, partitioning: [] }\n${FIELDS}`, 'spec.yaml', { cwd: '/tmp', env: {}, checkFaker: false });
  assert.deepEqual(r.table.iceberg?.partitioning, []);
  // hive stays the default, with no Iceberg settings.
  const h = await loadPipelineText(`name: shop\ntable: { database: lake, name: orders }\n${FIELDS}`, 'spec.yaml', { cwd: '/tmp', env: {}, checkFaker: false });
  assert.equal(h.table.format, 'hive');
  assert.equal(h.table.iceberg, undefined);
});

test('iceberg refusals, each at its position', async () => {
  const got = await problems(`name: shop
delivery:
  prefix: "orders/dt=!{timestamp:yyyy-MM-dd}/"
  compression: gzip
  partition_by: [status]
table:
  database: lake
  name: orders
  format: iceberg
  unique_keys: [uuid, amount, nope, uuid]
  operation_field: status
  partitioning:
    - { field: status, transform: day }
    - { field: uuid, transform: "bucket[16]" }
    - { field: uuid, transform: "bucket[8]" }
    - { field: zzz, transform: identity }
    - { field: amount, transform: "frob" }
${FIELDS}`);
  assert.deepEqual(got, [
    "3:3 delivery.prefix does not apply to table.format iceberg: Firehose writes an Iceberg table's data files itself, under the table's location s3://shop-lake/orders/ (an Iceberg destination has no Prefix); remove it",
    "4:3 delivery.compression does not apply to table.format iceberg: Firehose writes an Iceberg table's data files itself as Parquet (an Iceberg destination has no data format conversion settings); remove it",
    '5:3 delivery.partition_by does not apply to table.format iceberg (an Iceberg destination has no dynamic partitioning); partition the table with table.partitioning, e.g. [{field: status, transform: identity}]',
    '10:23 table.unique_keys[1] "amount" is a double field; Iceberg identifier fields may not be float or double (equality on them is unreliable)',
    '10:31 table.unique_keys[2] "nope" is not a field; use one of: uuid, event_date, status, amount',
    '10:37 table.unique_keys[3] "uuid" is listed twice',
    '11:20 table.operation_field "status" is a field; the operation travels in the record but is not stored as a column, so give it a name no field uses (default op)',
    '13:35 table.partitioning[0].transform day does not apply to status, a string field; day takes timestamp, date fields',
    '15:7 table.partitioning[2] makes partition field uuid_bucket again (as entry 1); each field takes each kind of transform once',
    '16:16 table.partitioning[3].field "zzz" is not a field; use one of: uuid, event_date, status, amount',
    '17:35 table.partitioning[4].transform must be identity, year, month, day, hour, bucket[N] or truncate[W], with N and W whole numbers >= 1, got "frob"',
  ]);
});

test('Iceberg keys on a hive table, an operation field without keys, a field named op', async () => {
  assert.deepEqual(await problems(`name: shop
delivery: { buffer: { size_mb: 8 } }
table:
  database: lake
  name: orders
  unique_keys: [uuid]
  partitioning: []
  operation_field: op
${FIELDS}`), [
    '2:32 delivery.buffer.size_mb must be >= 64, got 8: Firehose needs buffers of at least 64 MB to convert to Parquet',
    '6:3 table.unique_keys applies only to table.format iceberg (Firehose updates, deletes and Iceberg partitions need an Iceberg table); add `format: iceberg` or remove it',
    '7:3 table.partitioning applies only to table.format iceberg (Firehose updates, deletes and Iceberg partitions need an Iceberg table); add `format: iceberg` or remove it',
    '8:3 table.operation_field applies only to table.format iceberg (Firehose updates, deletes and Iceberg partitions need an Iceberg table); add `format: iceberg` or remove it',
  ]);
  assert.deepEqual(await problems(`name: shop\ntable:\n  database: lake\n  name: orders\n  format: iceberg\n  operation_field: op\n${FIELDS}`), [
    '6:3 table.operation_field needs table.unique_keys: Firehose updates and deletes rows by their unique keys',
  ]);
  assert.deepEqual(await problems(`name: shop\ntable:\n  database: lake\n  name: orders\n  format: iceberg\n  unique_keys: [uuid]\n${FIELDS}  - { name: op, type: string, gen: { pick: [a] } }\n`), [
    '6:3 table.unique_keys needs an operation field and the default "op" is a field\'s name; set table.operation_field to a key no field uses',
  ]);
});

test('an unknown format is its only error; bucket[0] says N >= 1; an unquoted bucket[16] in a flow map hints to quote it', async () => {
  assert.deepEqual(await problems(`name: shop\ntable:\n  database: lake\n  name: orders\n  format: delta\n  unique_keys: [uuid]\n${FIELDS}`), [
    '5:11 table.format must be one of hive, iceberg, got "delta"',
  ]);
  const zero = await problems(`name: shop\ntable:\n  database: lake\n  name: orders\n  format: iceberg\n  partitioning: [{ field: uuid, transform: "bucket[0]" }]\n${FIELDS}`);
  assert.equal(zero.length, 1);
  assert.match(zero[0]!, /transform must be .* bucket\[N\] or truncate\[W\], with N and W whole numbers >= 1, got "bucket\[0\]"/);
  const flow = await problems(`name: shop\ntable:\n  database: lake\n  name: orders\n  format: iceberg\n  partitioning: [{ field: uuid, transform: bucket[16] }]\n${FIELDS}`);
  assert.equal(flow.length, 1, flow.join('\n'));
  assert.match(flow[0]!, /^6:\d+ YAML syntax error: .*unquoted bucket\[16\] starts a YAML list: quote it, transform: "bucket\[16\]"/);
});

test('validate -o json of an iceberg spec shows no hive prefix or compression', async () => {
  const dir = tempDir('lakehouse-ice-validate-');
  try {
    fs.writeFileSync(path.join(dir, 'config.yaml'), `name: shop\ntable:\n  database: lake\n  name: orders\n  format: iceberg\n${FIELDS}`);
    const r = await runCli(['validate', '-o', 'json'], { cwd: dir, env: { ...process.env, NO_COLOR: '1' } });
    assert.equal(r.code, 0, r.stderr);
    const d = JSON.parse(r.stdout).delivery;
    assert.ok(!('prefix' in d) && !('compression' in d), JSON.stringify(d));
    assert.equal(d.name, 'shop-delivery');
  } finally {
    removeDir(dir);
  }
});
