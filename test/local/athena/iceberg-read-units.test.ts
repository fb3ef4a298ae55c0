// Units of the Iceberg read path that need no table: the translation of FOR … AS OF into a view of its own, the
// time-travel rules over a metadata document (Trino's checks and words), Iceberg's single-value bound decoding
// with Java's text forms, and the typed VALUES relation the metadata tables are served from.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DuckDBInstance } from '@duckdb/node-api';
import { translateQuery } from '../../../src/local/engine/duckdb/translate.js';
import { checkPointer, PointerError, snapshotForPointer, type Pointer } from '../../../src/local/engine/duckdb/iceberg/time-travel.js';
import { decodeBound, humanString, javaLocalDateTime } from '../../../src/local/engine/duckdb/iceberg/bounds.js';
import { sqlMap, sqlMillis, sqlStruct, valuesSelect } from '../../../src/local/engine/duckdb/iceberg/values.js';
import { metadataTableName } from '../../../src/local/engine/duckdb/iceberg/metadata-tables.js';

test('FOR VERSION|TIMESTAMP AS OF: each reference reads a view of its own and carries its pointer', async () => {
  const t = await translateQuery(`SELECT * FROM ice FOR VERSION AS OF 42 a JOIN db2.ice FOR TIMESTAMP AS OF TIMESTAMP '2026-01-01 00:00:00' b ON a.id = b.id`, 'analytics');
  assert.match(t.sql, /awsdatacatalog\."analytics"\."ice\$as_of_1" AS "a"/);
  assert.match(t.sql, /awsdatacatalog\."db2"\."ice\$as_of_2" AS "b"/);
  assert.deepEqual(t.tables.map((r) => [r.database, r.name, r.view, r.period?.kind, r.period?.text, r.period?.offset]), [
    ['analytics', 'ice', 'ice$as_of_1', 'VERSION', '42', 18],
    ['db2', 'ice', 'ice$as_of_2', 'TIMESTAMP', "TIMESTAMP '2026-01-01 00:00:00'", 54],
  ]);
  assert.equal(t.tables[1]!.period!.sql, `CAST('2026-01-01 00:00:00' AS TIMESTAMP)`);
  assert.deepEqual(metadataTableName('ice$snapshots'), { base: 'ice', kind: 'snapshots' });
  assert.equal(metadataTableName('ice$as_of_1'), undefined);
});

const meta = {
  'current-snapshot-id': 3,
  refs: { main: { 'snapshot-id': 3, type: 'branch' }, v1: { 'snapshot-id': 1, type: 'tag' } },
  snapshots: [1, 2, 3].map((id) => ({ 'snapshot-id': id, 'timestamp-ms': 1_000 * id, 'sequence-number': id, 'manifest-list': '', summary: { operation: 'append' } })),
  'snapshot-log': [1, 2, 3].map((id) => ({ 'snapshot-id': id, 'timestamp-ms': 1_000 * id })),
} as any;
const p = (over: Partial<Pointer>): Pointer => ({ kind: 'TIMESTAMP', duckType: 'TIMESTAMP', text: 'x', source: 'x', ...over });
const err = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    assert.ok(e instanceof PointerError);
    return `${e.code}${e.positioned ? ' @' : ''}: ${e.message}`;
  }
  return 'no error';
};

