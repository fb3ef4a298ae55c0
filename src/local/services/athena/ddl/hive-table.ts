// Athena's Hive DDL for tables: CREATE EXTERNAL TABLE … (Parquet) and DROP TABLE, parsed here (Trino's grammar
// does not cover Hive DDL; Athena runs these on Hive) into the Glue TableInput Athena itself sends to Glue.
// The local engine reads Parquet only: another format is refused (NOT_SUPPORTED) rather than stored and then
// misread.

export class DdlError extends Error {}

const PARQUET = {
  InputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat',
  OutputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat',
  Serde: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe',
};

export type Token = { kind: 'word' | 'string' | 'punct'; text: string };

export function tokenize(sql: string): Token[] {
  const out: Token[] = [];
  const re = /\s+|--[^\n]*|'((?:[^'\\]|\\.|'')*)'|`([^`]*)`|"([^"]*)"|([A-Za-z_][\w$]*|\d+)|([(),<>:=.;])/gy;
  let m: RegExpExecArray | null;
  while (re.lastIndex < sql.length && (m = re.exec(sql))) {
    if (m[1] !== undefined) out.push({ kind: 'string', text: m[1].replace(/''/g, "'").replace(/\\(.)/g, '$1') });
    else if (m[2] !== undefined || m[3] !== undefined) out.push({ kind: 'word', text: (m[2] ?? m[3])! });
    else if (m[4] !== undefined) out.push({ kind: 'word', text: m[4] });
    else if (m[5] !== undefined) out.push({ kind: 'punct', text: m[5] });
  }
  if (re.lastIndex < sql.length) throw new DdlError(`line 1:${re.lastIndex + 1}: cannot parse the statement near '${sql.slice(re.lastIndex, re.lastIndex + 10)}'`);
  return out.filter((t) => t.text !== ';');
}

export class Cursor {
  i = 0;
  constructor(readonly t: Token[]) {}
  peek(word?: string): boolean {
    const tok = this.t[this.i];
    return !!tok && (word === undefined || tok.text.toLowerCase() === word);
  }
  accept(...words: string[]): boolean {
    const save = this.i;
    for (const w of words) {
      if (!this.peek(w)) {
        this.i = save;
        return false;
      }
      this.i++;
    }
    return true;
  }
  expect(...words: string[]): void {
    if (!this.accept(...words)) throw new DdlError(`mismatched input '${this.t[this.i]?.text ?? '<EOF>'}'. Expecting: '${words.join(' ').toUpperCase()}'`);
  }
  next(kind?: Token['kind']): string {
    const tok = this.t[this.i++];
    if (!tok || (kind && tok.kind !== kind)) throw new DdlError(`mismatched input '${tok?.text ?? '<EOF>'}'`);
    return tok.text;
  }
}

/** `[db.]name` → parts, lower case (Glue and Athena lower-case names). */
export function qualifiedName(c: Cursor): { database?: string; name: string } {
  const first = c.next('word').toLowerCase();
  if (c.accept('.')) return { database: first, name: c.next('word').toLowerCase() };
  return { name: first };
}

/** A column type up to the next top-level `,` / `)` / COMMENT: `array<struct<a:int,b:string>>`. */
export function columnType(c: Cursor): string {
  let depth = 0;
  let text = '';
  while (c.peek()) {
    const tok = c.t[c.i]!;
    if (depth === 0 && (tok.text === ',' || tok.text === ')' || tok.text.toLowerCase() === 'comment')) break;
    if (tok.text === '<' || tok.text === '(') depth++;
    if (tok.text === '>' || tok.text === ')') depth--;
    text += tok.text.toLowerCase();
    c.i++;
  }
  if (!text) throw new DdlError('a column needs a type');
  return text;
}

export function columns(c: Cursor): Array<{ Name: string; Type: string; Comment?: string }> {
  c.expect('(');
  const cols: Array<{ Name: string; Type: string; Comment?: string }> = [];
  do {
    const Name = c.next('word').toLowerCase();
    const Type = columnType(c);
    const col: { Name: string; Type: string; Comment?: string } = { Name, Type };
    if (c.accept('comment')) col.Comment = c.next('string');
    cols.push(col);
  } while (c.accept(','));
  c.expect(')');
  return cols;
}

