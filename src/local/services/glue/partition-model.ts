// What the partition actions share: the model's rules for their requests (checked with the validation kit
// before any lookup, as AWS does), the two kinds of partition — registered by a client (stored) and discovered
// from the objects under the table's location (partitions.ts says why) — and their output shape.
import { validate, type Rule, type Rules } from '../../kit/validate.js';
import { isDataObject, partitionLocation, partitionValues, tableLayout } from '../../engine/duckdb/layout.js';
import type { Lake } from '../../engine/duckdb/lake.js';
import { AwsError } from '../../types.js';
import type { GlueCatalog } from './catalog.js';
import { CATALOG_ID_RULE as CATALOG_ID, invalidInput, NAME_RULE as NAME } from './errors.js';
import { partitionId, type StoredPartition } from './store.js';

export const VALUES: Rule = { type: 'list', member: { type: 'string', min: 1, max: 1024 } };
const BOUNDED_VALUES: Rule = { ...VALUES, min: 0, max: 100 } as Rule;
const PARTITION_INPUT: Rule = {
  type: 'structure',
  members: {
    Values: VALUES,
    LastAccessTime: { type: 'timestamp' },
    StorageDescriptor: { type: 'structure', members: {} },
    Parameters: { type: 'map', key: { min: 1, max: 255 }, value: { min: 0, max: 512000 } },
    LastAnalyzedTime: { type: 'timestamp' },
  },
};
const VALUE_LIST: Rule = { type: 'structure', members: { Values: { ...VALUES, required: true } as Rule } };
const partitionsOf = (max: number, member: Rule, shown: string, min = 0): Rule => ({ type: 'list', required: true, min, max, member, memberStr: shown });

const TABLE: Rules = { CatalogId: CATALOG_ID, DatabaseName: NAME, TableName: NAME };
/** Each partition action's request members, in the model's order. */
export const RULES = {
  CreatePartition: { ...TABLE, PartitionInput: { ...PARTITION_INPUT, required: true } as Rule },
  BatchCreatePartition: { ...TABLE, PartitionInputList: partitionsOf(100, PARTITION_INPUT, 'PartitionInput') },
  GetPartition: { ...TABLE, PartitionValues: { ...VALUES, required: true } as Rule },
  BatchGetPartition: { ...TABLE, PartitionsToGet: partitionsOf(1000, VALUE_LIST, 'PartitionValueList') },
  UpdatePartition: { ...TABLE, PartitionValueList: { ...BOUNDED_VALUES, required: true } as Rule, PartitionInput: { ...PARTITION_INPUT, required: true } as Rule },
  BatchUpdatePartition: {
    ...TABLE,
    Entries: partitionsOf(100, { type: 'structure', members: { PartitionValueList: { ...BOUNDED_VALUES, required: true } as Rule, PartitionInput: { ...PARTITION_INPUT, required: true } as Rule } }, 'BatchUpdatePartitionRequestEntry', 1),
  },
  DeletePartition: { ...TABLE, PartitionValues: { ...VALUES, required: true } as Rule },
  BatchDeletePartition: { ...TABLE, PartitionsToDelete: partitionsOf(25, VALUE_LIST, 'PartitionValueList') },
  GetPartitions: {
    ...TABLE,
    Expression: { type: 'string', max: 2048 },
    NextToken: { type: 'string' },
    Segment: { type: 'structure', members: { SegmentNumber: { type: 'integer', required: true, gte: 0 }, TotalSegments: { type: 'integer', required: true, gte: 1, lte: 10 } } },
    MaxResults: { type: 'integer', gte: 1, lte: 1000 },
  },
} satisfies Record<string, Rules>;

/** Validates `input` against its action's rules; Glue reports constraint problems as InvalidInputException. */
export function check(action: keyof typeof RULES, input: Record<string, unknown>): void {
  validate(input ?? {}, RULES[action], 'InvalidInputException');
}

export const partitionNotFound = () => new AwsError('EntityNotFoundException', 'Cannot find partition.');
export const partitionExists = () => new AwsError('AlreadyExistsException', 'Partition already exists.');

/** The partition keys of a table's latest version, lower-cased, in order, with their types. */
export function partitionKeys(cat: GlueCatalog, db: string, name: string): Array<{ name: string; type: string }> {
  const table = cat.tableOutput(db, name, cat.table(db, name));
  return ((table.PartitionKeys ?? []) as Array<{ Name: string; Type?: string }>).map((k) => ({ name: k.Name.toLowerCase(), type: k.Type ?? 'string' }));
}

/** Values must name one value per partition key, as Glue requires. */
export function checkValueCount(keyCount: number, values: readonly string[]): void {
  if (values.length !== keyCount) throw invalidInput('The number of partition keys do not match the number of partition values');
}

/** The table's registered partitions (created on demand, so a write can add to it). */
export function registeredOf(cat: GlueCatalog, db: string, name: string): Record<string, StoredPartition> {
  const byTable = (cat.store.state.partitions[db] ??= {});
  return (byTable[name] ??= {});
}

export function partitionOutput(cat: GlueCatalog, db: string, name: string, p: StoredPartition, excludeColumns = false): Record<string, unknown> {
  const { Values, StorageDescriptor: sd, Parameters, LastAccessTime, LastAnalyzedTime } = p.input;
  return {
    Values: Values ?? [],
    DatabaseName: db,
    TableName: name,
    CreationTime: p.createTime / 1000,
    ...(LastAccessTime !== undefined ? { LastAccessTime } : {}),
    ...(sd ? { StorageDescriptor: excludeColumns ? { ...sd, Columns: undefined } : sd } : {}),
    Parameters: Parameters ?? {},
    ...(LastAnalyzedTime !== undefined ? { LastAnalyzedTime } : {}),
    CatalogId: cat.accountId,
  };
}

/** The partitions the lake holds for a table: one per distinct set of values in the object keys under its
 * location, each with the table's StorageDescriptor at the partition's own location. By partition id. */
export function discoveredPartitions(cat: GlueCatalog, lake: Lake, db: string, name: string): Map<string, StoredPartition> {
  const t = cat.table(db, name);
  const table = cat.tableOutput(db, name, t);
  const layout = tableLayout(table);
  const found = new Map<string, StoredPartition>();
  if (!layout || !layout.partitionKeys.length) return found;
  const sd = (table.StorageDescriptor ?? {}) as Record<string, unknown>;
  for (const obj of lake.list(layout.bucket, layout.prefix)) {
    if (!isDataObject(obj.key, obj.size)) continue;
    const values = partitionValues(layout, obj.key);
    if (!values) continue;
    const id = partitionId(values);
    if (found.has(id)) continue;
    found.set(id, { createTime: t.createTime, input: { Values: values, StorageDescriptor: { ...sd, Location: partitionLocation(layout, obj.key) }, Parameters: {} } });
  }
  return found;
}

/** Which of `total` segments a partition falls in (GetPartitions' Segment): a hash of its values, so the split
 * stays the same across pages and calls while partitions come and go. */
export function segmentOf(values: readonly string[], total: number): number {
  let h = 0x811c9dc5;
  const id = partitionId(values);
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
  return (h >>> 0) % total;
}

/** Orders partitions by their values, value by value (a stable, listing-like order). */
export function byValues(a: StoredPartition, b: StoredPartition): number {
  const x = (a.input.Values ?? []) as string[];
  const y = (b.input.Values ?? []) as string[];
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i]! < y[i]! ? -1 : 1;
  return x.length - y.length;
}
