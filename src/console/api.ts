// The console's JSON API: each route reads the pipeline's own resources only (its stream, delivery stream,
// bucket, Glue table and Athena workgroup, all named by the spec), through the same SDK clients as every
// other command, so it works with provider local (attached to the running session) and aws alike.
import type { Clients } from '../aws/clients.js';
import type { Pipeline } from '../config/types.js';
import type { ResourceContext } from '../resources/types.js';
import { fetchDashboard } from './metrics.js';
import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';

export interface ApiDeps {
  clients: Clients;
  pipeline: Pipeline;
  rctx: ResourceContext;
  cw: CloudWatchClient;
}

export class ApiError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

/** Largest Parquet object the preview reads whole (hyparquet works on a buffer). */
const PREVIEW_MAX_BYTES = 256 * 1024 * 1024;
const PREVIEW_ROWS = 20;
const RESULT_PAGE = 50;

export async function overview(d: ApiDeps): Promise<unknown> {
  const { pipelineStatus } = await import('../resources/status.js');
  const st = await pipelineStatus(d.rctx);
  const p = d.pipeline;
  return { ...st, names: { stream: p.stream.name, delivery: p.delivery.name, bucket: p.bucket.name, database: p.table.database, table: p.table.name, workgroup: p.athena.workgroup } };
}

export async function metrics(d: ApiDeps, minutes: number): Promise<unknown> {
  return fetchDashboard(d.cw, d.clients, d.pipeline, { minutes: Math.max(5, Math.min(1440, minutes || 60)) });
}

/** One level of the bucket: folders (partitions) and objects, 1,000 at a time. */
export async function lake(d: ApiDeps, prefix: string, token?: string): Promise<unknown> {
  const { ListObjectsV2Command } = await import('@aws-sdk/client-s3');
  const out = await d.clients.s3.send(
    new ListObjectsV2Command({ Bucket: d.pipeline.bucket.name, Prefix: prefix, Delimiter: '/', ContinuationToken: token || undefined, MaxKeys: 1000 }),
  );
  return {
    bucket: d.pipeline.bucket.name,
    prefix,
    folders: (out.CommonPrefixes ?? []).map((c) => c.Prefix),
    objects: (out.Contents ?? []).map((o) => ({ key: o.Key, size: o.Size, lastModified: o.LastModified })),
    nextToken: out.NextContinuationToken ?? null,
  };
}

/** A Parquet object's schema (columns and types), row count and first rows. */
export async function parquet(d: ApiDeps, key: string): Promise<unknown> {
  const { GetObjectCommand, HeadObjectCommand } = await import('@aws-sdk/client-s3');
  const { parquetMetadata, parquetSchema, parquetReadObjects } = await import('hyparquet');
  const head = await d.clients.s3.send(new HeadObjectCommand({ Bucket: d.pipeline.bucket.name, Key: key }));
  if ((head.ContentLength ?? 0) > PREVIEW_MAX_BYTES) throw new ApiError(413, `${key} is larger than the preview reads (256 MiB)`);
  const obj = await d.clients.s3.send(new GetObjectCommand({ Bucket: d.pipeline.bucket.name, Key: key }));
  const bytes = await obj.Body!.transformToByteArray();
  const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  let meta;
  try {
    meta = parquetMetadata(file);
  } catch (e) {
    throw new ApiError(422, `${key} is not a Parquet file (${(e as Error).message})`);
  }
  const schema = parquetSchema(meta);
  const rows = await parquetReadObjects({ file, metadata: meta, rowEnd: PREVIEW_ROWS, rowFormat: 'object' }); // Snappy is built in
  return {
    key,
    bytes: head.ContentLength,
    rows: Number(meta.num_rows),
    rowGroups: meta.row_groups.length,
    columns: schema.children.map((c) => ({ name: c.element.name, type: c.element.type ?? 'GROUP', logical: c.element.logical_type?.type ?? c.element.converted_type ?? null })),
    preview: rows.map((r) => JSON.parse(JSON.stringify(r, (_k, v) => (typeof v === 'bigint' ? Number(v) : v)))),
  };
}

export async function table(d: ApiDeps): Promise<unknown> {
  const { GetTableCommand } = await import('@aws-sdk/client-glue');
  const t = (await d.clients.glue.send(new GetTableCommand({ DatabaseName: d.pipeline.table.database, Name: d.pipeline.table.name }))).Table!;
  const params = t.Parameters ?? {};
  return {
    database: t.DatabaseName,
    name: t.Name,
    location: t.StorageDescriptor?.Location,
    columns: (t.StorageDescriptor?.Columns ?? []).map((c) => ({ name: c.Name, type: c.Type })),
    partitionKeys: (t.PartitionKeys ?? []).map((c) => ({ name: c.Name, type: c.Type })),
    projection: Object.fromEntries(Object.entries(params).filter(([k]) => k.startsWith('projection.') || k === 'storage.location.template')),
  };
}

