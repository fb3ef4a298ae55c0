// The largest request body serve accepts per action, and AWS's error when a body is larger. Limits sit
// just above the largest body a valid request can have, so the services still answer the precise
// per-field errors (Kinesis "Records size exceeds 5 MB limit", Athena's 262,144-byte query…) and serve
// only stops bodies no valid request could send, before they are read into memory.
import { AwsError } from '../types.js';
import type { Target } from './target.js';

const KiB = 1024;
const MiB = 1024 * KiB;
const GiB = 1024 * MiB;

/** S3's PutObject and UploadPart maximum (a single PUT or one part): 5 GiB. */
export const S3_MAX_UPLOAD = 5 * GiB;

// JSON 1.1 services by X-Amz-Target prefix. Blobs travel base64 (×4/3) and strings may be JSON-escaped.
const JSON_LIMITS: Record<string, number> = {
  // PutRecord: one record of up to 10 MiB (the model's MaxRecordSizeInKiB ceiling) → ~13.4 MiB base64.
  Kinesis_20131202: 14 * MiB,
  // PutRecordBatch: 4 MiB of records per call → ~5.4 MiB base64 plus 500 entries.
  Firehose_20150804: 6 * MiB,
  // Glue documents no body limit; table and partition batches (100 partitions × columns) stay far below.
  AWSGlue: 10 * MiB,
  // StartQueryExecution: QueryString ≤ 262,144 bytes, JSON-escaped at worst ×6.
  AmazonAthena: 2 * MiB,
};
const JSON_DEFAULT = 1 * MiB;
// IAM policy documents ≤ 131,072 characters, form-encoded at worst ×3 (+ the rest of the form).
const QUERY_LIMIT = 1 * MiB;
// S3 XML bodies: DeleteObjects (1,000 keys of ≤ 1,024 bytes, XML-escaped) and CompleteMultipartUpload
// (10,000 parts) are the largest valid ones; configuration bodies (policy ≤ 20 KB, lifecycle, CORS…) are small.
const S3_XML_LIMIT = 8 * MiB;

export interface BodyLimit {
  /** Bytes on the wire at most (for aws-chunked uploads: including the chunk framing). */
  max: number;
  /** The error for a body over the limit; `size` is the declared or the counted size. */
  error(size: number): AwsError;
}

export function bodyLimit(target: Target, headers: Record<string, string>, maxUpload = S3_MAX_UPLOAD): BodyLimit {
  if (target.protocol === 's3' && target.upload) {
    // aws-chunked framing adds ≤ ~1.2% (8 KiB chunks with signatures) plus trailers on top of the payload.
    const error = (size: number) => entityTooLarge(size, maxUpload);
    return { max: isAwsChunked(headers) ? Math.ceil(maxUpload * 1.02) + MiB : maxUpload, error };
  }
  if (target.protocol === 's3') {
    return {
      max: S3_XML_LIMIT,
      error: () => new AwsError('MaxMessageLengthExceeded', 'Your request was too big.', 400),
    };
  }
  const max = target.protocol === 'query' ? QUERY_LIMIT : Object.hasOwn(JSON_LIMITS, target.service) ? JSON_LIMITS[target.service] : JSON_DEFAULT;
  // AWS's JSON and Query front ends refuse an oversized request with HTTP 413 before the service sees it.
  return {
    max,
    error: (size) =>
      new AwsError(
        target.protocol === 'query' ? 'RequestEntityTooLarge' : 'RequestEntityTooLargeException',
        `Request of ${size} bytes exceeds the maximum of ${max} bytes for this API`,
        413,
      ),
  };
}

/** S3's EntityTooLarge, with the members S3 adds. */
export function entityTooLarge(size: number, max = S3_MAX_UPLOAD): AwsError {
  return new AwsError('EntityTooLarge', 'Your proposed upload exceeds the maximum allowed object size.', 400, {
    ProposedSize: size,
    MaxSizeAllowed: max,
  });
}

export function isAwsChunked(headers: Record<string, string>): boolean {
  return (headers['content-encoding'] ?? '').includes('aws-chunked') || (headers['x-amz-content-sha256'] ?? '').startsWith('STREAMING-');
}

/** The error for a body whose declared size (Content-Length, or an aws-chunked upload's decoded length) is
 * over the limit, so it is refused before a byte of it is read (with Expect: 100-continue, before it is sent). */
export function declaredSizeError(target: Target, headers: Record<string, string>, limit: BodyLimit, maxUpload = S3_MAX_UPLOAD): AwsError | undefined {
  const length = numberHeader(headers['content-length']);
  if (length !== undefined && length > limit.max) return limit.error(length);
  if (target.protocol === 's3' && target.upload) {
    const decoded = numberHeader(headers['x-amz-decoded-content-length']);
    if (decoded !== undefined && decoded > maxUpload) return limit.error(decoded);
  }
  return undefined;
}

function numberHeader(v: string | undefined): number | undefined {
  return v !== undefined && /^\d{1,16}$/.test(v) ? Number(v) : undefined;
}
