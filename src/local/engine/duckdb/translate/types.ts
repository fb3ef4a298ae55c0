// Trino type names (as written in CAST, typed literals) → DuckDB type names.

/** Split at top-level commas: `varchar, array(bigint)` → ['varchar', 'array(bigint)']. */
function splitTop(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of s) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      out.push(cur.trim());
      cur = '';
    } else cur += ch;
  }
  if (cur.trim()) out.push(cur.trim());
  return out;
}

const SIMPLE: Record<string, string> = {
  boolean: 'BOOLEAN', tinyint: 'TINYINT', smallint: 'SMALLINT', integer: 'INTEGER', int: 'INTEGER', bigint: 'BIGINT',
  real: 'FLOAT', double: 'DOUBLE', 'double precision': 'DOUBLE', varchar: 'VARCHAR', char: 'VARCHAR', string: 'VARCHAR',
  varbinary: 'BLOB', date: 'DATE', time: 'TIME', timestamp: 'TIMESTAMP', json: 'JSON', uuid: 'UUID', decimal: 'DECIMAL(38,0)',
  'timestamp with time zone': 'TIMESTAMPTZ', 'time with time zone': 'TIMETZ',
  'interval day to second': 'INTERVAL', 'interval year to month': 'INTERVAL', ipaddress: 'VARCHAR',
};

export function trinoTypeToDuck(text: string): string {
  const t = text.trim().replace(/\s+/g, ' ').toLowerCase();
  if (SIMPLE[t]) return SIMPLE[t]!;
  let m: RegExpExecArray | null;
  if ((m = /^(varchar|char)\s*\(\s*\d+\s*\)$/.exec(t))) return 'VARCHAR';
  if ((m = /^decimal\s*\(\s*(\d+)\s*(?:,\s*(\d+)\s*)?\)$/.exec(t))) return `DECIMAL(${m[1]},${m[2] ?? 0})`;
  // timestamp(p): DuckDB keeps microseconds; Trino's default precision 3 is what the results show.
  if ((m = /^timestamp\s*\(\s*\d+\s*\)( with time zone)?$/.exec(t))) return m[1] ? 'TIMESTAMPTZ' : 'TIMESTAMP';
  if ((m = /^time\s*\(\s*\d+\s*\)$/.exec(t))) return 'TIME';
  if ((m = /^array\s*\((.*)\)$/.exec(t))) return `${trinoTypeToDuck(m[1]!)}[]`;
  if ((m = /^map\s*\((.*)\)$/.exec(t))) {
    const [k, v] = splitTop(m[1]!);
    return `MAP(${trinoTypeToDuck(k ?? 'varchar')}, ${trinoTypeToDuck(v ?? 'varchar')})`;
  }
  if ((m = /^row\s*\((.*)\)$/.exec(t))) {
    const fields = splitTop(m[1]!).map((f, i) => {
      const sp = /^("(?:[^"]|"")*"|[a-z_][\w]*)\s+(.+)$/.exec(f);
      // An anonymous field (`row(bigint, varchar)`) is named field0, field1… as Trino shows none.
      return sp && !SIMPLE[f] ? `${sp[1]} ${trinoTypeToDuck(sp[2]!)}` : `field${i} ${trinoTypeToDuck(f)}`;
    });
    return `STRUCT(${fields.join(', ')})`;
  }
  return t.toUpperCase();
}

/** Trino types `DECIMAL '12.50'` as decimal(4,2): precision = digits, scale = digits after the point. */
export function decimalLiteralType(value: string): string {
  const v = value.trim().replace(/^[-+]/, '');
  const [int = '', frac = ''] = v.split('.');
  const digits = int.replace(/^0+(?=\d)/, '').length + frac.length;
  return `DECIMAL(${Math.max(1, Math.min(38, digits))},${Math.min(38, frac.length)})`;
}
