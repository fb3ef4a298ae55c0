// The OpenX JSON SerDe as Firehose applies it before writing Parquet: one JSON object per record, keys matched
// case-insensitively against the Glue columns, unknown fields dropped, missing fields NULL, values coerced to
// the column type (numbers from numeric strings, timestamps from ISO-8601 / `yyyy-MM-dd HH:mm:ss[.f]` / epoch).
// A record that is not a JSON object, or a value that cannot be coerced, fails the whole record.
import type { Column, ColumnKind } from './glue-types.js';
import { bad, ConversionError, MALFORMED } from './conversion-error.js';
import { parseDateDays, parseTimestampMicros } from './timestamps.js';

/** Row values in the writer's canonical form: string | number | bigint | boolean | null. bigint columns and
 * decimals (unscaled) are bigint; timestamps are µs since epoch (UTC) as a number (exact up to year 2255);
 * dates are days since epoch. */
export type Value = string | number | bigint | boolean | null;



/** A reusable converter for one column list (the index is built once per flush). It returns a scratch row
 * that is overwritten by the next call: copy the values out before converting the next record. */
/** The OpenXJsonSerDe settings of the delivery stream (AWS defaults: case-insensitive, no dot conversion). */
export interface OpenXOptions {
  CaseInsensitive?: boolean;
  ConvertDotsInJsonKeysToUnderscores?: boolean;
  /** Column name → JSON key, for keys that are not valid column names. */
  ColumnToJsonKeyMappings?: Record<string, string>;
}

export function makeConverter(columns: Column[], options: OpenXOptions = {}): (data: Buffer) => Value[] {
  const caseInsensitive = options.CaseInsensitive !== false;
  const dots = options.ConvertDotsInJsonKeysToUnderscores === true;
  const normalize = (key: string) => {
    const k = dots ? key.replace(/\./g, '_') : key;
    return caseInsensitive ? k.toLowerCase() : k;
  };
  const index = columnIndex(columns, options);
  const n = columns.length;
  const row: Value[] = new Array(n).fill(null);
  const stringCol = columns.map((c) => c.type.kind === 'string');
  return (data) => {
    let obj: unknown;
    try {
      obj = JSON.parse(data.toString('utf8'));
    } catch (e) {
      throw new ConversionError(MALFORMED, `Malformed JSON: ${(e as Error).message}`);
    }
    if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) {
      throw new ConversionError(MALFORMED, 'The record is not a JSON object; the OpenX JSON SerDe expects one object per record.');
    }
    for (let i = 0; i < n; i++) row[i] = null;
    for (const key in obj as Record<string, unknown>) {
      const i = index.get(key) ?? index.get(normalize(key));
      if (i === undefined) continue; // fields not in the schema are dropped
      const v = (obj as Record<string, unknown>)[key];
      // Strings into string columns are by far the most common case: no call, no copy.
      row[i] = typeof v === 'string' && stringCol[i] ? v : coerce(v, columns[i]!);
    }
    return row;
  };
}

/** Normalized JSON key → column index, as the converter matches keys (later columns win a clash). */
export function columnIndex(columns: Column[], options: OpenXOptions = {}): Map<string, number> {
  const caseInsensitive = options.CaseInsensitive !== false;
  const dots = options.ConvertDotsInJsonKeysToUnderscores === true;
  const normalize = (key: string) => {
    const k = dots ? key.replace(/\./g, '_') : key;
    return caseInsensitive ? k.toLowerCase() : k;
  };
  const mapped = new Map(Object.entries(options.ColumnToJsonKeyMappings ?? {}).map(([col, key]) => [col.toLowerCase(), key]));
  const index = new Map<string, number>();
  columns.forEach((c, i) => index.set(normalize(mapped.get(c.name) ?? c.name), i));
  return index;
}

export function coerce(v: unknown, col: Column): Value {
  if (v === null || v === undefined) return null;
  try {
    return coerceKind(v, col.type);
  } catch (e) {
    if (e instanceof ConversionError) {
      throw new ConversionError(e.code, `Cannot convert field '${col.name}' to ${col.glueType}: ${e.message}`);
    }
    throw e;
  }
}

const INT_RANGE: Record<string, [number, number]> = {
  tinyint: [-128, 127],
  smallint: [-32768, 32767],
  int: [-2147483648, 2147483647],
};

function coerceKind(v: unknown, t: ColumnKind): Value {
  switch (t.kind) {
    case 'string':
      return typeof v === 'string' ? v : JSON.stringify(v);
    case 'json':
      return typeof v === 'string' ? v : JSON.stringify(v);
    case 'tinyint':
    case 'smallint':
    case 'int': {
      const n = Math.trunc(toNumber(v));
      const [lo, hi] = INT_RANGE[t.kind]!;
      if (n < lo || n > hi) throw bad(v, 'out of range');
      return n;
    }
    case 'bigint': {
      if (typeof v === 'string' && /^\s*[-+]?\d+\s*$/.test(v)) return checkBigint(BigInt(v.trim()), v);
      const n = Math.trunc(toNumber(v));
      return checkBigint(BigInt(n), v);
    }
    case 'float':
    case 'double':
      return toNumber(v);
    case 'boolean':
      if (typeof v === 'boolean') return v;
      // Java's Boolean.parseBoolean, which the SerDe uses for string values.
      if (typeof v === 'string') return v.trim().toLowerCase() === 'true';
      throw bad(v, 'not a boolean');
    case 'timestamp':
      return parseTimestampMicros(v);
    case 'date':
      return parseDateDays(v);
    case 'decimal':
      return toDecimal(v, t.precision, t.scale);
  }
}


function toNumber(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v.trim() !== '') {
    const n = Number(v.trim());
    if (!Number.isNaN(n)) return n;
  }
  throw bad(v, 'is not a number');
}

function checkBigint(b: bigint, v: unknown): bigint {
  if (b > 9223372036854775807n || b < -9223372036854775808n) throw bad(v, 'out of range');
  return b;
}

/** Decimal → unscaled bigint at `scale`, rounding half up; NULL when it does not fit `precision` (as Hive). */
export function toDecimal(v: unknown, precision: number, scale: number): bigint | null {
  const text = typeof v === 'number' ? numberToPlain(v) : typeof v === 'string' ? v.trim() : undefined;
  const m = text === undefined ? null : /^([-+])?(\d*)(?:\.(\d*))?$/.exec(text);
  if (!m || (!m[2] && !m[3])) throw bad(v, 'is not a decimal');
  const neg = m[1] === '-';
  const intPart = m[2] || '0';
  const frac = m[3] ?? '';
  let unscaled = BigInt(intPart + frac.padEnd(scale, '0').slice(0, scale));
  if (frac.length > scale && Number(frac[scale]) >= 5) unscaled += 1n;
  if (unscaled.toString().length > precision) return null;
  return neg ? -unscaled : unscaled;
}

function numberToPlain(n: number): string {
  if (!Number.isFinite(n)) return 'x';
  const s = String(n);
  if (!/e/i.test(s)) return s;
  return n.toFixed(20).replace(/\.?0+$/, '');
}

export { ConversionError, MALFORMED, parseDateDays, parseTimestampMicros };
