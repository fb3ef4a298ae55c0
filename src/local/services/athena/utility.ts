// Statements Athena answers from the catalog rather than by scanning data: SHOW TABLES, SHOW DATABASES|SCHEMAS,
// SHOW PARTITIONS, SHOW COLUMNS, DESCRIBE <table>. Results are rows of text (Athena writes them as `<id>.txt`, no header row).
import type { GlueInternal } from '../../types.js';
import { QueryFailure } from '../../engine/duckdb/engine.js';
import type { Lake } from '../../engine/duckdb/lake.js';
import { isDataObject, partitionValues, tableLayout } from '../../engine/duckdb/layout.js';
import type { ResultRow } from './csv.js';

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
        const cols = [...(t.StorageDescriptor?.Columns ?? []), ...(t.PartitionKeys ?? [])];
        return { columns: ['field'], rows: cols.map((c: any) => [String(c.Name).toLowerCase()]) };
      },
    };
  }
  if ((m = /^(?:describe|desc)\s+(?:formatted\s+|extended\s+)?([`"\w.-]+)$/i.exec(s))) {
    const parts = m[1]!.split('.').map(unquote);
    return {
      kind: 'utility',
      run(glue, db) {
        const t = tableOrFail(glue, parts.length > 1 ? parts[0]! : db, parts[parts.length - 1]!);
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
  if (/^(create|drop|alter|msck|insert|update|delete|merge|unload|grant|revoke|vacuum|optimize|prepare|execute|deallocate|show|describe|desc)\b/i.test(s)) {
    return { kind: 'ddl' };
  }
  // SELECT, WITH, VALUES, EXPLAIN... and anything unrecognised: DuckDB reports the syntax error.
  return { kind: 'select' };
}

export function statementType(c: Classified): 'DML' | 'DDL' | 'UTILITY' {
  return c.kind === 'select' ? 'DML' : c.kind === 'utility' ? 'UTILITY' : 'DDL';
}
