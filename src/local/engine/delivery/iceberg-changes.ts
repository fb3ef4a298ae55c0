// One table's share of a batch, applied in arrival order to what the batch leaves behind: the rows to append
// and the unique keys to equality-delete. Insert appends (a duplicate key stays a duplicate, as AWS documents
// for inserts); update = delete the key + the new row; delete = delete the key. So the last operation on a key
// in the batch wins, and the snapshot equals replaying the records one by one. Update and delete need unique
// keys (DestinationTableConfiguration.UniqueKeys, else the table's identifier fields); records that cannot be
// applied are returned as failures.
import type { Operation } from './iceberg-route.js';
import { ICEBERG_ERRORS } from './iceberg-route.js';
import { makeRowConverter, RowError, type Row, type SchemaField } from './iceberg-rows.js';

export interface TableChange<R> {
  record: R;
  operation: Operation;
  json: Record<string, unknown>;
}

export interface AppliedChanges<R> {
  rows: Row[];
  /** Key columns only, one entry per key to delete. */
  deletes: Row[];
  keyFields: SchemaField[];
  delivered: number;
  failed: Array<{ record: R; code: string; message: string }>;
}

export function applyChanges<R>(fields: SchemaField[], keyNames: string[] | undefined, table: string, changes: TableChange<R>[]): AppliedChanges<R> {
  const keyFields = keyNames?.map((k) => fields.find((f) => f.name === k.toLowerCase()));
  const keysValid = !keyFields || keyFields.every(Boolean);
  const rows = makeRowConverter(fields);
  const keyRows = keyFields && keysValid ? makeRowConverter(keyFields as SchemaField[]) : undefined;
  const out: AppliedChanges<R> = { rows: [], deletes: [], keyFields: keyRows?.columns ?? [], delivered: 0, failed: [] };
  // What the batch leaves behind for each key it touched.
  const touched = new Map<string, { deletes: boolean; key: Row; rows: Row[] }>();
  for (const c of changes) {
    const fail = (code: string, message: string) => out.failed.push({ record: c.record, code, message });
    if (c.operation !== 'insert' && !keyNames) {
      fail(ICEBERG_ERRORS.uniqueKeys, `The ${c.operation} operation needs unique keys: set UniqueKeys in the DestinationTableConfiguration of ${table} or identifier fields on the table`);
      continue;
    }
    if (c.operation !== 'insert' && !keyRows) {
      fail(ICEBERG_ERRORS.uniqueKeys, 'The configured unique keys for the table do not match with the fields present in the schema.');
      continue;
    }
    let row: Row;
    let key: Row | undefined;
    try {
      if (c.operation === 'delete') key = row = keyRows!.convert(c.json);
      else {
        row = rows.convert(c.json);
        if (keyRows) key = Object.fromEntries(keyRows.columns.map((f) => [f.name, row[f.name]]));
      }
      const missing = key && Object.entries(key).find(([, v]) => v === null);
      if (missing && c.operation !== 'insert') throw new RowError(ICEBERG_ERRORS.missingColumn, `The unique key column ${missing[0]} is missing or null in the record`);
    } catch (e) {
      if (!(e instanceof RowError)) throw e;
      fail(e.code, e.message);
      continue;
    }
    out.delivered++;
    if (!key || Object.values(key).some((v) => v === null)) {
      out.rows.push(row); // an insert with no (complete) key: nothing later can match it
      continue;
    }
    const id = JSON.stringify(Object.values(key));
    let state = touched.get(id);
    if (!state) {
      state = { deletes: false, key, rows: [] };
      touched.set(id, state);
    }
    if (c.operation === 'insert') state.rows.push(row);
    else {
      state.deletes = true;
      state.rows = c.operation === 'update' ? [row] : [];
    }
  }
  for (const s of touched.values()) {
    if (s.deletes) out.deletes.push(s.key);
    out.rows.push(...s.rows);
  }
  return out;
}
