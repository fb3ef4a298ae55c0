// table.format and the Iceberg keys (unique_keys, partitioning, operation_field): which combinations AWS
// takes, and the normalized Iceberg settings. An Iceberg destination of Firehose has no Prefix, no dynamic
// partitioning and no data format conversion (Firehose writes Parquet itself into the table's location), so
// the spec keys that configure those are refused instead of silently ignored.
import { parseGlueType, type TypeClass } from './glue-types.js';
import type { SpecSource } from './source.js';
import { isObject, type RawSpec } from './spec.js';
import type { IcebergPartitionField, IcebergTable } from './types.js';

export const DEFAULT_OPERATION_FIELD = 'op';

const TIME: TypeClass[] = ['timestamp', 'date'];
/** Which field types each transform takes (Iceberg spec, "Partition Transforms"). */
const TRANSFORM_TYPES: Record<string, TypeClass[]> = {
  identity: ['string', 'integer', 'float', 'decimal', 'boolean', 'timestamp', 'date'],
  year: TIME,
  month: TIME,
  day: TIME,
  hour: ['timestamp'],
  bucket: ['string', 'integer', 'decimal', 'timestamp', 'date'],
  truncate: ['string', 'integer', 'decimal'],
};

/** `bucket[16]` → bucket; `day` → day. */
export function transformName(t: string): string {
  return t.replace(/\[.*$/, '');
}

/** Iceberg's default partition field name for a transform of `field` (as Spark, Trino and Athena name it). */
export function partitionFieldName(field: string, transform: string): string {
  const t = transformName(transform);
  if (t === 'identity') return field;
  if (t === 'truncate') return `${field}_trunc`;
  return `${field}_${t}`;
}

function fieldsOf(raw: RawSpec): Array<{ name: string; type?: string; gen?: unknown }> {
  return Array.isArray(raw.fields) ? raw.fields.filter(isObject).filter((f) => typeof f.name === 'string') : [];
}

function typeClass(f: { type?: string } | undefined): TypeClass | undefined {
  return typeof f?.type === 'string' ? parseGlueType(f.type)?.cls : undefined;
}

/** The event-time field: the first `gen: now` field of type timestamp or date. */
function eventTimeField(raw: RawSpec): string | undefined {
  return fieldsOf(raw).find((f) => f.gen === 'now' && TIME.includes(typeClass(f)!))?.name;
}

export function checkIceberg(source: SpecSource, raw: RawSpec, bucket: string): void {
  const t = raw.table;
  if (!isObject(t)) return;
  // An unknown format (e.g. delta) is the schema's one error: nothing here follows from a format we do not know.
  if (t.format !== undefined && t.format !== 'hive' && t.format !== 'iceberg') return;
  const iceberg = t.format === 'iceberg';
  if (!iceberg) {
    for (const key of ['unique_keys', 'partitioning', 'operation_field'] as const) {
      if (t[key] !== undefined) source.add(['table', key], 'applies only to table.format iceberg (Firehose updates, deletes and Iceberg partitions need an Iceberg table); add `format: iceberg` or remove it', { key: true });
    }
    const size = raw.delivery?.buffer?.size_mb;
    if (typeof size === 'number' && Number.isInteger(size) && size < 64) {
      source.add(['delivery', 'buffer', 'size_mb'], `must be >= 64, got ${size}: Firehose needs buffers of at least 64 MB to convert to Parquet`);
    }
    return;
  }
  const d = raw.delivery;
  const why = 'Firehose writes an Iceberg table\'s data files itself';
  if (d?.prefix !== undefined) source.add(['delivery', 'prefix'], `does not apply to table.format iceberg: ${why}, under the table's location s3://${bucket}/${typeof t.name === 'string' ? t.name : '<table.name>'}/ (an Iceberg destination has no Prefix); remove it`, { key: true });
  if (d?.partition_by !== undefined) source.add(['delivery', 'partition_by'], 'does not apply to table.format iceberg (an Iceberg destination has no dynamic partitioning); partition the table with table.partitioning, e.g. [{field: status, transform: identity}]', { key: true });
  if (d?.compression !== undefined) source.add(['delivery', 'compression'], `does not apply to table.format iceberg: ${why} as Parquet (an Iceberg destination has no data format conversion settings); remove it`, { key: true });
  const fields = fieldsOf(raw);
  const names = fields.map((f) => f.name).join(', ');
  const byName = (n: string) => fields.find((f) => f.name === n);
  const keys = Array.isArray(t.unique_keys) ? t.unique_keys : [];
  const seen = new Set<string>();
  keys.forEach((k, i) => {
    if (typeof k !== 'string') return;
    const at = ['table', 'unique_keys', i];
    if (seen.has(k)) source.add(at, `"${k}" is listed twice`);
    seen.add(k);
    const f = byName(k);
    if (!f) return source.add(at, `"${k}" is not a field; use one of: ${names}`);
    if (typeClass(f) === 'float') source.add(at, `"${k}" is a ${f.type} field; Iceberg identifier fields may not be float or double (equality on them is unreliable)`);
  });
  if (t.operation_field !== undefined) {
    if (!keys.length) source.add(['table', 'operation_field'], 'needs table.unique_keys: Firehose updates and deletes rows by their unique keys', { key: true });
    if (typeof t.operation_field === 'string' && byName(t.operation_field)) {
      source.add(['table', 'operation_field'], `"${t.operation_field}" is a field; the operation travels in the record but is not stored as a column, so give it a name no field uses (default ${DEFAULT_OPERATION_FIELD})`);
    }
  } else if (keys.length && byName(DEFAULT_OPERATION_FIELD)) {
    source.add(['table', 'unique_keys'], `needs an operation field and the default "${DEFAULT_OPERATION_FIELD}" is a field's name; set table.operation_field to a key no field uses`, { key: true });
  }
  checkPartitioning(source, raw, byName, names);
}

function checkPartitioning(source: SpecSource, raw: RawSpec, byName: (n: string) => { type?: string } | undefined, names: string): void {
  const list = raw.table.partitioning;
  if (!Array.isArray(list)) return;
  const made = new Map<string, number>();
  list.forEach((e, i) => {
    if (!isObject(e) || typeof e.field !== 'string' || typeof e.transform !== 'string') return; // the schema reported it
    const f = byName(e.field);
    if (!f) return source.add(['table', 'partitioning', i, 'field'], `"${e.field}" is not a field; use one of: ${names}`);
    const t = transformName(e.transform);
    const cls = typeClass(f);
    if (TRANSFORM_TYPES[t] && cls && !TRANSFORM_TYPES[t].includes(cls)) {
      source.add(['table', 'partitioning', i, 'transform'], `${t} does not apply to ${e.field}, a ${f.type} field; ${t} takes ${TRANSFORM_TYPES[t].join(', ').replace('integer', 'int types')} fields`);
    }
    const name = partitionFieldName(e.field, e.transform);
    if (made.has(name)) source.add(['table', 'partitioning', i], `makes partition field ${name} again (as entry ${made.get(name)}); each field takes each kind of transform once`);
    else made.set(name, i);
  });
}

/** The normalized Iceberg settings of a valid spec with table.format iceberg. */
export function icebergTable(raw: RawSpec): IcebergTable {
  const t = raw.table;
  const uniqueKeys = t.unique_keys ?? [];
  const event = eventTimeField(raw);
  const given = t.partitioning ?? (event ? [{ field: event, transform: 'day' }] : []);
  const partitioning: IcebergPartitionField[] = given.map((e) => ({ field: e.field, transform: e.transform, name: partitionFieldName(e.field, e.transform) }));
  return {
    uniqueKeys,
    partitioning,
    ...(uniqueKeys.length ? { operationField: t.operation_field ?? DEFAULT_OPERATION_FIELD } : {}),
  };
}
