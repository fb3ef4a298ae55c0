// Partition writes: CreatePartition, BatchCreatePartition, UpdatePartition, BatchUpdatePartition,
// DeletePartition, BatchDeletePartition. They register partitions (store.ts); a batch reports each bad entry
// in Errors and applies the others, failing as a whole only for a bad request or a missing table. A partition
// only discovered in the lake (partitions.ts) can be updated (which registers it) but not deleted: its objects
// keep it listed, so DeletePartition says it cannot find a registered one.
import type { JsonAction, RequestContext } from '../../types.js';
import type { GlueCatalog } from './catalog.js';
import { checkName, errorDetail } from './errors.js';
import {
  check,
  checkValueCount,
  discoveredPartitions,
  partitionExists,
  partitionKeys,
  partitionNotFound,
  registeredOf,
} from './partition-model.js';
import type { Lake } from '../../engine/duckdb/lake.js';
import { partitionId, type StoredPartition } from './store.js';

interface TableScope {
  db: string;
  name: string;
  keyCount: number;
  registered: Record<string, StoredPartition>;
}

export function partitionWriteActions(cat: GlueCatalog, lake: () => Lake): Record<string, JsonAction> {
  /** The table a request names (it must exist) and its registered partitions. */
  const scope = (input: any): TableScope => {
    const db = checkName(input.DatabaseName, 'databaseName');
    const name = checkName(input.TableName, 'tableName');
    const keyCount = partitionKeys(cat, db, name).length;
    return { db, name, keyCount, registered: registeredOf(cat, db, name) };
  };

  const create = (s: TableScope, partition: any, ctx: RequestContext): void => {
    const values: string[] = partition.Values ?? [];
    checkValueCount(s.keyCount, values);
    const id = partitionId(values);
    if (s.registered[id]) throw partitionExists();
    s.registered[id] = { input: { ...partition, Values: values }, createTime: ctx.now() };
  };

  const update = (s: TableScope, oldValues: string[], partition: any): void => {
    checkValueCount(s.keyCount, oldValues);
    const oldId = partitionId(oldValues);
    const current = s.registered[oldId] ?? discoveredPartitions(cat, lake(), s.db, s.name).get(oldId);
    if (!current) throw partitionNotFound();
    // PartitionInput.Values may move the partition to new values.
    const values: string[] = partition.Values ?? oldValues;
    checkValueCount(s.keyCount, values);
    const id = partitionId(values);
    if (id !== oldId && s.registered[id]) throw partitionExists();
    delete s.registered[oldId];
    s.registered[id] = { input: { ...partition, Values: values }, createTime: current.createTime };
  };

  const remove = (s: TableScope, values: string[]): void => {
    checkValueCount(s.keyCount, values);
    const id = partitionId(values);
    if (!s.registered[id]) throw partitionNotFound();
    delete s.registered[id];
  };

  return {
    CreatePartition(input, ctx) {
      check('CreatePartition', input);
      const s = scope(input);
      create(s, input.PartitionInput, ctx);
      cat.store.save();
      return {};
    },
    BatchCreatePartition(input, ctx) {
      check('BatchCreatePartition', input);
      const s = scope(input);
      const Errors: unknown[] = [];
      for (const partition of input.PartitionInputList as any[]) {
        try {
          create(s, partition, ctx);
        } catch (e) {
          Errors.push({ PartitionValues: partition.Values ?? [], ErrorDetail: errorDetail(e) });
        }
      }
      cat.store.save();
      return { Errors };
    },
    UpdatePartition(input) {
      check('UpdatePartition', input);
      const s = scope(input);
      update(s, input.PartitionValueList, input.PartitionInput);
      cat.store.save();
      return {};
    },
    BatchUpdatePartition(input) {
      check('BatchUpdatePartition', input);
      const s = scope(input);
      const Errors: unknown[] = [];
      for (const entry of input.Entries as Array<{ PartitionValueList: string[]; PartitionInput: any }>) {
        try {
          update(s, entry.PartitionValueList, entry.PartitionInput);
        } catch (e) {
          Errors.push({ PartitionValueList: entry.PartitionValueList, ErrorDetail: errorDetail(e) });
        }
      }
      cat.store.save();
      return { Errors };
    },
    DeletePartition(input) {
      check('DeletePartition', input);
      const s = scope(input);
      remove(s, input.PartitionValues);
      cat.store.save();
      return {};
    },
    BatchDeletePartition(input) {
      check('BatchDeletePartition', input);
      const s = scope(input);
      const Errors: unknown[] = [];
      for (const { Values } of input.PartitionsToDelete as Array<{ Values: string[] }>) {
        try {
          remove(s, Values);
        } catch (e) {
          Errors.push({ PartitionValues: Values, ErrorDetail: errorDetail(e) });
        }
      }
      cat.store.save();
      return { Errors };
    },
  };
}
