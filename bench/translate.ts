// Cost of the Trino → DuckDB translation per query: parsing with Trino's grammar (dt-sql-parser on antlr4ng)
// plus emitting DuckDB SQL, for typical analytics queries. Cold = the first query of a process (loads the parser,
// ANTLR warms its DFA); warm = every later query (median over repeated runs). No DuckDB involved. Usage:
//   node --import tsx bench/translate.ts [runs=200]
import { translateQuery } from '../src/local/engine/duckdb/translate.js';
import { printFigure } from './figure.js';

const runs = Number(process.argv[2] ?? 200);
const queries: Record<string, string> = {
  'simple count': 'SELECT count(*) FROM events',
  'group by hour': `SELECT date_trunc('hour', event_date) AS h, status, count(*) AS n, approx_percentile(amount, 0.5) AS p50
    FROM events WHERE year = 2026 AND month = 11 GROUP BY 1, 2 ORDER BY n DESC LIMIT 10`,
  'window + CTE + UNNEST': `WITH daily AS (SELECT user_id, date_trunc('day', ts) AS d, sum(amount) AS total FROM events GROUP BY 1, 2)
    SELECT user_id, d, total, rank() OVER (PARTITION BY d ORDER BY total DESC) AS r, x
    FROM daily CROSS JOIN UNNEST(ARRAY[1, 2, 3]) AS t(x) WHERE total / 2 > 10`,
  'lambdas + json': `SELECT transform(filter(tags, x -> x <> ''), x -> upper(x)), json_extract_scalar(payload, '$.a.b'),
    try(CAST(json_extract_scalar(payload, '$.n') AS bigint)), element_at(m, 'k'), a[1] FROM events`,
};

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

let t = performance.now();
await translateQuery(queries['simple count']!, 'analytics');
const cold = performance.now() - t;
console.log(`first query (parser load + DFA warm-up): ${cold.toFixed(0)} ms`);
printFigure({ name: 'translate: first query of a process (load + parse)', value: Math.round(cold), unit: 'ms' });

for (const [name, sql] of Object.entries(queries)) {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    t = performance.now();
    await translateQuery(sql, 'analytics');
    times.push(performance.now() - t);
  }
  const ms = median(times);
  console.log(`${name}: ${ms.toFixed(2)} ms per parse+translate (median of ${runs})`);
  printFigure({ name: `translate: ${name}`, value: Math.round(ms * 100) / 100, unit: 'ms' });
}
