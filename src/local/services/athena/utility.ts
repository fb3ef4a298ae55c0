// Statements Athena answers from the catalog rather than by scanning data: SHOW TABLES, SHOW DATABASES|SCHEMAS,
// SHOW PARTITIONS, SHOW COLUMNS, DESCRIBE <table>. Results are rows of text (Athena writes them as `<id>.txt`, no header row).
import type { GlueInternal } from '../../types.js';
import { CATALOG } from '../../engine/duckdb/athena-sql.js';
import { QueryFailure } from '../../engine/duckdb/query-failure.js';
import { decodeView } from '../../engine/duckdb/presto-view.js';
import type { Lake } from '../../engine/duckdb/lake.js';
import { isDataObject, partitionValues, tableLayout } from '../../engine/duckdb/layout.js';
import type { ResultRow } from './csv.js';
import { isIcebergTable } from '../../iceberg/index.js';
import { currentColumns, describeRows, readMetadata, showCreateLines } from '../../engine/duckdb/iceberg/catalog-text.js';

export interface UtilityResult {
  /** Column names (Athena types these results as `string`). */
  columns: string[];
  rows: ResultRow[];
}

export type Classified =
  | { kind: 'select' }
  | { kind: 'utility'; run: (glue: GlueInternal, db: string, lake: Lake) => UtilityResult }
  | { kind: 'ddl' };

