// Contracts of the embedded emulator. Protocol layers turn HTTP into (service, action, input) and back;
// services implement actions; the engine (Firehose delivery, Athena on DuckDB) reads the other services'
// state through the internal interfaces below, never through HTTP.
import type { Readable } from 'node:stream';

/** An HTTP request as the emulator sees it, from the in-process SDK handler or from `serve`. */
export interface EmuRequest {
  method: string;
  /** Path without the query string, still percent-encoded as sent (S3 keys are decoded by the S3 layer). */
  path: string;
  /** Raw query string without the leading `?` ('' when none). */
  query: string;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  /** The body in memory; empty when `bodyFile` is set. */
  body: Buffer;
  /** A large body that `serve` streamed to a temp file under `<dataDir>/tmp` instead of memory (S3 uploads).
   * The action may rename it into place; whatever is left at `path` is deleted after the response. */
  bodyFile?: { path: string; size: number };
}

export interface EmuResponse {
  status: number;
  headers: Record<string, string>;
  /** A Readable (large S3 objects) must come with a `content-length` header; it is piped, never buffered. */
  body: Buffer | string | Readable;
}

/** An error AWS would return: code (`__type` / `<Code>`), message (AWS's wording), HTTP status. */
export class AwsError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
    /** Extra members serialized beside the message (rare). */
    readonly extra?: Record<string, unknown>,
  ) {
    super(message);
  }
}

/** The local account and partition, fixed so ARNs are stable. */
export const LOCAL_ACCOUNT_ID = '000000000000';

export interface RequestContext {
  region: string;
  accountId: string;
  /** Wall clock (ms); tests may move it. */
  now(): number;
  /** The access key that signed the request (signatures are not verified); STS maps temporary keys back. */
  accessKeyId?: string;
}

/** One JSON-protocol action: input is the parsed JSON body, output is serialized as JSON. Throw AwsError. */
export type JsonAction = (input: any, ctx: RequestContext) => unknown | Promise<unknown>;

/** A Kinesis record as stored. */
export interface StoredRecord {
  sequenceNumber: string;
  partitionKey: string;
  data: Buffer;
  /** ApproximateArrivalTimestamp in ms since epoch. */
  arrival: number;
}

/** What other services (Firehose) may ask the Kinesis service directly. */
export interface KinesisInternal {
  /** Stream ARN and shard ids, or undefined when the stream does not exist. */
  describe(streamName: string): { arn: string; status: string; shardIds: string[] } | undefined;
  /** Records of a shard strictly after `afterSequence` (from the oldest kept when undefined), at most `limit`. */
  read(streamName: string, shardId: string, afterSequence: string | undefined, limit: number): StoredRecord[];
  /** Called after records are appended to a stream; returns an unsubscribe function. */
  onAppend(listener: (streamName: string) => void): () => void;
  /** Stream name from an ARN (arn:aws:kinesis:region:acct:stream/NAME). */
  nameFromArn(arn: string): string;
  /** Per shard: records and bytes retained and the newest arrival, from the in-memory index (no data read).
   * Used by the local API's StreamCounters (`lakehouse status`). */
  stats?(streamName: string): ShardStats[] | undefined;
}

export interface ShardStats {
  shardId: string;
  open: boolean;
  records: number;
  bytes: number;
  /** ms since epoch, null when the shard holds no records. */
  newestArrival: number | null;
}

/** What other services (Firehose, Athena) may ask the S3 service directly. Objects are plain files under
 * `<dataDir>/s3/<bucket>/`, at `<key>` itself for ordinary keys (see services/s3/layout.ts for the escaping
 * of the rest), so any tool (and DuckDB) can read the lake. Invalid bucket names or keys throw. */
export interface S3Internal {
  bucketExists(bucket: string): boolean;
  /** Filesystem path of an object: its file when it exists, else where a write would put it. */
  objectPath(bucket: string, key: string): string;
  /** Atomically move `tmpFile` (on the same filesystem, e.g. under `<dataDir>/tmp`) into place as the object. */
  putObjectFromFile(bucket: string, key: string, tmpFile: string): Promise<void>;
  putObject(bucket: string, key: string, body: Buffer | string): Promise<void>;
  /** Keys (sorted) under a prefix with sizes. */
  list(bucket: string, prefix: string): Array<{ key: string; size: number; path: string }>;
  /** Delete an object as DeleteObject without a version id does (optional: Iceberg VACUUM / snapshot expiry). */
  deleteObject?(bucket: string, key: string): Promise<void>;
}

/** What Athena may ask Glue directly. */
export interface GlueInternal {
  getTable(database: string, table: string): any | undefined;
  listTables(database: string): any[];
  databaseExists(database: string): boolean;
  /** Database names, sorted (optional: added for Athena's SHOW DATABASES). */
  listDatabases?(): string[];
  /** Runs one of Glue's own JSON actions in-process (Athena's DDL goes through Glue's validation and errors). */
  call?(action: string, input: unknown): Promise<any>;
  /** A database as Glue's GetDatabase returns it (optional: Athena's GetDatabase shows its description). */
  getDatabase?(name: string): { Name: string; Description?: string; Parameters?: Record<string, string> } | undefined;
}

/** What Firehose exposes for "wait until everything accepted so far is delivered". */
export interface FirehoseInternal {
  /** Resolves when every record accepted before the call is in S3 (as Parquet or under the error prefix).
   * With `flush`, buffers are written now instead of waiting for their interval/size (a local-only shortcut). */
  waitDelivered(opts?: { deliveryStream?: string; flush?: boolean; timeoutMs?: number }): Promise<void>;
}
