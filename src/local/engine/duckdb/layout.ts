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
  /** Per partition key: does a value fall inside its projection (integer range, enum values)? */
  accepts: Array<(value: string) => boolean>;
  /** Set when a non-hive storage.location.template gives the partition values. */
  template?: { source: string; keys: string[]; patterns: string[] };
}

export function parseS3Uri(uri: string): { bucket: string; key: string } | undefined {
  const m = /^s3a?n?:\/\/([^/]+)\/?(.*)$/.exec(uri ?? '');
  return m ? { bucket: m[1]!, key: m[2]! } : undefined;
}

/** Layout of a Glue table (as GetTable returns it), or undefined when it has no s3:// location. */
export function tableLayout(table: any): TableLayout | undefined {
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
  const accepts = partitionKeys.map((k) => (projected ? projectionFilter(params, k.name) : () => true));
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

/** Athena shows only projected values: outside an integer range or an enum list, a partition does not exist. */
function projectionFilter(params: Record<string, string>, key: string): (value: string) => boolean {
  const type = params[`projection.${key}.type`];
  const range = params[`projection.${key}.range`];
  if (type === 'integer' && range) {
    const [lo, hi] = range.split(',').map((x) => Number(x.trim()));
    return (v) => /^-?\d+$/.test(v) && Number(v) >= lo! && Number(v) <= hi!;
  }
  const values = params[`projection.${key}.values`];
  if (type === 'enum' && values) {
    const allowed = new Set(values.split(',').map((x) => x.trim()));
    return (v) => allowed.has(v);
  }
  return () => true;
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
