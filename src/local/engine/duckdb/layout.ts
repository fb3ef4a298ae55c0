// Where a Glue table's data lives and how partition values come out of object keys: hive `k=v` path segments,
// or Athena partition projection's `storage.location.template` (`s3://b/p/${year}/${month}/`).
// Shared by Glue GetPartitions and the Athena engine, so both see the same partitions.

export interface PartitionKey {
  name: string;
  type: string;
}

export interface TableLayout {
  bucket: string;
  /** Key prefix of the table's location, '' or ending with '/'. */
  prefix: string;
  partitionKeys: PartitionKey[];
  /** Per partition key: does a value fall inside its projection (integer or date range, enum values)? */
  accepts: Array<(value: string) => boolean>;
  /** Set when a non-hive storage.location.template gives the partition values. */
  template?: { source: string; keys: string[]; patterns: string[] };
}

export function parseS3Uri(uri: string): { bucket: string; key: string } | undefined {
  const m = /^s3a?n?:\/\/([^/]+)\/?(.*)$/.exec(uri ?? '');
  return m ? { bucket: m[1]!, key: m[2]! } : undefined;
}

/** Layout of a Glue table (as GetTable returns it), or undefined when it has no s3:// location. */
export function tableLayout(table: any, now = Date.now()): TableLayout | undefined {
  const loc = parseS3Uri(table?.StorageDescriptor?.Location ?? '');
  if (!loc) return undefined;
  const prefix = loc.key === '' || loc.key.endsWith('/') ? loc.key : `${loc.key}/`;
  const partitionKeys: PartitionKey[] = (table.PartitionKeys ?? []).map((k: any) => ({
    name: String(k.Name).toLowerCase(),
    type: String(k.Type ?? 'string'),
  }));
  const params = table.Parameters ?? {};
  const source: string | undefined = params['projection.enabled'] === 'true' ? params['storage.location.template'] : undefined;
  const projected = params['projection.enabled'] === 'true';
  const accepts = partitionKeys.map((k) => (projected ? projectionFilter(params, k.name, now) : () => true));
  const layout: TableLayout = { bucket: loc.bucket, prefix, partitionKeys, accepts };
  if (source && !isHiveTemplate(source, partitionKeys)) {
    const keys = [...source.matchAll(/\$\{([^}]+)\}/g)].map((m) => m[1]!.toLowerCase());
    const patterns = keys.map((k) => {
      const format = params[`projection.${k}.format`];
      return params[`projection.${k}.type`] === 'date' && format ? dateFormatRegex(format) : '[^/]+';
    });
    layout.template = { source, keys, patterns };
  }
  return layout;
}

/** Athena shows only projected values: outside an integer or date range or an enum list, a partition does not
 * exist. `now` is when the query runs (date ranges may say `NOW-3YEARS`). */
function projectionFilter(params: Record<string, string>, key: string, now: number): (value: string) => boolean {
  const type = params[`projection.${key}.type`];
  const range = params[`projection.${key}.range`];
  if (type === 'integer' && range) {
    const [lo, hi] = range.split(',').map((x) => Number(x.trim()));
    return (v) => /^-?\d+$/.test(v) && Number(v) >= lo! && Number(v) <= hi!;
  }
  if (type === 'date' && range) return dateFilter(params, key, range, now);
  const values = params[`projection.${key}.values`];
  if (type === 'enum' && values) {
    const allowed = new Set(values.split(',').map((x) => x.trim()));
    return (v) => allowed.has(v);
  }
  return () => true;
}

/** Partition keys projected as `injected`: Athena takes their values from the query's WHERE clause only. */
export function injectedKeys(table: any): string[] {
  const params = table?.Parameters ?? {};
  if (params['projection.enabled'] !== 'true') return [];
  return (table.PartitionKeys ?? []).map((k: any) => String(k.Name).toLowerCase()).filter((k: string) => params[`projection.${k}.type`] === 'injected');
}

const UNIT_MS: Record<string, number> = { SECONDS: 1000, MINUTES: 60_000, HOURS: 3_600_000, DAYS: 86_400_000, WEEKS: 7 * 86_400_000 };

