// Athena's ALTER TABLE on Iceberg tables, in Athena's syntax (Hive DDL, parsed here): ADD COLUMNS (col type
// [COMMENT '…'], …), DROP COLUMN col, CHANGE [COLUMN] old new type [COMMENT '…'] [FIRST | AFTER col] (rename,
// type promotion, reorder), SET TBLPROPERTIES (…), UNSET TBLPROPERTIES (…). Schema evolution is by field id: a
// rename keeps the id (old files read under the new name), an added column takes a new id (old files read NULL),
// a dropped id is never reused. Each is a metadata-only commit (no snapshot) through core's commit; Glue's
// columns follow. RENAME TO moves the Glue entry (the files stay where they are). REPLACE COLUMNS is refused as
// Athena refuses it for Iceberg.
import { glueToIceberg, UnsupportedTypeError } from '../../../../iceberg/schema.js';
import type { IcebergField, IcebergSchema, IcebergType } from '../../../../iceberg/types.js';
import { commit, type LoadedTable } from '../../../iceberg/index.js';
import type { WriteContext } from './ctas.js';
import { columns as columnList, columnType, Cursor, DdlError, properties, qualifiedName, tokenize } from './hive-table.js';
import { cleanup, ddlCursor, fail, icebergEnv } from './iceberg-context.js';
import { icebergProperties } from './iceberg-create.js';

