// From Athena SQL to what the engine runs and back: the Trino translation with its refusals and syntax errors as
// Athena's failures (Glue's map-typed columns make subscripts key lookups), and Athena's names and text for the
// result columns.
import type { GlueInternal } from '../../types.js';
import { lineCol } from './errors.js';
import { athenaText } from './functions/render.js';
import { QueryFailure } from './query-failure.js';
import { translateQuery, TranslateError, TrinoSyntaxError, type Translation } from './translate.js';

export const CATALOG = 'awsdatacatalog';

/** Athena names expression columns `_colN`; plain column references keep their (lower-cased) name. */
export function athenaName(duckName: string, index: number): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$|^\$(path|file_size|file_modified_time)$/.test(duckName) ? duckName.toLowerCase() : `_col${index}`;
}

/**
 * Text Athena writes for a value of this DuckDB type, as a SQL expression over column `__c<i>` (by name: a
 * positional reference does not bind inside a macro's arguments). Nested values too: functions/render.ts.
 */
export function formatted(i: number, duckType: string): string {
  return athenaText(`"__c${i}"`, duckType);
}

/** translateQuery, with its refusals and syntax errors as Athena's failures. */
export async function translated(athenaSql: string, database: string, glue?: GlueInternal): Promise<Translation> {
  // Map-typed columns of the named tables, from Glue: a subscript on one is a key lookup.
  const mapColumns = (tables: Array<{ database: string; name: string }>) => {
    const out = new Set<string>();
    for (const t of tables) {
      for (const c of glue?.getTable(t.database, t.name)?.StorageDescriptor?.Columns ?? []) {
        if (/^\s*map\s*</i.test(String(c.Type))) out.add(String(c.Name).toLowerCase());
      }
    }
    return out;
  };
  try {
    return await translateQuery(athenaSql, database, CATALOG, mapColumns);
  } catch (e) {
    if (e instanceof TrinoSyntaxError) {
      throw new QueryFailure({ reason: `SYNTAX_ERROR: line ${e.line}:${e.column}: ${e.message}`, category: 2, type: 1004 });
    }
    if (!(e instanceof TranslateError)) throw e;
    if (e.code === 'INVALID_INPUT' && e.offset === 0) throw new QueryFailure({ reason: `INVALID_INPUT: ${e.message}`, category: 2, type: 1100 });
    throw new QueryFailure({ reason: `${e.code}: line ${lineCol(athenaSql, e.offset)}: ${e.message}`, category: 2, type: 1100 });
  }
}
