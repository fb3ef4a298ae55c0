// Manifest and manifest-list Avro: the schemas with the spec's field ids (manifest_entry's 35 ids, the
// partition struct r102 with partition field ids 1000+, manifest_file 500-519 with Athena's names for 504-506),
// the key-value metadata readers expect in the file headers, and encode/decode of whole Avro object container
// files with avsc. Two avsc traps (see ICEBERG.md): the header must carry the RAW schema JSON (avsc's exported
// schema drops field-id / element-id / logicalType map), and longs must stay below 2^53 (we keep them so).
import avro from 'avsc';
import { Readable } from 'node:stream';
import { parseTransform, resultType } from './transforms.js';
import type { DataFile, FieldSummary, IcebergSchema, IcebergType, ManifestEntry, ManifestFile, PartitionSpec } from './types.js';

const opt = (type: unknown, id: number, name: string, extra: Record<string, unknown> = {}) =>
  ({ name, type: ['null', type], default: null, 'field-id': id, ...extra });

const intMap = (id: number, name: string, k: number, v: number, valueType: string) =>
  opt(
    {
      type: 'array',
      logicalType: 'map',
      items: { type: 'record', name: `k${k}_v${v}`, fields: [{ name: 'key', type: 'int', 'field-id': k }, { name: 'value', type: valueType, 'field-id': v }] },
    },
    id,
    name,
  );

/** Avro type of an Iceberg primitive (the spec's Avro mapping). */
export function avroTypeOf(t: IcebergType): unknown {
  if (typeof t !== 'string') throw new Error('nested partition source types are not supported');
  const dec = /^decimal\((\d+),\s*(\d+)\)$/.exec(t);
  if (dec) {
    const p = Number(dec[1]);
    return { type: 'fixed', name: `decimal_${p}_${dec[2]}`, size: decimalBytes(p), logicalType: 'decimal', precision: p, scale: Number(dec[2]) };
  }
  const fixed = /^fixed\[(\d+)\]$/.exec(t);
  if (fixed) return { type: 'fixed', name: `fixed_${fixed[1]}`, size: Number(fixed[1]) };
  switch (t) {
    case 'boolean': case 'int': case 'long': case 'float': case 'double': case 'string': return t;
    case 'binary': return 'bytes';
    case 'date': return { type: 'int', logicalType: 'date' };
    case 'time': return { type: 'long', logicalType: 'time-micros' };
    case 'timestamp': return { type: 'long', logicalType: 'timestamp-micros', 'adjust-to-utc': false };
    case 'timestamptz': return { type: 'long', logicalType: 'timestamp-micros', 'adjust-to-utc': true };
    case 'uuid': return { type: 'fixed', name: 'uuid_fixed', size: 16, logicalType: 'uuid' };
    default: throw new Error(`unsupported Iceberg type ${t}`);
  }
}

function decimalBytes(precision: number): number {
  let n = 1;
  while (Math.pow(2, 8 * n - 1) < Math.pow(10, precision)) n++;
  return n;
}

/** The partition struct type (record r102) of a spec over a schema. */
export function partitionType(spec: PartitionSpec, schema: IcebergSchema): { name: string; type: IcebergType; id: number }[] {
  return spec.fields.map((f) => {
    const src = schema.fields.find((x) => x.id === f['source-id']);
    // A partition source dropped from the current schema keeps its spec; its type then only matters for
    // the (void-like) values, so string is a safe stand-in.
    const t = resultType(parseTransform(f.transform), src?.type ?? 'string');
    return { name: f.name, type: t, id: f['field-id'] };
  });
}

/** manifest_entry schema for manifests of one partition spec. */
export function manifestEntrySchema(spec: PartitionSpec, schema: IcebergSchema): object {
  const partitionFields = partitionType(spec, schema).map((p) => opt(avroTypeOf(p.type), p.id, p.name));
  return {
    type: 'record',
    name: 'manifest_entry',
    fields: [
      { name: 'status', type: 'int', 'field-id': 0 },
      opt('long', 1, 'snapshot_id'),
      opt('long', 3, 'sequence_number'),
      opt('long', 4, 'file_sequence_number'),
      {
        name: 'data_file',
        'field-id': 2,
        type: {
          type: 'record',
          name: 'r2',
          fields: [
            { name: 'content', type: 'int', doc: 'Contents of the file: 0=data, 1=position deletes, 2=equality deletes', 'field-id': 134 },
            { name: 'file_path', type: 'string', doc: 'Location URI with FS scheme', 'field-id': 100 },
            { name: 'file_format', type: 'string', doc: 'File format name: avro, orc, or parquet', 'field-id': 101 },
            { name: 'partition', type: { type: 'record', name: 'r102', fields: partitionFields }, doc: 'Partition data tuple, schema based on the partition spec', 'field-id': 102 },
            { name: 'record_count', type: 'long', doc: 'Number of records in the file', 'field-id': 103 },
            { name: 'file_size_in_bytes', type: 'long', doc: 'Total file size in bytes', 'field-id': 104 },
            intMap(108, 'column_sizes', 117, 118, 'long'),
            intMap(109, 'value_counts', 119, 120, 'long'),
            intMap(110, 'null_value_counts', 121, 122, 'long'),
            intMap(137, 'nan_value_counts', 138, 139, 'long'),
            intMap(125, 'lower_bounds', 126, 127, 'bytes'),
            intMap(128, 'upper_bounds', 129, 130, 'bytes'),
            opt('bytes', 131, 'key_metadata'),
            opt({ type: 'array', items: 'long', 'element-id': 133 }, 132, 'split_offsets'),
            opt({ type: 'array', items: 'int', 'element-id': 136 }, 135, 'equality_ids'),
            opt('int', 140, 'sort_order_id'),
          ],
        },
      },
    ],
  };
}

