// Creating and loading Iceberg tables in the Glue catalog: the first metadata.json (no snapshot) and the Glue
// TableInput Athena leaves for an Iceberg table; loading = GetTable -> metadata_location -> metadata.json.
import { columnsToSchema, schemaToGlueColumns } from '../../iceberg/schema.js';
import { buildPartitionSpec, newTableMetadata } from '../../iceberg/metadata.js';
import type { IcebergSchema, TableMetadata } from '../../iceberg/types.js';
import { glueCall, putObject, readObject, tableRoot, uuid, type IcebergEnv, type LoadedTable } from './env.js';

export interface PartitionFieldInput { source: string; transform: string; name?: string }

export function isIcebergTable(glueTable: any): boolean {
  return String(glueTable?.Parameters?.table_type ?? '').toUpperCase() === 'ICEBERG';
}

/** Properties Athena sets on the Iceberg tables it creates (merge-on-read Parquet, zstd). */
export const DEFAULT_PROPERTIES: Record<string, string> = {
  'write.format.default': 'parquet',
  'write.parquet.compression-codec': 'zstd',
  'write.delete.mode': 'merge-on-read',
  'write.update.mode': 'merge-on-read',
  'write.merge.mode': 'merge-on-read',
};

export function metadataFileUri(location: string, version: number): string {
  return `${tableRoot(location)}/metadata/${String(version).padStart(5, '0')}-${uuid()}.metadata.json`;
}

/** The version number in a metadata file name (`00003-<uuid>.metadata.json` -> 3; -1 if not numbered). */
export function metadataVersion(uri: string): number {
  const m = /\/(\d+)-[^/]*\.metadata\.json$/.exec(uri);
  return m ? Number(m[1]) : -1;
}

export async function createTableMetadata(env: IcebergEnv, opts: {
  name: string; location: string; columns: Array<{ name: string; type: string; comment?: string }>;
  partitioning?: PartitionFieldInput[]; identifierFields?: string[]; properties?: Record<string, string>;
}): Promise<{ tableInput: any; metadata: TableMetadata; metadataLocation: string }> {
  const { schema, lastColumnId } = columnsToSchema(opts.columns, 1, 0, opts.identifierFields ?? []);
  const { spec, lastPartitionId } = buildPartitionSpec(schema, opts.partitioning ?? []);
  const metadata = newTableMetadata({
    uuid: uuid(),
    location: tableRoot(opts.location),
    schema,
    lastColumnId,
    spec,
    lastPartitionId,
    properties: { ...DEFAULT_PROPERTIES, ...(opts.properties ?? {}) },
    now: env.now(),
  });
  const metadataLocation = metadataFileUri(opts.location, 0);
  await putObject(env, metadataLocation, JSON.stringify(metadata, null, 2));
  return { tableInput: glueTableInput(opts.name, metadata, metadataLocation), metadata, metadataLocation };
}

/** The Glue TableInput of an Iceberg table at a metadata file (what UpdateTable stores on each commit). */
export function glueTableInput(name: string, metadata: TableMetadata, metadataLocation: string, previous?: string, base?: any): any {
  const schema = metadata.schemas.find((s) => s['schema-id'] === metadata['current-schema-id']) as IcebergSchema;
  const older = metadata.schemas.filter((s) => s !== schema);
  const sd = base?.StorageDescriptor ?? {};
  return {
    ...(base ?? {}),
    Name: name,
    TableType: 'EXTERNAL_TABLE',
    Parameters: {
      ...(base?.Parameters ?? {}),
      table_type: 'ICEBERG',
      metadata_location: metadataLocation,
      ...(previous ? { previous_metadata_location: previous } : {}),
    },
    StorageDescriptor: {
      InputFormat: 'org.apache.hadoop.mapred.FileInputFormat',
      OutputFormat: 'org.apache.hadoop.mapred.FileOutputFormat',
      SerdeInfo: { SerializationLibrary: 'org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe', Parameters: {} },
      Compressed: false,
      NumberOfBuckets: 0,
      StoredAsSubDirectories: false,
      ...sd,
      Columns: schemaToGlueColumns(schema, older),
      Location: metadata.location,
    },
    PartitionKeys: [],
  };
}

/** The TableInput fields of a GetTable output (UpdateTable rejects the output-only ones). */
export function tableInputOf(table: any): any {
  const keep = ['Name', 'Description', 'Owner', 'LastAccessTime', 'LastAnalyzedTime', 'Retention', 'StorageDescriptor',
    'PartitionKeys', 'ViewOriginalText', 'ViewExpandedText', 'TableType', 'Parameters', 'TargetTable', 'ViewDefinition'];
  const out: any = {};
  for (const k of keep) if (table[k] !== undefined) out[k] = table[k];
  return out;
}

export async function loadTable(env: IcebergEnv, database: string, name: string): Promise<LoadedTable> {
  const { Table } = await glueCall(env, 'GetTable', { DatabaseName: database, Name: name });
  return loadFromGlueTable(env, database, Table);
}

export async function loadFromGlueTable(env: IcebergEnv, database: string, table: any): Promise<LoadedTable> {
  if (!isIcebergTable(table)) throw new Error(`${database}.${table.Name} is not an Iceberg table`);
  const metadataLocation = table.Parameters?.metadata_location;
  if (!metadataLocation) throw new Error(`${database}.${table.Name} has no metadata_location`);
  const metadata = JSON.parse((await readObject(env, metadataLocation)).toString('utf8')) as TableMetadata;
  return { database, name: table.Name, metadataLocation, glueVersionId: String(table.VersionId ?? '0'), metadata };
}
