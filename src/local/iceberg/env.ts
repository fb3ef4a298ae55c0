// What the local Iceberg code runs on (IcebergEnv: the lake, Glue, a staging folder, the clock), the loaded
// table shape, and small I/O helpers: s3 uri <-> bucket/key <-> filesystem path, reading and writing objects.
import { randomBytes, randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Lake } from '../engine/duckdb/lake.js';
import type { GlueInternal } from '../types.js';
import type { TableMetadata } from '../../iceberg/types.js';

export interface IcebergEnv {
  lake: Lake;
  glue: GlueInternal;
  /** A folder on the lake's filesystem for files before putObjectFromFile (e.g. `<dataDir>/tmp`). */
  stageDir: string;
  now(): number;
}

export interface LoadedTable {
  database: string;
  name: string;
  metadataLocation: string;
  glueVersionId: string;
  metadata: TableMetadata;
}

export function parseS3Uri(uri: string): { bucket: string; key: string } {
  const m = /^s3a?:\/\/([^/]+)\/?(.*)$/.exec(uri);
  if (!m) throw new Error(`not an s3 location: ${uri}`);
  return { bucket: m[1]!, key: m[2]! };
}

/** The table location without a trailing slash (keys are built as `${location}/data/...`). */
export function tableRoot(location: string): string {
  return location.replace(/\/+$/, '');
}

export function fsPath(env: IcebergEnv, uri: string): string {
  const { bucket, key } = parseS3Uri(uri);
  return env.lake.objectPath(bucket, key);
}

export async function readObject(env: IcebergEnv, uri: string): Promise<Buffer> {
  return readFile(fsPath(env, uri));
}

export async function putObject(env: IcebergEnv, uri: string, body: Buffer | string): Promise<void> {
  const { bucket, key } = parseS3Uri(uri);
  await env.lake.putObject(bucket, key, body);
}

export async function putObjectFromFile(env: IcebergEnv, uri: string, file: string): Promise<void> {
  const { bucket, key } = parseS3Uri(uri);
  await env.lake.putObjectFromFile(bucket, key, file);
}

/** Random snapshot id in [1, 2^53): exact in JSON numbers and avsc's default long. */
export function newSnapshotId(): number {
  const b = randomBytes(7);
  b[0]! &= 0x1f; // 53 bits
  const n = Number(BigInt('0x' + b.toString('hex')));
  return n === 0 ? 1 : n;
}

export const uuid = (): string => randomUUID();

/** Glue's own action, in-process (the catalog: CreateTable / GetTable / UpdateTable). */
export function glueCall(env: IcebergEnv, action: string, input: unknown): Promise<any> {
  if (!env.glue.call) throw new Error('the Glue catalog does not expose its actions');
  return env.glue.call(action, input);
}
