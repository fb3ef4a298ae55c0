// A buffer for the destinations that are not S3: HTTP endpoint (delivered for real), and Redshift, Snowflake,
// Elasticsearch, OpenSearch (Serverless) and Splunk, which cannot be reached offline, so every attempt fails.
// As on AWS, a failed batch is retried for RetryOptions.DurationInSeconds (the engine redoes the batch from its
// checkpoint; the window starts at the first failure) and then written to the S3 (backup) configuration under
// the destination's error-output-type, one error document per record, so no accepted record is lost. With
// S3BackupMode All* every record is also copied to S3. Redshift loads through S3: its records are always
// written to the intermediate bucket and a failed COPY leaves a manifest under `errors/`.
import type { StoredRecord } from '../../types.js';
import type { BatchDeps, BatchResult } from './batch-builder.js';
import { deliveryErrorDocuments } from './error-docs.js';
import { postToEndpoint, type AttemptFailure } from './http-endpoint.js';
import { batchNames, bucketFromArn, objectKey, type BatchNames } from './object-names.js';
import { RecordTally } from './record-tally.js';
import { gzipSync } from 'node:zlib';

export interface EndpointOwner {
  deliveryStream: string;
  deliveryStreamArn: string;
  incarnation: number;
  shardId: string;
  kind: string;
  destination: any;
  /** Stops an HTTP request in flight when the stream is deleted or the emulator closes. */
  signal?: AbortSignal;
}

/** error-output-type per destination (AWS's names; the model documents AmazonOpenSearchService-failed). */
const ERROR_OUTPUT_TYPE: Record<string, string> = {
  HttpEndpoint: 'http-endpoint-failed',
  Elasticsearch: 'AmazonOpenSearchService-failed',
  Amazonopensearchservice: 'AmazonOpenSearchService-failed',
  AmazonOpenSearchServerless: 'AmazonOpenSearchServerless-failed',
  Splunk: 'splunk-failed',
  Snowflake: 'snowflake-failed',
  Redshift: 'errors',
};

const UNREACHABLE: Record<string, string> = {
  Redshift: 'Redshift.ConnectionFailed',
  Snowflake: 'Snowflake.ConnectionFailed',
  Elasticsearch: 'ES.ServiceException',
  Amazonopensearchservice: 'OS.ServiceException',
  AmazonOpenSearchServerless: 'AOSS.ServiceException',
  Splunk: 'Splunk.ConnectionTimeout',
};

const ALL_TO_S3 = new Set(['AllData', 'AllDocuments', 'AllEvents', 'Enabled']);

/** First failure time and attempts of each batch being retried, and whether its S3 copy is written (keyed by
 * the batch's identity; lost on restart, when the window starts again). */
const retries = new Map<string, { since: number; attempts: number; copied: boolean }>();

export class EndpointBatch extends RecordTally {
  bytes = 0;
  private records: StoredRecord[] = [];

  constructor(
    private readonly deps: BatchDeps,
    private readonly owner: EndpointOwner,
  ) {
    super();
  }

  /** The destination kind (HttpEndpoint, Redshift, …), for its DeliveryTo<kind> metrics. */
  get kind(): string {
    return this.owner.kind;
  }

  add(r: StoredRecord): void {
    this.tally(r);
    this.bytes += r.data.length;
    this.records.push(r);
  }

  current(destination: unknown): boolean {
    return destination === this.owner.destination;
  }

  discard(): void {
    this.records = [];
  }

  async finish(version: number): Promise<BatchResult> {
    const { destination: dest, kind } = this.owner;
    const s3 = dest.S3Configuration;
    const bucket = bucketFromArn(s3.BucketARN);
    // AWS pauses delivery while it cannot write to the S3 bucket it would back failures up to.
    if (!this.deps.s3.bucketExists(bucket)) throw new Error(`The bucket ${bucket} does not exist; delivery will be retried.`);
    const names = batchNames({ ...this.owner, firstSequence: this.firstSequence!, lastSequence: this.lastSequence! });
    const key = (error: boolean, ext = '') =>
      objectKey({
        prefix: error ? s3.ErrorOutputPrefix : s3.Prefix,
        errorPrefix: error,
        errorOutputType: error ? ERROR_OUTPUT_TYPE[kind] : undefined,
        deliveryStream: this.owner.deliveryStream,
        version,
        timestamp: this.oldestArrival,
        names,
        extension: ext,
      });
    const keys: string[] = [];
    const identity = `${this.owner.deliveryStream}|${this.owner.incarnation}|${this.owner.shardId}|${this.firstSequence}|${this.lastSequence}`;
    const state = retries.get(identity) ?? { since: this.deps.now(), attempts: 0, copied: false };
    if (kind === 'Redshift' || ALL_TO_S3.has(dest.S3BackupMode)) {
      const target = kind === 'Redshift' || !dest.S3BackupConfiguration ? s3 : dest.S3BackupConfiguration;
      const gzip = target.CompressionFormat === 'GZIP';
      const k = key(false, gzip ? '.gz' : '');
      // Written once per batch: a retry (every second, for up to RetryOptions) finds the same key in place.
      if (!state.copied) {
        const raw = Buffer.concat(this.records.map((r) => r.data));
        await this.deps.s3.putObject(bucketFromArn(target.BucketARN), k, gzip ? gzipSync(raw) : raw);
      }
      keys.push(k);
    }
    const failure = await this.attempt(names, kind === 'Redshift' ? keys[0]! : undefined);
    if (!failure) {
      retries.delete(identity);
      return { delivered: this.count, failed: 0, keys };
    }
    state.attempts++;
    state.copied = keys.length > 0;
    retries.set(identity, state);
    if (this.deps.now() - state.since < dest.RetryOptions.DurationInSeconds * 1000) {
      throw new Error(`${failure.code}: ${failure.message} (attempt ${state.attempts}; retrying for up to ${dest.RetryOptions.DurationInSeconds} s)`);
    }
    retries.delete(identity);
    const errorKey = key(true);
    const body =
      kind === 'Redshift'
        ? JSON.stringify({ entries: [{ url: `s3://${bucket}/${keys[0]}`, mandatory: true }] })
        : deliveryErrorDocuments(this.records.map((record) => ({ record, ...failure })), this.deps.now(), state.attempts);
    await this.deps.s3.putObject(bucket, errorKey, body);
    keys.push(errorKey);
    return { delivered: 0, failed: this.count, keys };
  }

  /** One delivery attempt to the destination itself. */
  private async attempt(names: BatchNames, redshiftObject?: string): Promise<AttemptFailure | undefined> {
    const { destination: dest, kind } = this.owner;
    if (kind !== 'HttpEndpoint') {
      const what = redshiftObject ? `The COPY of s3://${bucketFromArn(dest.S3Configuration.BucketARN)}/${redshiftObject} into Redshift` : 'Delivery';
      return { code: UNREACHABLE[kind]!, message: `${what} failed: the destination cannot be reached from the local emulator.` };
    }
    return postToEndpoint({
      url: dest.EndpointConfiguration.Url,
      accessKey: dest.EndpointConfiguration.AccessKey,
      commonAttributes: dest.RequestConfiguration?.CommonAttributes,
      gzip: dest.RequestConfiguration?.ContentEncoding === 'GZIP',
      // The same request id for every attempt of the same batch, as AWS documents.
      requestId: names.uuid,
      sourceArn: this.owner.deliveryStreamArn,
      records: this.records.map((r) => r.data),
      now: this.deps.now(),
      signal: this.owner.signal,
    });
  }
}

