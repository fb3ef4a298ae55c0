// The Glue table of a `table.format: iceberg` pipeline: created by Glue itself from CreateTable's
// OpenTableFormatInput.IcebergInput (MetadataOperation CREATE, format version 2, the fields as the Iceberg
// schema with field ids 1..n, the unique keys as identifier fields, the partition spec), so Glue writes the
// first metadata.json and keeps table_type=ICEBERG + metadata_location. Firehose needs the table to exist
// before the delivery stream (it checks the unique keys at creation).
import type { CreateTableCommandInput, UpdateTableCommandInput } from '@aws-sdk/client-glue';
import { addColumns } from '../iceberg/schema.js';
import type { IcebergSchema } from '../iceberg/types.js';
import type { Pipeline } from '../config/types.js';
import { OWNER_TAG } from './values.js';
import type { Props } from './types.js';

/** Glue/Hive column type → Iceberg primitive type (Iceberg spec; Athena's mapping for CREATE TABLE). */
export function icebergType(glue: string): string {
  switch (glue) {
    case 'tinyint':
    case 'smallint':
    case 'int':
      return 'int';
    case 'bigint':
      return 'long';
    default:
      // string, boolean, float, double, date, timestamp (without zone, as Athena creates it), decimal(p,s)
      return glue;
  }
}

/** How Glue shows an Iceberg column's type back (int for every narrower integer: Iceberg has no smaller one). */
export function glueTypeOfIceberg(glue: string): string {
  return glue === 'tinyint' || glue === 'smallint' ? 'int' : glue;
}

/** Properties every table gets: Firehose requires v2, Parquet and merge-on-read; zstd is what Athena writes. */
export const ICEBERG_PROPERTIES: Record<string, string> = {
  'write.format.default': 'parquet',
  'write.parquet.compression-codec': 'zstd',
  'write.delete.mode': 'merge-on-read',
  'write.update.mode': 'merge-on-read',
  'write.merge.mode': 'merge-on-read',
};

/** The comparable settings of the table (plan diffs them against what Glue and the metadata say). */
export function icebergProps(p: Pipeline): Props {
  const ice = p.table.iceberg!;
  return {
    tableType: 'ICEBERG',
    schema: p.fields.map((f) => `${f.name} ${glueTypeOfIceberg(f.type)}`),
    location: p.table.location,
    identifierFields: ice.uniqueKeys,
    partitionSpec: ice.partitioning.map((x) => `${x.name}: ${x.transform}(${x.field})`),
    parameters: { [OWNER_TAG]: p.name },
  };
}

/** CreateTable with OpenTableFormatInput: Glue builds the Iceberg metadata from CreateIcebergTableInput. */
export function icebergCreateTable(p: Pipeline): CreateTableCommandInput {
  const ice = p.table.iceberg!;
  const id = new Map(p.fields.map((f, i) => [f.name, i + 1]));
  return {
    DatabaseName: p.table.database,
    TableInput: {
      Name: p.table.name,
      Description: `lakehouse pipeline ${p.name}: an Iceberg table Firehose ${p.delivery.name} commits to`,
      TableType: 'EXTERNAL_TABLE',
      Parameters: { [OWNER_TAG]: p.name },
    },
    OpenTableFormatInput: {
      IcebergInput: {
        MetadataOperation: 'CREATE',
        Version: '2',
        CreateIcebergTableInput: {
          Location: p.table.location,
          Schema: {
            SchemaId: 0,
            Type: 'struct',
            // Identifier fields must be required (Iceberg spec), the others are optional.
            Fields: p.fields.map((f) => ({
              Id: id.get(f.name)!,
              Name: f.name,
              Type: icebergType(f.type),
              Required: ice.uniqueKeys.includes(f.name),
              ...(f.comment ? { Doc: f.comment } : {}),
            })),
            ...(ice.uniqueKeys.length ? { IdentifierFieldIds: ice.uniqueKeys.map((k) => id.get(k)!) } : {}),
          },
          PartitionSpec: {
            SpecId: 0,
            Fields: ice.partitioning.map((x, i) => ({ SourceId: id.get(x.field)!, Transform: x.transform, Name: x.name, FieldId: 1000 + i })),
          },
          Properties: ICEBERG_PROPERTIES,
        },
      },
    },
  };
}

