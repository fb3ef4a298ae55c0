// The pure parts of Firehose's Iceberg delivery: routing by the MetadataExtraction query (with the single
// DestinationTableConfiguration as fallback), rows from first-level keys by the Iceberg schema (timestamps in
// epoch microseconds, as AWS requires), and the checkpoint carried in snapshot summaries.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { alreadyCommitted, checkpointAt, summaryEntry } from '../../src/local/engine/delivery/iceberg-checkpoint.js';
import { applyChanges } from '../../src/local/engine/delivery/iceberg-changes.js';
import { makeRouter } from '../../src/local/engine/delivery/iceberg-route.js';
import { makeRowConverter, RowError } from '../../src/local/engine/delivery/iceberg-rows.js';

const one = { DestinationTableConfigurationList: [{ DestinationDatabaseName: 'db', DestinationTableName: 't' }] };
const jq = (q: string, extra = {}) => ({
  ...extra,
  ProcessingConfiguration: { Enabled: true, Processors: [{ Type: 'MetadataExtraction', Parameters: [{ ParameterName: 'MetadataExtractionQuery', ParameterValue: q }] }] },
});
const rec = (o: unknown) => Buffer.from(typeof o === 'string' ? o : JSON.stringify(o));

test('routing: one table needs no query; the query wins; operation defaults to insert', () => {
  assert.deepEqual(makeRouter(one)(rec({ a: 1 })), { database: 'db', table: 't', operation: 'insert', record: { a: 1 } });
  const r = makeRouter(jq('{destinationDatabaseName: "x", destinationTableName: .k, operation: .op}', one));
  assert.deepEqual(r(rec({ k: 'u', op: 'DELETE' })), { database: 'x', table: 'u', operation: 'delete', record: { k: 'u', op: 'DELETE' } });
  // The query gives only the operation: the table comes from the single configuration.
  assert.equal((makeRouter(jq('{operation: .op}', one))(rec({ op: 'update' })) as any).table, 't');
  assert.equal((makeRouter(jq('{operation: .op}', one))(rec({ op: 'upsert' })) as any).code, 'Iceberg.InvalidOperation');
  assert.equal((makeRouter(jq('{operation: .op}'))(rec({ op: 'insert' })) as any).code, 'Iceberg.DestinationNotFound');
  assert.equal((makeRouter(one)(rec('{"a": ')) as any).code, 'Iceberg.NonJsonRecord');
  assert.equal((makeRouter(one)(rec('[1]')) as any).code, 'Iceberg.NonJsonRecord');
  assert.equal((makeRouter(jq('.a.b', one))(rec({ a: 'text' })) as any).code, 'Iceberg.MetadataExtractionFailed');
});

test('rows: first-level keys by name, unknown keys dropped, microsecond timestamps, required columns', () => {
  const conv = makeRowConverter([
    { id: 1, name: 'id', required: true, type: 'string' },
    { id: 2, name: 'n', required: false, type: 'long' },
    { id: 3, name: 'ts', required: false, type: 'timestamp' },
    { id: 4, name: 'd', required: false, type: 'date' },
    { id: 5, name: 'price', required: false, type: 'decimal(10, 2)' },
    { id: 6, name: 'nested', required: false, type: { type: 'struct', fields: [{ id: 7, name: 'a', required: false, type: 'int' }] } },
  ]);
  assert.deepEqual(conv.convert({ ID: 'x', n: '12', ts: 1764669600000000, d: '2026-12-02', price: 19.99, nested: { a: 1 }, other: true }), {
    id: 'x', n: 12, ts: 1764669600000000, d: 20789, price: '19.99', nested: { a: 1 },
  });
  assert.deepEqual(conv.convert({ id: 'y' }), { id: 'y', n: null, ts: null, d: null, price: null, nested: null });
  const fails = (o: Record<string, unknown>) => {
    try {
      conv.convert(o);
    } catch (e) {
      return (e as RowError).code;
    }
    return 'converted';
  };
  assert.equal(fails({ id: 'x', ts: '2026-12-02T10:00:00Z' }), 'Iceberg.InvalidDataType');
  assert.equal(fails({ id: 'x', n: 1.5 }), 'Iceberg.InvalidDataType');
  assert.equal(fails({ n: 1 }), 'Iceberg.MissingColumnWithinRecord');
  assert.equal(fails({ other: 1 }), 'Iceberg.MissingColumnWithinRecord');
});

