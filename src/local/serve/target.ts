// What a request addresses, decided from its head alone (before any body byte is read), so serve can
// answer refusals in the right protocol's error shape and apply the right body limit. Mirrors the
// emulator's routing (emulator.ts): X-Amz-Target → JSON 1.1; `/` with a form body or `Action=` → Query;
// everything else → S3 rest-xml.
import { jsonError } from '../protocol/json.js';
import { queryError } from '../protocol/query.js';
import { s3Error } from '../services/s3/errors.js';
import type { AwsError, EmuResponse } from '../types.js';

export type Target =
  | { protocol: 'json'; service: string; action: string }
  | { protocol: 'query' }
  | { protocol: 's3'; /** PutObject or UploadPart: a body that is object data. */ upload: boolean };

export interface RequestHead {
  method: string;
  path: string;
  query: string;
  headers: Record<string, string>;
}

export function classify(head: RequestHead): Target {
  const target = head.headers['x-amz-target'];
  if (target !== undefined) {
    const dot = target.indexOf('.');
    return { protocol: 'json', service: dot < 0 ? target : target.slice(0, dot), action: dot < 0 ? '' : target.slice(dot + 1) };
  }
  if (head.path === '/' || head.path === '') {
    const type = head.headers['content-type'] ?? '';
    if (head.method === 'POST' && type.startsWith('application/x-www-form-urlencoded')) return { protocol: 'query' };
    if (/(^|&)Action=/.test(head.query)) return { protocol: 'query' };
  }
  return { protocol: 's3', upload: isUpload(head) };
}

/** PUT of an object body (not a copy): PutObject, or UploadPart with `?partNumber&uploadId`. */
function isUpload(head: RequestHead): boolean {
  if (head.method !== 'PUT' || head.headers['x-amz-copy-source'] !== undefined) return false;
  const host = (head.headers.host ?? '').toLowerCase().replace(/:\d+$/, '');
  const path = head.path.startsWith('/') ? head.path.slice(1) : head.path;
  const vhost = /^(.+)\.localhost$/.exec(host);
  // Only `s3.localhost` / `s3.<region>.localhost` name the service; `s3data.localhost` is a bucket (as in the S3 router).
  if (vhost && !/^s3(\.[a-z]{2}(-[a-z]+)+-\d+)?$/.test(vhost[1])) return path.length > 0;
  const slash = path.indexOf('/');
  return slash >= 0 && slash < path.length - 1;
}

/** The error in the addressed protocol's shape (S3 XML, JSON `__type`, Query `<ErrorResponse>`). */
export function errorFor(target: Target, err: AwsError, requestId: string, method: string): EmuResponse {
  if (target.protocol === 'json') return jsonError(err, requestId);
  if (target.protocol === 'query') return queryError(err, requestId);
  return s3Error(err, requestId, method === 'HEAD');
}
