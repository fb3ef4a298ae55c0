// Glue UpdateTable with UpdateOpenTableFormatInput.UpdateIcebergInput.UpdateIcebergTableInput.Updates: the
// schema evolution form (add-schema + set-current-schema). Each update's Schema becomes the table's current
// schema in one metadata-only Iceberg commit (no snapshot) through src/local/iceberg's commit, so old data
// files keep reading by field id. Checked as Iceberg checks a new schema: a kept field id keeps its type (or a
// promotion of it), a new field id is above the table's last-column-id and optional, identifier fields and
// partition sources are not dropped. A different Location, PartitionSpec or SortOrder is refused as not
// supported here (fail loudly rather than differ).
import { canPromote, icebergToGlue, UnsupportedTypeError } from '../../../iceberg/schema.js';
import type { IcebergField, IcebergSchema, IcebergType } from '../../../iceberg/types.js';
import { commit } from '../../iceberg/index.js';
import { AwsError } from '../../types.js';
import type { IcebergCreateEnv } from './iceberg-create.js';
import { invalidInput, missing } from './errors.js';

const WHERE = 'updateOpenTableFormatInput.updateIcebergInput.updateIcebergTableInput.updates';

/** Glue's IcebergStructField list → Iceberg fields (types as Iceberg JSON: a primitive name or a nested document). */
function fieldsOf(schema: any, at: string): IcebergField[] {
  if (!schema || !Array.isArray(schema.Fields)) throw missing(`${at}.schema.fields`);
  return schema.Fields.map((f: any) => {
    if (typeof f?.Name !== 'string' || typeof f.Id !== 'number' || f.Type === undefined || typeof f.Required !== 'boolean') {
      throw invalidInput('Each Iceberg schema field needs Id, Name, Type and Required.');
    }
    try {
      icebergToGlue(f.Type as IcebergType); // the type must be one Iceberg knows
    } catch (e) {
      throw invalidInput(e instanceof UnsupportedTypeError ? e.message : `Invalid Iceberg type for field ${f.Name}: ${JSON.stringify(f.Type)}`);
    }
    return { id: f.Id, name: f.Name.toLowerCase(), required: f.Required, type: f.Type, ...(f.Doc ? { doc: String(f.Doc) } : {}) };
  });
}

/** Applies the updates (in order) as schema commits; returns when the last one is committed. */
export async function updateIcebergTable(ice: IcebergCreateEnv, database: string, name: string, input: any): Promise<void> {
  const updates = input?.UpdateIcebergInput?.UpdateIcebergTableInput?.Updates;
  if (!Array.isArray(updates)) throw missing(WHERE);
  if (!updates.length) throw invalidInput('UpdateIcebergTableInput needs at least one update.');
  const env = ice.env();
  for (const [i, u] of updates.entries()) {
    const at = `${WHERE}.${i + 1}`;
    if (typeof u?.Location !== 'string' || !u.Location) throw missing(`${at}.location`);
    if (u.PartitionSpec !== undefined || u.SortOrder !== undefined || u.Properties !== undefined || u.EncryptionKey !== undefined) {
      throw invalidInput('Only schema updates of an Iceberg table are supported by the local emulator (no PartitionSpec, SortOrder, Properties or EncryptionKey).');
    }
    if (u.Action !== undefined && u.Action !== 'add-schema' && u.Action !== 'set-current-schema') {
      throw invalidInput(`Iceberg update action ${String(u.Action)} is not supported by the local emulator.`);
    }
    const fields = fieldsOf(u.Schema, at);
    await commit(env, database, name, (current) => {
      const m = current.metadata;
      if (u.Location.replace(/\/+$/, '') !== m.location.replace(/\/+$/, '')) {
        throw invalidInput(`Changing an Iceberg table's location (${m.location} → ${u.Location}) is not supported by the local emulator.`);
      }
      const now = m.schemas.find((s) => s['schema-id'] === m['current-schema-id'])!;
      const byId = new Map(now.fields.map((f) => [f.id, f]));
      const ids = new Set<number>();
      for (const f of fields) {
        if (ids.has(f.id)) throw invalidInput(`Duplicate field id ${f.id} in the Iceberg schema.`);
        ids.add(f.id);
        const before = byId.get(f.id);
        if (before) {
          if (JSON.stringify(before.type) !== JSON.stringify(f.type) && !canPromote(before.type, f.type)) {
            throw invalidInput(`Cannot change column type of '${before.name}' from ${icebergToGlue(before.type)} to ${icebergToGlue(f.type)}`);
          }
        } else {
          if (f.id <= m['last-column-id']) throw invalidInput(`Field id ${f.id} of new column '${f.name}' is not above the table's last-column-id ${m['last-column-id']}.`);
          if (f.required) throw invalidInput(`Cannot add required column '${f.name}' without a default value.`);
        }
      }
      const spec = m['partition-specs'].find((s) => s['spec-id'] === m['default-spec-id']);
      for (const f of now.fields) {
        if (ids.has(f.id)) continue;
        if (spec?.fields.some((p) => p['source-id'] === f.id)) throw invalidInput(`Cannot drop partition source column '${f.name}'`);
      }
      const identifiers: number[] = u.Schema.IdentifierFieldIds ?? now['identifier-field-ids'] ?? [];
      for (const id of identifiers) if (!ids.has(id)) throw invalidInput(`Identifier field id ${id} is not a field of the schema.`);
      const schema: IcebergSchema = { type: 'struct', 'schema-id': 0, fields, ...(identifiers.length ? { 'identifier-field-ids': identifiers } : {}) };
      return { operation: 'append', schema, snapshot: false };
    }).catch((e) => {
      if (e instanceof AwsError) throw e;
      throw invalidInput((e as Error).message);
    });
  }
}
