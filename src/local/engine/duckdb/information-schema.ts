// Athena's information_schema over the Glue catalog: schemata, tables, columns and views, as SQL clients and
// BI tools (DBeaver, Superset, dbt) read them to list what exists. Each is a VALUES relation built from Glue at
// query time, so it always shows the catalog as it is now. Column names and types are Athena's.
import type { GlueInternal } from '../../types.js';
import { CATALOG } from './athena-sql.js';
import { decodeView } from './presto-view.js';
import { duckToTrino, glueToDuck } from './types.js';

const SCHEMA = 'information_schema';

const lit = (v: string | number | null) => (v === null ? 'NULL' : typeof v === 'number' ? String(v) : `'${v.replace(/'/g, "''")}'`);

/** The relations' columns, in Athena's order (all varchar but ordinal_position). */
const COLUMNS: Record<string, Array<[string, string]>> = {
  schemata: [['catalog_name', 'VARCHAR'], ['schema_name', 'VARCHAR']],
  tables: [['table_catalog', 'VARCHAR'], ['table_schema', 'VARCHAR'], ['table_name', 'VARCHAR'], ['table_type', 'VARCHAR']],
  columns: [
    ['table_catalog', 'VARCHAR'], ['table_schema', 'VARCHAR'], ['table_name', 'VARCHAR'], ['column_name', 'VARCHAR'],
    ['ordinal_position', 'BIGINT'], ['column_default', 'VARCHAR'], ['is_nullable', 'VARCHAR'], ['data_type', 'VARCHAR'],
    ['comment', 'VARCHAR'], ['extra_info', 'VARCHAR'],
  ],
  views: [['table_catalog', 'VARCHAR'], ['table_schema', 'VARCHAR'], ['table_name', 'VARCHAR'], ['view_definition', 'VARCHAR']],
};

export const isInformationSchema = (database: string) => database.toLowerCase() === SCHEMA;

/** The DuckDB schema holding a Glue database's views: DuckDB reserves `information_schema` for its own. */
export const duckSchema = (database: string) => (isInformationSchema(database) ? '__athena_information_schema' : database);

function isView(table: any): boolean {
  return table.TableType === 'VIRTUAL_VIEW';
}

/** Athena's type text for a Glue column type (varchar, bigint, timestamp(3), array(varchar)…). */
function dataType(glueType: string): string {
  return duckToTrino(glueToDuck(glueType));
}

function rowsOf(name: string, glue: GlueInternal): Array<Array<string | number | null>> {
  const databases = [...(glue.listDatabases?.() ?? []), SCHEMA].sort();
  const tables = databases.filter((d) => d !== SCHEMA).flatMap((d) => glue.listTables(d).map((t) => ({ db: d, t })));
  const own = Object.keys(COLUMNS).map((n) => ({ db: SCHEMA, n }));
  switch (name) {
    case 'schemata':
      return databases.map((d) => [CATALOG, d]);
    case 'tables':
      return [
        ...tables.map(({ db, t }) => [CATALOG, db, String(t.Name).toLowerCase(), isView(t) ? 'VIEW' : 'BASE TABLE']),
        ...own.map(({ n }) => [CATALOG, SCHEMA, n, 'BASE TABLE']),
      ];
    case 'views':
      return tables.filter(({ t }) => isView(t)).map(({ db, t }) => [CATALOG, db, String(t.Name).toLowerCase(), decodeView(t)?.originalSql ?? null]);
    case 'columns':
      return [
        ...tables.flatMap(({ db, t }) => {
          const cols = [...(t.StorageDescriptor?.Columns ?? []).map((c: any) => ({ c, part: false })), ...(t.PartitionKeys ?? []).map((c: any) => ({ c, part: true }))];
          return cols.map(({ c, part }, i) => [
            CATALOG, db, String(t.Name).toLowerCase(), String(c.Name).toLowerCase(), i + 1, null, 'YES',
            dataType(String(c.Type ?? 'string')), c.Comment ?? null, part ? 'partition key' : null,
          ]);
        }),
        ...own.flatMap(({ n }) => COLUMNS[n]!.map(([col, type], i) => [CATALOG, SCHEMA, n, col, i + 1, null, 'YES', duckToTrino(type), null, null])),
      ];
    default:
      return [];
  }
}

/** A SELECT defining information_schema.<name>, or undefined when Athena has no such relation. */
export function informationSchemaSelect(name: string, glue: GlueInternal): string | undefined {
  const cols = COLUMNS[name.toLowerCase()];
  if (!cols) return undefined;
  const typed = cols.map(([n, t], i) => `CAST(col${i} AS ${t}) AS "${n}"`).join(', ');
  const rows = rowsOf(name.toLowerCase(), glue);
  if (!rows.length) return `SELECT ${cols.map(([n, t]) => `CAST(NULL AS ${t}) AS "${n}"`).join(', ')} WHERE false`;
  const values = rows.map((r) => `(${r.map(lit).join(', ')})`).join(', ');
  return `SELECT ${typed} FROM (VALUES ${values}) AS v(${cols.map((_, i) => `col${i}`).join(', ')})`;
}
