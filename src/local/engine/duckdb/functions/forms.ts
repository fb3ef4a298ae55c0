// Trino's function-like grammar forms that are not plain calls, answered by the library: EXTRACT(field FROM x)
// with Trino's fields (DOW is ISO 1-7, YEAR_OF_WEEK, DAY_OF_YEAR…), TRIM([[BOTH|LEADING|TRAILING] [chars] FROM] x)
// whose default is Java whitespace, LISTAGG(x, sep) WITHIN GROUP (ORDER BY …), JSON_EXISTS/JSON_VALUE/JSON_QUERY
// with their default behaviors, and the JSON_ARRAY/JSON_OBJECT constructors. The translator's emitter calls grammarForm() for these nodes.
import type { ParseTree, ParserRuleContext } from 'antlr4ng';
import { sqlJsonFunction, sqlJsonPathLiteral } from './json.js';
import { trimExpression } from './strings.js';

/** What grammarForm needs from the emitter. */
export interface FormEmitter {
  /** The grammar's context classes (the TrinoSqlParser module). */
  G: Record<string, unknown>;
  emit(node: ParseTree): string;
  text(node: ParseTree): string;
  /** Fail the query at `node` with an Athena error code. */
  fail(code: 'NOT_SUPPORTED' | 'INVALID_FUNCTION_ARGUMENT', message: string, node: ParseTree): never;
}

/** Trino's EXTRACT fields → DuckDB functions (all bigint). */
const EXTRACT: Record<string, string> = {
  YEAR: 'year', QUARTER: 'quarter', MONTH: 'month', WEEK: 'week', DAY: 'day', DAY_OF_MONTH: 'day',
  DAY_OF_WEEK: 'isodow', DOW: 'isodow', DAY_OF_YEAR: 'dayofyear', DOY: 'dayofyear', YEAR_OF_WEEK: 'isoyear', YOW: 'isoyear',
  HOUR: 'hour', MINUTE: 'minute', SECOND: 'second',
};

type Ctx = ParserRuleContext & Record<string, (...a: unknown[]) => unknown>;
const is = (node: ParseTree, G: FormEmitter['G'], name: string) => typeof G[name] === 'function' && node instanceof (G[name] as new (...a: never[]) => unknown);

export function grammarForm(node: ParseTree, e: FormEmitter): string | undefined {
  if (is(node, e.G, 'ExtractContext')) {
    const n = node as Ctx;
    const field = e.text(n.identifier() as ParseTree).toUpperCase();
    const fn = EXTRACT[field];
    if (!fn) {
      if (field === 'TIMEZONE_HOUR' || field === 'TIMEZONE_MINUTE') e.fail('NOT_SUPPORTED', `extract(${field}): DuckDB's timestamp with time zone keeps no offset`, n);
      e.fail('INVALID_FUNCTION_ARGUMENT', `Invalid EXTRACT field: ${field}`, n);
    }
    return `${fn}(${e.emit(n.valueExpression() as ParseTree)})`;
  }
  if (is(node, e.G, 'TrimContext')) {
    const n = node as Ctx & { _trimChar?: ParseTree; _trimSource?: ParseTree };
    const spec = n.trimsSpecification() ? e.text(n.trimsSpecification() as ParseTree).toLowerCase() : 'both';
    const source = e.emit(n._trimSource!);
    return trimExpression(spec as 'both' | 'leading' | 'trailing', source, n._trimChar ? e.emit(n._trimChar) : undefined);
  }
  if (is(node, e.G, 'ListAggContext')) {
    const n = node as Ctx;
    if (n.listAggOverflowBehavior() && /TRUNCATE/i.test(e.text(n.listAggOverflowBehavior() as ParseTree))) {
      e.fail('NOT_SUPPORTED', 'listagg … ON OVERFLOW TRUNCATE is not supported locally', n);
    }
    const distinct = n.setQuantifier() && /DISTINCT/i.test(e.text(n.setQuantifier() as ParseTree)) ? 'DISTINCT ' : '';
    const sep = n.string() ? e.emit(n.string() as ParseTree) : "''";
    const sorts = (n.sortItem() as ParseTree[]).map((s) => e.emit(s));
    const order = sorts.length ? ` ORDER BY ${sorts.join(', ')}` : '';
    const filter = n.filter() ? ` ${e.emit(n.filter() as ParseTree)}` : '';
    return `string_agg(${distinct}${e.emit(n.expression() as ParseTree)}, ${sep}${order})${filter}`;
  }
  for (const [ctxName, fn] of [['JsonExistsContext', 'json_exists'], ['JsonValueContext', 'json_value'], ['JsonQueryContext', 'json_query']] as const) {
    if (!is(node, e.G, ctxName)) continue;
    const n = node as Ctx;
    const inv = n.jsonPathInvocation() as Ctx;
    // Only the default behaviors: RETURNING, PASSING, a path name, ON EMPTY/ON ERROR and wrapper clauses are refused.
    const extra = ['KW_RETURNING', 'KW_ON', 'KW_WRAPPER', 'KW_QUOTES', 'KW_FORMAT'].some((k) => {
      const r = typeof n[k] === 'function' ? n[k]() : null;
      return Array.isArray(r) ? r.length > 0 : !!r;
    });
    if (extra || inv.KW_PASSING() || inv.KW_AS()) e.fail('NOT_SUPPORTED', `${fn}: only the default behaviors are supported locally (no RETURNING, PASSING, ON EMPTY/ERROR or wrapper clauses)`, n);
    const valueExpr = inv.jsonValueExpression() as Ctx;
    const json = e.emit(valueExpr.expression() as ParseTree);
    const lit = e.text(inv.string() as ParseTree).trim();
    const path = sqlJsonPathLiteral(lit.slice(1, -1).replace(/''/g, "'"), (m) => e.fail('NOT_SUPPORTED', `${fn}: ${m}`, n));
    return sqlJsonFunction(fn, json, path);
  }
  if (is(node, e.G, 'JsonArrayContext') || is(node, e.G, 'JsonObjectContext')) return jsonConstructor(node as Ctx, e);
  return undefined;
}

