// Iceberg v2 table format types, named as the spec names them (https://iceberg.apache.org/spec/): the table
// metadata JSON (kebab-case keys, exactly as written to metadata.json) and, in camelCase, the manifest and
// manifest-list records (avro.ts maps them to the spec's snake_case Avro field names and field ids).
// Snapshot ids, sequence numbers and timestamps are JS numbers: we generate ids below 2^53 so JSON and avsc's
// default long stay exact.

export type IcebergPrimitive =
  | 'boolean' | 'int' | 'long' | 'float' | 'double' | 'date' | 'time' | 'timestamp' | 'timestamptz'
  | 'string' | 'uuid' | 'binary'
  | `decimal(${number}, ${number})` | `fixed[${number}]`;

export interface IcebergStruct { type: 'struct'; fields: IcebergField[] }
export interface IcebergList { type: 'list'; 'element-id': number; element: IcebergType; 'element-required': boolean }
export interface IcebergMap {
  type: 'map'; 'key-id': number; key: IcebergType; 'value-id': number; value: IcebergType; 'value-required': boolean;
}
export type IcebergType = string | IcebergStruct | IcebergList | IcebergMap;

export interface IcebergField {
  id: number; name: string; required: boolean; type: IcebergType; doc?: string;
  'initial-default'?: unknown; 'write-default'?: unknown;
}

export interface IcebergSchema {
  type: 'struct';
  'schema-id': number;
  'identifier-field-ids'?: number[];
  fields: IcebergField[];
}

export interface PartitionField { 'source-id': number; 'field-id': number; name: string; transform: string }
export interface PartitionSpec { 'spec-id': number; fields: PartitionField[] }

export interface SortOrder { 'order-id': number; fields: Array<{ transform: string; 'source-id': number; direction: 'asc' | 'desc'; 'null-order': 'nulls-first' | 'nulls-last' }> }

export interface Snapshot {
  'snapshot-id': number;
  'parent-snapshot-id'?: number;
  'sequence-number': number;
  'timestamp-ms': number;
  'manifest-list': string;
  summary: { operation: 'append' | 'replace' | 'overwrite' | 'delete'; [key: string]: string };
  'schema-id'?: number;
}

export interface SnapshotRef { 'snapshot-id': number; type: 'branch' | 'tag'; 'max-ref-age-ms'?: number; 'max-snapshot-age-ms'?: number; 'min-snapshots-to-keep'?: number }

export interface TableMetadata {
  'format-version': 2;
  'table-uuid': string;
  location: string;
  'last-sequence-number': number;
  'last-updated-ms': number;
  'last-column-id': number;
  'current-schema-id': number;
  schemas: IcebergSchema[];
  'default-spec-id': number;
  'partition-specs': PartitionSpec[];
  'last-partition-id': number;
  'default-sort-order-id': number;
  'sort-orders': SortOrder[];
  properties: Record<string, string>;
  /** -1 when the table has no snapshot (what Java writes; readers treat -1 and absent alike). */
  'current-snapshot-id': number;
  refs: Record<string, SnapshotRef>;
  snapshots: Snapshot[];
  'snapshot-log': Array<{ 'timestamp-ms': number; 'snapshot-id': number }>;
  'metadata-log': Array<{ 'timestamp-ms': number; 'metadata-file': string }>;
  statistics: unknown[];
  'partition-statistics': unknown[];
}

/** data_file (field id 2 of manifest_entry). content: 0 data, 1 position deletes, 2 equality deletes. */
export interface DataFile {
  content: 0 | 1 | 2;
  /** s3:// uri, as every reader resolves it. */
  filePath: string;
  fileFormat: 'PARQUET' | 'AVRO' | 'ORC';
  /** Id of the partition spec the `partition` tuple follows (not an Avro field: it is the manifest's spec). */
  specId: number;
  /** Partition tuple by partition field name, values in their Avro form (date = days, timestamp = micros). */
  partition: Record<string, unknown>;
  recordCount: number;
  fileSizeInBytes: number;
  columnSizes?: Record<number, number>;
  valueCounts?: Record<number, number>;
  nullValueCounts?: Record<number, number>;
  nanValueCounts?: Record<number, number>;
  lowerBounds?: Record<number, Buffer>;
  upperBounds?: Record<number, Buffer>;
  splitOffsets?: number[];
  equalityIds?: number[];
  sortOrderId?: number;
}

/** manifest_entry. status: 0 existing, 1 added, 2 deleted. */
export interface ManifestEntry {
  status: 0 | 1 | 2;
  snapshotId: number;
  /** Data sequence number (inherited from the manifest when written null; always resolved when read). */
  sequenceNumber: number;
  fileSequenceNumber: number;
  dataFile: DataFile;
}

export interface FieldSummary { containsNull: boolean; containsNan?: boolean; lowerBound?: Buffer; upperBound?: Buffer }

/** manifest_file (an entry of a manifest list). content: 0 data, 1 deletes. */
export interface ManifestFile {
  manifestPath: string;
  manifestLength: number;
  partitionSpecId: number;
  content: 0 | 1;
  sequenceNumber: number;
  minSequenceNumber: number;
  addedSnapshotId: number;
  addedFilesCount: number;
  existingFilesCount: number;
  deletedFilesCount: number;
  addedRowsCount: number;
  existingRowsCount: number;
  deletedRowsCount: number;
  partitions?: FieldSummary[];
}
