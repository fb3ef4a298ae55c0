// The OpenX JSON SerDe as Firehose applies it before writing Parquet: one JSON object per record, keys matched
// case-insensitively against the Glue columns, unknown fields dropped, missing fields NULL, values coerced to
// the column type (numbers from numeric strings, timestamps from ISO-8601 / `yyyy-MM-dd HH:mm:ss[.f]` / epoch).
// A record that is not a JSON object, or a value that cannot be coerced, fails the whole record.
import type { Column, ColumnKind } from './glue-types.js';

/** Row values in the writer's canonical form: string | number | bigint | boolean | null. bigint columns and
 * decimals (unscaled) are bigint; timestamps are µs since epoch (UTC) as a number (exact up to year 2255);
 * dates are days since epoch. */
export type Value = string | number | bigint | boolean | null;

export class ConversionError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export const MALFORMED = 'DataFormatConversion.MalformedData';

/** A reusable converter for one column list (the index is built once per flush). It returns a scratch row
 * that is overwritten by the next call: copy the values out before converting the next record. */
export function makeConverter(columns: Column[]): (data: Buffer) => Value[] {
  const index = new Map<string, number>();
  columns.forEach((c, i) => index.set(c.name, i));
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
      const i = index.get(key) ?? index.get(key.toLowerCase());
      if (i === undefined) continue; // fields not in the schema are dropped
      const v = (obj as Record<string, unknown>)[key];
      // Strings into string columns are by far the most common case: no call, no copy.
      row[i] = typeof v === 'string' && stringCol[i] ? v : coerce(v, columns[i]!);
    }
    return row;
  };
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

function bad(v: unknown, why: string): ConversionError {
  const shown = typeof v === 'string' ? `'${v}'` : JSON.stringify(v);
  return new ConversionError(MALFORMED, `value ${shown} ${why}`);
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

const ISO = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

/** Timestamp → µs since epoch. Strings: ISO-8601 (T or space, optional fraction up to 9 digits, optional
 * zone); numbers (or numeric strings): epoch seconds, or epoch milliseconds when ≥ 1e11. */
export function parseTimestampMicros(v: unknown): number {
  if (typeof v === 'string') {
    const fast = fastTimestamp(v);
    if (fast !== undefined) return fast;
  }
  if (typeof v === 'number' || (typeof v === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(v))) {
    const n = Number(v);
    const ms = Math.abs(n) >= 1e11 ? n : n * 1000;
    return Math.round(ms * 1000);
  }
  if (typeof v !== 'string') throw bad(v, 'is not a timestamp');
  const m = ISO.exec(v.trim());
  if (!m) throw bad(v, 'is not a timestamp (expected ISO-8601, yyyy-MM-dd HH:mm:ss[.S] or epoch)');
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '', zone] = m;
  const ms = Date.UTC(+y!, +mo! - 1, +d!, +h, +mi, +s);
  const check = new Date(ms);
  if (check.getUTCMonth() !== +mo! - 1 || check.getUTCDate() !== +d! || +h > 23 || +mi > 59 || +s > 59) {
    throw bad(v, 'is not a valid date/time');
  }
  let micros = ms * 1000 + Number(frac.padEnd(6, '0').slice(0, 6) || '0');
  if (zone && zone.toUpperCase() !== 'Z') {
    const sign = zone[0] === '-' ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const offsetMin = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2));
    micros -= sign * offsetMin * 60_000_000;
  }
  return micros;
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const DAYS_BEFORE_MONTH = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];

/** The common shapes `yyyy-MM-ddTHH:mm:ss[.fff][Z]` / `yyyy-MM-dd HH:mm:ss[.fff]` parsed by char codes, because
 * the regex + Date path costs more than the rest of a record's conversion. undefined → use the general path. */
function fastTimestamp(s: string): number | undefined {
  const len = s.length;
  if (len < 19 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58) return undefined;
  const sep = s.charCodeAt(10);
  if (sep !== 84 && sep !== 32) return undefined;
  // No helper closure here: tsx wraps closures with __name on every call, which doubles the cost.
  const y = (s.charCodeAt(0) - 48) * 1000 + (s.charCodeAt(1) - 48) * 100 + (s.charCodeAt(2) - 48) * 10 + s.charCodeAt(3) - 48;
  const mo = (s.charCodeAt(5) - 48) * 10 + s.charCodeAt(6) - 48;
  const day = (s.charCodeAt(8) - 48) * 10 + s.charCodeAt(9) - 48;
  const h = (s.charCodeAt(11) - 48) * 10 + s.charCodeAt(12) - 48;
  const mi = (s.charCodeAt(14) - 48) * 10 + s.charCodeAt(15) - 48;
  const sec = (s.charCodeAt(17) - 48) * 10 + s.charCodeAt(18) - 48;
  let micros = 0;
  let i = 19;
  if (i < len && s.charCodeAt(i) === 46) {
    let scale = 100000;
    for (i++; i < len; i++) {
      const c = s.charCodeAt(i) - 48;
      if (c < 0 || c > 9) break;
      micros += c * scale;
      scale = Math.floor(scale / 10);
    }
  }
  if (i < len && !(i === len - 1 && s.charCodeAt(i) === 90)) return undefined; // zone offsets: general path
  if (!(y >= 0 && mo >= 1 && mo <= 12 && day >= 1 && h <= 23 && mi <= 59 && sec <= 59)) return undefined;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const monthDays = mo === 2 ? (leap ? 29 : 28) : MONTH_DAYS[mo - 1]!;
  if (!(day <= monthDays)) return undefined;
  const yy = y - 1970;
  // Leap years in [1970, y): those up to y-1 minus the 477 up to 1969.
  const leapDays = Math.floor((y - 1) / 4) - Math.floor((y - 1) / 100) + Math.floor((y - 1) / 400) - 477;
  const days = yy * 365 + leapDays + DAYS_BEFORE_MONTH[mo - 1]! + (mo > 2 && leap ? 1 : 0) + day - 1;
  return ((days * 24 + h) * 60 + mi) * 60_000_000 + sec * 1_000_000 + micros;
}

/** Date → days since epoch, from `yyyy-MM-dd` (a time part is ignored) or an epoch-days number. */
export function parseDateDays(v: unknown): number {
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  if (typeof v === 'string') {
    const m = ISO.exec(v.trim());
    if (m) {
      const ms = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!);
      if (new Date(ms).getUTCDate() === +m[3]!) return Math.floor(ms / 86_400_000);
    }
  }
  throw bad(v, 'is not a date (expected yyyy-MM-dd)');
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
