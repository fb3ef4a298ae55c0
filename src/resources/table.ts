// The Glue table Firehose converts against and Athena reads: EXTERNAL_TABLE, Parquet SerDe, columns from
// the spec's fields, partition keys from the delivery prefix with partition projection (so Athena sees new
// partitions with no crawler and no MSCK REPAIR). Ownership: parameter lakehouse:pipeline=<name>.
import {
  CreateTableCommand,
  DeleteTableCommand,
  GetTableCommand,
  UpdateTableCommand,
  type TableInput,
} from '@aws-sdk/client-glue';
import { isIceberg, type KeyPartition, type Pipeline, type TimePartition } from '../config/types.js';
import { arn } from './arns.js';
import { awsCall, orMissing } from './aws-errors.js';
import { readIcebergMetadata, isIcebergGlueTable } from './iceberg-metadata.js';
import { icebergCreateTable, icebergProps, icebergSchemaUpdate, propsFromMetadata } from './iceberg-table.js';
import type { ArnIds, Desired, Observed, ResourceContext, ResourceModule, Value } from './types.js';
import { OWNER_TAG } from './values.js';

export const PARQUET = {
  serde: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe',
  inputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat',
  outputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat',
};

function projectionParams(parts: TimePartition[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of parts) {
    if (p.type === 'int') {
      out[`projection.${p.name}.type`] = 'integer';
      out[`projection.${p.name}.range`] = `${p.range[0]},${p.range[1]}`;
      if (p.digits) out[`projection.${p.name}.digits`] = String(p.digits);
    } else {
      // A non-numeric time partition (e.g. dt=yyyy-MM-dd) projects as a date in the same pattern.
      out[`projection.${p.name}.type`] = 'date';
      out[`projection.${p.name}.format`] = p.format;
      out[`projection.${p.name}.range`] = 'NOW-5YEARS,NOW+1DAYS';
    }
  }
  return out;
}

/** Record-value keys (dynamic partitioning): enum when the values are known, else injected (AWS's advice). */
function keyProjectionParams(keys: KeyPartition[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of keys) {
    out[`projection.${k.name}.type`] = k.values ? 'enum' : 'injected';
    if (k.values) out[`projection.${k.name}.values`] = k.values.join(',');
  }
  return out;
}

/** Partition columns: record-value keys first (they come first in the key), then the time partitions. */
function partitionColumns(p: Pipeline): Array<{ name: string; type: string }> {
  return [...(p.table.keyPartitions ?? []), ...p.table.partitions];
}

/** The files' columns: the fields, less those that became partition keys (Glue refuses a column twice). */
function fileColumns(p: Pipeline): Pipeline['fields'] {
  const moved = new Set((p.table.keyPartitions ?? []).map((k) => k.field).filter(Boolean));
  return p.fields.filter((f) => !moved.has(f.name));
}

export function tableParameters(p: Pipeline): Record<string, string> {
  const params: Record<string, string> = { classification: 'parquet', [OWNER_TAG]: p.name };
  if (p.table.partitions.length || (p.table.keyPartitions ?? []).length) {
    params['projection.enabled'] = 'true';
    Object.assign(params, keyProjectionParams(p.table.keyPartitions ?? []), projectionParams(p.table.partitions));
    if (p.table.locationTemplate) params['storage.location.template'] = p.table.locationTemplate;
  }
  return params;
}

function desired(p: Pipeline, ids: ArnIds): Desired {
  if (isIceberg(p)) {
    return { kind: 'table', name: `${p.table.database}.${p.table.name}`, arn: arn.glueTable(ids, p.table.database, p.table.name), props: icebergProps(p) };
  }
  const comments: Record<string, string> = {};
  for (const f of fileColumns(p)) if (f.comment) comments[f.name] = f.comment;
  return {
    kind: 'table',
    name: `${p.table.database}.${p.table.name}`,
    arn: arn.glueTable(ids, p.table.database, p.table.name),
    props: {
      tableType: 'EXTERNAL_TABLE',
      columns: fileColumns(p).map((f) => `${f.name} ${f.type}`),
      columnComments: comments,
      partitionKeys: partitionColumns(p).map((k) => `${k.name} ${k.type}`),
      location: p.table.location,
      storage: { ...PARQUET, serdeParameters: { 'serialization.format': '1' } },
      parameters: tableParameters(p),
    },
  };
}

/** Only parameters we manage count (Glue and others add their own, e.g. on UpdateTable). */
function managedParams(all: Record<string, string>, wanted: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(all)) if (k in wanted || k.startsWith('projection.')) out[k] = v;
  return out;
}

