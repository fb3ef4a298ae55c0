// Trino parse tree → DuckDB SQL text. Every node is emitted as its own source text with its children replaced by
// their emitted text (so whitespace, comments and every construct DuckDB spells as Trino does pass through
// untouched); the handlers below rewrite the nodes whose meaning differs: function calls (through the registry),
// lambdas, `/` and `%` (DIVISION_BY_ZERO), CAST (Trino's rounding and text forms), subscripts (out-of-range
// errors), VALUES, typed literals, TABLESAMPLE, and table references (resolved to catalog views; CTE names kept).
import type { ParserRuleContext, ParseTree } from 'antlr4ng';
import { lookupFunction, lookupCast, type FunctionContext } from '../functions/registry.js';
import { grammarForm } from '../functions/forms.js';
import { duckSchema } from '../information-schema.js';
import { deniedFunction } from '../sandbox.js';
import type { Grammar } from './parse.js';
import { decimalLiteralType, trinoTypeToDuck } from './types.js';
import { findInterval, findLambda, findNode, findRow, isTerminal, TranslateError, unicodeLiteral } from './tree.js';

export interface TableReference {
  database: string;
  name: string;
  /** 0-based offset of the name in the query text. */
  offset: number;
  /** `FOR VERSION|TIMESTAMP AS OF <expr>`: the pointer as DuckDB SQL, its Trino text and where the clause starts. */
  period?: { kind: 'VERSION' | 'TIMESTAMP'; sql: string; text: string; offset: number };
  /** The view this reference reads when it is not `name` (a time-travel read has a view of its own). */
  view?: string;
}

const unquoteIdent = (text: string) => (text.startsWith('"') ? text.slice(1, -1).replace(/""/g, '"') : text).toLowerCase();
const q = (ident: string) => `"${ident.replace(/"/g, '""')}"`;
const stringLiteral = (text: string) => /^'((?:[^']|'')*)'$/.exec(text)?.[1]?.replace(/''/g, "'");

export class Emitter {
  readonly tables: TableReference[] = [];
  private readonly cteNames = new Set<string>();

  constructor(
    private readonly src: string,
    private readonly G: Grammar,
    private readonly database: string,
    readonly catalog: string,
  ) {}

  /** Catalog tables the query names (found before emitting), and their map-typed columns (set by the caller). */
  readonly referencedTables: Array<{ database: string; name: string }> = [];
  mapColumns = new Set<string>();
  /** Does the query read "$path", "$file_size" or "$file_modified_time" (then the views carry the "$file" column)? */
  usesHidden = false;
  /** Names that qualify a catalog table's columns (`t.*`): its alias, else its name. */
  private readonly catalogAliases = new Set<string>();

  /** Collect every CTE name first: a reference to one is not a catalog table. Then the catalog tables' aliases. */
  collectCtes(node: ParseTree): void {
    const walk = (n: ParseTree, visit: (n: ParseTree) => void) => {
      visit(n);
      for (let i = 0; i < n.getChildCount(); i++) walk(n.getChild(i)!, visit);
    };
    walk(node, (n) => {
      if (n instanceof this.G.NamedQueryContext) this.cteNames.add(unquoteIdent(n.identifier().getText()));
      if (n instanceof this.G.QuotedIdentifierContext && HIDDEN_COLUMNS[unquoteIdent(n.getText())]) this.usesHidden = true;
      // The grammar reads these; Trino's AST builder then refuses them with these words.
      if (n instanceof this.G.BackQuotedIdentifierContext) {
        throw new TranslateError('SYNTAX_ERROR', 'backquoted identifiers are not supported; use double quotes to quote identifiers', this.offset(n));
      }
      if (n instanceof this.G.DigitIdentifierContext) {
        throw new TranslateError('SYNTAX_ERROR', 'identifiers must not start with a digit; surround the identifier with double quotes', this.offset(n));
      }
    });
    walk(node, (n) => {
      if (!(n instanceof this.G.AliasedRelationContext)) return;
      const primary = n.relationPrimary();
      if (!(primary instanceof this.G.TableNameContext)) return;
      const name = unquoteIdent(primary.tableOrViewName().getText().split('.').pop()!);
      if (this.cteNames.has(name)) return;
      const parts = primary.tableOrViewName().getText().split('.').map(unquoteIdent);
      this.referencedTables.push({ database: parts.length >= 2 ? parts[parts.length - 2]! : this.database, name });
      this.catalogAliases.add(n.identifier() ? unquoteIdent(n.identifier()!.getText()) : name);
    });
  }

