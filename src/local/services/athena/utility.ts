// Statements Athena answers from the catalog rather than by scanning data: SHOW TABLES, SHOW DATABASES|SCHEMAS,
// DESCRIBE <table>. Results are rows of text (Athena writes them as `<id>.txt`, no header row).
import type { GlueInternal } from '../../types.js';
import { QueryFailure } from '../../engine/duckdb/engine.js';
import type { ResultRow } from './csv.js';

export type Classified = { kind: 'select' } | { kind: 'utility'; run: (glue: GlueInternal, db: string) => ResultRow[] } | { kind: 'ddl' };

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
        return glue.listTables(database).map((t) => String(t.Name)).filter((n) => !re || re.test(n)).map((n) => [n]);
      },
    };
  }
  if ((m = /^show\s+(?:databases|schemas)(?:\s+(?:like\s+)?'([^']*)')?$/i.exec(s))) {
    const re = likePattern(m[1]);
    return { kind: 'utility', run: (glue) => (glue.listDatabases?.() ?? []).filter((n) => !re || re.test(n)).map((n) => [n]) };
  }
  if ((m = /^(?:describe|desc)\s+(?:formatted\s+|extended\s+)?([`"\w.-]+)$/i.exec(s))) {
    const parts = m[1]!.split('.').map(unquote);
    return {
      kind: 'utility',
      run(glue, db) {
        const database = parts.length > 1 ? parts[0]! : db;
        const name = parts[parts.length - 1]!;
        const t = glue.getTable(database, name);
        if (!t) throw new QueryFailure({ reason: `TABLE_NOT_FOUND: line 1:1: Table 'awsdatacatalog.${database}.${name}' does not exist`, category: 2, type: 1301 });
        const cols = [...(t.StorageDescriptor?.Columns ?? []), ...(t.PartitionKeys ?? [])];
        const rows: ResultRow[] = cols.map((c: any) => [String(c.Name).toLowerCase(), String(c.Type), c.Comment ?? '']);
        if (t.PartitionKeys?.length) {
          rows.push([''], ['# Partition Information'], ['# col_name', 'data_type', 'comment'], ['']);
          for (const k of t.PartitionKeys) rows.push([String(k.Name).toLowerCase(), String(k.Type), k.Comment ?? '']);
        }
        return rows;
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
