// Rows computed in JS (Iceberg metadata tables) as a DuckDB SELECT: every cell is a literal cast to its column's
// type, so an empty map or a NULL in the first row never makes DuckDB guess a type; no rows -> a typed empty
// relation. Values are SQL text built here from numbers, strings and nested values, never user SQL.
import { lit, q } from '../relations.js';

export interface Column {
  name: string;
  /** DuckDB type. */
  type: string;
}

/** A cell: null, a number/bigint/boolean/string, or SQL text already built by the helpers below. */
export type Cell = null | undefined | number | bigint | boolean | string | Sql;
export class Sql {
  constructor(readonly text: string) {}
}

export function cellSql(v: Cell): string {
  if (v === null || v === undefined) return 'NULL';
  if (v instanceof Sql) return v.text;
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : `'${v}'::DOUBLE`;
  if (typeof v === 'bigint') return String(v);
  return lit(v);
}

export const sqlMap = (entries: Array<[Cell, Cell]>) => new Sql(`MAP {${entries.map(([k, v]) => `${cellSql(k)}: ${cellSql(v)}`).join(', ')}}`);
export const sqlArray = (items: Cell[]) => new Sql(`[${items.map(cellSql).join(', ')}]`);
export const sqlStruct = (fields: Array<[string, Cell]>) => new Sql(`{${fields.map(([k, v]) => `${lit(k)}: ${cellSql(v)}`).join(', ')}}`);
/** A timestamp with time zone from epoch milliseconds. */
export const sqlMillis = (ms: number) => new Sql(`make_timestamptz(${Math.trunc(ms) * 1000}::BIGINT)`);

export function valuesSelect(columns: Column[], rows: Cell[][]): string {
  if (!rows.length) return `SELECT ${columns.map((c) => `CAST(NULL AS ${c.type}) AS ${q(c.name)}`).join(', ')} WHERE false`;
  const names = columns.map((_, i) => `c${i}`);
  const body = rows.map((r) => `(${columns.map((c, i) => `CAST(${cellSql(r[i])} AS ${c.type})`).join(', ')})`).join(',\n');
  return `SELECT ${columns.map((c, i) => `${names[i]} AS ${q(c.name)}`).join(', ')} FROM (VALUES ${body}) __meta(${names.join(', ')})`;
}
