// Partition reads: GetPartitions, GetPartition, BatchGetPartition. A table's partitions are the union of the
// ones a client registered (CreatePartition and friends, partition-writes.ts) and the ones discovered in the
// lake: with partition projection Athena never asks Glue for partitions, and real Glue returns only registered
// ones (CreatePartition/MSCK). Locally a partition also exists when objects are under it — one per distinct
// set of values in the object keys under the table's location (hive `k=v` segments or the projection template,
// values outside an integer/enum projection range dropped) — so what Athena queries see is listed too. A
// registered partition wins over a discovered one with the same values (its own StorageDescriptor, Parameters,
// CreationTime). `Expression` filters both kinds (expression.ts); `Segment` splits them by a hash of their values,
// so parallel readers (the Hive metastore client) each get a disjoint share.
import type { JsonAction } from '../../types.js';
import type { Lake } from '../../engine/duckdb/lake.js';
import type { GlueCatalog } from './catalog.js';
import { checkName, invalidInput, pageOf } from './errors.js';
import { compileExpression } from './expression.js';
import { byValues, check, checkValueCount, discoveredPartitions, partitionKeys, partitionNotFound, partitionOutput, registeredOf, segmentOf } from './partition-model.js';
import { partitionId, type StoredPartition } from './store.js';

export function partitionActions(cat: GlueCatalog, lake: () => Lake): Record<string, JsonAction> {
  /** Looks partitions up by values: registered first, then (listing the lake once) discovered. */
  const finder = (db: string, name: string) => {
    const registered = registeredOf(cat, db, name);
    let discovered: Map<string, StoredPartition> | undefined;
    return (values: string[]): StoredPartition | undefined => {
      const id = partitionId(values);
      return registered[id] ?? (discovered ??= discoveredPartitions(cat, lake(), db, name)).get(id);
    };
  };

  return {
    GetPartitions(input) {
      check('GetPartitions', input);
      const db = checkName(input.DatabaseName, 'databaseName');
      const name = checkName(input.TableName, 'tableName');
      const keys = partitionKeys(cat, db, name);
      const keyTypes = Object.fromEntries(keys.map((k) => [k.name, k.type]));
      // Parsed before the lake is listed, so a bad expression fails the same with or without data.
      const filter = typeof input.Expression === 'string' && input.Expression.trim() ? compileExpression(input.Expression, keyTypes) : undefined;
      const registered = registeredOf(cat, db, name);
      const all = [...Object.values(registered)];
      for (const [id, p] of discoveredPartitions(cat, lake(), db, name)) if (!registered[id]) all.push(p);
      const segment = input.Segment as { SegmentNumber: number; TotalSegments: number } | undefined;
      if (segment && segment.SegmentNumber >= segment.TotalSegments) throw invalidInput('The segment number must be less than the total number of segments.');
      const kept = all
        .filter((p) => !segment || segmentOf(p.input.Values ?? [], segment.TotalSegments) === segment.SegmentNumber)
        .filter((p) => !filter || filter(Object.fromEntries(keys.map((k, i) => [k.name, (p.input.Values ?? [])[i]]))))
        .sort(byValues)
        .map((p) => partitionOutput(cat, db, name, p, input.ExcludeColumnSchema === true));
      const { page, next } = pageOf(kept, input.NextToken, input.MaxResults, 1000);
      return { Partitions: page, ...(next ? { NextToken: next } : {}) };
    },
    GetPartition(input) {
      check('GetPartition', input);
      const db = checkName(input.DatabaseName, 'databaseName');
      const name = checkName(input.TableName, 'tableName');
      checkValueCount(partitionKeys(cat, db, name).length, input.PartitionValues);
      const p = finder(db, name)(input.PartitionValues);
      if (!p) throw partitionNotFound();
      return { Partition: partitionOutput(cat, db, name, p) };
    },
    BatchGetPartition(input) {
      check('BatchGetPartition', input);
      const db = checkName(input.DatabaseName, 'databaseName');
      const name = checkName(input.TableName, 'tableName');
      const keyCount = partitionKeys(cat, db, name).length;
      const find = finder(db, name);
      const seen = new Set<string>();
      const Partitions: unknown[] = [];
      for (const { Values } of input.PartitionsToGet as Array<{ Values: string[] }>) {
        checkValueCount(keyCount, Values);
        const id = partitionId(Values);
        if (seen.has(id)) continue;
        seen.add(id);
        // A partition that does not exist is left out, as Glue does; UnprocessedKeys is for throttled keys.
        const p = find(Values);
        if (p) Partitions.push(partitionOutput(cat, db, name, p));
      }
      return { Partitions, UnprocessedKeys: [] };
    },
  };
}