test('time travel: snapshot by id, by ref, by instant (last at or before); Trino\'s errors', () => {
  assert.equal(snapshotForPointer(meta, p({ kind: 'VERSION', duckType: 'BIGINT', text: '2' }), 'db."t"'), 2);
  assert.equal(snapshotForPointer(meta, p({ kind: 'VERSION', duckType: 'VARCHAR', text: 'v1' }), 'db."t"'), 1);
  assert.equal(snapshotForPointer(meta, p({ millis: 2_500 }), 'db."t"'), 2);
  assert.equal(snapshotForPointer(meta, p({ millis: 3_000 }), 'db."t"'), 3);
  assert.equal(err(() => snapshotForPointer(meta, p({ millis: 999 }), 'db."t"')), 'INVALID_ARGUMENTS: No version history table db."t" at or before 1970-01-01T00:00:00.999Z');
  assert.equal(err(() => snapshotForPointer(meta, p({ kind: 'VERSION', duckType: 'BIGINT', text: '8954597067493422955' }), 'db."t"')), 'INVALID_ARGUMENTS: Iceberg snapshot ID does not exists: 8954597067493422955');
  assert.equal(err(() => snapshotForPointer(meta, p({ kind: 'VERSION', duckType: 'DOUBLE', text: '1.5' }), 'db."t"')), 'NOT_SUPPORTED: Unsupported type for table version: double');
  assert.equal(err(() => checkPointer(p({ duckType: '"NULL"', text: null }), 0)), 'INVALID_ARGUMENTS @: Pointer value cannot be NULL');
  assert.equal(err(() => checkPointer(p({ duckType: 'VARCHAR', source: "'2022-01-01'" }), 0)), 'TYPE_MISMATCH @: Type varchar(10) invalid. Temporal pointers must be of type Timestamp, Timestamp with Time Zone, or Date.');
  assert.equal(err(() => checkPointer(p({ duckType: 'TIMESTAMP WITH TIME ZONE', text: '2999-01-01 00:00:00+00', millis: 3e13 }), 1)), "INVALID_ARGUMENTS @: Pointer value '2999-01-01 00:00:00 UTC' is not in the past");
  assert.equal(err(() => checkPointer(p({ kind: 'VERSION', duckType: 'BIGINT', text: null }), 0)), 'INVALID_ARGUMENTS @: Pointer value cannot be NULL');
});

test('bounds: Iceberg single-value form decoded, shown as Java shows it', () => {
  const le = (n: number, bytes: number) => { const b = Buffer.alloc(bytes); if (bytes === 4) b.writeInt32LE(n); else b.writeBigInt64LE(BigInt(n)); return b; };
  assert.equal(humanString('int', decodeBound('int', le(-7, 4))), '-7');
  assert.equal(humanString('date', decodeBound('date', le(20424, 4))), '2025-12-02');
  assert.equal(humanString('timestamp', decodeBound('timestamp', le(1_764_633_600_000_000, 8))), '2025-12-02T00:00');
  assert.equal(humanString('timestamp', decodeBound('timestamp', le(1_764_633_601_500_000, 8))), '2025-12-02T00:00:01.500');
  assert.equal(humanString('timestamptz', decodeBound('timestamptz', le(1_764_633_601_000_001, 8))), '2025-12-02T00:00:01.000001Z');
  assert.equal(javaLocalDateTime(-1n), '1969-12-31T23:59:59.999999');
  const d = Buffer.alloc(8); d.writeDoubleLE(1e7);
  assert.equal(humanString('double', decodeBound('double', d)), '1.0E7');
  assert.equal(humanString('decimal(10, 2)', decodeBound('decimal(10, 2)', Buffer.from([0xff, 0x85]))), '-1.23');
  assert.equal(humanString('string', decodeBound('string', Buffer.from('héllo'))), 'héllo');
});

test('metadata rows as a typed VALUES relation (empty maps, NULLs, structs, no rows)', async () => {
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  try {
    await conn.run(`SET TimeZone = 'UTC'`);
    const cols = [{ name: 'at', type: 'TIMESTAMPTZ' }, { name: 'm', type: 'MAP(VARCHAR, VARCHAR)' }, { name: 's', type: 'STRUCT(a BIGINT, "min" DATE)' }];
    const sel = valuesSelect(cols, [[sqlMillis(1_000), sqlMap([]), sqlStruct([['a', null], ['min', null]])], [null, sqlMap([['k', "it's"]]), sqlStruct([['a', 5n], ['min', null]])]]);
    const r = await conn.runAndReadAll(`SELECT CAST("at" AS VARCHAR), m::VARCHAR, s.a, typeof(s) FROM (${sel})`);
    assert.deepEqual(r.getRows().map((x) => x.map(String)), [['1970-01-01 00:00:01+00', '{}', 'null', 'STRUCT(a BIGINT, min DATE)'], ['null', "{k='it\\'s'}", '5', 'STRUCT(a BIGINT, min DATE)']]);
    const empty = await conn.runAndReadAll(`SELECT count(*) FROM (${valuesSelect(cols, [])})`);
    assert.equal(Number(empty.getRows()[0]![0]), 0);
  } finally {
    conn.closeSync();
    db.closeSync();
  }
});