  private text(node: ParseTree): string {
    if (isTerminal(node)) return node.symbol.type === -1 ? '' : this.src.slice(node.symbol.start, node.symbol.stop + 1);
    const ctx = node as ParserRuleContext;
    if (!ctx.start || !ctx.stop || ctx.stop.stop < ctx.start.start) return '';
    return this.src.slice(ctx.start.start, ctx.stop.stop + 1);
  }

  private offset(node: ParseTree): number {
    return isTerminal(node) ? node.symbol.start : ((node as ParserRuleContext).start?.start ?? 0);
  }

  /** The node's source with each child replaced by its emitted text. */
  private splice(ctx: ParserRuleContext): string {
    if (!ctx.start || !ctx.stop || ctx.stop.stop < ctx.start.start) return '';
    let out = '';
    let pos = ctx.start.start;
    for (const child of ctx.children ?? []) {
      const t = this.text(child);
      if (t === '') continue;
      const at = this.offset(child);
      out += this.src.slice(pos, at) + this.emit(child);
      pos = at + t.length;
    }
    return out + this.src.slice(pos, ctx.stop.stop + 1);
  }

  emit(node: ParseTree): string {
    if (isTerminal(node)) return this.text(node);
    const G = this.G;
    if (node instanceof G.FunctionCallContext) return this.functionCall(node);
    if (node instanceof G.ExtractContext || node instanceof G.TrimContext || node instanceof G.ListAggContext
      || node instanceof G.JsonExistsContext || node instanceof G.JsonValueContext || node instanceof G.JsonQueryContext
      || node instanceof G.JsonArrayContext || node instanceof G.JsonObjectContext) {
      // Grammar forms, not calls: the function library answers them (functions/forms.ts).
      return grammarForm(node, {
        G: G as unknown as Record<string, unknown>,
        emit: (n) => this.emit(n),
        text: (n) => this.text(n),
        fail: (code, message, n) => {
          throw new TranslateError(code, message, this.offset(n));
        },
      })!;
    }
    if (node instanceof G.LambdaContext) {
      const params = node.identifier().map((i) => i.getText());
      return `lambda ${params.join(', ')}: ${this.emit(node.expression())}`;
    }
    if (node instanceof G.ArithmeticBinaryContext && (node.SLASH() || node.PERCENT())) return this.division(node);
    if (node instanceof G.UnnestContext) {
      // Trino zips several arrays (padding with NULL) and unnests a map into key and value columns; DuckDB's
      // select-list UNNEST does both (lateral references to earlier FROM items keep working).
      const exprs = node.expression();
      const isMap = (e: ParseTree) => {
        const text = this.text(e).trim().toLowerCase();
        return MAP_MAKERS.test(text) || this.mapColumns.has(unquoteIdent(text.split('.').pop()!));
      };
      if (exprs.length > 1 || (exprs.length === 1 && isMap(exprs[0]!))) {
        if (node.KW_ORDINALITY()) throw new TranslateError('NOT_SUPPORTED', 'UNNEST of several arrays or of a map WITH ORDINALITY is not supported locally', this.offset(node));
        const cols = exprs.flatMap((e) => {
          const x = this.emit(e);
          return isMap(e) ? [`UNNEST(map_keys(${x}))`, `UNNEST(map_values(${x}))`] : [`UNNEST(${x})`];
        });
        return `(SELECT ${cols.join(', ')})`;
      }
    }
    if (node instanceof G.UnicodeStringLiteralContext) return unicodeLiteral(node.UNICODE_STRING().getText(), node.STRING()?.getText(), this.offset(node));
    if (node instanceof G.ConcatenationContext) {
      // `ARRAY[1] || 2` appends an element in Trino; DuckDB's || joins lists only. Decided when the element is a
      // literal (an expression's type is not known here).
      const [lv, rv] = node.valueExpression();
      const isArray = (v: ParseTree) => findNode(v, G.ArrayConstructorContext);
      const isLiteral = (v: ParseTree) => findNode(v, G.NumericLiteralContext) || findNode(v, G.StringLiteralContext) || findNode(v, G.BooleanLiteralContext);
      if (isArray(lv!) && isLiteral(rv!)) return `list_append(${this.emit(lv!)}, ${this.emit(rv!)})`;
      if (isLiteral(lv!) && isArray(rv!)) return `list_prepend(${this.emit(lv!)}, ${this.emit(rv!)})`;
    }
    if (node instanceof G.ArithmeticBinaryContext && (node.PLUS() || node.MINUS())) {
      // DATE ± INTERVAL stays a DATE in Trino (DuckDB makes it a TIMESTAMP): the result takes the non-interval
      // operand's type.
      const [lv, rv] = node.valueExpression();
      const isInterval = (v: ParseTree) => findInterval(v, G);
      if (isInterval(rv!) !== isInterval(lv!)) {
        const other = isInterval(rv!) ? lv! : rv!;
        return `cast_to_type(${this.splice(node)}, ${this.emit(other)})`;
      }
    }
    if (node instanceof G.CastContext) return this.cast(node);
    if (node instanceof G.SubscriptContext) return this.subscript(node);
    if (node instanceof G.TableNameContext) return this.tableName(node);
    if (node instanceof G.InlineTableContext) return this.values(node);
    if (node instanceof G.TypeConstructorContext) return this.typedLiteral(node);
    if (node instanceof G.SampledRelationContext) return this.sampled(node);
    if (node instanceof G.SelectItemContext && node.identifier()) {
      // `max(x) last` is valid Trino; DuckDB needs AS (and quotes for its keywords).
      const value = node.selectLiteralColumnName() ?? node.selectExpressionColumnName();
      if (value) return `${this.emit(value)} AS ${q(unquoteIdent(node.identifier()!.getText()))}`;
    }
    if (node instanceof G.SelectItemContext && node.selectLiteralColumnName()) {
      // A hidden column keeps its name in the result (`$path`), not the struct field's.
      const hidden = /"(\$path|\$file_size|\$file_modified_time)"$/i.exec(this.text(node).trim())?.[1];
      if (hidden) return `${this.emit(node.selectLiteralColumnName()!)} AS ${q(hidden.toLowerCase())}`;
    }
    if (node instanceof G.QuotedIdentifierContext) {
      const hidden = HIDDEN_COLUMNS[unquoteIdent(node.getText())];
      if (hidden) return hidden;
    }
    // Trino's `*` leaves out hidden columns; a query that reads one gets views that carry them in one struct
    // column, "$file", which `*` and `t.*` must then skip.
    if (node instanceof G.SelectAllWithoutTableContext && this.usesHidden) return `COLUMNS(lambda c: c <> '$file')`;
    if (node instanceof G.TableAllColumnsContext && this.usesHidden) {
      const qualifier = this.text(node.primaryExpression()).trim();
      const isCatalog = this.catalogAliases.has(unquoteIdent(qualifier.split('.').pop()!));
      return isCatalog ? `${this.emit(node.primaryExpression())}.* EXCLUDE ("$file")` : this.splice(node);
    }
    if (node instanceof G.AliasedRelationContext && node.identifier()) {
      const cols = node.columnAliases() ? ` ${this.emit(node.columnAliases()!)}` : '';
      return `${this.emit(node.relationPrimary())} AS ${q(unquoteIdent(node.identifier()!.getText()))}${cols}`;
    }
    // Words DuckDB reserves but Trino lets name a column (`window`, `pivot`, `qualify`…) are quoted.
    if (node instanceof G.UnquotedIdentifierContext && DUCKDB_RESERVED.has(node.getText().toLowerCase())) return q(node.getText().toLowerCase());
    return this.splice(node as ParserRuleContext);
  }