/** `NOW`, `NOW-3YEARS`, `NOW+1DAY` (Athena's relative dates), in UTC. */
function relativeDate(text: string, now: number): number | undefined {
  const m = /^NOW\s*(?:([+-])\s*(\d+)\s*(YEAR|MONTH|WEEK|DAY|HOUR|MINUTE|SECOND)S?)?$/i.exec(text.trim());
  if (!m) return undefined;
  if (!m[1]) return now;
  const n = Number(m[2]) * (m[1] === '-' ? -1 : 1);
  const unit = `${m[3]!.toUpperCase()}S`;
  if (unit === 'YEARS' || unit === 'MONTHS') {
    const d = new Date(now);
    d.setUTCMonth(d.getUTCMonth() + (unit === 'YEARS' ? 12 * n : n));
    return d.getTime();
  }
  return now + n * UNIT_MS[unit]!;
}

/** A value written in a projection's Java date format, as UTC milliseconds, or undefined when it does not match. */
export function parseProjectedDate(format: string, value: string): number | undefined {
  const fields: string[] = [];
  let re = '';
  // Runs of one letter are fields; '...' is quoted literal text; anything else is literal.
  for (const run of format.match(/'[^']*'|([A-Za-z])\1*|[^A-Za-z']+/g) ?? []) {
    if (run.startsWith("'")) re += escapeRegex(run.slice(1, -1));
    else if (!/[A-Za-z]/.test(run[0]!)) re += escapeRegex(run);
    else if (/[yMdHmsS]/.test(run[0]!)) {
      fields.push(run[0]!);
      re += run[0] === 'M' && run.length >= 3 ? '([A-Za-z]+)' : `(\\d{${run.length === 1 ? '1,2' : run.length}})`;
    } else re += '[^/]*?';
  }
  const m = new RegExp(`^${re}$`).exec(value);
  if (!m) return undefined;
  const parts: Record<string, number> = { y: 1970, M: 1, d: 1, H: 0, m: 0, s: 0, S: 0 };
  for (let i = 0; i < fields.length; i++) {
    const raw = m[i + 1]!;
    const f = fields[i]!;
    parts[f] = f === 'M' && !/^\d+$/.test(raw) ? MONTHS.indexOf(raw.slice(0, 3).toLowerCase()) + 1 : Number(raw);
    if (f === 'y' && raw.length === 2) parts.y = 2000 + Number(raw);
    if (f === 'S') parts.S = Number(raw.padEnd(3, '0').slice(0, 3));
  }
  const ms = Date.UTC(parts.y!, parts.M! - 1, parts.d!, parts.H!, parts.m!, parts.s!, parts.S!);
  // 2024-02-30 is no date: Date.UTC would roll it into March.
  const back = new Date(ms);
  if (parts.M! < 1 || back.getUTCMonth() !== parts.M! - 1 || back.getUTCDate() !== parts.d!) return undefined;
  return ms;
}
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** The unit a date format steps by when `interval.unit` is not set: its finest field. */
function defaultUnit(format: string): string {
  const letters = format.replace(/'[^']*'/g, '');
  for (const [l, u] of [['s', 'SECONDS'], ['m', 'MINUTES'], ['H', 'HOURS'], ['d', 'DAYS'], ['M', 'MONTHS']] as const) if (letters.includes(l)) return u;
  return 'YEARS';
}

/** A date projection: the value must parse with `format`, lie inside `range` (bounds in the format or NOW
 * expressions) and, when the range starts at a fixed date, sit on its `interval`/`interval.unit` grid. */
