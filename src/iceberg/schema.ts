// Glue column types <-> Iceberg types with field ids, and the DuckDB type of each Iceberg type (how the local
// provider writes and reads Parquet). Glue shows an Iceberg table's columns with Glue (Hive) type names and
// the parameters iceberg.field.id / iceberg.field.optional / iceberg.field.current, as Athena leaves them.
import type { IcebergField, IcebergSchema, IcebergType } from './types.js';

/** Thrown for a column type Iceberg (as Athena creates it) has no equivalent for. */
export class UnsupportedTypeError extends Error {}

/** Parses a Glue type (`array<struct<a:int>>`, `decimal(10,2)`, `map<string,bigint>`), assigning field ids
 * from `nextId` (called once per new field, element, key or value, depth first as Iceberg assigns them). */
export function glueToIceberg(glueType: string, nextId: () => number): IcebergType {
  const p = new TypeParser(glueType);
  const t = p.parse(nextId);
  p.end();
  return t;
}

/** A Glue column list -> schema fields with ids from `firstId` on (top-level columns first, then nested). */
export function columnsToSchema(
  columns: Array<{ name: string; type: string; comment?: string }>,
  firstId: number,
  schemaId = 0,
  identifierNames: string[] = [],
): { schema: IcebergSchema; lastColumnId: number } {
  let id = firstId - 1;
  // Top-level columns take the first ids, nested fields the ones after (Iceberg's own assignment order).
  const topIds = columns.map(() => ++id);
  const fields: IcebergField[] = columns.map((c, i) => ({
    id: topIds[i]!,
    name: c.name.toLowerCase(),
    required: false,
    type: glueToIceberg(c.type, () => ++id),
    ...(c.comment ? { doc: c.comment } : {}),
  }));
  const idOf = (n: string) => {
    const f = fields.find((x) => x.name === n.toLowerCase());
    if (!f) throw new UnsupportedTypeError(`identifier field ${n} is not a column`);
    return f.id;
  };
  const identifier = identifierNames.map(idOf);
  // Identifier fields must be required (spec); a key column can never be null.
  for (const f of fields) if (identifier.includes(f.id)) f.required = true;
  return {
    schema: { type: 'struct', 'schema-id': schemaId, ...(identifier.length ? { 'identifier-field-ids': identifier } : {}), fields },
    lastColumnId: id,
  };
}

/** Iceberg type -> the Glue type Athena shows for it. */
export function icebergToGlue(t: IcebergType): string {
  if (typeof t === 'string') {
    const dec = /^decimal\((\d+),\s*(\d+)\)$/.exec(t);
    if (dec) return `decimal(${dec[1]},${dec[2]})`;
    if (/^fixed\[\d+\]$/.test(t)) return 'binary';
    const m: Record<string, string> = {
      boolean: 'boolean', int: 'int', long: 'bigint', float: 'float', double: 'double', date: 'date',
      time: 'string', timestamp: 'timestamp', timestamptz: 'timestamp', string: 'string', uuid: 'string', binary: 'binary',
    };
    const g = m[t];
    if (!g) throw new UnsupportedTypeError(`unsupported Iceberg type ${t}`);
    return g;
  }
  if (t.type === 'list') return `array<${icebergToGlue(t.element)}>`;
  if (t.type === 'map') return `map<${icebergToGlue(t.key)},${icebergToGlue(t.value)}>`;
  return `struct<${t.fields.map((f) => `${f.name}:${icebergToGlue(f.type)}`).join(',')}>`;
}

/** Iceberg type -> DuckDB type (what the Parquet files hold and scanSelect yields). */
export function icebergToDuck(t: IcebergType): string {
  if (typeof t === 'string') {
    const dec = /^decimal\((\d+),\s*(\d+)\)$/.exec(t);
    if (dec) return `DECIMAL(${dec[1]},${dec[2]})`;
    if (/^fixed\[\d+\]$/.test(t)) return 'BLOB';
    const m: Record<string, string> = {
      boolean: 'BOOLEAN', int: 'INTEGER', long: 'BIGINT', float: 'FLOAT', double: 'DOUBLE', date: 'DATE', time: 'TIME',
      timestamp: 'TIMESTAMP', timestamptz: 'TIMESTAMPTZ', string: 'VARCHAR', uuid: 'UUID', binary: 'BLOB',
    };
    const d = m[t];
    if (!d) throw new UnsupportedTypeError(`unsupported Iceberg type ${t}`);
    return d;
  }
  if (t.type === 'list') return `${icebergToDuck(t.element)}[]`;
  if (t.type === 'map') return `MAP(${icebergToDuck(t.key)}, ${icebergToDuck(t.value)})`;
  return `STRUCT(${t.fields.map((f) => `${quoteIdent(f.name)} ${icebergToDuck(f.type)}`).join(', ')})`;
}

