// GetPartitions. With partition projection Athena never asks Glue for partitions, and real Glue returns only
// partitions registered by CreatePartition/MSCK. Locally we return what Athena queries actually see: one partition
// per distinct set of values found in the object keys under the table's location (hive `k=v` segments or the
// projection template), dropping values outside an integer/enum projection range. `Expression` is not evaluated.
import type { JsonAction } from '../../types.js';
import { isDataObject, partitionLocation, partitionValues, tableLayout } from '../../engine/duckdb/layout.js';
import type { Lake } from '../../engine/duckdb/lake.js';
import type { GlueCatalog } from './catalog.js';
import { checkName, pageOf } from './errors.js';

export function partitionActions(cat: GlueCatalog, lake: () => Lake): Record<string, JsonAction> {
  return {
    GetPartitions(input) {
      const db = checkName(input.DatabaseName, 'databaseName');
      const name = checkName(input.TableName, 'tableName');
      const t = cat.table(db, name);
      const table = cat.tableOutput(db, name, t);
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
      const all = [...found.values()].map((p) => ({
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
