// Type names across the seam: Glue/Hive column types → DuckDB types (to type the relations), and DuckDB result
// types → Athena's ColumnInfo (Type, Precision, Scale as Athena reports them).

/** Split a type parameter list at top-level commas: `a:int,b:map<string,int>` → ['a:int', 'b:map<string,int>']. */
function splitTop(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of s) {
    if (ch === '<' || ch === '(') depth++;
    if (ch === '>' || ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      out.push(cur.trim());
      cur = '';
    } else cur += ch;
  }
  if (cur.trim()) out.push(cur.trim());
  return out;
}

const quoteIdent = (s: string) => `"${s.replace(/"/g, '""')}"`;

/** DuckDB type for a Glue (Hive DDL) column type. Unknown types read as VARCHAR. */
export function glueToDuck(glueType: string): string {
  const t = glueType.trim().toLowerCase();
  const inner = (prefix: string) => t.slice(prefix.length, -1);
  if (t.startsWith('array<')) return `${glueToDuck(inner('array<'))}[]`;
  if (t.startsWith('map<')) {
    const [k, v] = splitTop(inner('map<'));
    return `MAP(${glueToDuck(k!)}, ${glueToDuck(v!)})`;
  }
  if (t.startsWith('struct<')) {
    const fields = splitTop(inner('struct<')).map((f) => {
      const colon = f.indexOf(':');
      return `${quoteIdent(f.slice(0, colon).trim())} ${glueToDuck(f.slice(colon + 1))}`;
    });
    return `STRUCT(${fields.join(', ')})`;
  }
  const dec = /^decimal\((\d+)\s*,\s*(\d+)\)$/.exec(t);
  if (dec) return `DECIMAL(${dec[1]},${dec[2]})`;
  if (t === 'decimal') return 'DECIMAL(10,0)';
  if (/^(varchar|char)(\(\d+\))?$/.test(t) || t === 'string') return 'VARCHAR';
  const simple: Record<string, string> = {
    tinyint: 'TINYINT', smallint: 'SMALLINT', int: 'INTEGER', integer: 'INTEGER', bigint: 'BIGINT',
    float: 'FLOAT', real: 'FLOAT', double: 'DOUBLE', boolean: 'BOOLEAN', date: 'DATE',
    timestamp: 'TIMESTAMP', binary: 'BLOB',
  };
  return simple[t] ?? 'VARCHAR';
}

export interface AthenaColumnType {
  Type: string;
  Precision: number;
  Scale: number;
  CaseSensitive: boolean;
}

/** Athena's ColumnInfo type for a DuckDB result column type (DESCRIBE's column_type). */
export function duckToAthena(duckType: string): AthenaColumnType {
  const t = duckType.toUpperCase();
  const col = (Type: string, Precision = 0, Scale = 0, CaseSensitive = false): AthenaColumnType => ({ Type, Precision, Scale, CaseSensitive });
  if (t.endsWith(']')) return col('array');
  if (t.startsWith('MAP(')) return col('map');
  if (t.startsWith('STRUCT(')) return col('row');
  const dec = /^DECIMAL\((\d+),(\d+)\)$/.exec(t.replace(/\s/g, ''));
  if (dec) return col('decimal', Number(dec[1]), Number(dec[2]));
  switch (t) {
    case 'VARCHAR': return col('varchar', 2147483647, 0, true);
    case 'BOOLEAN': return col('boolean');
    case 'TINYINT': return col('tinyint', 3);
    case 'SMALLINT': return col('smallint', 5);
    case 'INTEGER': return col('integer', 10);
    // Athena's sums and counts are bigint; DuckDB widens sums to HUGEINT.
    case 'BIGINT': case 'HUGEINT': case 'UBIGINT': case 'UINTEGER': return col('bigint', 19);
    case 'USMALLINT': case 'UTINYINT': return col('integer', 10);
    case 'FLOAT': return col('float', 7);
    case 'DOUBLE': return col('double', 17);
    case 'DATE': return col('date');
    case 'TIME': return col('time', 3);
    case 'TIMESTAMP': case 'TIMESTAMP_MS': case 'TIMESTAMP_NS': case 'TIMESTAMP_S': return col('timestamp', 3);
    case 'TIMESTAMP WITH TIME ZONE': return col('timestamp with time zone', 3);
    case 'INTERVAL': return col('interval day to second');
    case 'BLOB': return col('varbinary', 2147483647);
    case 'UUID': return col('uuid');
    case 'JSON': return col('json');
    default: return col('varchar', 2147483647, 0, true);
  }
}

/** Trino's name for a DuckDB type (view column types, as Athena records them). */
export function duckToTrino(duckType: string): string {
  const t = duckType.trim();
  const u = t.toUpperCase();
  if (u.endsWith('[]')) return `array(${duckToTrino(t.slice(0, -2))})`;
  const inner = (prefix: string) => splitTop(t.slice(prefix.length, -1));
  if (u.startsWith('MAP(')) return `map(${inner('MAP(').map(duckToTrino).join(', ')})`;
  if (u.startsWith('STRUCT(')) {
    return `row(${inner('STRUCT(').map((f) => {
      const m = /^("(?:[^"]|"")*"|\S+)\s+(.+)$/.exec(f);
      return m ? `${m[1]!.replace(/^"|"$/g, '')} ${duckToTrino(m[2]!)}` : duckToTrino(f);
    }).join(', ')})`;
  }
  const dec = /^DECIMAL\((\d+),\s*(\d+)\)$/.exec(u);
  if (dec) return `decimal(${dec[1]},${dec[2]})`;
  const simple: Record<string, string> = {
    VARCHAR: 'varchar', BOOLEAN: 'boolean', TINYINT: 'tinyint', SMALLINT: 'smallint', INTEGER: 'integer', BIGINT: 'bigint',
    HUGEINT: 'bigint', FLOAT: 'real', DOUBLE: 'double', DATE: 'date', TIME: 'time(3)', TIMESTAMP: 'timestamp(3)',
    'TIMESTAMP WITH TIME ZONE': 'timestamp(3) with time zone', BLOB: 'varbinary', INTERVAL: 'interval day to second', JSON: 'json', UUID: 'uuid',
  };
  return simple[u] ?? t.toLowerCase();
}
