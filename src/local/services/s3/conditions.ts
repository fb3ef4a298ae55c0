// Conditional requests as S3 evaluates them (RFC 7232 with AWS's precedence):
// - reads (GetObject/HeadObject): If-Match and If-Unmodified-Since fail with 412 PreconditionFailed,
//   If-None-Match and If-Modified-Since answer 304 Not Modified; a passing If-Match overrides a failing
//   If-Unmodified-Since, a failing If-None-Match overrides a passing If-Modified-Since (AWS documents both);
// - CopyObject/UploadPartCopy's x-amz-copy-source-if-* on the source: every failure is 412;
// - writes (PutObject, CompleteMultipartUpload): If-None-Match ("*", or ETags) and If-Match on the
//   current object, checked before the body is read and again just before the object is put in place
//   (the first conditional write to finish wins, a later one is 412); an object deleted while the body
//   was arriving is 409 ConditionalRequestConflict, as AWS documents.
import { AwsError } from '../../types.js';
import { noSuchKey } from './errors.js';
import type { ObjectMeta } from './store.js';

const preconditionFailed = (condition: string) =>
  new AwsError('PreconditionFailed', 'At least one of the pre-conditions you specified did not hold', 412, { Condition: condition });

/** Thrown by reads whose condition says "not modified": the router answers 304 with these headers. */
export class NotModified extends Error {
  constructor(readonly headers: Record<string, string>) {
    super('Not Modified');
  }
}

/** Compare ETags as S3 does: quotes optional, `*` matches any, a comma-separated list matches any member. */
function etagMatches(header: string, etag: string): boolean {
  const bare = etag.replace(/"/g, '');
  return header.split(',').some((e) => {
    const t = e.trim().replace(/^W\//, '').replace(/"/g, '');
    return t === '*' || t === bare;
  });
}

/** An HTTP date, or undefined when absent or unparseable (AWS then ignores the condition). */
function dateOf(header: string | undefined): number | undefined {
  if (!header) return undefined;
  const t = Date.parse(header);
  return Number.isNaN(t) ? undefined : t;
}

/** Last-Modified is sent in whole seconds, so conditions compare at that precision. */
const seconds = (ms: number) => Math.floor(ms / 1000);

function evaluate(headers: Record<string, string>, meta: ObjectMeta, prefix: string, now: number, copy: boolean): void {
  const ifMatch = headers[`${prefix}if-match`];
  const ifNoneMatch = headers[`${prefix}if-none-match`];
  const unmodified = dateOf(headers[`${prefix}if-unmodified-since`]);
  const modified = dateOf(headers[`${prefix}if-modified-since`]);
  const name = (h: string) => (prefix ? `x-amz-copy-source-${h}` : h.replace(/(^|-)([a-z])/g, (_m, d, c) => d + c.toUpperCase()));
  const last = seconds(meta.lastModified);
  if (ifMatch !== undefined) {
    if (!etagMatches(ifMatch, meta.etag)) throw preconditionFailed(name('if-match'));
  } else if (unmodified !== undefined && last > seconds(unmodified)) {
    throw preconditionFailed(name('if-unmodified-since'));
  }
  const notModified = () => {
    if (copy) throw preconditionFailed(name(ifNoneMatch !== undefined ? 'if-none-match' : 'if-modified-since'));
    throw new NotModified({ etag: meta.etag, 'last-modified': new Date(meta.lastModified).toUTCString() });
  };
  if (ifNoneMatch !== undefined) {
    if (etagMatches(ifNoneMatch, meta.etag)) notModified();
  } else if (modified !== undefined && last <= seconds(modified)) {
    notModified();
  }
}

/** GetObject/HeadObject conditions on the object being read. */
export function checkReadConditions(headers: Record<string, string>, meta: ObjectMeta, now: number): void {
  evaluate(headers, meta, '', now, false);
}

/** CopyObject/UploadPartCopy conditions on the copy source (x-amz-copy-source-if-*). */
export function checkCopySourceConditions(headers: Record<string, string>, meta: ObjectMeta, now: number): void {
  evaluate(headers, meta, 'x-amz-copy-source-', now, true);
}

/** The write conditions of a request, checked against the current object before and after the upload. */
export interface WriteCondition {
  /** Throws 412/404 when the condition does not hold against `current` (before the body is read). */
  before(current: ObjectMeta | undefined): void;
  /** Checks again just before the rename: 412 as `before`, 409 when the object was deleted meanwhile. */
  after(current: ObjectMeta | undefined): void;
}

export function writeCondition(headers: Record<string, string>, key: string): WriteCondition | undefined {
  const ifNoneMatch = headers['if-none-match'];
  const ifMatch = headers['if-match'];
  if (ifNoneMatch === undefined && ifMatch === undefined) return undefined;
  let seen: string | undefined;
  return {
    before(current) {
      // `*` (what AWS documents) refuses any existing object; an ETag list refuses an object it matches.
      if (ifNoneMatch !== undefined && current && etagMatches(ifNoneMatch, current.etag)) throw preconditionFailed('If-None-Match');
      if (ifMatch !== undefined) {
        if (!current) throw noSuchKey(key);
        if (!etagMatches(ifMatch, current.etag)) throw preconditionFailed('If-Match');
      }
      seen = current?.etag;
    },
    after(current) {
      // AWS: the first conditional write to finish wins, later ones fail 412; an object deleted while
      // the upload was in flight is 409 ConditionalRequestConflict.
      if (seen !== undefined && !current) {
        throw new AwsError(
          'ConditionalRequestConflict',
          'A conflicting operation occurred. If using PutObject you can retry the request. If using multipart upload you should initiate another CreateMultipartUpload request and re-upload each part.',
          409,
        );
      }
      this.before(current);
    },
  };
}
