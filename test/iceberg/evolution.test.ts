// Schema evolution by field id (add / rename / widen / drop / re-add columns as metadata-only commits),
// table properties, rewriting files (OPTIMIZE-like replace with removes), snapshot expiry (VACUUM), and the
// spec's bucket hash values. Every snapshot is read back by scanSelect, the python reader and icebird.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { addColumns, changeColumn, dropColumns } from '../../src/iceberg/schema.js';
import { currentSchema } from '../../src/iceberg/metadata.js';
import { applyTransform, parseTransform } from '../../src/iceberg/transforms.js';
import {
  commit, createTableMetadata, expireSnapshots, loadTable, planScan, scanSelect, writeDataFiles, writeEqualityDeletes, writePositionDeletes,
} from '../../src/local/iceberg/index.js';
import { tempDirForFile } from '../support/tmp.js';
import { BUCKET, DB, openHarness, readIcebird, readOurs, readPython, type Harness } from './harness.js';

let h: Harness;
const dataDir = tempDirForFile('lakehouse-iceberg-evo-');
before(async () => { h = await openHarness(dataDir); });
after(async () => { await h?.close(); });

async function readersAgree(name: string): Promise<Map<number, string[]>> {
  const table = await loadTable(h.env, DB, name);
  const out = new Map<number, string[]>();
  for (const s of table.metadata.snapshots) {
    const plan = await planScan(h.env, table, s['snapshot-id']);
    const ours = await readOurs(h, plan);
    const py = await readPython(h, table, s['snapshot-id']);
    assert.deepEqual(py.columns, plan.schema.fields.map((f) => f.name));
    assert.deepEqual(ours, py.rows, `python reader at snapshot ${s['sequence-number']}`);
    // icebird reads with the current schema: compare with ours reading this snapshot the same way.
    const current = await readOurs(h, { ...plan, schema: currentSchema(table.metadata) });
    assert.deepEqual(current, await readIcebird(h, table, s['snapshot-id']), `icebird at snapshot ${s['sequence-number']}`);
    out.set(s['sequence-number'], ours);
  }
  return out;
}

test('bucket[N] hashes the spec values (Murmur3 x86 32 of the value bytes)', () => {
  const b = parseTransform('bucket[2147483647]');
  // Spec appendix "32-bit Hash Requirements": hash & Integer.MAX_VALUE for these values.
  const h32 = (t: string, v: unknown) => applyTransform(b, t, v);
  assert.equal(h32('int', 34), 2017239379);
  assert.equal(h32('long', 34), 2017239379);
  assert.equal(h32('string', 'iceberg'), 1210000089);
  assert.equal(h32('date', 17486), (-653330422 & 0x7fffffff) % 2147483647);
  assert.equal(h32('timestamp', 1510871468000000), (-2047944441 & 0x7fffffff) % 2147483647);
  assert.equal(h32('uuid', 'f79c3e09-677c-4bbd-a479-3f349cb785e7'), 1488055340);
  assert.equal(h32('binary', Buffer.from([0, 1, 2, 3])), (-188683207 & 0x7fffffff) % 2147483647);
});