const ALTER_HEAD = /^\s*alter\s+table\s+([`"\w.]+)\s+(add\s+columns|drop\s+column|change\b|set\s+tblproperties|unset\s+tblproperties|replace\s+columns|rename\s+to)\b/i;

/** Is this ALTER TABLE one of the forms handled here, on an Iceberg table? */
export function isIcebergAlter(sql: string, ctx: Pick<WriteContext, 'glue' | 'database'>): boolean {
  const m = ALTER_HEAD.exec(sql);
  if (!m) return false;
  const parts = m[1]!.replace(/[`"]/g, '').toLowerCase().split('.');
  const t = ctx.glue.getTable(parts.length > 1 ? parts[0]! : ctx.database, parts[parts.length - 1]!);
  return !!t && String(t.Parameters?.table_type ?? '').toUpperCase() === 'ICEBERG';
}

const PROMOTIONS: Record<string, string[]> = { int: ['long'], float: ['double'] };

/** Iceberg's allowed type promotions: int → long, float → double, decimal(P, S) → decimal(P', S) with P' ≥ P. */
function canPromote(from: IcebergType, to: IcebergType): boolean {
  if (JSON.stringify(from) === JSON.stringify(to)) return true;
  if (typeof from !== 'string' || typeof to !== 'string') return false;
  if (PROMOTIONS[from]?.includes(to)) return true;
  const a = /^decimal\((\d+),\s*(\d+)\)$/.exec(from);
  const b = /^decimal\((\d+),\s*(\d+)\)$/.exec(to);
  return !!a && !!b && a[2] === b[2] && Number(b[1]) >= Number(a[1]);
}

const typeText = (t: IcebergType) => (typeof t === 'string' ? t : t.type);

function highestId(t: IcebergType): number {
  if (typeof t === 'string') return 0;
  if (t.type === 'struct') return Math.max(0, ...t.fields.map((f) => Math.max(f.id, highestId(f.type))));
  if (t.type === 'list') return Math.max(t['element-id'], highestId(t.element));
  return Math.max(t['key-id'], t['value-id'], highestId(t.key), highestId(t.value));
}

export async function runIcebergAlter(sql: string, ctx: WriteContext): Promise<void> {
  const { c, parse } = ddlCursor(sql);
  parse(() => c.expect('alter', 'table'));
  const { database, name } = parse(() => qualifiedName(c));
  const db = database ?? ctx.database;
  type Edit = (schema: IcebergSchema, table: LoadedTable, nextId: () => number) => IcebergSchema;
  let edit: Edit | undefined;
  let props: Record<string, string | null> | undefined;
  if (c.accept('add', 'columns')) {
    const cols = parse(() => columnList(c));
    edit = (schema, _t, nextId) => {
      for (const col of cols) {
        if (schema.fields.some((f) => f.name === col.Name)) throw fail(`FAILED: Cannot add column, name already exists: ${col.Name}`);
      }
      // Top-level ids first, then nested ones (Iceberg's own assignment order).
      const ids = cols.map(() => nextId());
      const added: IcebergField[] = cols.map((col, i) => ({
        id: ids[i]!, name: col.Name, required: false, type: glueToIceberg(col.Type, nextId), ...(col.Comment ? { doc: col.Comment } : {}),
      }));
      return { ...schema, fields: [...schema.fields, ...added] };
    };
  } else if (c.accept('drop', 'column') || c.accept('drop')) {
    const col = parse(() => c.next('word')).toLowerCase();
    edit = (schema, table) => {
      const f = schema.fields.find((x) => x.name === col);
      if (!f) throw fail(`FAILED: Cannot delete missing column: ${col}`);
      const spec = table.metadata['partition-specs'].find((s) => s['spec-id'] === table.metadata['default-spec-id']);
      if (spec?.fields.some((p) => p['source-id'] === f.id)) throw fail(`FAILED: Cannot drop column ${col}: it is a source of the table's partition spec`);
      if (schema['identifier-field-ids']?.includes(f.id)) throw fail(`FAILED: Cannot delete identifier field ${col}`);
      return { ...schema, fields: schema.fields.filter((x) => x !== f) };
    };
  } else if (c.accept('change')) {
    c.accept('column');
    const from = parse(() => c.next('word')).toLowerCase();
    const to = parse(() => c.next('word')).toLowerCase();
    const type = parse(() => columnType(c));
    const comment = c.accept('comment') ? parse(() => c.next('string')) : undefined;
    const first = c.accept('first');
    const after = !first && c.accept('after') ? parse(() => c.next('word')).toLowerCase() : undefined;
    edit = (schema, _t, nextId) => {
      const f = schema.fields.find((x) => x.name === from);
      if (!f) throw fail(`FAILED: Cannot rename missing column: ${from}`);
      if (to !== from && schema.fields.some((x) => x.name === to)) throw fail(`FAILED: Cannot rename ${from}: name already exists: ${to}`);
      const wanted = glueToIceberg(type, nextId);
      if (!canPromote(f.type, wanted)) throw fail(`FAILED: Cannot change column type: ${from}: ${typeText(f.type)} -> ${typeText(wanted)}`);
      const changed: IcebergField = { ...f, name: to, type: typeof wanted === 'string' ? wanted : f.type, ...(comment !== undefined ? { doc: comment } : {}) };
      let fields = schema.fields.map((x) => (x === f ? changed : x));
      if (first || after) {
        fields = fields.filter((x) => x !== changed);
        const at = first ? 0 : fields.findIndex((x) => x.name === after) + 1;
        if (!first && at === 0) throw fail(`FAILED: Cannot move ${to} after missing column: ${after}`);
        fields.splice(at, 0, changed);
      }
      return { ...schema, fields };
    };
  } else if (c.accept('set', 'tblproperties')) {
    props = icebergProperties(parse(() => properties(c)));
  } else if (c.accept('unset', 'tblproperties')) {
    const keys: string[] = [];
    parse(() => c.expect('('));
    do keys.push(parse(() => c.next('string')));
    while (c.accept(','));
    parse(() => c.expect(')'));
    props = Object.fromEntries(Object.keys(icebergProperties(Object.fromEntries(keys.map((k) => [k, 'parquet'])))).map((k) => [k, null]));
  } else if (c.accept('rename', 'to')) {
    const to = parse(() => qualifiedName(c));
    if (c.peek()) throw fail(`FAILED: ParseException line 1:1: extraneous input '${c.t[c.i]!.text}'`, 1004);
    return renameTable(ctx, db, name, to.database ?? db, to.name);
  } else if (c.accept('replace', 'columns')) {
    throw fail('NOT_SUPPORTED: ALTER TABLE REPLACE COLUMNS is not supported for Iceberg tables. Use ALTER TABLE CHANGE COLUMN instead');
  } else {
    throw fail(`NOT_SUPPORTED: this ALTER TABLE form is not supported by the local Athena for Iceberg tables`);
  }
  if (c.peek()) throw fail(`FAILED: ParseException line 1:1: extraneous input '${c.t[c.i]!.text}'`, 1004);
  const env = icebergEnv(ctx);
  try {
    await commit(env, db, name, (current) => {
      if (props) return { operation: 'replace', snapshot: false, properties: props };
      const m = current.metadata;
      const schema = m.schemas.find((s) => s['schema-id'] === m['current-schema-id'])!;
      let last = Math.max(m['last-column-id'], highestId({ type: 'struct', fields: m.schemas.flatMap((s) => s.fields) }));
      const next = edit!(schema, current, () => ++last);
      const schemaId = Math.max(...m.schemas.map((s) => s['schema-id'])) + 1;
      return { operation: 'replace', snapshot: false, schema: { ...next, 'schema-id': schemaId } };
    });
  } catch (e) {
    if (e instanceof UnsupportedTypeError) throw fail(`NOT_SUPPORTED: ${e.message}`);
    throw e;
  } finally {
    cleanup(env);
  }
}

/** Glue has no rename: the same table input under the new name, then the old entry deleted (as Athena does). */
async function renameTable(ctx: WriteContext, db: string, name: string, toDb: string, toName: string): Promise<void> {
  const t = ctx.glue.getTable(db, name);
  if (!t) throw fail(`TABLE_NOT_FOUND: line 1:1: Table 'awsdatacatalog.${db}.${name}' does not exist`, 1301);
  if (!ctx.glue.databaseExists(toDb)) throw fail(`SCHEMA_NOT_FOUND: line 1:1: Schema '${toDb}' does not exist`, 1301);
  if (ctx.glue.getTable(toDb, toName)) throw fail(`TABLE_ALREADY_EXISTS: line 1:1: Target table 'awsdatacatalog.${toDb}.${toName}' already exists`);
  const input: Record<string, unknown> = { Name: toName };
  for (const k of ['Description', 'Owner', 'Retention', 'StorageDescriptor', 'PartitionKeys', 'TableType', 'Parameters']) {
    if (t[k] !== undefined) input[k] = t[k];
  }
  await ctx.glue.call!('CreateTable', { DatabaseName: toDb, TableInput: input });
  await ctx.glue.call!('DeleteTable', { DatabaseName: db, Name: name });
}
