// Partition indexes: CreatePartitionIndex, DeletePartitionIndex, GetPartitionIndexes, and CreateTable's
// PartitionIndexes (Terraform's aws_glue_catalog_table reads GetPartitionIndexes on every refresh). Kept on the
// table, with real Glue's checks and wording: keys must be partition keys, at most 3 indexes per table, no two
// with the same name or the same keys. An index is ACTIVE at once (nothing to backfill locally; AWS goes
// CREATING → ACTIVE) and a deleted one is gone at once.
import { validate, type Rule, type Rules } from '../../kit/validate.js';
import { AwsError, type JsonAction } from '../../types.js';
import type { GlueCatalog } from './catalog.js';
import { CATALOG_ID_RULE, checkName, invalidInput, NAME_RULE, pageOf } from './errors.js';
import { partitionKeys } from './partition-model.js';
import type { StoredTable } from './store.js';

const MAX_INDEXES = 3;
export const PARTITION_INDEX_RULE: Rule = {
  type: 'structure',
  members: { Keys: { type: 'list', required: true, min: 1, member: { type: 'string', min: 1, max: 255 } }, IndexName: NAME_RULE },
};
const TABLE: Rules = { CatalogId: CATALOG_ID_RULE, DatabaseName: NAME_RULE, TableName: NAME_RULE };
const RULES = {
  CreatePartitionIndex: { ...TABLE, PartitionIndex: { ...PARTITION_INDEX_RULE, required: true } as Rule },
  DeletePartitionIndex: { ...TABLE, IndexName: NAME_RULE },
  GetPartitionIndexes: { ...TABLE, NextToken: { type: 'string' } },
} satisfies Record<string, Rules>;
const check = (action: keyof typeof RULES, input: Record<string, unknown>) => validate(input ?? {}, RULES[action], 'InvalidInputException');

/** Adds one index to table `db.name` (already looked up as `t`), or throws Glue's error. */
export function addPartitionIndex(cat: GlueCatalog, db: string, name: string, t: StoredTable, index: { IndexName: string; Keys: string[] }): void {
  const known = partitionKeys(cat, db, name).map((k) => k.name);
  const keys = index.Keys.map((k) => k.toLowerCase());
  for (const k of keys) {
    if (!known.includes(k)) throw invalidInput(`IndexKeys not a part of PartitionColumns. Verify the indexKeys : [${k}]`);
  }
  const existing = (t.partitionIndexes ??= []);
  // Glue checks the limit before the duplicates.
  if (existing.length >= MAX_INDEXES) throw new AwsError('ResourceNumberLimitExceededException', `Partition index limit exceeded. Maximum: ${MAX_INDEXES}`);
  if (existing.some((i) => i.name === index.IndexName)) {
    throw new AwsError('AlreadyExistsException', `Partition Index ${index.IndexName} already exists with the same name.`);
  }
  const sameKeys = existing.find((i) => i.keys.join('\u0000') === keys.join('\u0000'));
  if (sameKeys) throw new AwsError('AlreadyExistsException', `Partition Index ${sameKeys.name} already exists with the same keys.`);
  existing.push({ name: index.IndexName, keys });
}

export function partitionIndexActions(cat: GlueCatalog): Record<string, JsonAction> {
  const table = (input: any) => {
    const db = checkName(input.DatabaseName, 'databaseName');
    const name = checkName(input.TableName, 'tableName');
    return { db, name, t: cat.table(db, name) };
  };
  return {
    CreatePartitionIndex(input) {
      check('CreatePartitionIndex', input);
      const { db, name, t } = table(input);
      addPartitionIndex(cat, db, name, t, input.PartitionIndex);
      cat.store.save();
      return {};
    },
    DeletePartitionIndex(input) {
      check('DeletePartitionIndex', input);
      const { t } = table(input);
      const at = (t.partitionIndexes ?? []).findIndex((i) => i.name === input.IndexName);
      if (at < 0) throw new AwsError('EntityNotFoundException', `Index with the given indexName : ${input.IndexName} does not exist.`);
      t.partitionIndexes!.splice(at, 1);
      cat.store.save();
      return {};
    },
    GetPartitionIndexes(input) {
      check('GetPartitionIndexes', input);
      const { db, name, t } = table(input);
      const types = new Map(partitionKeys(cat, db, name).map((k) => [k.name, k.type]));
      const all = [...(t.partitionIndexes ?? [])]
        .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
        .map((i) => ({ IndexName: i.name, Keys: i.keys.map((k) => ({ Name: k, Type: types.get(k) ?? 'string' })), IndexStatus: 'ACTIVE' }));
      const { page, next } = pageOf(all, input.NextToken, undefined, 100);
      return { PartitionIndexDescriptorList: page, ...(next ? { NextToken: next } : {}) };
    },
  };
}
