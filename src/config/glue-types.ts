// Glue column types the spec accepts, and whether a literal value fits one.

export type TypeClass = 'string' | 'integer' | 'float' | 'decimal' | 'boolean' | 'timestamp' | 'date';

export interface GlueTypeInfo {
  /** Canonical Glue spelling, e.g. `decimal(10,2)`. */
  glue: string;
  cls: TypeClass;
  /** Integer range of the type (integer class). */
  min?: number;
  max?: number;
  precision?: number;
  scale?: number;
}

const INTEGERS: Record<string, [number, number]> = {
  tinyint: [-128, 127],
  smallint: [-32768, 32767],
  int: [-2147483648, 2147483647],
  // JSON numbers lose precision beyond 2^53, so that is bigint's practical range here.
  bigint: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
};

export function parseGlueType(type: string): GlueTypeInfo | undefined {
  const t = type.trim();
  if (t in INTEGERS) return { glue: t, cls: 'integer', min: INTEGERS[t][0], max: INTEGERS[t][1] };
  if (t === 'double' || t === 'float') return { glue: t, cls: 'float' };
  if (t === 'string' || t === 'boolean' || t === 'timestamp' || t === 'date') return { glue: t, cls: t };
  const m = t.match(/^decimal\(\s*(\d+)\s*,\s*(\d+)\s*\)$/);
  if (m) {
    const [precision, scale] = [Number(m[1]), Number(m[2])];
    return { glue: `decimal(${precision},${scale})`, cls: 'decimal', precision, scale };
  }
  return undefined;
}

/** Why a decimal(p,s) is impossible, if it is (Glue/Hive: 1 ≤ p ≤ 38, 0 ≤ s ≤ p). */
export function decimalProblem(info: GlueTypeInfo): string | undefined {
  if (info.cls !== 'decimal') return undefined;
  const { precision: p = 0, scale: s = 0 } = info;
  if (p < 1 || p > 38) return `decimal precision must be 1–38, got ${p}`;
  if (s > p) return `decimal scale must be <= precision (${p}), got ${s}`;
  return undefined;
}

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The date part (and time, if any) names a real moment: no 2024-02-30, month 13 or hour 25. */
function realMoment(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?/.exec(value);
  if (!m) return false;
  const [y, mo, d, h = 0, mi = 0, sec = 0] = m.slice(1).map((x) => (x === undefined ? 0 : Number(x)));
  const t = new Date(Date.UTC(y!, mo! - 1, d!, h, mi, sec));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo! - 1 && t.getUTCDate() === d && t.getUTCHours() === h && t.getUTCMinutes() === mi && t.getUTCSeconds() === sec;
}

/** Why `value` cannot be stored in a column of this type, or undefined when it fits. */
export function valueProblem(info: GlueTypeInfo, value: unknown): string | undefined {
  switch (info.cls) {
    case 'string':
      return typeof value === 'string' ? undefined : 'is not a string (quote it)';
    case 'boolean':
      return typeof value === 'boolean' ? undefined : 'is not true or false';
    case 'integer':
      if (typeof value !== 'number' || !Number.isInteger(value)) return 'is not a whole number';
      return value < info.min! || value > info.max! ? `is outside ${info.glue}'s range ${info.min}..${info.max}` : undefined;
    case 'float':
      return typeof value === 'number' ? undefined : 'is not a number';
    case 'decimal': {
      if (typeof value !== 'number') return 'is not a number';
      const [whole, frac = ''] = Math.abs(value).toString().split('.');
      const intDigits = whole === '0' ? 0 : whole.length;
      if (frac.length > info.scale!) return `has more than ${info.scale} decimal places`;
      return intDigits > info.precision! - info.scale! ? `has more than ${info.precision! - info.scale!} digits before the point` : undefined;
    }
    case 'timestamp':
      return typeof value === 'string' && TIMESTAMP.test(value) && realMoment(value) ? undefined : 'is not a timestamp like "2024-05-01 12:30:00"';
    case 'date':
      return typeof value === 'string' && DATE.test(value) && realMoment(value) ? undefined : 'is not a date like "2024-05-01"';
  }
}