/** DuckDB's FIELD_IDS value for one column: a number for primitives, {__duckdb_field_id, children} else. */
export function duckFieldIds(f: { id: number; type: IcebergType }): string {
  const t = f.type;
  if (typeof t === 'string') return String(f.id);
  const parts = [`__duckdb_field_id: ${f.id}`];
  if (t.type === 'list') parts.push(`element: ${duckFieldIds({ id: t['element-id'], type: t.element })}`);
  else if (t.type === 'map') {
    parts.push(`key: ${duckFieldIds({ id: t['key-id'], type: t.key })}`, `value: ${duckFieldIds({ id: t['value-id'], type: t.value })}`);
  } else for (const c of t.fields) parts.push(`${quoteIdent(c.name)}: ${duckFieldIds(c)}`);
  return `{${parts.join(', ')}}`;
}

/** Glue StorageDescriptor.Columns for a schema, with the parameters Glue shows on an Iceberg table's columns.
 * Columns of older schemas that the current one dropped are listed after, with iceberg.field.current=false. */
export function schemaToGlueColumns(schema: IcebergSchema, older: IcebergSchema[] = []): any[] {
  const col = (f: IcebergField, current: boolean) => ({
    Name: f.name,
    Type: icebergToGlue(f.type),
    ...(f.doc ? { Comment: f.doc } : {}),
    Parameters: { 'iceberg.field.current': String(current), 'iceberg.field.id': String(f.id), 'iceberg.field.optional': String(!f.required) },
  });
  const out = schema.fields.map((f) => col(f, true));
  const seen = new Set(schema.fields.map((f) => f.id));
  for (const s of [...older].reverse()) {
    for (const f of s.fields) {
      if (seen.has(f.id)) continue;
      seen.add(f.id);
      out.push(col(f, false));
    }
  }
  return out;
}

/** Highest field id used anywhere in a type (nested ids included). */
export function maxFieldId(t: IcebergType, own = 0): number {
  if (typeof t === 'string') return own;
  if (t.type === 'list') return Math.max(own, maxFieldId(t.element, t['element-id']));
  if (t.type === 'map') return Math.max(own, maxFieldId(t.key, t['key-id']), maxFieldId(t.value, t['value-id']));
  return Math.max(own, ...t.fields.map((f) => maxFieldId(f.type, f.id)));
}

export function quoteIdent(s: string): string {
  return `"${s.replace(/"/g, '""')}"`;
}

/** Recursive-descent parser of Hive/Glue type strings. */
class TypeParser {
  private i = 0;
  constructor(private readonly s: string) {}

  parse(nextId: () => number): IcebergType {
    const name = this.word().toLowerCase();
    switch (name) {
      case 'string': case 'varchar': case 'char':
        this.skipParams();
        return 'string';
      case 'int': case 'integer': case 'smallint': case 'tinyint': return 'int';
      case 'bigint': return 'long';
      case 'double': return 'double';
      case 'float': case 'real': return 'float';
      case 'boolean': return 'boolean';
      case 'date': return 'date';
      case 'timestamp': return 'timestamp';
      case 'binary': return 'binary';
      case 'decimal': {
        const [p, s] = this.params();
        return `decimal(${p ?? 10}, ${s ?? 0})` as IcebergType;
      }
      case 'array': {
        this.expect('<');
        const id = nextId();
        const element = this.parse(nextId);
        this.expect('>');
        return { type: 'list', 'element-id': id, element, 'element-required': false };
      }
      case 'map': {
        this.expect('<');
        const keyId = nextId();
        const valueId = nextId();
        const key = this.parse(nextId);
        this.expect(',');
        const value = this.parse(nextId);
        this.expect('>');
        return { type: 'map', 'key-id': keyId, key, 'value-id': valueId, value, 'value-required': false };
      }
      case 'struct': {
        this.expect('<');
        // Fields of a struct take consecutive ids before their own children (as Iceberg's TypeUtil assigns).
        const pending: Array<{ name: string; typeStart: number }> = [];
        for (;;) {
          this.ws();
          if (this.peek() === '>') break;
          const fname = this.word();
          this.expect(':');
          pending.push({ name: fname, typeStart: this.i });
          this.skipType();
          this.ws();
          if (this.peek() === ',') this.i++;
        }
        this.expect('>');
        const end = this.i;
        const ids = pending.map(() => nextId());
        const fields = pending.map((p, k) => {
          this.i = p.typeStart;
          const type = this.parse(nextId);
          return { id: ids[k]!, name: p.name.toLowerCase(), required: false, type } as IcebergField;
        });
        this.i = end;
        return { type: 'struct', fields };
      }
      default:
        throw new UnsupportedTypeError(`unsupported column type ${this.s}`);
    }
  }

  end() {
    this.ws();
    if (this.i !== this.s.length) throw new UnsupportedTypeError(`unsupported column type ${this.s}`);
  }

