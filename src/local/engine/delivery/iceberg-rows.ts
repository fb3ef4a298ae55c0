// A record's first-level JSON keys → a row of the table's current Iceberg schema, as Firehose's Iceberg
// destination does it: keys match columns by name (exactly, else case-insensitively), keys with no column are
// dropped, absent columns are null (a required one fails the record), timestamps must be epoch MICROseconds
// (AWS: "for Timestamp data type, must always be sent in microseconds"; an ISO string fails the record),
// binary is base64. The row holds staging values: what the NDJSON stage holds and `stagedSelect` turns into
// the column's DuckDB type.
import { ICEBERG_ERRORS } from './iceberg-route.js';

/** The parts of an Iceberg schema field this module reads (spec JSON names). */
export interface SchemaField {
  id: number;
  name: string;
  required: boolean;
  type: unknown;
}

export class RowError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export type Row = Record<string, unknown>;

export interface RowConverter {
  columns: SchemaField[];
  convert(record: Record<string, unknown>): Row;
}

export function makeRowConverter(fields: SchemaField[]): RowConverter {
  const byName = new Map(fields.map((f) => [f.name, f]));
  const byLower = new Map(fields.map((f) => [f.name.toLowerCase(), f]));
  return {
    columns: fields,
    convert(record) {
      const row: Row = {};
      let matched = 0;
      for (const f of fields) row[f.name] = null;
      for (const k in record) {
        const v = record[k];
        let f = byName.get(k);
        if (!f) {
          f = byLower.get(k.toLowerCase());
          // An exact-case key wins over a differently-cased duplicate.
          if (!f || Object.hasOwn(record, f.name)) continue;
        }
        matched++;
        row[f.name] = v === null || v === undefined ? null : stageValue(f.name, f.type, v);
      }
      if (matched === 0) throw new RowError(ICEBERG_ERRORS.missingColumn, 'The record has no first-level key that matches a column of the table');
      for (const f of fields) {
        if (f.required && row[f.name] === null) throw new RowError(ICEBERG_ERRORS.missingColumn, `The required column ${f.name} is missing or null in the record`);
      }
      return row;
    },
  };
}

function bad(column: string, type: string, v: unknown, why = ''): RowError {
  const shown = JSON.stringify(v);
  return new RowError(ICEBERG_ERRORS.invalidValue, `The value ${shown.length > 100 ? `${shown.slice(0, 100)}…` : shown} of column ${column} cannot be converted to ${type}${why}`);
}

const INT_RANGE = 2 ** 31;

function stageValue(column: string, type: unknown, v: unknown): unknown {
  if (typeof type !== 'string') return v; // struct, list, map: DuckDB's JSON reader shapes them by type
  switch (type) {
    case 'string':
      return typeof v === 'string' ? v : JSON.stringify(v);
    case 'boolean':
      if (typeof v === 'boolean') return v;
      if (v === 'true' || v === 'false') return v === 'true';
      throw bad(column, type, v);
    case 'int':
    case 'long': {
      const n = typeof v === 'number' ? v : typeof v === 'string' && /^-?\d+$/.test(v.trim()) ? Number(v) : NaN;
      if (!Number.isInteger(n) || (type === 'int' && (n < -INT_RANGE || n >= INT_RANGE))) throw bad(column, type, v);
      return n;
    }
    case 'float':
    case 'double': {
      const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
      if (Number.isNaN(n)) throw bad(column, type, v);
      return n;
    }
    case 'timestamp':
    case 'timestamptz':
    case 'time':
      if (typeof v === 'number' && Number.isInteger(v)) return v;
      throw bad(column, type, v, ' (Firehose expects epoch microseconds for timestamp columns)');
    case 'date':
      if (typeof v === 'number' && Number.isInteger(v)) return v;
      if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`))) return Date.parse(`${v}T00:00:00Z`) / 86_400_000;
      throw bad(column, type, v);
    case 'uuid':
      if (typeof v === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v)) return v;
      throw bad(column, type, v);
    case 'binary':
      if (typeof v === 'string' && /^[A-Za-z0-9+/_-]*={0,2}$/.test(v)) return Buffer.from(v, 'base64').toString('base64');
      throw bad(column, type, v, ' (send binary as base64)');
  }
  if (type.startsWith('decimal')) {
    const s = typeof v === 'number' ? String(v) : typeof v === 'string' ? v.trim() : '';
    if (!/^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(s)) throw bad(column, type, v);
    return s;
  }
  if (type.startsWith('fixed')) {
    if (typeof v === 'string') return Buffer.from(v, 'base64').toString('base64');
    throw bad(column, type, v);
  }
  throw new RowError(ICEBERG_ERRORS.invalidValue, `Column ${column} has type ${type}, which the local Firehose does not write`);
}

const quoteIdent = (s: string) => `"${s.replace(/"/g, '""')}"`;