const unquote = (s: string) => s.replace(/^[`"]|[`"]$/g, '').toLowerCase();

/** Athena's SHOW patterns: `*` any characters, `|` alternatives. */
function likePattern(p: string | undefined): RegExp | undefined {
  if (!p) return undefined;
  const alts = p.split('|').map((a) => a.trim().replace(/[.+?^${}()[\]\\]/g, '\\$&').replace(/\*/g, '.*'));
  return new RegExp(`^(?:${alts.join('|')})$`, 'i');
}

function schemaNotFound(db: string): QueryFailure {
  return new QueryFailure({ reason: `SCHEMA_NOT_FOUND: line 1:1: Schema '${db}' does not exist`, category: 2, type: 1301 });
}

function tableOrFail(glue: GlueInternal, database: string, name: string): any {
  const t = glue.getTable(database, name);
  if (!t) throw new QueryFailure({ reason: `TABLE_NOT_FOUND: line 1:1: Table 'awsdatacatalog.${database}.${name}' does not exist`, category: 2, type: 1301 });
  return t;
}

export function classify(sql: string): Classified {
  const s = sql.trim().replace(/;\s*$/, '');
  let m: RegExpExecArray | null;
  if ((m = /^show\s+tables(?:\s+(?:in|from)\s+([`"\w.-]+))?(?:\s+(?:like\s+)?'([^']*)')?$/i.exec(s))) {
    const [, inDb, pattern] = m;
    return {
      kind: 'utility',
      run(glue, db) {
        const database = inDb ? unquote(inDb) : db;
        if (!glue.databaseExists(database)) throw schemaNotFound(database);
        const re = likePattern(pattern);
        const names = glue.listTables(database).map((t) => String(t.Name)).filter((n) => !re || re.test(n));
        return { columns: ['tab_name'], rows: names.map((n) => [n]) };
      },
    };
  }
  if ((m = /^show\s+(?:databases|schemas)(?:\s+(?:like\s+)?'([^']*)')?$/i.exec(s))) {
    const re = likePattern(m[1]);
    return {
      kind: 'utility',
      run: (glue) => ({ columns: ['database_name'], rows: (glue.listDatabases?.() ?? []).filter((n) => !re || re.test(n)).map((n) => [n]) }),
    };
  }
  if ((m = /^show\s+partitions\s+([`"\w.-]+)$/i.exec(s))) {
    const parts = m[1]!.split('.').map(unquote);
    return {
      kind: 'utility',
      run(glue, db, lake) {
        const t = tableOrFail(glue, parts.length > 1 ? parts[0]! : db, parts[parts.length - 1]!);
        if (isIcebergTable(t)) throw new QueryFailure({ reason: `NOT_SUPPORTED: SHOW PARTITIONS is not supported for Iceberg tables (query "${t.Name}$partitions")`, category: 2, type: 1100 });
        const layout = tableLayout(t);
        const seen = new Set<string>();
        if (layout?.partitionKeys.length) {
          for (const o of lake.list(layout.bucket, layout.prefix)) {
            const values = isDataObject(o.key, o.size) ? partitionValues(layout, o.key) : undefined;
            if (values) seen.add(layout.partitionKeys.map((k, i) => `${k.name}=${values[i]}`).join('/'));
          }
        }
        return { columns: ['partition'], rows: [...seen].sort().map((p) => [p]) };
      },
    };
  }
  if ((m = /^show\s+columns\s+(?:from|in)\s+([`"\w.-]+)(?:\s+(?:from|in)\s+([`"\w-]+))?$/i.exec(s))) {
    const parts = m[1]!.split('.').map(unquote);
    const inDb = m[2] ? unquote(m[2]) : undefined;
    return {
      kind: 'utility',
      run(glue, db) {
        const t = tableOrFail(glue, inDb ?? (parts.length > 1 ? parts[0]! : db), parts[parts.length - 1]!);
        const cols = isIcebergTable(t) ? currentColumns(t) : [...(t.StorageDescriptor?.Columns ?? []), ...(t.PartitionKeys ?? [])];
        return { columns: ['field'], rows: cols.map((c: any) => [String(c.Name).toLowerCase()]) };
      },
    };
  }
  if ((m = /^(?:describe|desc)\s+(?:formatted\s+|extended\s+)?([`"\w.-]+)$/i.exec(s))) {
    const parts = m[1]!.split('.').map(unquote);
    return {
      kind: 'utility',
      run(glue, db, lake) {
        const t = tableOrFail(glue, parts.length > 1 ? parts[0]! : db, parts[parts.length - 1]!);
        if (isIcebergTable(t)) return { columns: ['col_name', 'data_type', 'comment'], rows: describeRows(t, readMetadata(lake, t)) };
        const cols = [...(t.StorageDescriptor?.Columns ?? []), ...(t.PartitionKeys ?? [])];
        const rows: ResultRow[] = cols.map((c: any) => [String(c.Name).toLowerCase(), String(c.Type), c.Comment ?? '']);
        if (t.PartitionKeys?.length) {
          rows.push(['', '', ''], ['# Partition Information', '', ''], ['# col_name', 'data_type', 'comment'], ['', '', '']);
          for (const k of t.PartitionKeys) rows.push([String(k.Name).toLowerCase(), String(k.Type), k.Comment ?? '']);
        }
        return { columns: ['col_name', 'data_type', 'comment'], rows };
      },
    };
  }
  if ((m = /^show\s+create\s+(table|view)\s+([`"\w.-]+)$/i.exec(s))) {
    const kind = m[1]!.toLowerCase();
    const parts = m[2]!.split('.').map(unquote);
    return {
      kind: 'utility',
      run(glue, db, lake) {
        const database = parts.length > 1 ? parts[0]! : db;
        const t = tableOrFail(glue, database, parts[parts.length - 1]!);
        const view = decodeView(t);
        if (kind === 'view') {
          if (!view) throw new QueryFailure({ reason: `NOT_SUPPORTED: line 1:1: Relation '${CATALOG}.${database}.${t.Name}' is a table, not a view`, category: 2, type: 1100 });
          return { columns: ['Create View'], rows: `CREATE VIEW ${CATALOG}.${database}.${t.Name} SECURITY DEFINER AS\n${view.originalSql}`.split('\n').map((l) => [l]) };
        }
        if (view) throw new QueryFailure({ reason: `FAILED: SemanticException [Error 10001]: ${database}.${t.Name} is a view; use SHOW CREATE VIEW`, category: 2, type: 1100 });
        if (isIcebergTable(t)) return { columns: ['createtab_stmt'], rows: showCreateLines(database, t, readMetadata(lake, t)).map((l) => [l]) };
        return { columns: ['createtab_stmt'], rows: showCreateTable(t).map((l) => [l]) };
      },
    };
  }
  if (/^(create|drop|alter|msck|insert|update|delete|merge|unload|grant|revoke|vacuum|optimize|prepare|execute|deallocate|show|describe|desc)\b/i.test(s)) {
    return { kind: 'ddl' };
  }
  // SELECT, WITH, VALUES, EXPLAIN... and anything unrecognised: DuckDB reports the syntax error.
  return { kind: 'select' };
}

/** Athena's SHOW CREATE TABLE text for a Glue table, one row per line (Hive's layout). */
function showCreateTable(t: any): string[] {
  const col = (c: any) => `  \`${String(c.Name).toLowerCase()}\` ${c.Type}${c.Comment ? ` COMMENT '${String(c.Comment).replace(/'/g, "\\'")}'` : ''}`;
  const list = (cols: any[]) => cols.map((c, i) => `${col(c)}${i < cols.length - 1 ? ', ' : ')'}`);
  const sd = t.StorageDescriptor ?? {};
  const lines = [`CREATE EXTERNAL TABLE \`${t.Name}\`(`, ...list(sd.Columns ?? [])];
  if (t.PartitionKeys?.length) lines.push('PARTITIONED BY ( ', ...list(t.PartitionKeys));
  lines.push('ROW FORMAT SERDE ', `  '${sd.SerdeInfo?.SerializationLibrary ?? ''}' `);
  const serdeParams = Object.entries(sd.SerdeInfo?.Parameters ?? {}).filter(([k]) => k !== 'serialization.format');
  if (serdeParams.length) lines.push('WITH SERDEPROPERTIES ( ', ...serdeParams.map(([k, v], i) => `  '${k}'='${v}'${i < serdeParams.length - 1 ? ', ' : ')'}`));
  lines.push('STORED AS INPUTFORMAT ', `  '${sd.InputFormat ?? ''}' `, 'OUTPUTFORMAT ', `  '${sd.OutputFormat ?? ''}'`);
  lines.push('LOCATION', `  '${sd.Location ?? ''}'`);
  const props = Object.entries(t.Parameters ?? {}).filter(([k]) => k !== 'EXTERNAL');
  if (props.length) lines.push('TBLPROPERTIES (', ...props.map(([k, v], i) => `  '${k}'='${v}'${i < props.length - 1 ? ', ' : ')'}`));
  return lines;
}

export function statementType(c: Classified): 'DML' | 'DDL' | 'UTILITY' {
  return c.kind === 'select' ? 'DML' : c.kind === 'utility' ? 'UTILITY' : 'DDL';
}