  private functionCall(node: InstanceType<Grammar['FunctionCallContext']>): string {
    const nameNode = node.functionName();
    const parts = nameNode.getText().split('.');
    const name = parts[parts.length - 1]!.replace(/^"|"$/g, '').toLowerCase();
    const at = this.offset(nameNode);
    if (parts.length > 1 || deniedFunction(name)) throw new TranslateError('FUNCTION_NOT_FOUND', `Function '${nameNode.getText().toLowerCase()}' not registered`, at);
    if (node.processingMode()) throw new TranslateError('NOT_SUPPORTED', 'RUNNING/FINAL semantics (MATCH_RECOGNIZE) are not supported locally', at);
    const exprs = node.expression();
    const args = exprs.map((e) => this.emit(e));
    const distinct = !!node.setQuantifier()?.KW_DISTINCT();
    const sorts = node.sortItem();
    const orderBy = sorts.length ? `ORDER BY ${sorts.map((s) => this.emit(s)).join(', ')}` : '';
    const filter = node.filter() ? ` ${this.emit(node.filter()!)}` : '';
    const nulls = node.nullTreatment() ? ` ${this.text(node.nullTreatment()!)}` : '';
    const over = node.over() ? ` ${this.emit(node.over()!)}` : '';
    if (node.ASTERISK()) return `${name}(*)${filter}${over}`;
    const G = this.G;
    const ctx: FunctionContext = {
      name,
      rawArgs: exprs.map((e) => this.text(e)),
      literal: (i) => (exprs[i] ? stringLiteral(this.text(exprs[i]!).trim()) : undefined),
      lambda: (i) => {
        const lam = exprs[i] && findLambda(exprs[i]!, G);
        return lam ? { params: lam.identifier().map((p) => p.getText()), body: this.emit(lam.expression()) } : undefined;
      },
      distinct,
      orderBy,
      unsupported: (message) => {
        throw new TranslateError('NOT_SUPPORTED', message, at);
      },
      invalidArgument: (message) => {
        throw new TranslateError('INVALID_FUNCTION_ARGUMENT', message, at);
      },
    };
    const translator = lookupFunction(name);
    // DuckDB takes IGNORE/RESPECT NULLS inside the parentheses; Trino writes it after them.
    if (!translator) return `${name}(${distinct ? 'DISTINCT ' : ''}${args.join(', ')}${orderBy ? ` ${orderBy}` : ''}${nulls})${filter}${over}`;
    if (nulls) throw new TranslateError('NOT_SUPPORTED', `${name}: IGNORE/RESPECT NULLS is not supported locally for this function`, at);
    return `${translator(args, ctx)}${filter}${over}`;
  }