/** manifest_file schema (v2), with Athena's names for 504-506 (Java readers project by these names too). */
export const MANIFEST_LIST_SCHEMA = {
  type: 'record',
  name: 'manifest_file',
  fields: [
    { name: 'manifest_path', type: 'string', doc: 'Location URI with FS scheme', 'field-id': 500 },
    { name: 'manifest_length', type: 'long', doc: 'Total file size in bytes', 'field-id': 501 },
    { name: 'partition_spec_id', type: 'int', doc: 'Spec ID used to write', 'field-id': 502 },
    { name: 'content', type: 'int', doc: 'Contents of the manifest: 0=data, 1=deletes', 'field-id': 517 },
    { name: 'sequence_number', type: 'long', doc: 'Sequence number when the manifest was added', 'field-id': 515 },
    { name: 'min_sequence_number', type: 'long', doc: 'Lowest sequence number in the manifest', 'field-id': 516 },
    { name: 'added_snapshot_id', type: 'long', doc: 'Snapshot ID that added the manifest', 'field-id': 503 },
    { name: 'added_data_files_count', type: 'int', doc: 'Added entry count', 'field-id': 504 },
    { name: 'existing_data_files_count', type: 'int', doc: 'Existing entry count', 'field-id': 505 },
    { name: 'deleted_data_files_count', type: 'int', doc: 'Deleted entry count', 'field-id': 506 },
    { name: 'added_rows_count', type: 'long', doc: 'Added rows count', 'field-id': 512 },
    { name: 'existing_rows_count', type: 'long', doc: 'Existing rows count', 'field-id': 513 },
    { name: 'deleted_rows_count', type: 'long', doc: 'Deleted rows count', 'field-id': 514 },
    opt(
      {
        type: 'array',
        'element-id': 508,
        items: {
          type: 'record',
          name: 'r508',
          fields: [
            { name: 'contains_null', type: 'boolean', doc: 'True if any file has a null partition value', 'field-id': 509 },
            opt('boolean', 518, 'contains_nan', { doc: 'True if any file has a nan partition value' }),
            opt('bytes', 510, 'lower_bound', { doc: 'Partition lower bound for all files' }),
            opt('bytes', 511, 'upper_bound', { doc: 'Partition upper bound for all files' }),
          ],
        },
      },
      507,
      'partitions',
      { doc: 'Summary for each partition' },
    ),
    opt('bytes', 519, 'key_metadata', { doc: 'Encryption key metadata blob' }),
  ],
};

/** Spec "binary single-value serialization" (bounds): little-endian numbers, UTF-8 strings, raw bytes. */
export function singleValue(t: IcebergType, v: unknown): Buffer | undefined {
  if (v === null || v === undefined || typeof t !== 'string') return undefined;
  const b8 = () => Buffer.alloc(8);
  switch (t) {
    case 'boolean': return Buffer.from([v ? 1 : 0]);
    case 'int': case 'date': { const b = Buffer.alloc(4); b.writeInt32LE(Number(v)); return b; }
    case 'long': case 'time': case 'timestamp': case 'timestamptz': { const b = b8(); b.writeBigInt64LE(BigInt(v as number)); return b; }
    case 'float': { const b = Buffer.alloc(4); b.writeFloatLE(Number(v)); return b; }
    case 'double': { const b = b8(); b.writeDoubleLE(Number(v)); return b; }
    case 'string': return Buffer.from(String(v), 'utf8');
    default: return Buffer.isBuffer(v) ? v : undefined;
  }
}