export function properties(c: Cursor): Record<string, string> {
  const out: Record<string, string> = {};
  c.expect('(');
  do {
    const k = c.next('string');
    c.expect('=');
    out[k] = c.next('string');
  } while (c.accept(','));
  c.expect(')');
  return out;
}

export interface CreateTable {
  database?: string;
  ifNotExists: boolean;
  input: Record<string, unknown>;
}

/** CREATE EXTERNAL TABLE → Glue CreateTable's TableInput (as Athena sends it). */
export function parseCreateExternalTable(sql: string): CreateTable {
  const c = new Cursor(tokenize(sql));
  c.expect('create');
  const external = c.accept('external');
  c.expect('table');
  if (!external) throw new DdlError('NOT_SUPPORTED: only CREATE EXTERNAL TABLE (or CREATE TABLE AS through a query) creates tables in Athena');
  const ifNotExists = c.accept('if', 'not', 'exists');
  const { database, name } = qualifiedName(c);
  const cols = columns(c);
  let comment: string | undefined;
  let partitionKeys: Array<{ Name: string; Type: string; Comment?: string }> = [];
  let serde = PARQUET.Serde;
  let serdeParams: Record<string, string> = {};
  let inputFormat = PARQUET.InputFormat;
  let outputFormat = PARQUET.OutputFormat;
  let location: string | undefined;
  let tblProps: Record<string, string> = {};
  while (c.peek()) {
    if (c.accept('comment')) comment = c.next('string');
    else if (c.accept('partitioned', 'by')) partitionKeys = columns(c);
    else if (c.accept('row', 'format', 'serde')) {
      serde = c.next('string');
      if (c.accept('with', 'serdeproperties')) serdeParams = properties(c);
    } else if (c.accept('row', 'format', 'delimited')) throw new DdlError('NOT_SUPPORTED: the local Athena reads Parquet tables only (ROW FORMAT DELIMITED)');
    else if (c.accept('stored', 'as', 'inputformat')) {
      inputFormat = c.next('string');
      c.expect('outputformat');
      outputFormat = c.next('string');
    } else if (c.accept('stored', 'as')) {
      const format = c.next('word').toLowerCase();
      if (format !== 'parquet') throw new DdlError(`NOT_SUPPORTED: the local Athena reads Parquet tables only (STORED AS ${format.toUpperCase()})`);
    } else if (c.accept('location')) location = c.next('string');
    else if (c.accept('tblproperties')) tblProps = properties(c);
    else if (c.peek('clustered') || c.peek('skewed') || c.peek('with')) throw new DdlError(`NOT_SUPPORTED: ${c.t[c.i]!.text.toUpperCase()} is not supported by the local Athena`);
    else c.expect('location');
  }
  if (!/parquet/i.test(serde) || !/parquet/i.test(inputFormat)) throw new DdlError(`NOT_SUPPORTED: the local Athena reads Parquet tables only (${serde})`);
  if (!location) throw new DdlError("line 1:1: mismatched input '<EOF>'. Expecting: 'LOCATION'");
  if (!/^s3:\/\/[^/]+/.test(location)) throw new DdlError(`location ${location} is not a valid S3 path`);
  const input: Record<string, unknown> = {
    Name: name,
    TableType: 'EXTERNAL_TABLE',
    Parameters: { EXTERNAL: 'TRUE', ...tblProps, ...(comment !== undefined ? { comment } : {}) },
    StorageDescriptor: {
      Columns: cols,
      Location: location,
      InputFormat: inputFormat,
      OutputFormat: outputFormat,
      SerdeInfo: { SerializationLibrary: serde, Parameters: { 'serialization.format': '1', ...serdeParams } },
    },
    PartitionKeys: partitionKeys,
  };
  return { database, ifNotExists, input };
}

/** DROP TABLE / DROP VIEW [IF EXISTS] [db.]name. */
export function parseDrop(sql: string): { kind: 'table' | 'view'; ifExists: boolean; database?: string; name: string } {
  const c = new Cursor(tokenize(sql));
  c.expect('drop');
  const kind = c.accept('view') ? 'view' : (c.expect('table'), 'table');
  const ifExists = c.accept('if', 'exists');
  const { database, name } = qualifiedName(c);
  if (c.peek()) throw new DdlError(`mismatched input '${c.t[c.i]!.text}'. Expecting: <EOF>`);
  return { kind, ifExists, database, name };
}