  /** `/` and `%`: Trino raises DIVISION_BY_ZERO for exact types (DuckDB gives NULL), ±Infinity/NaN for doubles. */
  private division(node: InstanceType<Grammar['ArithmeticBinaryContext']>): string {
    const [l, r] = node.valueExpression().map((v) => this.emit(v));
    const rightText = this.text(node.valueExpression(1)!).trim();
    // A non-zero literal divisor cannot divide by zero: `%` stays plain (its result type is Trino's already);
    // `/` still needs the macro's result type (decimals).
    if (node.PERCENT() && /^\d+(\.\d*)?([eE][-+]?\d+)?$/.test(rightText) && Number(rightText) !== 0) return `${l} % ${r}`;
    return `${node.SLASH() ? '__trino_divide' : '__trino_modulus'}(${l}, ${r})`;
  }

  private cast(node: InstanceType<Grammar['CastContext']>): string {
    const expr = this.emit(node.expression());
    const typeText = this.text(node.type());
    const duckType = trinoTypeToDuck(typeText);
    const tryCast = !!node.KW_TRY_CAST();
    const hook = lookupCast(duckType);
    const hooked = hook?.(expr, { duckType, trinoType: typeText, tryCast });
    if (hooked !== undefined) return hooked;
    const op = tryCast ? 'TRY_CAST' : 'CAST';
    // A typed NULL needs none of the value rewrites (and cannot go through them: NULL has no type yet).
    if (/^null$/i.test(this.text(node.expression()).trim())) return `${op}(NULL AS ${duckType})`;
    if (/^(TINYINT|SMALLINT|INTEGER|BIGINT)$/.test(duckType)) {
      const cast = `CAST(__trino_to_integer(${expr}, '${TRINO_INTEGER_WORD[duckType]}') AS ${duckType})`;
      return tryCast ? `TRY(${cast})` : cast;
    }
    if (duckType === 'VARCHAR') {
      const n = /^\s*(?:varchar|char)\s*\(\s*(\d+)\s*\)\s*$/i.exec(typeText)?.[1];
      return n ? `left(__trino_varchar(${expr}), ${n})` : `__trino_varchar(${expr})`;
    }
    return `${op}(${expr} AS ${duckType})`;
  }

