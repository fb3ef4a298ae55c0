// Iceberg partition transforms (identity, year, month, day, hour, bucket[N], truncate[W], void): their result
// types, the value -> partition value function on Avro-form values (date = days since 1970-01-01, timestamp =
// microseconds since epoch), default partition field names and the partition path Java writes
// (`ts_day=2026-12-02/`). bucket uses the spec's 32-bit Murmur3 (x86, seed 0) on the value's byte form.
import type { IcebergType, PartitionSpec, IcebergSchema } from './types.js';

export type Transform =
  | { kind: 'identity' | 'year' | 'month' | 'day' | 'hour' | 'void' }
  | { kind: 'bucket'; n: number }
  | { kind: 'truncate'; w: number };

export function parseTransform(s: string): Transform {
  const t = s.trim().toLowerCase();
  if (['identity', 'year', 'month', 'day', 'hour', 'void'].includes(t)) return { kind: t as 'identity' };
  const b = /^bucket\[(\d+)\]$/.exec(t);
  if (b && Number(b[1]) > 0) return { kind: 'bucket', n: Number(b[1]) };
  const w = /^truncate\[(\d+)\]$/.exec(t);
  if (w && Number(w[1]) > 0) return { kind: 'truncate', w: Number(w[1]) };
  throw new Error(`unknown partition transform ${s}`);
}

export function transformToString(t: Transform): string {
  return t.kind === 'bucket' ? `bucket[${t.n}]` : t.kind === 'truncate' ? `truncate[${t.w}]` : t.kind;
}

/** The partition field's type for a source type (day is `date`, as Java and pyiceberg declare it). */
export function resultType(t: Transform, source: IcebergType): IcebergType {
  switch (t.kind) {
    case 'identity': case 'truncate': case 'void': return source;
    case 'day': return 'date';
    default: return 'int';
  }
}

/** Whether a transform applies to a source type. */
export function canTransform(t: Transform, source: IcebergType): boolean {
  if (typeof source !== 'string') return t.kind === 'void';
  const temporal = ['date', 'timestamp', 'timestamptz'];
  switch (t.kind) {
    case 'identity': case 'void': return true;
    case 'year': case 'month': case 'day': return temporal.includes(source);
    case 'hour': return source === 'timestamp' || source === 'timestamptz';
    case 'bucket': return ['int', 'long', 'date', 'time', 'timestamp', 'timestamptz', 'string', 'uuid', 'binary'].includes(source) || source.startsWith('decimal') || source.startsWith('fixed');
    case 'truncate': return ['int', 'long', 'string', 'binary'].includes(source) || source.startsWith('decimal');
  }
}

/** Java's default partition field name: source for identity, `<source>_<transform>` else. */
export function defaultPartitionName(t: Transform, source: string): string {
  switch (t.kind) {
    case 'identity': return source;
    case 'bucket': return `${source}_bucket`;
    case 'truncate': return `${source}_trunc`;
    case 'void': return `${source}_null`;
    default: return `${source}_${t.kind}`;
  }
}

const US_PER_HOUR = 3_600_000_000;
const US_PER_DAY = 86_400_000_000;

/** Applies a transform to a source value in Avro form; null stays null. */
export function applyTransform(t: Transform, source: IcebergType, v: unknown): unknown {
  if (v === null || v === undefined || t.kind === 'void') return null;
  const days = () => (source === 'date' ? Number(v) : Math.floor(Number(v) / US_PER_DAY));
  const ymd = () => {
    const d = new Date(days() * 86_400_000);
    return { y: d.getUTCFullYear(), m: d.getUTCMonth() };
  };
  switch (t.kind) {
    case 'identity': return v;
    case 'year': return ymd().y - 1970;
    case 'month': { const { y, m } = ymd(); return (y - 1970) * 12 + m; }
    case 'day': return days();
    case 'hour': return Math.floor(Number(v) / US_PER_HOUR);
    case 'bucket': return (murmur3_32(bucketBytes(source, v)) & 0x7fffffff) % t.n;
    case 'truncate': {
      if (typeof v === 'string') return [...v].slice(0, t.w).join('');
      if (Buffer.isBuffer(v)) return v.subarray(0, t.w);
      if (typeof v === 'bigint') return v - (((v % BigInt(t.w)) + BigInt(t.w)) % BigInt(t.w));
      const n = Number(v);
      return n - (((n % t.w) + t.w) % t.w);
    }
  }
}

