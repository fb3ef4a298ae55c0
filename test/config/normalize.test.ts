// The normalized Pipeline: defaults, derived names, region precedence, data dir, partitions.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { loadPipeline, loadPipelineText } from '../../src/config/load.js';
import { SpecError, UsageError } from '../../src/errors.js';
import { removeDir, tempDir } from '../support/tmp.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const MINIMAL = `name: shop
table: { database: lakehouse, name: events }
fields:
  - { name: uuid, type: string, gen: uuid }
`;
const AWS = MINIMAL.replace('name: shop\n', 'name: shop\nprovider: aws\n');

test('config.example.yaml: the article pipeline with every name derived', async () => {
  const p = await loadPipeline('config.example.yaml', { cwd: root, env: {} });
  assert.equal(p.sourceFile, path.join(root, 'config.example.yaml'));
  assert.deepEqual(
    [p.stream.name, p.delivery.name, p.delivery.roleName, p.bucket.name, p.athena.workgroup],
    ['clickstream', 'clickstream-delivery', 'clickstream-firehose', 'clickstream-lake', 'clickstream'],
  );
  assert.equal(p.table.name, 'events');
  assert.equal(p.table.location, 's3://clickstream-lake/events/');
  assert.equal(p.table.locationTemplate, 's3://clickstream-lake/events/year=${year}/month=${month}/day=${day}/hour=${hour}/');
  assert.deepEqual(p.table.partitions.map((x) => [x.name, x.format, x.range, x.digits]), [
    ['year', 'yyyy', [2020, 2050], undefined],
    ['month', 'MM', [1, 12], 2],
    ['day', 'dd', [1, 31], 2],
    ['hour', 'HH', [0, 23], 2],
  ]);
  assert.deepEqual(p.fields.map((f) => f.name), ['uuid', 'event_date', 'status', 'name', 'last_name', 'email', 'phone']);
  assert.deepEqual(p.fields[6], {
    name: 'phone', type: 'bigint', comment: '9-digit phone number',
    gen: { kind: 'faker', method: 'number.int', args: { min: 100000000, max: 999999999 } },
  });
  assert.deepEqual(p.fields[2].gen, { kind: 'pick', values: ['Active', 'Inactive', 'Canceled'] });
  assert.equal(p.delivery.bufferSizeMb, 64);
  assert.equal(p.delivery.compression, 'SNAPPY');
  assert.equal(p.athena.outputLocation, 's3://clickstream-lake/athena-results/');
  assert.equal(p.athena.scanLimitBytes, 1_024_000_000);
  assert.equal(p.tags['lakehouse:pipeline'], 'clickstream');
  assert.equal(p.producer.partitionKey, 'uuid');
});

test('a minimal spec gets every default', async () => {
  const p = await loadPipelineText(MINIMAL, '/specs/shop.yaml', { env: {} });
  assert.equal(p.provider, 'local');
  assert.equal(p.region, 'us-east-1');
  assert.deepEqual(p.aws, {});
  assert.deepEqual(p.local, { dataDir: '/specs/.lakehouse', enforceShardLimits: true });
  assert.deepEqual(p.stream, { name: 'shop', mode: 'provisioned', shards: 1, retentionHours: 24, encryption: true });
  assert.equal(p.delivery.prefix, 'events/year=!{timestamp:yyyy}/month=!{timestamp:MM}/day=!{timestamp:dd}/hour=!{timestamp:HH}/');
  assert.equal(p.delivery.errorPrefix, 'errors/!{firehose:error-output-type}/');
  assert.equal(p.delivery.bufferIntervalS, 60);
  assert.equal(p.bucket.name, 'shop-lake');
  assert.equal(p.athena.resultsPrefix, 'athena-results/');
  assert.equal(p.athena.scanLimitBytes, 1_024_000_000);
  assert.deepEqual(p.tags, { 'lakehouse:pipeline': 'shop' });
  assert.deepEqual(p.producer, {});
});

test('aws region: --region beats the spec, the spec beats AWS_REGION, then us-east-1', async () => {
  const env = { AWS_REGION: 'eu-west-1', AWS_DEFAULT_REGION: 'eu-west-3' };
  const withSpec = AWS.replace('provider: aws\n', 'provider: aws\naws: { region: eu-central-1 }\n');
  assert.equal((await loadPipelineText(withSpec, 's.yaml', { env, region: 'ap-south-1' })).region, 'ap-south-1');
  assert.equal((await loadPipelineText(withSpec, 's.yaml', { env })).region, 'eu-central-1');
  assert.equal((await loadPipelineText(AWS, 's.yaml', { env })).region, 'eu-west-1');
  assert.equal((await loadPipelineText(AWS, 's.yaml', { env: { AWS_DEFAULT_REGION: 'eu-west-3' } })).region, 'eu-west-3');
  const p = await loadPipelineText(AWS, 's.yaml', { env: {} });
  assert.equal(p.region, 'us-east-1');
  assert.equal(p.aws.region, 'us-east-1');
  assert.equal(p.bucket.name, 'shop-lake-us-east-1');
});

test('aws region: after AWS_REGION / AWS_DEFAULT_REGION comes the profile’s region in the AWS config file', async () => {
  const dir = tempDir('lakehouse-awscfg-');
  try {
    const file = path.join(dir, 'config');
    fs.writeFileSync(file, [
      '# a comment', '[default]', 'region = eu-north-1', 'output = json', '',
      '[profile prod]', 's3 =', '  region = not-this-one', 'region=ap-southeast-2', '',
      '[prod]', 'region = not-a-profile-section', '[profile empty]', 'output = text',
    ].join('\n'));
    const cfg = { AWS_CONFIG_FILE: file };
    const region = async (spec: string, ov: Parameters<typeof loadPipelineText>[2]) => (await loadPipelineText(spec, 's.yaml', ov)).region;
    assert.equal(await region(AWS, { env: cfg }), 'eu-north-1', '[default] without a profile');
    assert.equal(await region(AWS, { env: { ...cfg, AWS_PROFILE: 'prod' } }), 'ap-southeast-2', 'AWS_PROFILE picks [profile prod]');
    assert.equal(await region(AWS, { env: cfg, profile: 'prod' }), 'ap-southeast-2', '--profile');
    assert.equal(await region(AWS.replace('provider: aws\n', 'provider: aws\naws: { profile: prod }\n'), { env: cfg }), 'ap-southeast-2', 'the spec’s profile');
    assert.equal(await region(AWS, { env: { ...cfg, AWS_PROFILE: 'empty' } }), 'us-east-1', 'a profile without a region');
    assert.equal(await region(AWS, { env: { ...cfg, AWS_PROFILE: 'missing' } }), 'us-east-1', 'a profile not in the file');
    assert.equal(await region(AWS, { env: { ...cfg, AWS_REGION: 'eu-west-1' } }), 'eu-west-1', 'the env var beats the profile');
    assert.equal(await region(AWS, { env: { ...cfg, AWS_DEFAULT_REGION: 'eu-west-3' } }), 'eu-west-3');
    assert.equal(await region(AWS.replace('provider: aws\n', 'provider: aws\naws: { region: eu-central-1 }\n'), { env: cfg }), 'eu-central-1');
    assert.equal(await region(AWS, { env: cfg, region: 'ap-south-1' }), 'ap-south-1');
    assert.equal((await loadPipelineText(AWS, 's.yaml', { env: cfg })).bucket.name, 'shop-lake-eu-north-1', 'names derive from it');
    assert.equal(await region(MINIMAL, { env: cfg }), 'us-east-1', 'local ignores it');
    // Without AWS_CONFIG_FILE: ~/.aws/config under HOME.
    fs.mkdirSync(path.join(dir, '.aws'));
    fs.copyFileSync(file, path.join(dir, '.aws', 'config'));
    assert.equal(await region(AWS, { env: { HOME: dir, AWS_PROFILE: 'prod' } }), 'ap-southeast-2');
    assert.equal(await region(AWS, { env: { AWS_CONFIG_FILE: path.join(dir, 'none') } }), 'us-east-1', 'no such file');
  } finally {
    removeDir(dir);
  }
});

test('local ignores AWS_REGION; flags set profile and endpoint', async () => {
  const p = await loadPipelineText(MINIMAL, 's.yaml', {
    env: { AWS_REGION: 'eu-west-1' }, profile: 'dev', endpointUrl: 'http://127.0.0.1:4566',
  });
  assert.equal(p.region, 'us-east-1');
  assert.deepEqual(p.aws, { profile: 'dev', endpointUrl: 'http://127.0.0.1:4566' });
  const ignored = MINIMAL + 'aws: { region: eu-west-1, profile: prod, endpoint_url: "http://x:1" }\n';
  assert.deepEqual((await loadPipelineText(ignored, 's.yaml', { env: {} })).aws, {});
  const used = ignored.replace('name: shop\n', 'name: shop\nprovider: aws\n');
  assert.deepEqual((await loadPipelineText(used, 's.yaml', { env: {} })).aws, { region: 'eu-west-1', profile: 'prod', endpointUrl: 'http://x:1' });
});

test('data dir: LAKEHOUSE_DATA_DIR beats local.data_dir, which is relative to the spec', async () => {
  const spec = MINIMAL + 'local: { data_dir: state, enforce_shard_limits: false }\n';
  const p = await loadPipelineText(spec, '/specs/shop.yaml', { env: {} });
  assert.deepEqual(p.local, { dataDir: '/specs/state', enforceShardLimits: false });
  const q = await loadPipelineText(spec, '/specs/shop.yaml', { env: { LAKEHOUSE_DATA_DIR: 'tmp/x' }, cwd: '/work' });
  assert.equal(q.local.dataDir, '/work/tmp/x');
});

test('explicit names, on_demand, a prefix without expressions, decimal spelling', async () => {
  const spec = `name: shop