function dateFilter(params: Record<string, string>, key: string, range: string, now: number): (value: string) => boolean {
  const format = params[`projection.${key}.format`] ?? 'yyyy-MM-dd';
  const [loText, hiText] = range.split(',').map((x) => x.trim());
  const bound = (t: string | undefined) => (t === undefined ? undefined : relativeDate(t, now) ?? parseProjectedDate(format, t));
  const lo = bound(loText);
  const hi = bound(hiText);
  if (lo === undefined || hi === undefined) return () => false;
  const interval = Number(params[`projection.${key}.interval`] ?? 1) || 1;
  const unit = (params[`projection.${key}.interval.unit`] ?? defaultUnit(format)).toUpperCase();
  const fixedStart = relativeDate(loText!, now) === undefined;
  return (v) => {
    const t = parseProjectedDate(format, v);
    if (t === undefined || t < lo || t > hi) return false;
    if (!fixedStart || interval === 1) return true;
    if (unit === 'YEARS' || unit === 'MONTHS') {
      const a = new Date(lo);
      const b = new Date(t);
      const months = (b.getUTCFullYear() - a.getUTCFullYear()) * 12 + b.getUTCMonth() - a.getUTCMonth();
      return (unit === 'YEARS' ? months / 12 : months) % interval === 0;
    }
    const step = interval * (UNIT_MS[unit] ?? UNIT_MS.DAYS!);
    return (t - lo) % step === 0;
  };
}

function isHiveTemplate(template: string, keys: PartitionKey[]): boolean {
  return keys.every((k) => template.toLowerCase().includes(`/${k.name}=\${${k.name}}`));
}

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A projection date format (Java DateTimeFormatter letters) as a regex, so `yyyy/MM/dd` may span segments. */
function dateFormatRegex(format: string): string {
  return format.replace(/([A-Za-z])\1*|[^A-Za-z]+/g, (run) => {
    if (!/[A-Za-z]/.test(run[0]!)) return escapeRegex(run);
    return /[yMdHhmsS]/.test(run[0]!) ? `\\d{${run.length === 1 ? '1,2' : run.length}}` : '[^/]*?';
  });
}

/** Regex source matching a full object location; `root` replaces `s3://bucket/` (e.g. a local directory). */
export function templateRegex(layout: TableLayout, root: string): string {
  const t = layout.template!;
  const rest = t.source.replace(/^s3a?n?:\/\/[^/]+\/?/, '');
  const pieces = rest.split(/\$\{[^}]+\}/).map(escapeRegex);
  const body = pieces.map((p, i) => (i === 0 ? p : `(${t.patterns[i - 1]})${p}`)).join('');
  return `^${escapeRegex(root)}${body}`;
}

/** Is this object a data file? Hive and Athena skip folder markers and names starting with `_` or `.`. */
export function isDataObject(key: string, size: number): boolean {
  if (key.endsWith('/')) return false;
  const base = key.slice(key.lastIndexOf('/') + 1);
  return size > 0 && !base.startsWith('_') && !base.startsWith('.');
}

/** Partition values of an object key in PartitionKeys order, or undefined when the key is not in a partition. */
export function partitionValues(layout: TableLayout, key: string): string[] | undefined {
  if (!layout.partitionKeys.length) return [];
  if (layout.template) {
    const m = new RegExp(templateRegex(layout, '')).exec(key);
    if (!m) return undefined;
    const byName = new Map(layout.template.keys.map((k, i) => [k, m[i + 1]!]));
    const values = layout.partitionKeys.map((k) => byName.get(k.name));
    return accepted(layout, values);
  }
  const found = new Map<string, string>();
  for (const seg of key.slice(layout.prefix.length).split('/').slice(0, -1)) {
    const eq = seg.indexOf('=');
    if (eq > 0) found.set(seg.slice(0, eq).toLowerCase(), decodeURIComponent(seg.slice(eq + 1)));
  }
  return accepted(layout, layout.partitionKeys.map((k) => found.get(k.name)));
}

function accepted(layout: TableLayout, values: Array<string | undefined>): string[] | undefined {
  return values.every((v, i) => v !== undefined && layout.accepts[i]!(v)) ? (values as string[]) : undefined;
}

/** The partition's location: the key prefix up to the last partition value. */
export function partitionLocation(layout: TableLayout, key: string): string {
  return `s3://${layout.bucket}/${key.slice(0, key.lastIndexOf('/') + 1)}`;
}