/** The bytes the spec hashes for bucket[N]: ints/longs/dates/times/timestamps as 8-byte little-endian longs,
 * strings as UTF-8, uuids as 16 big-endian bytes, binary as is. */
export function bucketBytes(source: IcebergType, v: unknown): Buffer {
  if (typeof source !== 'string') throw new Error('bucket on a nested type');
  if (['int', 'long', 'date', 'time', 'timestamp', 'timestamptz'].includes(source)) {
    const b = Buffer.alloc(8);
    b.writeBigInt64LE(BigInt(v as number | bigint));
    return b;
  }
  if (source === 'string') return Buffer.from(String(v), 'utf8');
  if (source === 'uuid') return Buffer.from(String(v).replace(/-/g, ''), 'hex');
  if (Buffer.isBuffer(v)) return v;
  if (v instanceof Uint8Array) return Buffer.from(v);
  throw new Error(`bucket on ${source} is not supported`);
}

/** MurmurHash3 x86 32-bit, seed 0 (Guava's murmur3_32, which the spec uses). Returns a signed 32-bit int. */
export function murmur3_32(data: Uint8Array, seed = 0): number {
  const c1 = 0xcc9e2d51;
  const c2 = 0x1b873593;
  let h = seed | 0;
  const n = data.length;
  const blocks = n >> 2;
  for (let i = 0; i < blocks; i++) {
    const o = i * 4;
    let k = data[o]! | (data[o + 1]! << 8) | (data[o + 2]! << 16) | (data[o + 3]! << 24);
    k = Math.imul(k, c1);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, c2);
    h ^= k;
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  let k = 0;
  const tail = blocks * 4;
  const rest = n & 3;
  if (rest > 0) {
    if (rest === 3) k ^= data[tail + 2]! << 16;
    if (rest >= 2) k ^= data[tail + 1]! << 8;
    k ^= data[tail]!;
    k = Math.imul(k, c1);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, c2);
    h ^= k;
  }
  h ^= n;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h | 0;
}

/** A partition value as Java's Transform.toHumanString writes it into paths. */
export function humanString(t: Transform, resultT: IcebergType, v: unknown): string {
  if (v === null || v === undefined) return 'null';
  const n = Number(v);
  const pad = (x: number, w = 2) => String(x).padStart(w, '0');
  switch (t.kind) {
    case 'year': return String(1970 + n);
    case 'month': {
      const y = 1970 + Math.floor(n / 12);
      return `${y}-${pad(((n % 12) + 12) % 12 + 1)}`;
    }
    case 'day': return new Date(n * 86_400_000).toISOString().slice(0, 10);
    case 'hour': {
      const d = new Date(n * 3_600_000);
      return `${d.toISOString().slice(0, 10)}-${pad(d.getUTCHours())}`;
    }
    case 'bucket': return String(n);
    default:
      if (resultT === 'date') return new Date(n * 86_400_000).toISOString().slice(0, 10);
      if (resultT === 'timestamp' || resultT === 'timestamptz') {
        const iso = new Date(Math.floor(n / 1000)).toISOString().slice(0, 23);
        return resultT === 'timestamptz' ? `${iso}Z` : iso;
      }
      if (Buffer.isBuffer(v)) return v.toString('base64');
      return String(v);
  }
}

/** `name=value/name=value` as Java's PartitionSpec.partitionToPath (values URL-encoded). */
export function partitionPath(spec: PartitionSpec, schema: IcebergSchema, partition: Record<string, unknown>): string {
  return spec.fields
    .map((f) => {
      const t = parseTransform(f.transform);
      const src = schema.fields.find((x) => x.id === f['source-id']);
      const rt = resultType(t, src?.type ?? 'string');
      return `${encodeURIComponent(f.name)}=${encodeURIComponent(humanString(t, rt, partition[f.name]))}`;
    })
    .join('/');
}