/** DuckDB type of an Iceberg type (the read types of the stage, before `stagedSelect`). */
export function duckType(type: unknown): string {
  if (typeof type === 'string') {
    const dec = /^decimal\((\d+),\s*(\d+)\)$/.exec(type);
    if (dec) return `DECIMAL(${dec[1]}, ${dec[2]})`;
    if (type.startsWith('fixed')) return 'BLOB';
    const t: Record<string, string> = {
      string: 'VARCHAR', boolean: 'BOOLEAN', int: 'INTEGER', long: 'BIGINT', float: 'FLOAT', double: 'DOUBLE',
      date: 'DATE', time: 'TIME', timestamp: 'TIMESTAMP', timestamptz: 'TIMESTAMPTZ', uuid: 'UUID', binary: 'BLOB',
    };
    if (t[type]) return t[type];
    throw new Error(`Unknown Iceberg type ${type}`);
  }
  const n = type as any;
  if (n.type === 'struct') return `STRUCT(${n.fields.map((f: SchemaField) => `${quoteIdent(f.name)} ${duckType(f.type)}`).join(', ')})`;
  if (n.type === 'list') return `${duckType(n.element)}[]`;
  if (n.type === 'map') return `MAP(${duckType(n.key)}, ${duckType(n.value)})`;
  throw new Error(`Unknown Iceberg type ${JSON.stringify(type)}`);
}

/** How the NDJSON stage holds a column (read_json's type) and the SQL that yields the column's own type. */
export function staged(f: SchemaField): { readType: string; select: string } {
  const c = quoteIdent(f.name);
  switch (f.type) {
    case 'timestamp':
      return { readType: 'BIGINT', select: `make_timestamp(${c}) AS ${c}` };
    case 'timestamptz':
      return { readType: 'BIGINT', select: `(TIMESTAMPTZ '1970-01-01 00:00:00+00' + to_microseconds(${c})) AS ${c}` };
    case 'time':
      return { readType: 'BIGINT', select: `(TIME '00:00:00' + to_microseconds(${c})) AS ${c}` };
    case 'date':
      return { readType: 'INTEGER', select: `(DATE '1970-01-01' + ${c}) AS ${c}` };
    case 'binary':
      return { readType: 'VARCHAR', select: `from_base64(${c}) AS ${c}` };
  }
  if (typeof f.type === 'string' && f.type.startsWith('fixed')) return { readType: 'VARCHAR', select: `from_base64(${c}) AS ${c}` };
  return { readType: duckType(f.type), select: c };
}

/** A SELECT over an NDJSON stage file yielding `fields` by name with their DuckDB types. */
export function stagedSelect(file: string, fields: SchemaField[]): string {
  const parts = fields.map(staged);
  const lit = (s: string) => `'${s.replace(/'/g, "''")}'`;
  const cols = fields.map((f, i) => `${lit(f.name)}: ${lit(parts[i]!.readType)}`).join(', ');
  return `SELECT ${parts.map((p) => p.select).join(', ')} FROM read_json(${lit(file)}, format = 'newline_delimited', columns = {${cols}})`;
}
