// Trino's function-like grammar forms that are not plain calls, answered by the library: EXTRACT(field FROM x)
// with Trino's fields (DOW is ISO 1-7, YEAR_OF_WEEK, DAY_OF_YEAR…), TRIM([[BOTH|LEADING|TRAILING] [chars] FROM] x)
// whose default is Java whitespace, LISTAGG(x, sep) WITHIN GROUP (ORDER BY …), and JSON_EXISTS/JSON_VALUE/JSON_QUERY
// with their default behaviors. The translator's emitter calls grammarForm() for these nodes.
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
  return undefined;
}
