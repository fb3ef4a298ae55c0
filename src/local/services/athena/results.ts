// GetQueryResults: pages of rows read back from the result file Athena wrote (`<id>.csv` / `.txt`), so what a
// client pages through is exactly what sits in S3. For a SELECT the header row is row 0 (on the first page,
// counted in MaxResults as Athena does). Parsed files are cached for the few most recent queries.
import fs from 'node:fs';
import type { JsonAction } from '../../types.js';
import type { Lake } from '../../engine/duckdb/lake.js';
import { parseS3Uri } from '../../engine/duckdb/layout.js';
import { parseAthenaCsv, parseAthenaTxt, type ResultRow } from './csv.js';
import { checkMaxResults, decodeToken, encodeToken, invalidRequest } from './errors.js';
import { executionOrThrow } from './executions.js';
import type { AthenaStore, StoredExecution } from './store.js';

const CACHE_SIZE = 4;

export function resultActions(store: AthenaStore, lake: () => Lake): Record<string, JsonAction> {
  const cache = new Map<string, ResultRow[]>();
  const rowsOf = (e: StoredExecution): ResultRow[] => {
    const hit = cache.get(e.id);
    if (hit) return hit;
    const loc = parseS3Uri(e.outputLocation)!;
    let text: string;
    try {
      text = fs.readFileSync(lake().objectPath(loc.bucket, loc.key), 'utf8');
    } catch {
      throw invalidRequest(`Unable to read query results at ${e.outputLocation}`);
    }
    const rows = e.outputLocation.endsWith('.txt') ? parseAthenaTxt(text) : parseAthenaCsv(text);
    cache.set(e.id, rows);
    if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!);
    return rows;
  };
  return {
    GetQueryResults(input) {
      const e = executionOrThrow(store, input.QueryExecutionId);
      if (e.state === 'QUEUED' || e.state === 'RUNNING') throw invalidRequest(`Query has not yet finished. Current state: ${e.state}`);
      if (e.state !== 'SUCCEEDED') throw invalidRequest(`Query did not finish successfully. Final query state: ${e.state}`);
      const max = checkMaxResults(input.MaxResults, 1, 1000) ?? 1000;
      const start = decodeToken(input.NextToken);
      const rows = rowsOf(e);
      const page = rows.slice(start, start + max);
      return {
        UpdateCount: e.updateCount ?? 0,
        ResultSet: {
          Rows: page.map((r) => ({ Data: r.map((v) => (v === null ? {} : { VarCharValue: v })) })),
          ResultSetMetadata: {
            ColumnInfo: (e.columns ?? []).map((c) => ({
              CatalogName: 'hive',
              SchemaName: '',
              TableName: '',
              Name: c.Name,
              Label: c.Name,
              Type: c.Type,
              Precision: c.Precision,
              Scale: c.Scale,
              Nullable: 'UNKNOWN',
              CaseSensitive: c.CaseSensitive,
            })),
          },
        },
        ...(start + max < rows.length ? { NextToken: encodeToken(start + max) } : {}),
      };
    },
  };
}
