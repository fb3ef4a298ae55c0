// DuckDB error text → Athena's StateChangeReason (`COLUMN_NOT_FOUND: line 1:8: Column 'x' cannot be resolved`),
// in Trino's words: the user wrote Trino SQL and must not see DuckDB's binder or catalog messages. Positions come
// from the names a message quotes, searched in the user's text (DuckDB's own caret points into the translation).
// Runtime errors the translation raises on purpose (__trino_raise: DIVISION_BY_ZERO, subscripts…) arrive as a
// failed cast of their own text and are passed through as they are; Trino gives runtime errors no position.

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

/** line:column of the first whole-word occurrence of `name` (outside nothing smarter), else 1:1. */
function positionOf(sql: string, name?: string, suffix = ''): string {
  if (!name) return '1:1';
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const m = new RegExp(`(?<![\\w$])"?${escaped}"?${suffix}`, 'i').exec(sql);
  return m ? lineCol(sql, m.index) : '1:1';
}

/** DuckDB type names in messages → Trino's. */
const TRINO_TYPE: Record<string, string> = {
  INT8: 'tinyint', INT16: 'smallint', INT32: 'integer', INT64: 'bigint', INT128: 'bigint', TINYINT: 'tinyint',
  SMALLINT: 'smallint', INTEGER: 'integer', BIGINT: 'bigint', HUGEINT: 'bigint', DOUBLE: 'double', FLOAT: 'real',
  VARCHAR: 'varchar', STRING_LITERAL: 'varchar(1)', INTEGER_LITERAL: 'integer', BOOLEAN: 'boolean', DATE: 'date',
  TIMESTAMP: 'timestamp(3)', 'TIMESTAMP WITH TIME ZONE': 'timestamp(3) with time zone', BLOB: 'varbinary', INTERVAL: 'interval day to second',
};
const trinoType = (t: string) => TRINO_TYPE[t.trim().toUpperCase()] ?? t.trim().toLowerCase().replace(/\[\]$/, ' array');

const user = (reason: string, type = 1100): MappedError => ({ reason, category: 2, type });

/** Trino's type word in "Cannot cast 'x' to …" for DuckDB's integer type names (Integer.parseInt → INT). */
const CAST_WORD: Record<string, string> = { INT8: 'TINYINT', INT16: 'SMALLINT', INT32: 'INT', INT64: 'BIGINT' };