async function describe(ctx: ResourceContext, d: Desired): Promise<Observed> {
  const { database, name } = ctx.pipeline.table;
  const out = await orMissing(`GetTable ${d.name}`, () =>
    ctx.clients.glue.send(new GetTableCommand({ DatabaseName: database, Name: name })),
  );
  const t = out?.Table;
  if (!t) return { kind: 'table', name: d.name, exists: false, owned: false, props: {} };
  const sd = t.StorageDescriptor ?? {};
  const params = t.Parameters ?? {};
  if (isIcebergGlueTable(t)) {
    // Identifier fields and the partition spec live in the metadata.json, not in Glue: read it. An endpoint
    // that keeps no metadata file (moto stores the Glue table only) leaves them as wanted: nothing to compare.
    const meta = propsFromMetadata(await readIcebergMetadata(ctx.clients, t));
    return {
      kind: 'table',
      name: d.name,
      exists: true,
      owned: params[OWNER_TAG] === ctx.pipeline.name,
      arn: d.arn,
      props: {
        tableType: 'ICEBERG',
        schema: (sd.Columns ?? []).map((c) => `${c.Name} ${c.Type}`),
        location: (sd.Location ?? '').replace(/\/?$/, '/'),
        identifierFields: meta?.identifierFields ?? d.props.identifierFields ?? null,
        partitionSpec: meta?.partitionSpec ?? d.props.partitionSpec ?? null,
        parameters: { [OWNER_TAG]: params[OWNER_TAG] ?? null },
      },
    };
  }
  const comments: Record<string, string> = {};
  for (const c of sd.Columns ?? []) if (c.Comment) comments[c.Name!] = c.Comment;
  return {
    kind: 'table',
    name: d.name,
    exists: true,
    owned: params[OWNER_TAG] === ctx.pipeline.name,
    arn: d.arn,
    props: {
      tableType: t.TableType ?? null,
      columns: (sd.Columns ?? []).map((c) => `${c.Name} ${c.Type}`),
      columnComments: comments,
      partitionKeys: (t.PartitionKeys ?? []).map((c) => `${c.Name} ${c.Type}`),
      location: sd.Location ?? null,
      storage: {
        serde: sd.SerdeInfo?.SerializationLibrary ?? null,
        inputFormat: sd.InputFormat ?? null,
        outputFormat: sd.OutputFormat ?? null,
        serdeParameters: (sd.SerdeInfo?.Parameters ?? {}) as Value,
      },
      parameters: managedParams(params, d.props.parameters as Record<string, string>),
    },
  };
}

function tableInput(ctx: ResourceContext): TableInput {
  const p = ctx.pipeline;
  return {
    Name: p.table.name,
    Description: `lakehouse pipeline ${p.name}: events delivered by Firehose ${p.delivery.name}`,
    TableType: 'EXTERNAL_TABLE',
    Parameters: tableParameters(p),
    PartitionKeys: partitionColumns(p).map((k) => ({ Name: k.name, Type: k.type })),
    StorageDescriptor: {
      Columns: fileColumns(p).map((f) => ({ Name: f.name, Type: f.type, Comment: f.comment })),
      Location: p.table.location,
      InputFormat: PARQUET.inputFormat,
      OutputFormat: PARQUET.outputFormat,
      SerdeInfo: { SerializationLibrary: PARQUET.serde, Parameters: { 'serialization.format': '1' } },
      Compressed: false,
      StoredAsSubDirectories: false,
    },
  };
}

async function create(ctx: ResourceContext, d: Desired): Promise<void> {
  if (isIceberg(ctx.pipeline)) {
    await awsCall(`CreateTable ${d.name}`, () => ctx.clients.glue.send(new CreateTableCommand(icebergCreateTable(ctx.pipeline))));
    return;
  }
  await awsCall(`CreateTable ${d.name}`, () =>
    ctx.clients.glue.send(new CreateTableCommand({ DatabaseName: ctx.pipeline.table.database, TableInput: tableInput(ctx) })),
  );
}

async function update(ctx: ResourceContext, d: Desired): Promise<void> {
  // An Iceberg table updates in place only by adding the spec's new fields (plan.ts lets nothing else
  // through without a replace): an Iceberg schema commit, through Glue's UpdateOpenTableFormatInput.
  if (isIceberg(ctx.pipeline)) {
    const { database, name } = ctx.pipeline.table;
    const got = await awsCall(`GetTable ${d.name}`, () => ctx.clients.glue.send(new GetTableCommand({ DatabaseName: database, Name: name })));
    const meta = await readIcebergMetadata(ctx.clients, got.Table ?? {});
    const input = icebergSchemaUpdate(ctx.pipeline, meta, got.Table?.StorageDescriptor?.Columns ?? []);
    if (input) await awsCall(`UpdateTable ${d.name} (Iceberg schema)`, () => ctx.clients.glue.send(new UpdateTableCommand(input)));
    return;
  }
  await awsCall(`UpdateTable ${d.name}`, () =>
    ctx.clients.glue.send(new UpdateTableCommand({ DatabaseName: ctx.pipeline.table.database, TableInput: tableInput(ctx) })),
  );
}

async function remove(ctx: ResourceContext, o: Observed): Promise<void> {
  const [database, ...rest] = o.name.split('.');
  await orMissing(`DeleteTable ${o.name}`, () =>
    ctx.clients.glue.send(new DeleteTableCommand({ DatabaseName: database, Name: rest.join('.') })),
  );
}

export const table: ResourceModule = {
  kind: 'table',
  // An Iceberg table's keys and spec changed in the spec make a new table; its schema too, except for
  // added fields and columns only the table has (plan.ts: an in-place schema evolution, see update).
  replaceOn: ['partitionKeys', 'tableType', 'schema', 'identifierFields', 'partitionSpec'],
  desired,
  describe,
  create,
  update,
  delete: remove,
};