/** Manifest-list partition summaries over the partition tuples of a manifest's files. */
export function partitionSummaries(spec: PartitionSpec, schema: IcebergSchema, files: DataFile[]): FieldSummary[] {
  return partitionType(spec, schema).map((p) => {
    const values = files.map((f) => f.partition[p.name]);
    const present = values.filter((v) => v !== null && v !== undefined) as Array<number | string>;
    const nan = present.some((v) => typeof v === 'number' && Number.isNaN(v));
    const ordered = present.filter((v) => !(typeof v === 'number' && Number.isNaN(v))).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const s: FieldSummary = { containsNull: present.length < values.length, containsNan: nan };
    const lo = singleValue(p.type, ordered[0]);
    const hi = singleValue(p.type, ordered[ordered.length - 1]);
    if (lo) s.lowerBound = lo;
    if (hi) s.upperBound = hi;
    return s;
  });
}

const mapOut = (m?: Record<number, number | Buffer>) =>
  m ? Object.entries(m).map(([key, value]) => ({ key: Number(key), value })) : null;
const mapIn = <T>(a: Array<{ key: number; value: T }> | null | undefined): Record<number, T> | undefined =>
  a ? Object.fromEntries(a.map((e) => [e.key, e.value])) : undefined;

export function entryToAvro(e: ManifestEntry, spec: PartitionSpec, schema: IcebergSchema): object {
  const f = e.dataFile;
  const partition: Record<string, unknown> = {};
  for (const p of partitionType(spec, schema)) partition[p.name] = f.partition[p.name] ?? null;
  return {
    status: e.status,
    snapshot_id: e.snapshotId,
    sequence_number: e.sequenceNumber,
    file_sequence_number: e.fileSequenceNumber,
    data_file: {
      content: f.content,
      file_path: f.filePath,
      file_format: f.fileFormat,
      partition,
      record_count: f.recordCount,
      file_size_in_bytes: f.fileSizeInBytes,
      column_sizes: mapOut(f.columnSizes),
      value_counts: mapOut(f.valueCounts),
      null_value_counts: mapOut(f.nullValueCounts),
      nan_value_counts: mapOut(f.nanValueCounts),
      lower_bounds: mapOut(f.lowerBounds),
      upper_bounds: mapOut(f.upperBounds),
      key_metadata: null,
      split_offsets: f.splitOffsets ?? null,
      equality_ids: f.equalityIds ?? null,
      sort_order_id: f.sortOrderId ?? (f.content === 1 ? null : 0),
    },
  };
}

/** A decoded manifest_entry; null sequence numbers are inherited from the manifest (spec rule: only for
 * ADDED entries, which is how every writer leaves them null). */
export function entryFromAvro(r: any, m: { sequenceNumber: number; partitionSpecId: number }): ManifestEntry {
  const d = r.data_file;
  const seq = r.sequence_number ?? m.sequenceNumber;
  const num = (x: unknown) => (typeof x === 'bigint' ? Number(x) : (x as number));
  const dataFile: DataFile = {
    content: d.content ?? 0,
    filePath: d.file_path,
    fileFormat: String(d.file_format).toUpperCase() as DataFile['fileFormat'],
    specId: m.partitionSpecId,
    partition: { ...d.partition },
    recordCount: num(d.record_count),
    fileSizeInBytes: num(d.file_size_in_bytes),
  };
  const maps: Array<[keyof DataFile, string]> = [
    ['columnSizes', 'column_sizes'], ['valueCounts', 'value_counts'], ['nullValueCounts', 'null_value_counts'],
    ['nanValueCounts', 'nan_value_counts'], ['lowerBounds', 'lower_bounds'], ['upperBounds', 'upper_bounds'],
  ];
  for (const [k, a] of maps) {
    const v = mapIn(d[a]);
    if (v) (dataFile as any)[k] = v;
  }
  if (d.split_offsets) dataFile.splitOffsets = d.split_offsets.map(num);
  if (d.equality_ids) dataFile.equalityIds = d.equality_ids;
  if (d.sort_order_id !== null && d.sort_order_id !== undefined) dataFile.sortOrderId = d.sort_order_id;
  return {
    status: r.status,
    snapshotId: num(r.snapshot_id),
    sequenceNumber: num(seq),
    fileSequenceNumber: num(r.file_sequence_number ?? seq),
    dataFile,
  };
}

