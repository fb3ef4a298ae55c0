// Iceberg tables written through src/local/iceberg (create, append, commit) and read back three ways at
// every snapshot: our scanSelect, the independent python reader (fastavro + pyarrow) and icebird.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  commit, createTableMetadata, isIcebergTable, loadTable, planScan, readManifest, readManifestList, writeDataFiles,
} from '../../src/local/iceberg/index.js';
import { tempDirForFile } from '../support/tmp.js';
import { BUCKET, DB, openHarness, readIcebird, readOurs, readPython, type Harness } from './harness.js';

let h: Harness;
const dataDir = tempDirForFile('lakehouse-iceberg-');
before(async () => { h = await openHarness(dataDir); });
after(async () => { await h?.close(); });

const COLUMNS = [
  { name: 'id', type: 'bigint' },
  { name: 'name', type: 'string', comment: 'who' },
  { name: 'amount', type: 'double' },
  { name: 'ts', type: 'timestamp' },
];

async function createTable(name: string, partitioning = [{ source: 'ts', transform: 'day' }], identifierFields?: string[]) {
  const { tableInput } = await createTableMetadata(h.env, {
    name, location: `s3://${BUCKET}/warehouse/${name}`, columns: COLUMNS, partitioning, ...(identifierFields ? { identifierFields } : {}),
  });
  await h.emu.glue.call!('CreateTable', { DatabaseName: DB, TableInput: tableInput });
}

/** `n` rows from id `from`, spread over days of December 2026. */
const rows = (from: number, n: number, tag = 'v1') =>
  `SELECT (${from} + i)::BIGINT AS id, '${tag}-' || (${from} + i) AS name, (${from} + i) * 1.5 AS amount,
          TIMESTAMP '2026-12-01 00:00:00' + INTERVAL (((${from} + i) % 3) * 24 + 5) HOUR + INTERVAL ((${from} + i) * 7) MILLISECOND AS ts
   FROM range(${n}) t(i)`;

export async function assertAllReadersAgree(name: string) {
  const table = await loadTable(h.env, DB, name);
  for (const s of table.metadata.snapshots) {
    const plan = await planScan(h.env, table, s['snapshot-id']);
    const ours = await readOurs(h, plan);
    const py = await readPython(h, table, s['snapshot-id']);
    assert.deepEqual(ours, py.rows, `python reader at snapshot ${s['snapshot-id']}`);
    if (plan.data.length) assert.ok((py.checks.bounds ?? 0) >= plan.data.length * 4, 'python checked every column bound');
    if (plan.data.length) {
      const ice = await readIcebird(h, table, s['snapshot-id']);
      assert.deepEqual(ours, ice, `icebird at snapshot ${s['snapshot-id']}`);
    }
  }
}

test('create: Glue shows an Iceberg table (columns with field ids) and metadata v2 without a snapshot', async () => {
  await createTable('t_create', [{ source: 'ts', transform: 'day' }], ['id']);
  const { Table } = await h.emu.glue.call!('GetTable', { DatabaseName: DB, Name: 't_create' });
  assert.ok(isIcebergTable(Table));
  assert.equal(Table.TableType, 'EXTERNAL_TABLE');
  assert.match(Table.Parameters.metadata_location, /^s3:\/\/lake\/warehouse\/t_create\/metadata\/00000-[0-9a-f-]{36}\.metadata\.json$/);
  assert.deepEqual(Table.StorageDescriptor.Columns[0], {
    Name: 'id', Type: 'bigint', Parameters: { 'iceberg.field.current': 'true', 'iceberg.field.id': '1', 'iceberg.field.optional': 'false' },
  });
  assert.equal(Table.StorageDescriptor.Columns[1].Comment, 'who');
  const t = await loadTable(h.env, DB, 't_create');
  const m = t.metadata;
  assert.equal(m['format-version'], 2);
  assert.equal(m['current-snapshot-id'], -1);
  assert.deepEqual(m.schemas[0]!['identifier-field-ids'], [1]);
  assert.deepEqual(m['partition-specs'][0], { 'spec-id': 0, fields: [{ name: 'ts_day', transform: 'day', 'source-id': 4, 'field-id': 1000 }] });
  assert.equal(m['last-partition-id'], 1000);
  const plan = await planScan(h.env, t);
  assert.deepEqual(await readOurs(h, plan), []);
  const py = await readPython(h, t);
  assert.deepEqual(py.rows, []);
});