export function mapDuckError(sql: string, raw: string, database: string): MappedError {
  const message = raw.replace(/^Failed to extract statements: /, '').split('\n')[0]!.trim();
  let m: RegExpExecArray | null;
  // Raised by the translation on purpose: the cast's text is Athena's reason.
  if ((m = /^Conversion Error: Could not convert string '([A-Z_]+: [\s\S]*)' to INT32/.exec(message))) return user(m[1]!);
  if ((m = /^Conversion Error: Could not convert string '([\s\S]*)' to (\w+)/.exec(message))) {
    const to = m[2]!.toUpperCase();
    if (to === 'DATE' || to.startsWith('TIMESTAMP')) return user(`INVALID_CAST_ARGUMENT: Value cannot be cast to ${to === 'DATE' ? 'date' : 'timestamp'}: ${m[1]}`);
    return user(`INVALID_CAST_ARGUMENT: Cannot cast '${m[1]}' to ${CAST_WORD[to] ?? trinoType(to).toUpperCase()}`);
  }
  if ((m = /^Conversion Error: Type (\S+) with value (\S+) can't be cast because the value is out of range for the destination type (\w+)/.exec(message))) {
    // Trino: narrowing an exact number is NUMERIC_VALUE_OUT_OF_RANGE, a double that does not fit INVALID_CAST_ARGUMENT.
    const code = /^(DOUBLE|FLOAT)$/i.test(m[1]!) ? 'INVALID_CAST_ARGUMENT' : 'NUMERIC_VALUE_OUT_OF_RANGE';
    return user(`${code}: Out of range for ${trinoType(m[3]!)}: ${m[2]}`);
  }
  if ((m = /^Out of Range Error: Overflow in (addition|subtraction|multiplication|negation) of (\w+) \((.*)\)!?$/.exec(message))) {
    return user(`NUMERIC_VALUE_OUT_OF_RANGE: ${trinoType(m[2]!)} ${m[1]} overflow: ${m[3]}`);
  }
  if (/^Conversion Error:/.test(message)) return user(`INVALID_CAST_ARGUMENT: ${message.replace(/^Conversion Error: /, '')}`);
  if (/^Out of Range Error:/.test(message)) return user(`NUMERIC_VALUE_OUT_OF_RANGE: ${message.replace(/^Out of Range Error: /, '')}`);
  if ((m = /^Catalog Error: Table with name (\S+?)!? does not exist/.exec(message))) {
    const name = m[1]!;
    return user(`TABLE_NOT_FOUND: line ${positionOf(sql, name)}: Table 'awsdatacatalog.${database}.${name.toLowerCase()}' does not exist`, 1301);
  }
  if ((m = /^Binder Error: Referenced column "?([^"]+?)"? not found/.exec(message))) {
    return user(`COLUMN_NOT_FOUND: line ${positionOf(sql, m[1])}: Column '${m[1]}' cannot be resolved`, 1006);
  }
  if ((m = /^Binder Error: Referenced table "?([^"]+?)"? not found/.exec(message))) {
    return user(`COLUMN_NOT_FOUND: line ${positionOf(sql, m[1], '\\.')}: Column prefix '${m[1]}' cannot be resolved`, 1006);
  }
  if ((m = /^Binder Error: Values list "?([^"]+?)"? does not have a column named "?([^"]+?)"?$/.exec(message))) {
    return user(`COLUMN_NOT_FOUND: line ${positionOf(sql, `${m[1]}.${m[2]}`)}: Column '${m[1]}.${m[2]}' cannot be resolved`, 1006);
  }
  if ((m = /^Catalog Error: (?:Scalar |Aggregate |Table )?Function with name "?(\w+)"? does not exist/.exec(message))) {
    return user(`FUNCTION_NOT_FOUND: line ${positionOf(sql, m[1], '\\s*\\(')}: Function '${m[1]!.toLowerCase()}' not registered`);
  }
  if ((m = /^Binder Error: column "?([^"]+?)"? must appear in the GROUP BY clause/.exec(message))) {
    return user(`EXPRESSION_NOT_AGGREGATE: line ${positionOf(sql, m[1])}: '${m[1]}' must be an aggregate expression or appear in GROUP BY clause`);
  }
  if ((m = /^Binder Error: Ambiguous reference to column name "?([^"]+?)"?/.exec(message))) {
    return user(`AMBIGUOUS_NAME: line ${positionOf(sql, m[1])}: Column '${m[1]}' is ambiguous`);
  }
  if (/^Binder Error: aggregate function calls cannot be nested/.test(message)) {
    return user(`NESTED_AGGREGATION: line 1:1: Cannot nest aggregations inside aggregation`);
  }
  if (/^Binder Error: (WHERE clause|GROUP BY clause|JOIN clause) cannot contain aggregates/.test(message)) {
    return user(`EXPRESSION_NOT_SCALAR: line 1:1: ${/WHERE|GROUP BY|JOIN/.exec(message)![0]} clause cannot contain aggregations, window functions or grouping operations`);
  }
  if ((m = /^Binder Error: (?:No function matches the given name and argument types|Could not choose a best candidate function for the function call) '?"?([^'"(]+)\((.*?)\)/.exec(message))) {
    const fn = m[1]!.trim();
    const types = m[2]!.split(',').filter((t) => t.trim()).map(trinoType).join(', ');
    if (/^[-+*/%<>=!|]+$/.test(fn)) return user(`TYPE_MISMATCH: line 1:1: Cannot apply operator: ${types.replace(', ', ` ${fn} `)}`);
    const name = fn.replace(/^__(?:trino|athena)_/, '');
    // Trino reports a call no overload takes as FUNCTION_NOT_FOUND ("Unexpected parameters …").
    return user(`FUNCTION_NOT_FOUND: line ${positionOf(sql, name, '\\s*\\(')}: Unexpected parameters (${types}) for function ${name}`);
  }
  if ((m = /^Binder Error: Macro (\w+)\(\) does not support the supplied arguments/.exec(message))) {
    const name = m[1]!.replace(/^__(?:trino|athena)_/, '');
    return user(`FUNCTION_NOT_FOUND: line ${positionOf(sql, name, '\\s*\\(')}: Unexpected parameters for function ${name}`);
  }
  if (/^Binder Error: Cannot (compare|mix) values of type/.test(message)) {
    const types = [...message.matchAll(/type (\S+?)(?: and|\s|$|\.)/g)].map((t) => trinoType(t[1]!));
    return user(`TYPE_MISMATCH: line 1:1: Cannot apply operator: ${types.join(' = ')}`);
  }
  if ((m = /^Not implemented Error: Unknown TimeZone '([^']*)'/.exec(message))) return user(`INVALID_FUNCTION_ARGUMENT: Time zone not supported: ${m[1]}`);
  if (/^Invalid Input Error:/.test(message)) return user(`INVALID_FUNCTION_ARGUMENT: ${message.replace(/^Invalid Input Error: /, '')}`);
  // Trino's grammar accepted the query (it was parsed first), so DuckDB failing to parse the translation is a
  // construct the local engine does not translate.
  if (/^Parser Error:/.test(message)) return user(`NOT_SUPPORTED: line 1:1: the local Athena cannot run this construct (${message.replace(/^Parser Error: /, '')})`);
  if (/^(Binder|Catalog|Not implemented) Error:/.test(message)) return user(`NOT_SUPPORTED: ${message.replace(/^\w+(?: \w+)? Error: /, '')}`);
  return { reason: `GENERIC_INTERNAL_ERROR: ${message}`, category: 1, type: 1000 };
}