export function manifestFileToAvro(m: ManifestFile): object {
  return {
    manifest_path: m.manifestPath,
    manifest_length: m.manifestLength,
    partition_spec_id: m.partitionSpecId,
    content: m.content,
    sequence_number: m.sequenceNumber,
    min_sequence_number: m.minSequenceNumber,
    added_snapshot_id: m.addedSnapshotId,
    added_data_files_count: m.addedFilesCount,
    existing_data_files_count: m.existingFilesCount,
    deleted_data_files_count: m.deletedFilesCount,
    added_rows_count: m.addedRowsCount,
    existing_rows_count: m.existingRowsCount,
    deleted_rows_count: m.deletedRowsCount,
    partitions: m.partitions
      ? m.partitions.map((p) => ({ contains_null: p.containsNull, contains_nan: p.containsNan ?? null, lower_bound: p.lowerBound ?? null, upper_bound: p.upperBound ?? null }))
      : null,
    key_metadata: null,
  };
}

/** Reads a manifest_file record by either name of 504-506 (Athena's and the spec text's). */
export function manifestFileFromAvro(r: any): ManifestFile {
  const num = (x: unknown) => (typeof x === 'bigint' ? Number(x) : (x as number));
  return {
    manifestPath: r.manifest_path,
    manifestLength: num(r.manifest_length),
    partitionSpecId: r.partition_spec_id,
    content: r.content ?? 0,
    sequenceNumber: num(r.sequence_number ?? 0),
    minSequenceNumber: num(r.min_sequence_number ?? 0),
    addedSnapshotId: num(r.added_snapshot_id),
    addedFilesCount: r.added_data_files_count ?? r.added_files_count ?? 0,
    existingFilesCount: r.existing_data_files_count ?? r.existing_files_count ?? 0,
    deletedFilesCount: r.deleted_data_files_count ?? r.deleted_files_count ?? 0,
    addedRowsCount: num(r.added_rows_count ?? 0),
    existingRowsCount: num(r.existing_rows_count ?? 0),
    deletedRowsCount: num(r.deleted_rows_count ?? 0),
    ...(r.partitions
      ? {
          partitions: r.partitions.map((p: any) => ({
            containsNull: p.contains_null,
            ...(p.contains_nan !== null && p.contains_nan !== undefined ? { containsNan: p.contains_nan } : {}),
            ...(p.lower_bound ? { lowerBound: p.lower_bound } : {}),
            ...(p.upper_bound ? { upperBound: p.upper_bound } : {}),
          })),
        }
      : {}),
  };
}

/** Header metadata of a manifest (what Java and pyiceberg read back: schema, spec, format, content). */
export function manifestMetadata(schema: IcebergSchema, spec: PartitionSpec, content: 'data' | 'deletes'): Record<string, string> {
  return {
    schema: JSON.stringify(schema),
    'schema-id': String(schema['schema-id']),
    'partition-spec': JSON.stringify(spec.fields),
    'partition-spec-id': String(spec['spec-id']),
    'format-version': '2',
    content,
  };
}

export function manifestListMetadata(snapshotId: number, parentId: number | undefined, sequenceNumber: number): Record<string, string> {
  return {
    'snapshot-id': String(snapshotId),
    'parent-snapshot-id': parentId === undefined ? 'null' : String(parentId),
    'sequence-number': String(sequenceNumber),
    'format-version': '2',
  };
}

/** An Avro object container file (deflate, as Java writes) with the raw schema JSON in its header. */
export async function encodeAvroFile(schema: object, metadata: Record<string, string>, records: object[]): Promise<Buffer> {
  const meta: Record<string, Buffer> = {};
  for (const [k, v] of Object.entries(metadata)) meta[k] = Buffer.from(v, 'utf8');
  const enc = new avro.streams.BlockEncoder(schema as any, { metadata: meta, codec: 'deflate', writeHeader: true } as any);
  const chunks: Buffer[] = [];
  const done = new Promise<void>((resolve, reject) => {
    enc.on('data', (c: Buffer) => chunks.push(c));
    enc.on('end', () => resolve());
    enc.on('error', reject);
  });
  for (const r of records) enc.write(r);
  enc.end();
  await done;
  return Buffer.concat(chunks);
}

/** Decodes an Avro object container file: its header metadata (as strings) and records. */
export async function decodeAvroFile(buf: Buffer): Promise<{ metadata: Record<string, string>; records: any[] }> {
  const dec = new avro.streams.BlockDecoder({ parseHook: (s: any) => avro.Type.forSchema(s, { wrapUnions: false } as any) } as any);
  const metadata: Record<string, string> = {};
  const records: any[] = [];
  await new Promise<void>((resolve, reject) => {
    dec.on('metadata', (_type: unknown, _codec: unknown, header: any) => {
      for (const [k, v] of Object.entries(header.meta as Record<string, Buffer>)) metadata[k] = v.toString('utf8');
    });
    dec.on('data', (r: any) => records.push(r));
    dec.on('end', () => resolve());
    dec.on('error', reject);
    Readable.from([buf]).pipe(dec);
  });
  return { metadata, records };
}