  /** `a[i]`: arrays are 1-based and fail out of range; maps fail on a missing key (element_at gives NULL). */
  private subscript(node: InstanceType<Grammar['SubscriptContext']>): string {
    const base = this.emit(node.primaryExpression());
    const index = this.emit(node.valueExpression());
    const baseText = this.text(node.primaryExpression()).trim().toLowerCase();
    const column = /^(?:[\w$]+|"(?:[^"]|"")+")(?:\.(?:[\w$]+|"(?:[^"]|"")+"))*$/.test(baseText) ? unquoteIdent(baseText.split('.').pop()!) : undefined;
    const isKey = /^'/.test(this.text(node.valueExpression()).trim()) || MAP_MAKERS.test(baseText) || (column !== undefined && this.mapColumns.has(column));
    return isKey ? `__trino_map_at(${base}, ${index})` : `__trino_array_at(${base}, ${index})`;
  }

  private tableName(node: InstanceType<Grammar['TableNameContext']>): string {
    const ref = node.tableOrViewName().tableRef() ?? node.tableOrViewName().viewRef();
    const ids = ref ? (ref as ParserRuleContext).children?.filter((c) => c instanceof this.G.IdentifierContext) ?? [] : [];
    const parts = ids.map((i) => unquoteIdent(i.getText()));
    const at = this.offset(node);
    if (parts.length === 1 && this.cteNames.has(parts[0]!)) return this.text(node);
    if (parts.length === 3 && parts[0] !== this.catalog) {
      throw new TranslateError('NOT_SUPPORTED', `Catalog '${parts[0]}' is not available locally (only ${this.catalog})`, at);
    }
    const name = parts[parts.length - 1]!;
    const database = parts.length >= 2 ? parts[parts.length - 2]! : this.database;
    const period = node.queryPeriod();
    if (period) {
      // Each time-travel read gets a view of its own (the engine resolves the pointer to a snapshot); `$` cannot
      // appear in an Athena table name, so the view name never meets a real table.
      const view = `${name}$as_of_${this.tables.filter((t) => t.period).length + 1}`;
      const kind = period.rangeType().getText().toUpperCase() === 'VERSION' ? 'VERSION' : 'TIMESTAMP';
      const end = period._end!;
      this.tables.push({ database, name, offset: at, view, period: { kind, sql: this.emit(end), text: this.text(end), offset: this.offset(period) } });
      return `${this.catalog}.${q(duckSchema(database))}.${q(view)}`;
    }
    this.tables.push({ database, name, offset: at });
    return `${this.catalog}.${q(duckSchema(database))}.${q(name)}`;
  }

  /** Trino's `VALUES 1, 2` / `VALUES (1, 'a'), (2, 'b')`: columns named _col0, _col1… as Athena names them. */
  private values(node: InstanceType<Grammar['InlineTableContext']>): string {
    const G = this.G;
    const rows = node.expression().map((e) => {
      const row = findRow(e, G);
      const cells = row ? row.expression().map((x) => this.emit(x)) : [this.emit(e)];
      return cells;
    });
    const width = rows[0]?.length ?? 1;
    if (rows.some((r) => r.length !== width)) throw new TranslateError('INVALID_INPUT', 'Values rows have mismatched sizes', this.offset(node));
    const cols = Array.from({ length: width }, (_, i) => `_col${i}`).join(', ');
    return `(SELECT * FROM (VALUES ${rows.map((r) => `(${r.join(', ')})`).join(', ')}) AS __values(${cols}))`;
  }

  /** `DECIMAL '12.5'` is decimal(3,1) in Trino; other typed literals are casts of the string. */
  private typedLiteral(node: InstanceType<Grammar['TypeConstructorContext']>): string {
    const value = this.text(node.string());
    const type = node.KW_DOUBLE() ? 'double' : this.text(node.identifier()!);
    const lower = type.toLowerCase();
    if (lower === 'decimal') return `CAST(${value} AS ${decimalLiteralType(stringLiteral(value) ?? '')})`;
    if (lower === 'timestamp') {
      // Trino accepts `2012-10-31 01:00` (no seconds); DuckDB wants them.
      const text = (stringLiteral(value) ?? '').replace(/^(\s*\d{4}-\d{1,2}-\d{1,2}[ T]\d{1,2}:\d{2})(?![:\d])/, '$1:00');
      const lit = `'${text.replace(/'/g, "''")}'`;
      return /\d\s*(?:[+-]\d|[A-Za-z])/.test(text.slice(10)) ? `CAST(${lit} AS TIMESTAMPTZ)` : `CAST(${lit} AS TIMESTAMP)`;
    }
    return `CAST(${value} AS ${trinoTypeToDuck(lower)})`;
  }

  /** Trino's `TABLESAMPLE BERNOULLI (10)` is ten percent; DuckDB reads a bare number as rows. */
  private sampled(node: InstanceType<Grammar['SampledRelationContext']>): string {
    const inner = this.emit(node.patternRecognition());
    const method = node.sampleType();
    if (!method) return inner;
    const pct = this.emit(node.expression()!);
    return `${inner} TABLESAMPLE ${pct}% (${this.text(method).toLowerCase()})`;
  }
}