test('schema evolution: add, rename, widen, drop and re-add columns read by field id at every snapshot', async () => {
  const { tableInput } = await createTableMetadata(h.env, {
    name: 't_evo', location: `s3://${BUCKET}/wh/t_evo`,
    columns: [{ name: 'id', type: 'bigint' }, { name: 'name', type: 'string' }, { name: 'amount', type: 'int' }],
    partitioning: [{ source: 'id', transform: 'bucket[4]' }],
  });
  await h.emu.glue.call!('CreateTable', { DatabaseName: DB, TableInput: tableInput });
  const append = (select: string) => commit(h.env, DB, 't_evo', async (cur) => ({ operation: 'append', add: await writeDataFiles(h.env, h.conn, cur, select) }));
  const alter = (f: (s: ReturnType<typeof currentSchema>, last: number) => ReturnType<typeof currentSchema>) =>
    commit(h.env, DB, 't_evo', (cur) => ({ operation: 'append', snapshot: false, schema: f(currentSchema(cur.metadata), cur.metadata['last-column-id']) }));

  await append(`SELECT i::BIGINT AS id, 'a' || i AS name, i::INT AS amount FROM range(8) t(i)`);
  let t = await loadTable(h.env, DB, 't_evo');
  assert.ok(Object.keys(t.metadata.snapshots[0]!.summary).length);
  assert.ok((await planScan(h.env, t)).data.every((f) => /\/data\/id_bucket=[0-3]\//.test(f.uri)));

  const r1 = await alter((s, last) => addColumns(s, last, [{ name: 'note', type: 'string' }]).schema);
  assert.equal(r1.snapshotId, undefined, 'a schema change makes no snapshot');
  await append(`SELECT i::BIGINT AS id, 'b' || i AS name, i::INT AS amount, 'n' || i AS note FROM range(8, 12) t(i)`);
  await alter((s) => changeColumn(changeColumn(s, 'name', 'title'), 'amount', 'amount', 'bigint'));
  await append(`SELECT i::BIGINT AS id, 'c' || i AS title, (i * 1000000000000)::BIGINT AS amount, 'n' || i AS note FROM range(12, 14) t(i)`);
  await alter((s) => dropColumns(s, ['note']));
  await alter((s, last) => addColumns(s, last, [{ name: 'note', type: 'int' }]).schema);
  await append(`SELECT i::BIGINT AS id, 'd' || i AS title, i::BIGINT AS amount, i::INT AS note FROM range(14, 15) t(i)`);

  t = await loadTable(h.env, DB, 't_evo');
  const s = currentSchema(t.metadata);
  assert.deepEqual(s.fields.map((f) => [f.id, f.name, f.type]), [[1, 'id', 'long'], [2, 'title', 'string'], [3, 'amount', 'long'], [5, 'note', 'int']]);
  assert.equal(t.metadata['last-column-id'], 5);
  const { Table } = await h.emu.glue.call!('GetTable', { DatabaseName: DB, Name: 't_evo' });
  assert.deepEqual(Table.StorageDescriptor.Columns.map((c: any) => [c.Name, c.Type, c.Parameters['iceberg.field.current']]),
    [['id', 'bigint', 'true'], ['title', 'string', 'true'], ['amount', 'bigint', 'true'], ['note', 'int', 'true'], ['note', 'string', 'false']]);

  const snaps = await readersAgree('t_evo');
  const cur = await readOurs(h, await planScan(h.env, t));
  assert.equal(cur.length, 15);
  // The re-added `note` (id 5) is null for rows written with the old `note` (id 4): ids are never reused.
  assert.ok(cur.includes(JSON.stringify([9, 'b9', 9, null])));
  assert.ok(cur.includes(JSON.stringify([13, 'c13', 13000000000000, null])));
  assert.ok(cur.includes(JSON.stringify([14, 'd14', 14, 14])));
  // Time travel reads a snapshot with the schema it was written with.
  assert.ok(snaps.get(2)!.includes(JSON.stringify([9, 'b9', 9, 'n9'])));

  // Properties: set and unset, metadata only.
  await commit(h.env, DB, 't_evo', () => ({ operation: 'append', snapshot: false, properties: { 'write.target-file-size-bytes': '1000', 'write.delete.mode': null } }));
  t = await loadTable(h.env, DB, 't_evo');
  assert.equal(t.metadata.properties['write.target-file-size-bytes'], '1000');
  assert.equal(t.metadata.properties['write.delete.mode'], undefined);
  assert.equal(t.metadata.snapshots.length, 4);
});

test('rewrite (replace with removes) keeps the rows; VACUUM expires old snapshots and deletes their files', async () => {
  const { tableInput } = await createTableMetadata(h.env, {
    name: 't_opt', location: `s3://${BUCKET}/wh/t_opt`, identifierFields: ['id'],
    columns: [{ name: 'id', type: 'bigint' }, { name: 'v', type: 'string' }, { name: 'd', type: 'date' }],
    partitioning: [{ source: 'd', transform: 'month' }],
  });
  await h.emu.glue.call!('CreateTable', { DatabaseName: DB, TableInput: tableInput });
  const sel = (a: number, b: number, tag: string) => `SELECT i::BIGINT AS id, '${tag}' || i AS v, DATE '2026-10-15' + INTERVAL (i * 10) DAY AS d FROM range(${a}, ${b}) t(i)`;
  for (let k = 0; k < 3; k++) {
    await commit(h.env, DB, 't_opt', async (cur) => ({ operation: 'append', add: await writeDataFiles(h.env, h.conn, cur, sel(k * 10, k * 10 + 10, 'v')) }));
  }
  await commit(h.env, DB, 't_opt', async (cur) => {
    const eq = await writeEqualityDeletes(h.env, h.conn, cur, sel(0, 3, 'x'), ['id']);
    const pos = await writePositionDeletes(h.env, h.conn, cur, `SELECT "$path" AS file_path, "$pos" AS pos FROM (${scanSelect(await planScan(h.env, cur), { withRowIds: true })}) WHERE id >= 27`);
    return { operation: 'delete', add: [...eq, ...pos] };
  });
  let t = await loadTable(h.env, DB, 't_opt');
  const before4 = await readOurs(h, await planScan(h.env, t));
  assert.equal(before4.length, 24);
  const month = (t.metadata['partition-specs'][0]!.fields[0]!);
  assert.equal(month.name, 'd_month');

  // OPTIMIZE: rewrite every live row into new files and remove the old data and delete files.
  const res = await commit(h.env, DB, 't_opt', async (cur) => {
    const plan = await planScan(h.env, cur);
    const add = await writeDataFiles(h.env, h.conn, cur, scanSelect(plan));
    return { operation: 'replace', add, remove: [...plan.data, ...plan.positionDeletes, ...plan.equalityDeletes].map((f) => f.uri) };
  });
  t = res.table;
  const last = t.metadata.snapshots.at(-1)!;
  assert.equal(last.summary['total-records'], '24');
  assert.equal(last.summary['total-delete-files'], '0');
  assert.equal(last.summary['total-position-deletes'], '0');
  const plan = await planScan(h.env, t);
  assert.equal(plan.positionDeletes.length + plan.equalityDeletes.length, 0);
  assert.ok(plan.data.every((f) => /\/data\/d_month=20(26-1[0-2]|27-0[1-7])\/[0-9a-f-]{36}\.parquet$/.test(f.uri)), plan.data.map((f) => f.uri).join());
  assert.deepEqual(await readOurs(h, plan), before4);
  await readersAgree('t_opt');

  // VACUUM with a 0 s age: only the current snapshot stays; files only old snapshots used are deleted.
  const old = (await planScan(h.env, t, t.metadata.snapshots[0]!['snapshot-id'])).data.map((f) => f.path);
  await commit(h.env, DB, 't_opt', () => ({ operation: 'append', snapshot: false, properties: { vacuum_max_snapshot_age_seconds: '0' } }));
  await new Promise((r) => setTimeout(r, 5));
  const v = await expireSnapshots(h.env, DB, 't_opt');
  assert.equal(v.expiredSnapshots, 4);
  assert.ok(v.deletedFiles > 0);
  t = await loadTable(h.env, DB, 't_opt');
  assert.equal(t.metadata.snapshots.length, 1);
  assert.deepEqual(t.metadata['snapshot-log'].map((e) => e['snapshot-id']), [t.metadata['current-snapshot-id']]);
  assert.ok(old.every((p) => !existsSync(p)));
  assert.deepEqual(await readOurs(h, await planScan(h.env, t)), before4);
  await readersAgree('t_opt');
});