test('append: data files per day partition, snapshots with summaries, every reader sees the same rows', async () => {
  await createTable('t_append');
  const t0 = await loadTable(h.env, DB, 't_append');
  const files = await writeDataFiles(h.env, h.conn, t0, rows(0, 30));
  assert.equal(files.length, 3, 'one file per day');
  for (const f of files) {
    assert.match(f.filePath, /^s3:\/\/lake\/warehouse\/t_append\/data\/ts_day=2026-12-0[123]\/[0-9a-f-]{36}\.parquet$/);
    assert.equal(f.recordCount, 10);
    assert.equal(f.content, 0);
  }
  const c1 = await commit(h.env, DB, 't_append', () => ({ operation: 'append', add: files }));
  assert.ok(c1.snapshotId);
  const t1 = await loadTable(h.env, DB, 't_append');
  const s1 = t1.metadata.snapshots[0]!;
  assert.equal(s1['sequence-number'], 1);
  assert.equal(t1.metadata.refs.main!['snapshot-id'], c1.snapshotId);
  assert.equal(s1.summary['added-data-files'], '3');
  assert.equal(s1.summary['added-records'], '30');
  assert.equal(s1.summary['total-records'], '30');
  assert.equal(s1.summary['total-data-files'], '3');
  assert.equal(t1.metadata['metadata-log'].length, 1);
  assert.match(t1.metadataLocation, /\/00001-/);

  const more = await writeDataFiles(h.env, h.conn, t1, rows(30, 5, 'v2'));
  const c2 = await commit(h.env, DB, 't_append', () => ({ operation: 'append', add: more, summary: { 'lakehouse.checkpoint': 'x' } }));
  const t2 = await loadTable(h.env, DB, 't_append');
  const s2 = t2.metadata.snapshots[1]!;
  assert.equal(s2['parent-snapshot-id'], c1.snapshotId);
  assert.equal(s2['sequence-number'], 2);
  assert.equal(s2.summary['total-records'], '35');
  assert.equal(s2.summary['lakehouse.checkpoint'], 'x');
  assert.deepEqual(t2.metadata['snapshot-log'].map((e) => e['snapshot-id']), [c1.snapshotId, c2.snapshotId]);
  const { Table } = await h.emu.glue.call!('GetTable', { DatabaseName: DB, Name: 't_append' });
  assert.equal(Table.Parameters.previous_metadata_location, t1.metadataLocation);

  // Manifests: the second snapshot carries the first one's manifest and adds its own.
  const list = await readManifestList(h.env, s2);
  assert.equal(list.length, 2);
  assert.equal(list[0]!.addedFilesCount, 3 > more.length ? more.length : 3);
  const entries = await readManifest(h.env, list[1]!);
  assert.deepEqual(entries.map((e) => e.sequenceNumber), [1, 1, 1]);

  const plan = await planScan(h.env, t2);
  assert.equal(plan.data.length, 6);
  const ours = await readOurs(h, plan);
  assert.equal(ours.length, 35);
  await assertAllReadersAgree('t_append');
});

test('unpartitioned table; commit retries when another writer commits first', async () => {
  await createTable('t_race', []);
  const t0 = await loadTable(h.env, DB, 't_race');
  const a = await writeDataFiles(h.env, h.conn, t0, rows(0, 4));
  const b = await writeDataFiles(h.env, h.conn, t0, rows(100, 6));
  assert.equal(a.length, 1);
  assert.match(a[0]!.filePath, /\/t_race\/data\/[0-9a-f-]{36}\.parquet$/);
  let attempts = 0;
  await commit(h.env, DB, 't_race', async () => {
    attempts++;
    // The first attempt loses: someone else commits between our load and our UpdateTable.
    if (attempts === 1) await commit(h.env, DB, 't_race', () => ({ operation: 'append', add: b }));
    return { operation: 'append', add: a };
  });
  assert.equal(attempts, 2);
  const t = await loadTable(h.env, DB, 't_race');
  assert.equal(t.metadata.snapshots.length, 2);
  assert.equal(t.metadata.snapshots[1]!.summary['total-records'], '10');
  assert.equal((await readOurs(h, await planScan(h.env, t))).length, 10);
  await assertAllReadersAgree('t_race');
});