/** What the table's current metadata.json says about identifier fields and the partition spec. */
export function propsFromMetadata(meta: any): { identifierFields: string[]; partitionSpec: string[] } | undefined {
  if (!meta || typeof meta !== 'object') return undefined;
  const schema = (meta.schemas ?? []).find((s: any) => s['schema-id'] === meta['current-schema-id']) ?? meta.schema;
  const spec = (meta['partition-specs'] ?? []).find((s: any) => s['spec-id'] === meta['default-spec-id']);
  if (!schema || !spec) return undefined;
  const nameOf = new Map<number, string>((schema.fields ?? []).map((f: any) => [f.id, f.name]));
  return {
    identifierFields: (schema['identifier-field-ids'] ?? []).map((i: number) => nameOf.get(i) ?? `#${i}`),
    partitionSpec: (spec.fields ?? []).map((f: any) => `${f.name}: ${f.transform}(${nameOf.get(f['source-id']) ?? `#${f['source-id']}`})`),
  };
}

/**
 * The schema evolution for the spec's fields the table lacks: Glue UpdateTable with UpdateOpenTableFormatInput
 * (one update: the table's current schema plus the new fields, with ids above last-column-id, optional, as
 * Athena's ADD COLUMNS adds them; Schema and Location are required members). Columns only the table has
 * stay. Undefined when nothing is to add. `meta` is the table's metadata.json; without one (an endpoint that
 * keeps none) the Glue columns stand for the schema with ids 1..n, as CreateTable assigned them.
 */
export function icebergSchemaUpdate(p: Pipeline, meta: any, glueColumns: Array<{ Name?: string; Type?: string }>): UpdateTableCommandInput | undefined {
  let schema: IcebergSchema | undefined = (meta?.schemas ?? []).find((s: any) => s['schema-id'] === meta['current-schema-id']) ?? meta?.schema;
  let last: number = meta?.['last-column-id'] ?? 0;
  if (!schema) {
    const id = new Map(p.fields.map((f, i) => [f.name, i + 1]));
    schema = {
      type: 'struct',
      'schema-id': 0,
      fields: glueColumns.map((c, i) => ({ id: i + 1, name: c.Name!, required: p.table.iceberg!.uniqueKeys.includes(c.Name!), type: icebergType(c.Type!) })),
      ...(p.table.iceberg!.uniqueKeys.length ? { 'identifier-field-ids': p.table.iceberg!.uniqueKeys.map((k) => id.get(k)!) } : {}),
    };
    last = glueColumns.length;
  }
  const have = new Set(schema.fields.map((f) => f.name));
  const adding = p.fields.filter((f) => !have.has(f.name)).map((f) => ({ name: f.name, type: f.type, ...(f.comment ? { comment: f.comment } : {}) }));
  if (!adding.length) return undefined;
  const next = addColumns(schema, Math.max(last, ...schema.fields.map((f) => f.id)), adding).schema;
  return {
    DatabaseName: p.table.database,
    Name: p.table.name,
    UpdateOpenTableFormatInput: {
      UpdateIcebergInput: {
        UpdateIcebergTableInput: {
          Updates: [
            {
              Location: meta?.location ?? p.table.location.replace(/\/$/, ''),
              Schema: {
                SchemaId: schema['schema-id'] + 1,
                Type: 'struct',
                Fields: next.fields.map((f) => ({ Id: f.id, Name: f.name, Type: f.type as any, Required: f.required, ...(f.doc ? { Doc: f.doc } : {}) })),
                ...(next['identifier-field-ids']?.length ? { IdentifierFieldIds: next['identifier-field-ids'] } : {}),
              },
            },
          ],
        },
      },
    },
  };
}
