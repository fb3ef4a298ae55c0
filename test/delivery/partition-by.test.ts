// delivery.partition_by end to end through the CLI on the local provider: `up` makes the Glue table with
// status as an enum-projected partition column and Firehose with dynamic partitioning; `produce` sends three
// status values (plus one record without status, through --from); the lake has one folder per status and the
// record without it under errors/partitioning-failed/ with Firehose's error document; Athena prunes
// `WHERE status = 'Active'` to one partition, as its scanned bytes show. `validate` points at bad entries.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { GetTableCommand } from '@aws-sdk/client-glue';
import { openClients } from '../../src/aws/clients.js';
import { STARTER_SPEC } from '../../src/cli/starter-spec.js';
import { runCli } from '../support/cli.js';
import { tempDirForFile } from '../support/tmp.js';

const root = tempDirForFile('lakehouse-partition-by-');

function project(name: string, edit: (spec: string) => string): string {
  const dir = path.join(root, name);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'config.yaml'), edit(STARTER_SPEC));
  return dir;
}

const withPartitionBy = (entries: string) => (s: string) => s.replace('  compression: snappy', `  compression: snappy\n  partition_by: ${entries}`);

function files(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

const statsOf = (stderr: string) => JSON.parse(stderr.trim().split('\n').at(-1)!);

test('partition_by: [status] — three partitions, the record without status under partitioning-failed, Athena prunes to one', { timeout: 120_000 }, async () => {
  const dir = project('status', withPartitionBy('[status]'));
  const up = await runCli(['up', '--yes'], { cwd: dir });
  assert.equal(up.code, 0, up.stderr);
  const c = await openClients({ provider: 'local', region: 'us-east-1', dataDir: path.join(dir, '.lakehouse') });
  try {
    const t = (await c.glue.send(new GetTableCommand({ DatabaseName: 'lakehouse', Name: 'events' }))).Table!;
    assert.deepEqual(t.PartitionKeys!.map((k) => k.Name), ['status', 'year', 'month', 'day', 'hour']);
    assert.ok(!t.StorageDescriptor!.Columns!.some((col) => col.Name === 'status'), 'status is a partition column, not a file column');
    assert.equal(t.Parameters!['projection.status.type'], 'enum');
    assert.equal(t.Parameters!['projection.status.values'], 'Active,Inactive,Canceled');
    assert.equal(t.Parameters!['storage.location.template'], 's3://clickstream-lake/events/status=${status}/year=${year}/month=${month}/day=${day}/hour=${hour}/');
  } finally {
    await c.close();
  }

  const sent = await runCli(['produce', '-n', '600', '--wait', '--flush', '-o', 'json'], { cwd: dir });
  assert.equal(sent.code, 0, sent.stderr);
  fs.writeFileSync(path.join(dir, 'nostatus.jsonl'), JSON.stringify({ uuid: 'no-status', event_date: '2026-12-01T00:00:00Z' }) + '\n');
  const odd = await runCli(['produce', '--from', 'nostatus.jsonl', '--wait', '--flush'], { cwd: dir });
  assert.equal(odd.code, 0, odd.stderr);

  const lake = path.join(dir, '.lakehouse', 's3', 'clickstream-lake');
  const parquet = files(path.join(lake, 'events')).filter((f) => f.endsWith('.parquet'));
  const folders = new Set(parquet.map((f) => path.relative(path.join(lake, 'events'), f).split(path.sep)[0]));
  assert.deepEqual([...folders].sort(), ['status=Active', 'status=Canceled', 'status=Inactive']);
  const errors = files(path.join(lake, 'errors'));
  assert.equal(errors.length, 1, errors.join(', '));
  assert.match(path.relative(lake, errors[0]!), /^errors\/partitioning-failed\/\d{4}\/\d\d\/\d\d\/\d\d\/clickstream-delivery-1-/);
  // The object store keeps each object's bytes in a file of its own; find the JSON lines whichever way it names them.
  const doc = JSON.parse(fs.readFileSync(errors[0]!, 'utf8').trim());
  assert.equal(doc.errorCode, 'DynamicPartitioning.MetadataExtractionFailed');
  assert.match(doc.errorMessage, /status/);
  assert.equal(JSON.parse(Buffer.from(doc.rawData, 'base64').toString()).uuid, 'no-status');

  const by = await runCli(['query', 'SELECT status, count(*) AS n FROM events GROUP BY status ORDER BY status', '-o', 'json', '--no-footer'], { cwd: dir });
  assert.equal(by.code, 0, by.stderr);
  const rows: Array<{ status: string; n: number }> = JSON.parse(by.stdout);
  assert.deepEqual(rows.map((r) => r.status), ['Active', 'Canceled', 'Inactive']);
  assert.equal(rows.reduce((s, r) => s + r.n, 0), 600);

  // max(email) makes the engine read column data (a bare count(*) can come from Parquet metadata alone).
  const all = await runCli(['query', 'SELECT count(*) AS n, max(email) AS m FROM events', '-o', 'json'], { cwd: dir });
  const one = await runCli(['query', "SELECT count(*) AS n, max(email) AS m FROM events WHERE status = 'Active'", '-o', 'json'], { cwd: dir });
  assert.equal(one.code, 0, one.stderr);
  assert.equal(JSON.parse(one.stdout)[0].n, rows.find((r) => r.status === 'Active')!.n);
  const [sa, so] = [statsOf(all.stderr), statsOf(one.stderr)];
  const activeBytes = parquet.filter((f) => f.includes('status=Active')).reduce((s, f) => s + fs.statSync(f).size, 0);
  assert.ok(so.dataScannedBytes > 0 && so.dataScannedBytes <= activeBytes, `scanned ${so.dataScannedBytes} of the Active partition's ${activeBytes} bytes`);
  assert.ok(so.dataScannedBytes < sa.dataScannedBytes, `filtered ${so.dataScannedBytes} < unfiltered ${sa.dataScannedBytes}`);
});

test('validate points at each bad partition_by entry with file:line:col', async () => {
  const dir = project(
    'bad',
    withPartitionBy('[nope, event_date, status, status, {name: uuid, query: .uuid}, {name: tier, query: ".a | test(\\"x\\")"}]'),
  );
  const r = await runCli(['validate'], { cwd: dir });
  assert.notEqual(r.code, 0);
  // The line of the inserted partition_by in the starter spec (its comments move it when they change).
  const line = fs.readFileSync(path.join(dir, 'config.yaml'), 'utf8').split('\n').findIndex((l) => l.startsWith('  partition_by:')) + 1;
  assert.match(r.stderr, new RegExp(`config\\.yaml:${line}:18 delivery\\.partition_by\\[0\\] "nope" is not a field`));
  assert.match(r.stderr, /delivery\.partition_by\[1\] "event_date" is a timestamp field; partition keys are string or integer fields/);
  assert.match(r.stderr, /delivery\.partition_by\[3\] "status" is listed twice/);
  assert.match(r.stderr, /delivery\.partition_by\[4\]\.name "uuid" is a field/);
  assert.match(r.stderr, /delivery\.partition_by\[5\]\.query must be a jq path/);
});
