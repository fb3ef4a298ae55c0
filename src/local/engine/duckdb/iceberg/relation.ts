// An Iceberg table (Glue table_type=ICEBERG) as a DuckDB view: the files of one snapshot from its manifests
// (core's planScan), read with deletes applied and columns mapped by field id (core's scanSelect), instead of
// listing the table's folder as Hive tables are read. Hidden columns ("$path", "$file_size",
// "$file_modified_time") ride in the same "$file" struct the Hive views use (relations.ts).
import type { IcebergEnv, LoadedTable, ScanFile } from '../../../iceberg/index.js';
import { planScan, scanSelect } from '../../../iceberg/index.js';
import { parseS3Uri } from '../layout.js';
import { HIDDEN_TYPE, hiddenEntry, type Relation, type TableFile } from '../relations.js';

const tableFile = (f: ScanFile): TableFile => ({ path: f.path, key: parseS3Uri(f.uri)?.key ?? f.uri, size: f.sizeBytes, values: [] });

/** The relation of `table` at `snapshotId` (default: current). `name` is the view's table name. */
export async function icebergRelation(env: IcebergEnv, table: LoadedTable, opts: { name: string; snapshotId?: number; hidden: boolean }): Promise<Relation> {
  const plan = await planScan(env, table, opts.snapshotId);
  // Every file a scan may read (delete files too): DataScannedInBytes is computed over these.
  const files = [...plan.data, ...plan.positionDeletes, ...plan.equalityDeletes].map(tableFile);
  let select: string;
  if (!opts.hidden) select = scanSelect(plan);
  else if (!plan.data.length) select = `SELECT *, CAST(NULL AS ${HIDDEN_TYPE}) AS "$file" FROM (${scanSelect(plan)}) __ice`;
  else {
    // scanSelect's row ids: "$path" is the data file's s3 uri, "$pos" its row position (not a Trino column).
    const lookup = plan.data.map((f) => hiddenEntry(f.uri, f.path, f.uri, f.sizeBytes)).join(', ');
    select = `SELECT * EXCLUDE ("$path", "$pos"), (MAP {${lookup}})["$path"] AS "$file" FROM (${scanSelect(plan, { withRowIds: true })}) __ice`;
  }
  return { database: table.database, name: opts.name, files, select };
}