stream: { mode: on_demand }
delivery: { prefix: raw/, compression: gzip }
bucket: { name: my.lake-bucket }
athena: { workgroup: Analysts_1, scan_limit_mb: 10 }
table: { database: lake_db, name: orders }
fields:
  - { name: amount, type: "decimal( 10 , 2 )", gen: { pick: [12.5, 99.99] } }
  - { name: day, type: date, gen: now }
producer: { partition_key: amount }
`;
  const p = await loadPipelineText(spec, 's.yaml', { env: {} });
  assert.equal(p.stream.mode, 'on_demand');
  assert.equal(p.stream.shards, 0);
  assert.equal(p.bucket.name, 'my.lake-bucket');
  assert.equal(p.athena.workgroup, 'Analysts_1');
  assert.equal(p.athena.scanLimitBytes, 10_000_000);
  assert.equal(p.table.location, 's3://my.lake-bucket/raw/');
  assert.deepEqual(p.table.partitions, []);
  assert.equal(p.table.locationTemplate, undefined);
  assert.equal(p.delivery.compression, 'GZIP');
  assert.equal(p.fields[0].type, 'decimal(10,2)');
  assert.equal(p.producer.partitionKey, 'amount');
});

test('a bad --region or --endpoint-url is a usage error', async () => {
  await assert.rejects(loadPipelineText(MINIMAL, 's.yaml', { region: 'moon-1' }), (e) => e instanceof UsageError && /--region/.test(e.message));
  await assert.rejects(loadPipelineText(MINIMAL, 's.yaml', { endpointUrl: 'localhost:4566' }), UsageError);
});

test('checkFaker: false skips the Faker probe (unknown methods pass), the schema still runs', async () => {
  const spec = MINIMAL + '  - { name: x, type: string, gen: { faker: nothing.here } }\n';
  await assert.rejects(loadPipelineText(spec, 's.yaml', { env: {} }), SpecError);
  const p = await loadPipelineText(spec, 's.yaml', { env: {}, checkFaker: false });
  assert.deepEqual(p.fields[1].gen, { kind: 'faker', method: 'nothing.here' });
});

test('Faker generators that fit their types pass', async () => {
  const spec = MINIMAL + `  - { name: price, type: double, gen: { faker: number.float, args: { min: 1, max: 9 } } }
  - { name: age, type: tinyint, gen: { faker: number.int, args: { min: 18, max: 99 } } }
  - { name: seen, type: timestamp, gen: { faker: date.recent } }
  - { name: ok, type: boolean, gen: { faker: datatype.boolean } }
  - { name: pick2, type: string, gen: { faker: helpers.arrayElement, args: [[a, b]] } }
`;
  const p = await loadPipelineText(spec, 's.yaml', { env: {} });
  assert.equal(p.fields.length, 6);
});

test('a missing spec file says how to make one (exit code 2)', async () => {
  await assert.rejects(loadPipeline('nope.yaml', { cwd: root }), (e: Error & { exitCode?: number; hint?: string }) =>
    e.exitCode === 2 && /nope\.yaml: no such spec file/.test(e.message) && /lakehouse init/.test(e.hint ?? ''));
});

test('renaming the starter spec renames every resource it derives (none is pinned to clickstream)', async () => {
  const fs = await import('node:fs');
  const example = fs.readFileSync(path.join(root, 'config.example.yaml'), 'utf8');
  const renamed = example.replace(/^name: clickstream\b/m, 'name: orders');
  assert.notEqual(renamed, example);
  const p = await loadPipelineText(renamed, 'orders.yaml', { cwd: root, env: {} });
  const names = [p.stream.name, p.delivery.name, p.bucket.name, p.athena.workgroup, p.delivery.roleName];
  assert.deepEqual(names, ['orders', 'orders-delivery', 'orders-lake', 'orders', 'orders-firehose']);
});
