// Values as Athena prints them in GetQueryResults (and its CSV): the text of any DuckDB result type, nested ones
// included, as Trino's client renders it. DuckDB's own VARCHAR cast differs inside arrays, maps and rows: NULL
// (Athena: null), quoted strings ('b,c' where Athena prints b,c), struct syntax {'x': 1} (Athena: {x=1}), and
// it prints doubles, intervals and times in its own layout. athenaText(expr, type) builds the SQL expression for a
// column of that type; the engine applies it to each result column. Doubles use the macro __trino_double_text
// (Java's Double.toString, defined with the engine's macros).

/** Split a type parameter list at top-level commas. */
function splitTop(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quoted = false;
  let cur = '';
  for (const ch of s) {
    if (ch === '"') quoted = !quoted;
    if (!quoted && ch === '(') depth++;
    if (!quoted && ch === ')') depth--;
    if (!quoted && ch === ',' && depth === 0) {
      out.push(cur.trim());
      cur = '';
    } else cur += ch;
  }
  if (cur.trim()) out.push(cur.trim());
  return out;
}

/** `"a b" INTEGER` or `x VARCHAR` → name and type. */
function field(f: string): { name: string; type: string } {
  const m = /^("(?:[^"]|"")*"|[^\s]+)\s+([\s\S]+)$/.exec(f.trim());
  if (!m) return { name: f, type: 'VARCHAR' };
  const name = m[1]!.startsWith('"') ? m[1]!.slice(1, -1).replace(/""/g, '"') : m[1]!;
  return { name, type: m[2]! };
}

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;
const str = (s: string) => `'${s.replace(/'/g, "''")}'`;

let counter = 0;

/** SQL text of `expr` (a value of DuckDB type `type`) as Athena prints it; NULL stays NULL at the top level. */
export function athenaText(expr: string, type: string): string {
  const t = type.trim();
  const T = t.toUpperCase();
  // Lists (and fixed-size arrays): [a, b, null]
  const list = /^(.*)\[\d*\]$/s.exec(t);
  if (list) {
    const e = `__trino_r${++counter}`;
    return `CASE WHEN ${expr} IS NULL THEN NULL ELSE '[' || array_to_string(list_transform(${expr}, lambda ${e}: coalesce(${athenaText(e, list[1]!)}, 'null')), ', ') || ']' END`;
  }
  if (T.startsWith('MAP(')) {
    const [k, v] = splitTop(t.slice(4, -1));
    const e = `__trino_r${++counter}`;
    const entry = `coalesce(${athenaText(`${e}.key`, k!)}, 'null') || '=' || coalesce(${athenaText(`${e}.value`, v!)}, 'null')`;
    return `CASE WHEN ${expr} IS NULL THEN NULL ELSE '{' || array_to_string(list_transform(map_entries(${expr}), lambda ${e}: ${entry}), ', ') || '}' END`;
  }
  if (T.startsWith('STRUCT(')) {
    const fields = splitTop(t.slice(7, -1)).map(field);
    const parts = fields.map((f) => `${str(`${f.name}=`)} || coalesce(${athenaText(`struct_extract(${expr}, ${str(f.name)})`, f.type)}, 'null')`);
    return `CASE WHEN ${expr} IS NULL THEN NULL ELSE '{' || ${parts.length ? parts.join(` || ', ' || `) : "''"} || '}' END`;
  }
  if (T === 'DOUBLE' || T === 'FLOAT') return `__trino_double_text(${expr})`;
  if (T === 'TIMESTAMP WITH TIME ZONE') return `strftime(${expr}, '%Y-%m-%d %H:%M:%S.%g UTC')`;
  if (T.startsWith('TIMESTAMP')) return `strftime(${expr}, '%Y-%m-%d %H:%M:%S.%g')`;
  if (T === 'TIME') return `strftime(make_timestamp(2000, 1, 1, hour(${expr}), minute(${expr}), microsecond(${expr}) / 1e6), '%H:%M:%S.%g')`;
  if (T === 'INTERVAL') return `__trino_interval_text(${expr})`;
  if (T === 'VARCHAR') return expr;
  return `CAST(${expr} AS VARCHAR)`;
}

/** Macros the rendering uses (besides __trino_double_text). */
export const RENDER_MACROS = [
  // Trino's interval types print as `D HH:MM:SS.mmm` (day to second) or `Y-M` (year to month). DuckDB keeps months,
  // days and microseconds apart (parse_duration's 91 hours stay hours): a day-to-second value is normalized.
  `CREATE OR REPLACE TEMP MACRO __trino_interval_text(i) AS CASE WHEN i IS NULL THEN NULL
     WHEN datepart('year', i) * 12 + datepart('month', i) <> 0 AND datepart('day', i) = 0 AND epoch(i - to_months(datepart('year', i) * 12 + datepart('month', i))) = 0
       THEN (datepart('year', i) * 12 + datepart('month', i)) // 12 || '-' || (datepart('year', i) * 12 + datepart('month', i)) % 12
     ELSE list_transform([CAST(round(epoch(i) * 1000) AS BIGINT)], lambda ms: CASE WHEN ms < 0 THEN '-' ELSE '' END
       || abs(ms) // 86400000 || ' ' || lpad(CAST(abs(ms) // 3600000 % 24 AS VARCHAR), 2, '0') || ':' || lpad(CAST(abs(ms) // 60000 % 60 AS VARCHAR), 2, '0')
       || ':' || lpad(CAST(abs(ms) // 1000 % 60 AS VARCHAR), 2, '0') || '.' || lpad(CAST(abs(ms) % 1000 AS VARCHAR), 3, '0'))[1] END`,
];
