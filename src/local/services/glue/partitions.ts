// GetPartitions. With partition projection Athena never asks Glue for partitions, and real Glue returns only
// partitions registered by CreatePartition/MSCK. Locally we return what Athena queries actually see: one partition
// per distinct set of values found in the object keys under the table's location (hive `k=v` segments or the
// projection template), dropping values outside an integer/enum projection range. `Expression` filters them
// (expression.ts).
import type { JsonAction } from '../../types.js';
import { isDataObject, partitionLocation, partitionValues, tableLayout } from '../../engine/duckdb/layout.js';
import type { Lake } from '../../engine/duckdb/lake.js';
import type { GlueCatalog } from './catalog.js';
import { checkName, pageOf } from './errors.js';
import { compileExpression } from './expression.js';

export function partitionActions(cat: GlueCatalog, lake: () => Lake): Record<string, JsonAction> {
  return {
    GetPartitions(input) {
      const db = checkName(input.DatabaseName, 'databaseName');
      const name = checkName(input.TableName, 'tableName');
      const t = cat.table(db, name);
      const table = cat.tableOutput(db, name, t);
      const keyTypes: Record<string, string> = {};
      for (const k of (table.PartitionKeys ?? []) as Array<{ Name: string; Type?: string }>) keyTypes[k.Name.toLowerCase()] = k.Type ?? 'string';
      // Parsed before the lake is listed, so a bad expression fails the same with or without data.
      const filter = typeof input.Expression === 'string' && input.Expression.trim() ? compileExpression(input.Expression, keyTypes) : undefined;
      const layout = tableLayout(table);
      const found = new Map<string, { values: string[]; location: string }>();
      if (layout && layout.partitionKeys.length) {
        for (const obj of lake().list(layout.bucket, layout.prefix)) {
          if (!isDataObject(obj.key, obj.size)) continue;
          const values = partitionValues(layout, obj.key);
          if (!values) continue;
          const id = JSON.stringify(values);
          if (!found.has(id)) found.set(id, { values, location: partitionLocation(layout, obj.key) });
        }
      }
      const sd = (table.StorageDescriptor ?? {}) as Record<string, unknown>;
      const names = Object.keys(keyTypes);
      const kept = [...found.values()].filter((p) => !filter || filter(Object.fromEntries(names.map((n, i) => [n, p.values[i]!]))));
      const all = kept.map((p) => ({
        Values: p.values,
        DatabaseName: db,
        TableName: name,
        CreationTime: t.createTime / 1000,
        StorageDescriptor: input.ExcludeColumnSchema ? { ...sd, Columns: undefined, Location: p.location } : { ...sd, Location: p.location },
        Parameters: {},
        CatalogId: cat.accountId,
      }));
      const { page, next } = pageOf(all, input.NextToken, input.MaxResults, 1000);
      return { Partitions: page, ...(next ? { NextToken: next } : {}) };
    },
  };
}