  private ws() { while (this.i < this.s.length && /\s/.test(this.s[this.i]!)) this.i++; }
  private peek() { return this.s[this.i]; }
  private word(): string {
    this.ws();
    const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(this.s.slice(this.i));
    if (!m) throw new UnsupportedTypeError(`unsupported column type ${this.s}`);
    this.i += m[0].length;
    return m[0];
  }
  private expect(c: string) {
    this.ws();
    if (this.s[this.i] !== c) throw new UnsupportedTypeError(`unsupported column type ${this.s}`);
    this.i++;
  }
  private params(): number[] {
    this.ws();
    if (this.peek() !== '(') return [];
    const close = this.s.indexOf(')', this.i);
    if (close < 0) throw new UnsupportedTypeError(`unsupported column type ${this.s}`);
    const out = this.s.slice(this.i + 1, close).split(',').map((x) => Number(x.trim()));
    this.i = close + 1;
    return out;
  }
  private skipParams() { this.params(); }
  /** Skips one type (used to assign a struct's own field ids before its children's). */
  private skipType() {
    let depth = 0;
    while (this.i < this.s.length) {
      const c = this.s[this.i]!;
      if (c === '<' || c === '(') depth++;
      else if (c === '>' || c === ')') {
        if (depth === 0) return;
        depth--;
      } else if (c === ',' && depth === 0) return;
      this.i++;
    }
  }
}

/** Schema evolution (ALTER TABLE ... ADD / DROP / RENAME / CHANGE COLUMN): pure functions returning the next
 * schema; ids are never reused (new ids from the table's last-column-id), so files written before keep
 * reading right by id. Errors are plain Errors with Athena-like wording; callers map them. */
export function addColumns(
  schema: IcebergSchema,
  lastColumnId: number,
  columns: Array<{ name: string; type: string; comment?: string }>,
): { schema: IcebergSchema; lastColumnId: number } {
  let id = lastColumnId;
  const fields = [...schema.fields];
  for (const c of columns) {
    const name = c.name.toLowerCase();
    if (fields.some((f) => f.name === name)) throw new Error(`Column '${name}' already exists`);
    const fid = ++id;
    fields.push({ id: fid, name, required: false, type: glueToIceberg(c.type, () => ++id), ...(c.comment ? { doc: c.comment } : {}) });
  }
  return { schema: { ...schema, fields }, lastColumnId: id };
}

export function dropColumns(schema: IcebergSchema, names: string[], partitionSourceIds: number[] = []): IcebergSchema {
  const drop = new Set(names.map((n) => n.toLowerCase()));
  for (const n of drop) {
    const f = schema.fields.find((x) => x.name === n);
    if (!f) throw new Error(`Column '${n}' does not exist`);
    if (schema['identifier-field-ids']?.includes(f.id)) throw new Error(`Cannot drop identifier field '${n}'`);
    if (partitionSourceIds.includes(f.id)) throw new Error(`Cannot drop partition column '${n}'`);
  }
  const fields = schema.fields.filter((f) => !drop.has(f.name));
  if (!fields.length) throw new Error('Cannot drop all columns of a table');
  return { ...schema, fields };
}

/** Rename and/or widen a column (int -> bigint, float -> double, decimal(P,S) -> decimal(P2,S) with P2 >= P). */
export function changeColumn(schema: IcebergSchema, name: string, newName: string, newGlueType?: string, comment?: string): IcebergSchema {
  const from = name.toLowerCase();
  const to = newName.toLowerCase();
  const f = schema.fields.find((x) => x.name === from);
  if (!f) throw new Error(`Column '${from}' does not exist`);
  if (to !== from && schema.fields.some((x) => x.name === to)) throw new Error(`Column '${to}' already exists`);
  let type = f.type;
  if (newGlueType !== undefined) {
    let n = 0;
    const next = glueToIceberg(newGlueType, () => ++n);
    if (JSON.stringify(next) !== JSON.stringify(f.type) && !canPromote(f.type, next)) {
      throw new Error(`Cannot change column type of '${from}' from ${icebergToGlue(f.type)} to ${newGlueType}`);
    }
    if (typeof next === 'string') type = next;
  }
  return {
    ...schema,
    fields: schema.fields.map((x) => (x === f ? { ...x, name: to, type, ...(comment !== undefined ? { doc: comment } : {}) } : x)),
  };
}

/** Iceberg's allowed type promotions: int -> long, float -> double, decimal(P,S) -> decimal(P2,S), P2 >= P. */
export function canPromote(a: IcebergType, b: IcebergType): boolean {
  if (typeof a !== 'string' || typeof b !== 'string') return false;
  if (a === 'int' && b === 'long') return true;
  if (a === 'float' && b === 'double') return true;
  const da = /^decimal\((\d+),\s*(\d+)\)$/.exec(a);
  const db = /^decimal\((\d+),\s*(\d+)\)$/.exec(b);
  return !!da && !!db && da[2] === db[2] && Number(db[1]) >= Number(da[1]);
}
