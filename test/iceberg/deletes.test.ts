// Row-level deletes (merge-on-read): equality deletes (global, by sequence number, upserts that move a row to
// another partition) and position deletes (from scanSelect's $path/$pos), read back by our scanSelect, the
// python reader (fastavro + pyarrow) and icebird at every snapshot.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  commit, createTableMetadata, loadTable, planScan, scanSelect, writeDataFiles, writeEqualityDeletes, writePositionDeletes,
} from '../../src/local/iceberg/index.js';
import { tempDirForFile } from '../support/tmp.js';
import { BUCKET, DB, openHarness, readIcebird, readOurs, readPython, type Harness } from './harness.js';

let h: Harness;
const dataDir = tempDirForFile('lakehouse-iceberg-del-');
before(async () => { h = await openHarness(dataDir); });
after(async () => { await h?.close(); });

const COLUMNS = [
  { name: 'id', type: 'bigint' },
  { name: 'name', type: 'string' },
  { name: 'amount', type: 'double' },
  { name: 'ts', type: 'timestamp' },
];

const rows = (ids: number[], tag: string, day = -1) =>
  `SELECT id::BIGINT AS id, '${tag}-' || id AS name, id * 1.5 AS amount,
          TIMESTAMP '2026-12-01 00:00:00' + INTERVAL (${day >= 0 ? day : '(id % 3)'} * 24 + 5) HOUR AS ts
   FROM unnest([${ids.join(', ')}]::BIGINT[]) t(id)`;
const range = (a: number, b: number) => Array.from({ length: b - a }, (_, i) => a + i);

async function readersAgree(name: string): Promise<Map<number, string[]>> {
  const table = await loadTable(h.env, DB, name);
  const bySnapshot = new Map<number, string[]>();
  for (const s of table.metadata.snapshots) {
    const plan = await planScan(h.env, table, s['snapshot-id']);
    const ours = await readOurs(h, plan);
    const py = await readPython(h, table, s['snapshot-id']);
    assert.deepEqual(ours, py.rows, `python reader at snapshot ${s['sequence-number']}`);
    assert.deepEqual(ours, await readIcebird(h, table, s['snapshot-id']), `icebird at snapshot ${s['sequence-number']}`);
    bySnapshot.set(s['sequence-number'], ours);
  }
  return bySnapshot;
}

const ids = (rowsJson: string[]) => rowsJson.map((r) => JSON.parse(r)[0] as number).sort((a, b) => a - b);
const names = (rowsJson: string[]) => new Map(rowsJson.map((r) => [JSON.parse(r)[0] as number, JSON.parse(r)[1] as string]));

test('equality deletes: upserts by key (also across partitions), same-commit rows survive, older snapshots unchanged', async () => {
  const { tableInput } = await createTableMetadata(h.env, {
    name: 't_eq', location: `s3://${BUCKET}/wh/t_eq`, columns: COLUMNS, partitioning: [{ source: 'ts', transform: 'day' }], identifierFields: ['id'],
  });
  await h.emu.glue.call!('CreateTable', { DatabaseName: DB, TableInput: tableInput });
  let t = await loadTable(h.env, DB, 't_eq');
  const first = await writeDataFiles(h.env, h.conn, t, rows(range(0, 30), 'v1'));
  await commit(h.env, DB, 't_eq', () => ({ operation: 'append', add: first }));

  // Upsert ids 0..9: delete by key + insert the new version, all on day 2 (ids 0, 3, 6, 9 move partition).
  t = await loadTable(h.env, DB, 't_eq');
  const del = await writeEqualityDeletes(h.env, h.conn, t, rows(range(0, 10), 'k'), ['id']);
  assert.equal(del.length, 1);
  assert.equal(del[0]!.content, 2);
  assert.deepEqual(del[0]!.equalityIds, [1]);
  assert.deepEqual(del[0]!.partition, {});
  const ins = await writeDataFiles(h.env, h.conn, t, rows(range(0, 10), 'v2', 2));
  await commit(h.env, DB, 't_eq', () => ({ operation: 'overwrite', add: [...del, ...ins] }));
  t = await loadTable(h.env, DB, 't_eq');
  // The global delete needed an unpartitioned spec next to the day spec.
  assert.deepEqual(t.metadata['partition-specs'].map((s) => s.fields.length), [1, 0]);
  const s2 = t.metadata.snapshots[1]!;
  assert.equal(s2.summary['added-equality-deletes'], '10');
  assert.equal(s2.summary['added-equality-delete-files'], '1');
  assert.equal(s2.summary['added-delete-files'], '1');
  assert.equal(s2.summary['total-delete-files'], '1');

  // Delete ids 20..24 (no insert), and in the same commit insert id 100 AND delete key 100: the delete's
  // sequence number equals the new row's, so the row stays (spec: data seq < delete seq).
  const del2 = await writeEqualityDeletes(h.env, h.conn, t, rows([20, 21, 22, 23, 24, 100], 'k'), ['id']);
  const ins2 = await writeDataFiles(h.env, h.conn, t, rows([100], 'v3'));
  await commit(h.env, DB, 't_eq', () => ({ operation: 'delete', add: [...del2, ...ins2] }));

  const snaps = await readersAgree('t_eq');
  assert.deepEqual(ids(snaps.get(1)!), range(0, 30));
  assert.deepEqual(ids(snaps.get(2)!), range(0, 30));
  assert.equal(names(snaps.get(2)!).get(3), 'v2-3');
  assert.equal(names(snaps.get(2)!).get(12), 'v1-12');
  assert.deepEqual(ids(snaps.get(3)!), [...range(0, 20), ...range(25, 30), 100]);
});

