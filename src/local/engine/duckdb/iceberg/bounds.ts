// Iceberg's single-value binary form (manifest lower/upper bounds, partition field summaries) decoded by
// Iceberg type (spec, Appendix D), then shown as Iceberg's Transforms.identity().toHumanString shows it (what
// Trino's "$files" and "$manifests" print: Java's LocalDate/LocalDateTime/OffsetDateTime text), or as a typed
// DuckDB literal (what "$partitions" min/max hold).
import { lit } from '../relations.js';
import { Sql } from './values.js';

export type Decoded = boolean | number | bigint | string | Buffer;

export function decodeBound(type: string, buf: Buffer): Decoded | undefined {
  try {
    if (type === 'boolean') return buf[0] !== 0;
    if (type === 'int' || type === 'date') return buf.readInt32LE(0);
    if (type === 'long' || type === 'time' || type === 'timestamp' || type === 'timestamptz' || type === 'timestamp_ns' || type === 'timestamptz_ns') {
      // An int promoted to long keeps 4-byte bounds in files written before the promotion.
      return buf.length === 4 ? BigInt(buf.readInt32LE(0)) : buf.readBigInt64LE(0);
    }
    if (type === 'float') return buf.length === 4 ? buf.readFloatLE(0) : buf.readDoubleLE(0);
    if (type === 'double') return buf.length === 8 ? buf.readDoubleLE(0) : buf.readFloatLE(0);
    if (type === 'string') return buf.toString('utf8');
    if (type === 'uuid') return [buf.subarray(0, 4), buf.subarray(4, 6), buf.subarray(6, 8), buf.subarray(8, 10), buf.subarray(10, 16)].map((b) => b.toString('hex')).join('-');
    const dec = /^decimal\((\d+),\s*(\d+)\)$/.exec(type);
    if (dec) {
      let v = 0n;
      for (const byte of buf) v = (v << 8n) | BigInt(byte);
      if (buf.length && buf[0]! & 0x80) v -= 1n << BigInt(8 * buf.length);
      return decimalText(v, Number(dec[2]));
    }
    if (type === 'binary' || /^fixed\[\d+\]$/.test(type)) return Buffer.from(buf);
  } catch {
    return undefined;
  }
  return undefined;
}

function decimalText(unscaled: bigint, scale: number): string {
  const neg = unscaled < 0n;
  const digits = (neg ? -unscaled : unscaled).toString().padStart(scale + 1, '0');
  const text = scale ? `${digits.slice(0, -scale)}.${digits.slice(-scale)}` : digits;
  return neg ? `-${text}` : text;
}

const pad = (n: number | bigint, w = 2) => String(n).padStart(w, '0');

export function dateText(days: number): string {
  return new Date(days * 86_400_000).toISOString().slice(0, 10);
}

/** Java's LocalTime.toString after the date: HH:mm, then :ss and a fraction only when not zero. */
function javaTime(microsOfDay: bigint): string {
  const h = microsOfDay / 3_600_000_000n;
  const m = (microsOfDay / 60_000_000n) % 60n;
  const s = (microsOfDay / 1_000_000n) % 60n;
  const micros = microsOfDay % 1_000_000n;
  let out = `${pad(h)}:${pad(m)}`;
  if (s || micros) out += `:${pad(s)}`;
  if (micros) out += micros % 1000n ? `.${pad(micros, 6)}` : `.${pad(micros / 1000n, 3)}`;
  return out;
}

export function javaLocalDateTime(micros: bigint): string {
  const day = micros >= 0n ? micros / 86_400_000_000n : -((-micros + 86_399_999_999n) / 86_400_000_000n);
  return `${dateText(Number(day))}T${javaTime(micros - day * 86_400_000_000n)}`;
}

/** Java's Double/Float.toString for the common range; scientific outside 1e-3..1e7 as Java writes it. */
export function javaDouble(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? 'Infinity' : '-Infinity';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const abs = Math.abs(x);
  if (abs >= 1e-3 && abs < 1e7) {
    const s = String(x);
    return s.includes('.') ? s : `${s}.0`;
  }
  const [mant, exp] = x.toExponential().split('e');
  return `${mant!.includes('.') ? mant : `${mant}.0`}E${Number(exp)}`;
}

/** Iceberg's human string of a value of this type (identity transform). */
export function humanString(type: string, v: Decoded | undefined): string | null {
  if (v === undefined) return null;
  if (type === 'date') return dateText(Number(v));
  if (type === 'timestamp' || type === 'timestamp_ns') return javaLocalDateTime(BigInt(v as bigint));
  if (type === 'timestamptz' || type === 'timestamptz_ns') return `${javaLocalDateTime(BigInt(v as bigint))}Z`;
  if (type === 'time') return javaTime(BigInt(v as bigint));
  if (type === 'float' || type === 'double') return javaDouble(Number(v));
  if (Buffer.isBuffer(v)) return v.toString('base64');
  return String(v);
}

/** A DuckDB literal of the decoded value, typed as the column reads (for "$partitions" min/max). */
export function boundSql(type: string, v: Decoded | undefined): Sql | null {
  if (v === undefined) return null;
  if (type === 'date') return new Sql(`(DATE '1970-01-01' + ${Number(v)})`);
  if (type === 'timestamp') return new Sql(`make_timestamp(${BigInt(v as bigint)}::BIGINT)`);
  if (type === 'timestamptz') return new Sql(`make_timestamptz(${BigInt(v as bigint)}::BIGINT)`);
  if (type === 'time') return new Sql(`CAST(make_timestamp(${BigInt(v as bigint)}::BIGINT) AS TIME)`);
  if (Buffer.isBuffer(v)) return new Sql(`from_base64(${lit(v.toString('base64'))})`);
  if (typeof v === 'string') return new Sql(lit(v));
  if (typeof v === 'number' && !Number.isFinite(v)) return new Sql(`'${v}'::DOUBLE`);
  return new Sql(String(v));
}
