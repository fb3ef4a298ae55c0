// Glue (Hive) column types → the column kinds the converter and the Parquet writer understand.

export type ColumnKind =
  | { kind: 'string' }
  | { kind: 'tinyint' | 'smallint' | 'int' | 'bigint' }
  | { kind: 'float' | 'double' }
  | { kind: 'boolean' }
  | { kind: 'timestamp' }
  | { kind: 'date' }
  | { kind: 'decimal'; precision: number; scale: number }
  /** Complex types (array, map, struct) are kept as their JSON text. */
  | { kind: 'json'; glueType: string };

export interface Column {
  /** Lower-cased, as Glue stores it and OpenX matches it. */
  name: string;
  glueType: string;
  type: ColumnKind;
}

export function parseGlueType(glueType: string): ColumnKind {
  const t = glueType.trim().toLowerCase();
  if (t === 'string' || t.startsWith('varchar') || t.startsWith('char')) return { kind: 'string' };
  if (t === 'tinyint' || t === 'smallint' || t === 'int' || t === 'bigint') return { kind: t };
  if (t === 'integer') return { kind: 'int' };
  if (t === 'float' || t === 'double') return { kind: t };
  if (t === 'boolean') return { kind: 'boolean' };
  if (t === 'timestamp') return { kind: 'timestamp' };
  if (t === 'date') return { kind: 'date' };
  const dec = /^decimal\s*(?:\(\s*(\d+)\s*(?:,\s*(\d+)\s*)?\))?$/.exec(t);
  if (dec) return { kind: 'decimal', precision: Number(dec[1] ?? 10), scale: Number(dec[2] ?? 0) };
  return { kind: 'json', glueType: t };
}

/** Columns of a Glue table (StorageDescriptor.Columns; partition keys are not in the file, as with AWS). */
export function columnsOfTable(table: any): Column[] {
  const cols: Array<{ Name: string; Type: string }> = table?.StorageDescriptor?.Columns ?? [];
  return cols.map((c) => ({ name: c.Name.toLowerCase(), glueType: c.Type, type: parseGlueType(c.Type) }));
}

/** DuckDB SQL type for a column, chosen so the Parquet physical/logical types match what Glue implies. */
export function duckdbType(t: ColumnKind): string {
  switch (t.kind) {
    case 'string':
    case 'json':
      return 'VARCHAR';
    case 'tinyint':
      return 'TINYINT';
    case 'smallint':
      return 'SMALLINT';
    case 'int':
      return 'INTEGER';
    case 'bigint':
      return 'BIGINT';
    case 'float':
      return 'FLOAT';
    case 'double':
      return 'DOUBLE';
    case 'boolean':
      return 'BOOLEAN';
    case 'timestamp':
      return 'TIMESTAMP';
    case 'date':
      return 'DATE';
    case 'decimal':
      return `DECIMAL(${t.precision},${t.scale})`;
  }
}