/**
 * JSON_ARRAY(v, … [ABSENT|NULL ON NULL]) and JSON_OBJECT(k : v, … [NULL|ABSENT ON NULL]) as varchar text: each value
 * becomes a JSON item (to_json: numbers and booleans as literals, strings quoted, JSON values and the results of
 * json_query/json_array/json_object as they are). The
 * defaults are Trino's: an array leaves NULLs out, an object keeps them as null. RETURNING, FORMAT and WITH UNIQUE
 * KEYS are refused.
 */
function jsonConstructor(n: Ctx, e: FormEmitter): string {
  const isArray = is(n, e.G, 'JsonArrayContext');
  const name = isArray ? 'json_array' : 'json_object';
  const has = (k: string) => {
    const r = typeof n[k] === 'function' ? n[k]() : null;
    return Array.isArray(r) ? r.length > 0 : !!r;
  };
  if (has('KW_RETURNING') || has('KW_FORMAT') || has('KW_UNIQUE')) e.fail('NOT_SUPPORTED', `${name}: RETURNING, FORMAT and WITH UNIQUE KEYS are not supported locally`, n);
  const absent = has('KW_ABSENT') || (isArray && !has('KW_ON'));
  const value = (jve: Ctx) => {
    if (jve.KW_FORMAT && jve.KW_FORMAT()) e.fail('NOT_SUPPORTED', `${name}: FORMAT JSON values are not supported locally`, n);
    const expr = jve.expression() as ParseTree;
    // A JSON-returning function's value is embedded as JSON (Trino's implicit FORMAT JSON), not as a string.
    if (/^\s*(json_query|json_array|json_object)\s*\(/i.test(e.text(expr))) return `CAST(json(${e.emit(expr)}) AS VARCHAR)`;
    return `CAST(to_json(${e.emit(expr)}) AS VARCHAR)`;
  };
  let items: string[];
  if (isArray) {
    items = (n.jsonValueExpression() as Ctx[]).map((v) => (absent ? value(v) : `coalesce(${value(v)}, 'null')`));
  } else {
    items = (n.jsonObjectMember() as Ctx[]).map((m) => {
      const key = `CAST(to_json(CAST(${e.emit(m.expression() as ParseTree)} AS VARCHAR)) AS VARCHAR)`;
      const v = value(m.jsonValueExpression() as Ctx);
      const keyed = `coalesce(${key}, __trino_invalid('null value passed as JSON object key', '')) || ':' || `;
      return absent ? `CASE WHEN ${v} IS NULL THEN NULL ELSE ${keyed}${v} END` : `${keyed}coalesce(${v}, 'null')`;
    });
  }
  const [open, close] = isArray ? ['[', ']'] : ['{', '}'];
  if (!items.length) return `'${open}${close}'`;
  return `'${open}' || array_to_string(list_filter([${items.join(', ')}], lambda __trino_j: __trino_j IS NOT NULL), ',') || '${close}'`;
}