test('checkpoint: found on the snapshot ancestry past snapshots others committed; a new incarnation starts over', () => {
  const entry = summaryEntry({ incarnation: 5, shards: { s0: '10' } }, 'fh', 's1', '200');
  const meta = {
    'current-snapshot-id': 3,
    snapshots: [
      { 'snapshot-id': 1, summary: { operation: 'append', ...entry } },
      { 'snapshot-id': 2, 'parent-snapshot-id': 1, summary: { operation: 'append', ...summaryEntry({ incarnation: 5, shards: {} }, 'other', 's1', '9') } },
      { 'snapshot-id': 3, 'parent-snapshot-id': 2, summary: { operation: 'delete' } },
    ],
  };
  const cp = checkpointAt(meta, 'fh', 5);
  assert.deepEqual(cp.shards, { s0: '10', s1: '200' });
  assert.ok(alreadyCommitted(cp, 's1', '200'));
  assert.ok(alreadyCommitted(cp, 's1', '99'), 'compared as numbers, not text');
  assert.ok(!alreadyCommitted(cp, 's1', '1000'));
  assert.ok(!alreadyCommitted(cp, 's2', '1'));
  assert.deepEqual(checkpointAt(meta, 'fh', 6).shards, {});
  assert.deepEqual(checkpointAt(meta, 'fh', 5, 2).shards, { s0: '10', s1: '200' });
});

test('changes: applied in order per key (the last operation wins), inserts keep duplicates, update/delete need keys', () => {
  const fields = [
    { id: 1, name: 'id', required: true, type: 'string' },
    { id: 2, name: 'v', required: false, type: 'long' },
  ];
  const ch = (n: number, operation: 'insert' | 'update' | 'delete', json: Record<string, unknown>) => ({ record: n, operation, json });
  const out = applyChanges(fields, ['id'], 'db.t', [
    ch(1, 'insert', { id: 'a', v: 1 }),
    ch(2, 'update', { id: 'a', v: 2 }),
    ch(3, 'insert', { id: 'b', v: 1 }),
    ch(4, 'delete', { id: 'b' }),
    ch(5, 'delete', { id: 'c' }),
    ch(6, 'insert', { id: 'c', v: 3 }),
    ch(7, 'insert', { id: 'd', v: 1 }),
    ch(8, 'insert', { id: 'd', v: 1 }),
    ch(9, 'update', { v: 9 }),
  ]);
  assert.deepEqual(out.rows, [{ id: 'a', v: 2 }, { id: 'c', v: 3 }, { id: 'd', v: 1 }, { id: 'd', v: 1 }]);
  assert.deepEqual(out.deletes, [{ id: 'a' }, { id: 'b' }, { id: 'c' }]);
  assert.deepEqual(out.failed.map((f) => [f.record, f.code]), [[9, 'Iceberg.MissingColumnWithinRecord']]);
  assert.equal(out.delivered, 8);
  const noKeys = applyChanges(fields, undefined, 'db.t', [ch(1, 'insert', { id: 'a' }), ch(2, 'delete', { id: 'a' })]);
  assert.deepEqual(noKeys.failed.map((f) => f.code), ['Iceberg.InvalidUniqueKeys']);
  const badKeys = applyChanges(fields, ['nope'], 'db.t', [ch(1, 'update', { id: 'a' })]);
  assert.equal(badKeys.failed[0]!.message, 'The configured unique keys for the table do not match with the fields present in the schema.');
});
