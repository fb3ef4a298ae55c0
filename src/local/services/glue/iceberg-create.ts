// Glue CreateTable with OpenTableFormatInput.IcebergInput (MetadataOperation CREATE): Glue itself writes the
// table's first metadata.json (format version 2, no snapshot) under the location and keeps the table as
// table_type=ICEBERG with metadata_location, as AWS does. The schema comes from CreateIcebergTableInput.Schema
// (Iceberg fields; ids are reassigned 1..n in order, as Iceberg's newTableMetadata does) or, in the older form
// without it, from TableInput.StorageDescriptor.Columns; identifier fields, partition spec and properties
// from CreateIcebergTableInput. The metadata file and the Glue TableInput come from src/local/iceberg.
import path from 'node:path';
import { icebergToGlue, UnsupportedTypeError } from '../../../iceberg/schema.js';
import type { IcebergType } from '../../../iceberg/types.js';
import { createTableMetadata, type IcebergEnv } from '../../iceberg/index.js';
import { AwsError } from '../../types.js';
import { invalidInput, problem } from './errors.js';

export interface IcebergCreateEnv {
  env(): IcebergEnv;
}

/** Checks the request and writes the metadata; returns the TableInput Glue stores for the new table. */
export async function createIcebergTable(ice: IcebergCreateEnv, input: any, name: string): Promise<Record<string, any>> {
  const otf = input.OpenTableFormatInput;
  const ib = otf?.IcebergInput;
  if (!ib) throw invalidInput('OpenTableFormatInput requires an IcebergInput.');
  if (ib.MetadataOperation !== 'CREATE') {
    throw problem(ib.MetadataOperation ?? null, 'openTableFormatInput.icebergInput.metadataOperation', 'Member must satisfy enum value set: [CREATE]');
  }
  const version = ib.Version ?? '2';
  if (version !== '2') {
    // Firehose and Athena's DML need v2; the local table format is v2 only (fail loudly rather than differ).
    throw new AwsError('InvalidInputException', `Iceberg table format version ${version} is not supported by the local emulator; use Version 2.`);
  }
  const ct = ib.CreateIcebergTableInput;
  const ti = input.TableInput ?? {};
  const location: unknown = ct?.Location ?? ti.StorageDescriptor?.Location;
  if (typeof location !== 'string' || !location) throw invalidInput('A location is required to create an Iceberg table.');
  if (!/^s3a?:\/\/[^/]+/.test(location)) throw invalidInput(`Iceberg table location must be an s3:// URI, got ${location}.`);
  const columns = ct ? columnsOf(ct.Schema) : (ti.StorageDescriptor?.Columns ?? []).map((c: any) => ({ name: c.Name, type: c.Type, ...(c.Comment ? { comment: c.Comment } : {}) }));
  if (!columns.length) throw invalidInput('An Iceberg table needs at least one column.');
  const nameOf = new Map<number, string>((ct?.Schema?.Fields ?? []).map((f: any) => [f.Id, String(f.Name).toLowerCase()]));
  const byId = (id: unknown, what: string) => {
    const n = nameOf.get(id as number);
    if (n === undefined) throw invalidInput(`${what} ${String(id)} is not a field id of the schema.`);
    return n;
  };
  const identifierFields = (ct?.Schema?.IdentifierFieldIds ?? []).map((id: unknown) => byId(id, 'Identifier field id'));
  const partitioning = (ct?.PartitionSpec?.Fields ?? []).map((f: any) => ({
    source: byId(f.SourceId, 'Partition source id'),
    transform: String(f.Transform),
    ...(f.Name ? { name: String(f.Name) } : {}),
  }));
  const env = ice.env();
  let created;
  try {
    created = await createTableMetadata(env, { name, location, columns, partitioning, identifierFields, properties: ct?.Properties ?? {} });
  } catch (e) {
    if (e instanceof AwsError) throw e;
    // A bad transform, type or identifier field: Glue answers InvalidInputException.
    throw invalidInput((e as Error).message);
  }
  const { tableInput } = created;
  return {
    ...tableInput,
    ...(ti.Description !== undefined ? { Description: ti.Description } : {}),
    ...(ti.Owner !== undefined ? { Owner: ti.Owner } : {}),
    // The caller's parameters (e.g. an ownership mark) stay; Glue's own Iceberg ones win.
    Parameters: { ...(ti.Parameters ?? {}), ...tableInput.Parameters },
  };
}

function columnsOf(schema: any): Array<{ name: string; type: string; comment?: string }> {
  if (!schema || !Array.isArray(schema.Fields)) throw problem(null, 'openTableFormatInput.icebergInput.createIcebergTableInput.schema.fields', 'Member must not be null');
  if (schema.Type !== undefined && schema.Type !== 'struct') {
    throw problem(schema.Type, 'openTableFormatInput.icebergInput.createIcebergTableInput.schema.type', 'Member must satisfy enum value set: [struct]');
  }
  return schema.Fields.map((f: any) => {
    if (typeof f?.Name !== 'string' || f.Id === undefined || f.Type === undefined || typeof f.Required !== 'boolean') {
      throw invalidInput('Each Iceberg schema field needs Id, Name, Type and Required.');
    }
    let type: string;
    try {
      type = icebergToGlue(f.Type as IcebergType);
    } catch (e) {
      if (e instanceof UnsupportedTypeError || e instanceof TypeError) throw invalidInput(`Unsupported Iceberg type for field ${f.Name}: ${JSON.stringify(f.Type)}`);
      throw e;
    }
    return { name: f.Name, type, ...(f.Doc ? { comment: f.Doc } : {}) };
  });
}

/** The staging folder createTableMetadata may use, beside the other services' state. */
export function stageDirOf(dataDir: string): string {
  return path.join(dataDir, 'tmp');
}
