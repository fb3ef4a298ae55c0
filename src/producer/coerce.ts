// Turn a generated value into the JSON text of the column type the table declares, so Firehose's OpenX
// JSON SerDe converts it to the right Parquet type: numbers for int/bigint/double, true/false for boolean,
// ISO-8601 with `Z` for timestamp (a format the SerDe parses by default), yyyy-MM-dd for date, and a
// fixed-scale number literal for decimal(p,s).
import { LakehouseError, ExitCode } from '../errors.js';

export type Scalar = string | number | boolean | null;

export interface TypeCodec {
  /** The value as this type (strings for timestamp/date/decimal). */
  coerce(v: unknown): Scalar;
  /** JSON text of an already coerced value. */
  json(v: Scalar): string;
}

const INT_RANGE: Record<string, [number, number]> = {
  tinyint: [-128, 127],
  smallint: [-32768, 32767],
  int: [-2147483648, 2147483647],
  integer: [-2147483648, 2147483647],
  bigint: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
};

export function codecFor(glueType: string, where: string): TypeCodec {
  const t = glueType.trim().toLowerCase();
  if (t === 'string' || t.startsWith('varchar') || t.startsWith('char')) return STRING;
  if (t in INT_RANGE) return intCodec(t, INT_RANGE[t]!, where);
  if (t === 'double' || t === 'float') return DOUBLE;
  if (t === 'boolean') return BOOLEAN;
  if (t === 'timestamp') return TIMESTAMP;
  if (t === EPOCH_MICROS_TYPE) return TIMESTAMP_MICROS;
  if (t === 'date') return DATE;
  const dec = /^decimal\s*\(\s*(\d+)\s*(?:,\s*(\d+)\s*)?\)$/.exec(t);
  if (dec) return decimalCodec(Number(dec[2] ?? 0));
  if (t === 'decimal') return decimalCodec(0);
  // Complex types (array<…>, struct<…>, map<…>): pass the generated structure through as JSON.
  return { coerce: (v) => v as Scalar, json: (v) => JSON.stringify(v ?? null) };
}

/** Characters that need JSON escaping (surrogates: JSON.stringify's lone-surrogate handling). */
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

function jsonScalar(v: Scalar): string {
  if (v === null) return 'null';
  if (typeof v !== 'string') return String(v);
  // Most generated strings need no escaping; quoting them directly is ~1.5× faster than JSON.stringify.
  return NEEDS_ESCAPE.test(v) ? JSON.stringify(v) : '"' + v + '"';
}

const STRING: TypeCodec = {
  coerce(v) {
    if (v === null || v === undefined) return null;
    if (typeof v === 'string') return v;
    if (v instanceof Date) return v.toISOString();
    if (typeof v === 'object') return JSON.stringify(v);
    return String(v);
  },
  json: jsonScalar,
};

function toNumber(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof Date) return v.getTime();
  if (typeof v === 'boolean') return v ? 1 : 0;
  return Number(v);
}

function intCodec(name: string, [min, max]: [number, number], where: string): TypeCodec {
  return {
    coerce(v) {
      if (v === null || v === undefined) return null;
      const n = Math.trunc(toNumber(v));
      if (!Number.isFinite(n)) return null;
      if (n < min || n > max) {
        throw new LakehouseError(`${where}: value ${String(v)} does not fit the column type ${name}`, ExitCode.spec);
      }
      return n;
    },
    json: jsonScalar,
  };
}

const DOUBLE: TypeCodec = {
  coerce(v) {
    if (v === null || v === undefined) return null;
    const n = toNumber(v);
    return Number.isFinite(n) ? n : null;
  },
  json: jsonScalar,
};

const BOOLEAN: TypeCodec = {
  coerce(v) {
    if (v === null || v === undefined) return null;
    if (typeof v === 'boolean') return v;
    if (typeof v === 'string') return v.toLowerCase() === 'true';
    return Boolean(v);
  },
  json: jsonScalar,
};

function toDate(v: unknown): Date | undefined {
  if (v instanceof Date) return v;
  if (typeof v === 'number') return new Date(v);
  if (typeof v === 'string') {
    const d = new Date(v);
    return Number.isNaN(d.getTime()) ? undefined : d;
  }
  return undefined;
}

const TIMESTAMP: TypeCodec = {
  coerce(v) {
    if (v === null || v === undefined) return null;
    return toDate(v)?.toISOString() ?? String(v);
  },
  // ISO strings need no escaping.
  json: (v) => (v === null ? 'null' : '"' + String(v) + '"'),
};

/** The wire type `produce` uses for timestamp fields of an Iceberg table (see iceberg-wire.ts). */
export const EPOCH_MICROS_TYPE = 'timestamp(epoch-micros)';

/** Microseconds since the epoch as a JSON integer: what Firehose's Iceberg destination reads for timestamps. */
const TIMESTAMP_MICROS: TypeCodec = {
  coerce(v) {
    if (v === null || v === undefined) return null;
    const d = toDate(v);
    return d && !Number.isNaN(d.getTime()) ? d.getTime() * 1000 : null;
  },
  json: (v) => (v === null ? 'null' : String(v)),
};

const DATE: TypeCodec = {
  coerce(v) {
    if (v === null || v === undefined) return null;
    if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v)) return v;
    return toDate(v)?.toISOString().slice(0, 10) ?? String(v);
  },
  json: (v) => (v === null ? 'null' : JSON.stringify(v)),
};

function decimalCodec(scale: number): TypeCodec {
  return {
    coerce(v) {
      if (v === null || v === undefined) return null;
      const n = toNumber(v);
      return Number.isFinite(n) ? n.toFixed(scale) : null;
    },
    // A number literal keeps the scale (12.50) and is valid JSON.
    json: (v) => (v === null ? 'null' : String(v)),
  };
}