/** Trino's word for each integer type in its cast errors ("Cannot cast '1.5' to INT"). */
const TRINO_INTEGER_WORD: Record<string, string> = { TINYINT: 'TINYINT', SMALLINT: 'SMALLINT', INTEGER: 'INT', BIGINT: 'BIGINT' };

/** Trino's hidden columns of a catalog table, read from the views' "$file" struct (see relations.ts). */
const HIDDEN_COLUMNS: Record<string, string> = { $path: '"$file"."path"', $file_size: '"$file"."size"', $file_modified_time: '"$file"."modified"' };

/** DuckDB's reserved keywords (duckdb_keywords(), category reserved), quoted when Trino SQL uses one as a name. */
const DUCKDB_RESERVED = new Set(
  ('all analyse analyze and any array as asc asymmetric both case cast check collate column constraint create default ' +
    'deferrable desc describe distinct do else end except false fetch for foreign from group having in initially ' +
    'intersect into lambda lateral leading limit not null offset on only or order pivot pivot_longer pivot_wider placing ' +
    'primary qualify references returning select show some summarize symmetric table then to trailing true union unique ' +
    'unpivot using variadic when where window with').split(' '),
);

/** Calls that return a map: a subscript on one is a key lookup even with a numeric key. */
const MAP_MAKERS = /^(map|map_agg|multimap_agg|histogram|map_from_entries|map_concat|map_filter|transform_keys|transform_values|map_zip_with|split_to_map|cast\s*\(.*\bas\s+map)\s*\(/;