test('position deletes from scanSelect $path/$pos, then more equality deletes; every snapshot reads alike', async () => {
  const { tableInput } = await createTableMetadata(h.env, {
    name: 't_pos', location: `s3://${BUCKET}/wh/t_pos`, columns: COLUMNS, partitioning: [{ source: 'ts', transform: 'day' }], identifierFields: ['id'],
  });
  await h.emu.glue.call!('CreateTable', { DatabaseName: DB, TableInput: tableInput });
  let t = await loadTable(h.env, DB, 't_pos');
  await commit(h.env, DB, 't_pos', async (cur) => ({ operation: 'append', add: await writeDataFiles(h.env, h.conn, cur, rows(range(0, 60), 'v1')) }));
  await commit(h.env, DB, 't_pos', async (cur) => ({ operation: 'append', add: await writeDataFiles(h.env, h.conn, cur, rows(range(60, 90), 'v1')) }));

  // DELETE WHERE amount > 100 (ids 67..89) the way Athena writes it: position deletes of the matching rows.
  t = await loadTable(h.env, DB, 't_pos');
  const sel = scanSelect(await planScan(h.env, t), { withRowIds: true });
  assert.match(sel, /"\$path"/);
  const pos = await writePositionDeletes(h.env, h.conn, t, `SELECT "$path" AS file_path, "$pos" AS pos FROM (${sel}) WHERE amount > 100`);
  assert.equal(pos.length, 3, 'one position delete file per partition');
  assert.equal(pos.reduce((n, f) => n + f.recordCount, 0), 23);
  for (const f of pos) {
    assert.equal(f.content, 1);
    assert.match(f.filePath, /\/data\/ts_day=2026-12-0[123]\/[0-9a-f-]{36}-deletes\.parquet$/);
  }
  await commit(h.env, DB, 't_pos', () => ({ operation: 'delete', add: pos }));

  // A second DELETE (ids 0..4) through the already-deleted table, then an upsert with equality deletes.
  t = await loadTable(h.env, DB, 't_pos');
  const sel2 = scanSelect(await planScan(h.env, t), { withRowIds: true });
  const pos2 = await writePositionDeletes(h.env, h.conn, t, `SELECT "$path" AS file_path, "$pos" AS pos FROM (${sel2}) WHERE id < 5`);
  await commit(h.env, DB, 't_pos', () => ({ operation: 'delete', add: pos2 }));
  t = await loadTable(h.env, DB, 't_pos');
  const eq = await writeEqualityDeletes(h.env, h.conn, t, rows([10, 11], 'k'), ['id']);
  const up = await writeDataFiles(h.env, h.conn, t, rows([10, 11], 'v2'));
  await commit(h.env, DB, 't_pos', () => ({ operation: 'overwrite', add: [...eq, ...up] }));

  const snaps = await readersAgree('t_pos');
  assert.deepEqual(ids(snaps.get(3)!), range(0, 67));
  assert.deepEqual(ids(snaps.get(4)!), range(5, 67));
  assert.deepEqual(ids(snaps.get(5)!), range(5, 67));
  assert.equal(names(snaps.get(5)!).get(10), 'v2-10');
  t = await loadTable(h.env, DB, 't_pos');
  const last = t.metadata.snapshots.at(-1)!;
  assert.equal(last.summary['total-position-deletes'], '28');
  assert.equal(last.summary['total-equality-deletes'], '2');
  assert.equal(last.summary['total-delete-files'], String(3 + pos2.length + 1));
  // The $path / $pos of a row are its data file's uri and row number.
  const r = await h.conn.runAndReadAll(`SELECT "$path", "$pos", id FROM (${scanSelect(await planScan(h.env, t), { withRowIds: true })}) ORDER BY id LIMIT 1`);
  const [p, n, id] = r.getRowsJS()[0]!;
  assert.match(String(p), /^s3:\/\/lake\/wh\/t_pos\/data\/ts_day=/);
  assert.equal(typeof n, 'bigint');
  assert.equal(id, 5n);
});

test('partition-scoped equality deletes (written by other engines) apply only within their partition', async () => {
  const { tableInput } = await createTableMetadata(h.env, {
    name: 't_scoped', location: `s3://${BUCKET}/wh/t_scoped`, columns: COLUMNS, partitioning: [{ source: 'ts', transform: 'day' }], identifierFields: ['id'],
  });
  await h.emu.glue.call!('CreateTable', { DatabaseName: DB, TableInput: tableInput });
  await commit(h.env, DB, 't_scoped', async (cur) => ({ operation: 'append', add: await writeDataFiles(h.env, h.conn, cur, rows(range(0, 12), 'v1')) }));
  // Keys 0..5 deleted in day 2026-12-01 only (ids 0 and 3 live there; 1, 2, 4, 5 are on other days).
  const t = await loadTable(h.env, DB, 't_scoped');
  const [global] = await writeEqualityDeletes(h.env, h.conn, t, rows(range(0, 6), 'k'), ['id']);
  const day = Math.round(Date.parse('2026-12-01T00:00:00Z') / 86_400_000);
  const scoped = { ...global!, specId: 0, partition: { ts_day: day } };
  await commit(h.env, DB, 't_scoped', () => ({ operation: 'delete', add: [scoped] }));
  const after = await loadTable(h.env, DB, 't_scoped');
  const ours = await readOurs(h, await planScan(h.env, after));
  assert.deepEqual(ids(ours), [1, 2, 4, 5, 6, 7, 8, 9, 10, 11]);
  assert.deepEqual(ours, (await readPython(h, after)).rows);
});
