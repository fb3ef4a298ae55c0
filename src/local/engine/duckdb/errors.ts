// DuckDB error text → Athena's StateChangeReason form (`SYNTAX_ERROR: line 1:8: ...`), keeping DuckDB's words.

export interface MappedError {
  reason: string;
  /** Athena's ErrorCategory (1 system, 2 user, 3 other) and ErrorType. */
  category: number;
  type: number;
}

/** 1-based line:column of a 0-based character offset in the query text. */
export function lineCol(sql: string, offset: number): string {
  const before = sql.slice(0, Math.max(0, offset));
  const line = before.split('\n').length;
  return `${line}:${offset - before.lastIndexOf('\n')}`;
}

/** Where DuckDB points: the caret line under `LINE n: ...`, or the first occurrence of a quoted name. */
function positionOf(sql: string, message: string, name?: string, shift = 0): string {
  const m = /LINE (\d+): (.*)\n( *)\^/.exec(message);
  if (m) return `${m[1]}:${Math.max(1, m[3]!.length - `LINE ${m[1]}: `.length + 1 - (m[1] === '1' ? shift : 0))}`;
  if (name) {
    const at = sql.toLowerCase().indexOf(name.toLowerCase());
    if (at >= 0) return lineCol(sql, at);
  }
  return '1:1';
}

/** `shift`: characters the engine put before the user's SQL on line 1 (e.g. `DESCRIBE `). */
export function mapDuckError(sql: string, raw: string, database: string, shift = 0): MappedError {
  const message = raw.replace(/^Failed to extract statements: /, '').split('\n')[0]!.trim();
  const position = (sql: string, raw: string, name?: string) => positionOf(sql, raw, name, shift);
  let m: RegExpExecArray | null;
  if (/^Parser Error:/.test(message)) {
    const near = /at or near "([^"]+)"/.exec(message)?.[1];
    return { reason: `SYNTAX_ERROR: line ${position(sql, raw, near)}: ${message}`, category: 2, type: 1004 };
  }
  if ((m = /^Catalog Error: Table with name (\S+) does not exist/.exec(message))) {
    const name = m[1]!.replace(/!$/, '');
    return {
      reason: `TABLE_NOT_FOUND: line ${position(sql, raw, name)}: Table 'awsdatacatalog.${database}.${name.toLowerCase()}' does not exist`,
      category: 2,
      type: 1301,
    };
  }
  if ((m = /^Binder Error: Referenced column "?([^"\s]+)"? not found/.exec(message))) {
    return { reason: `COLUMN_NOT_FOUND: line ${position(sql, raw, m[1])}: Column '${m[1]}' cannot be resolved (${message})`, category: 2, type: 1006 };
  }
  if (/^Catalog Error: Scalar Function with name/.test(message)) {
    return { reason: `FUNCTION_NOT_FOUND: line ${position(sql, raw)}: ${message}`, category: 2, type: 1100 };
  }
  if (/^Not implemented Error: Unknown TimeZone/.test(message)) {
    return { reason: `INVALID_FUNCTION_ARGUMENT: line ${position(sql, raw)}: ${message}`, category: 2, type: 1100 };
  }
  if (/^(Binder|Conversion|Invalid Input|Out of Range|Catalog) Error:/.test(message)) {
    return { reason: `INVALID_INPUT: line ${position(sql, raw)}: ${message}`, category: 2, type: 1100 };
  }
  return { reason: `GENERIC_INTERNAL_ERROR: ${message}`, category: 1, type: 1000 };
}