export async function startQuery(d: ApiDeps, sql: string): Promise<unknown> {
  const { startQuery: start } = await import('../query/athena.js');
  if (!sql.trim()) throw new ApiError(400, 'The query is empty');
  if (sql.length > 262_144) throw new ApiError(400, 'The query is longer than Athena takes (262,144 bytes)');
  const p = d.pipeline;
  const id = await start(d.clients.athena, { sql, workgroup: p.athena.workgroup, database: p.table.database, outputLocation: p.athena.outputLocation });
  return { id };
}

export async function queryState(d: ApiDeps, id: string): Promise<unknown> {
  const { GetQueryExecutionCommand } = await import('@aws-sdk/client-athena');
  const qe = (await d.clients.athena.send(new GetQueryExecutionCommand({ QueryExecutionId: id }))).QueryExecution!;
  if (qe.WorkGroup !== d.pipeline.athena.workgroup) throw new ApiError(404, 'No such query in this pipeline\'s workgroup');
  return describe(qe);
}

function describe(qe: import('@aws-sdk/client-athena').QueryExecution) {
  return {
    id: qe.QueryExecutionId,
    sql: qe.Query,
    state: qe.Status?.State,
    reason: qe.Status?.StateChangeReason ?? null,
    submitted: qe.Status?.SubmissionDateTime,
    completed: qe.Status?.CompletionDateTime ?? null,
    scannedBytes: qe.Statistics?.DataScannedInBytes ?? null,
    totalMs: qe.Statistics?.TotalExecutionTimeInMillis ?? null,
    outputLocation: qe.ResultConfiguration?.OutputLocation ?? null,
  };
}

/** One page of results (the header row dropped), as Athena pages them. */
export async function results(d: ApiDeps, id: string, token?: string): Promise<unknown> {
  const { GetQueryResultsCommand } = await import('@aws-sdk/client-athena');
  await queryState(d, id); // the workgroup check
  const out = await d.clients.athena.send(new GetQueryResultsCommand({ QueryExecutionId: id, MaxResults: RESULT_PAGE + (token ? 0 : 1), NextToken: token || undefined }));
  const columns = (out.ResultSet?.ResultSetMetadata?.ColumnInfo ?? []).map((c) => ({ name: c.Name, type: c.Type }));
  let rows = (out.ResultSet?.Rows ?? []).map((r) => (r.Data ?? []).map((x) => x.VarCharValue ?? null));
  if (!token && rows.length && rows[0]!.every((v, i) => v === columns[i]?.name)) rows = rows.slice(1);
  return { columns, rows, nextToken: out.NextToken ?? null };
}

/** The query's CSV as Athena wrote it to the results location. */
export async function csv(d: ApiDeps, id: string): Promise<{ body: Uint8Array; name: string }> {
  const { GetObjectCommand } = await import('@aws-sdk/client-s3');
  const q = (await queryState(d, id)) as { state: string; outputLocation: string | null };
  if (q.state !== 'SUCCEEDED' || !q.outputLocation) throw new ApiError(409, `The query is ${q.state}: no CSV to download`);
  const m = /^s3:\/\/([^/]+)\/(.+)$/.exec(q.outputLocation);
  if (!m) throw new ApiError(500, `Unexpected output location ${q.outputLocation}`);
  const obj = await d.clients.s3.send(new GetObjectCommand({ Bucket: m[1], Key: m[2] }));
  return { body: await obj.Body!.transformToByteArray(), name: `${id}.csv` };
}

/** The workgroup's recent queries, newest first. */
export async function history(d: ApiDeps): Promise<unknown> {
  const { BatchGetQueryExecutionCommand, ListQueryExecutionsCommand } = await import('@aws-sdk/client-athena');
  const list = await d.clients.athena.send(new ListQueryExecutionsCommand({ WorkGroup: d.pipeline.athena.workgroup, MaxResults: 20 }));
  const ids = list.QueryExecutionIds ?? [];
  if (ids.length === 0) return { queries: [] };
  const got = await d.clients.athena.send(new BatchGetQueryExecutionCommand({ QueryExecutionIds: ids }));
  const qs = (got.QueryExecutions ?? []).map(describe);
  qs.sort((a, b) => (b.submitted?.getTime() ?? 0) - (a.submitted?.getTime() ?? 0));
  return { queries: qs };
}
