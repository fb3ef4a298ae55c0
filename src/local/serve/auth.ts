// Signed requests only. AWS accepts a request with a SigV4 `Authorization` header or a presigned URL
// (`X-Amz-Signature` and its companions in the query string) and nothing else; serve requires the same
// shape (except for the two STS calls AWS takes unsigned, isUnsignedAllowed) but does NOT verify the signature (it has no secret keys to check against: any key works).
// What this buys on a laptop: a web page cannot send a request a browser would send without a CORS
// preflight (a form post, `fetch` with text/plain, an <img>), because such requests never carry an
// `Authorization` header, and serve never answers a preflight with allow headers. A page can still put
// `X-Amz-Signature=x` into a URL it makes the browser load, so a query-signed request that a browser
// marks as cross-site (`Origin`, `Sec-Fetch-Site: cross-site|same-site`) may only read S3 objects.
// S3 also takes Signature Version 2 (`Authorization: AWS AKID:sig`, `?AWSAccessKeyId=&Signature=&Expires=`):
// boto3 still presigns S3 URLs that way in us-east-1 unless told otherwise.
import { AwsError } from '../types.js';
import type { RequestHead, Target } from './target.js';

const V4_HEADER = /^(AWS4-HMAC-SHA256|AWS4-ECDSA-P256-SHA256) (.*)$/;
const V2_HEADER = /^AWS [^\s:]+:\S+$/;
const PRESIGN_PARAMS = ['X-Amz-Algorithm', 'X-Amz-Credential', 'X-Amz-Date', 'X-Amz-Expires', 'X-Amz-SignedHeaders', 'X-Amz-Signature'];

/** Undefined when the request is signed as AWS requires; else the error AWS answers with. */
export function authError(head: RequestHead, target: Target, now: number): AwsError | undefined {
  const auth = head.headers.authorization;
  const params = new URLSearchParams(head.query);
  if (auth !== undefined) return target.protocol === 's3' && V2_HEADER.test(auth) ? undefined : headerError(auth, target);
  if (params.has('X-Amz-Signature') || params.has('X-Amz-Credential') || params.has('X-Amz-Algorithm')) {
    return presignedError(params, target, now) ?? crossSiteError(head, target);
  }
  if (target.protocol === 's3' && (params.has('Signature') || params.has('AWSAccessKeyId'))) {
    return presignedV2Error(params, now) ?? crossSiteError(head, target);
  }
  return missing(target);
}

/** The Query actions AWS takes without a signature: the web identity token or SAML assertion is the credential. */
const UNSIGNED_ACTIONS = new Set(['AssumeRoleWithWebIdentity', 'AssumeRoleWithSAML']);

/** True for an unsigned Query request (no Authorization, no presigning) whose Action AWS accepts unsigned. */
export function isUnsignedAllowed(head: RequestHead, body: Uint8Array | undefined): boolean {
  const params = new URLSearchParams(head.query);
  if (head.headers.authorization !== undefined || params.has('X-Amz-Signature') || params.has('X-Amz-Credential')) return false;
  const action = params.get('Action') ?? new URLSearchParams(Buffer.from(body ?? []).toString('utf8')).get('Action');
  return action !== null && UNSIGNED_ACTIONS.has(action);
}

function missing(target: Target): AwsError {
  if (target.protocol === 's3') return new AwsError('AccessDenied', 'Access Denied', 403);
  if (target.protocol === 'query') return new AwsError('MissingAuthenticationToken', 'Request is missing Authentication Token', 403);
  return new AwsError('MissingAuthenticationTokenException', 'Missing Authentication Token', 403);
}

/** `AWS4-HMAC-SHA256 Credential=AK/date/region/service/aws4_request, SignedHeaders=…, Signature=hex`. */
function headerError(auth: string, target: Target): AwsError | undefined {
  const m = V4_HEADER.exec(auth);
  const parts = new Map<string, string>();
  for (const p of (m?.[2] ?? '').split(',')) {
    const eq = p.indexOf('=');
    if (eq > 0) parts.set(p.slice(0, eq).trim(), p.slice(eq + 1).trim());
  }
  const credential = parts.get('Credential') ?? '';
  const ok = m && credential.split('/').length === 5 && parts.get('SignedHeaders') && parts.get('Signature');
  if (ok) return undefined;
  if (target.protocol === 's3') {
    return new AwsError(
      'AuthorizationHeaderMalformed',
      'The authorization header is malformed; the authorization header requires three components: Credential, SignedHeaders, and Signature.',
      400,
    );
  }
  const missingParts = ['Credential', 'Signature', 'SignedHeaders'].filter((k) => !parts.get(k));
  const message = m
    ? missingParts.map((k) => `Authorization header requires '${k}' parameter.`).join(' ') ||
      `Authorization header requires a Credential of the form AccessKeyId/date/region/service/aws4_request.`
    : `Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. ` +
      `Authorization header requires 'SignedHeaders' parameter. Authorization header requires existence of either a ` +
      `'X-Amz-Date' or a 'Date' header.`;
  return new AwsError(target.protocol === 'query' ? 'IncompleteSignature' : 'IncompleteSignatureException', `${message} Authorization=${auth}`, 400);
}

function presignedError(params: URLSearchParams, target: Target, now: number): AwsError | undefined {
  const absent = PRESIGN_PARAMS.filter((p) => !params.get(p));
  if (absent.length) {
    if (target.protocol === 's3') {
      return new AwsError(
        'AuthorizationQueryParametersError',
        'Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.',
        400,
      );
    }
    return new AwsError(target.protocol === 'query' ? 'IncompleteSignature' : 'IncompleteSignatureException', `Query-string authentication requires ${absent.join(', ')}.`, 400);
  }
  const signedAt = parseAmzDate(params.get('X-Amz-Date')!);
  const expires = Number(params.get('X-Amz-Expires'));
  if (signedAt === undefined || !Number.isInteger(expires) || expires < 1 || expires > 604800) {
    return new AwsError(
      target.protocol === 's3' ? 'AuthorizationQueryParametersError' : target.protocol === 'query' ? 'IncompleteSignature' : 'IncompleteSignatureException',
      'X-Amz-Date must be in the ISO8601 Long Format "yyyyMMdd\'T\'HHmmss\'Z\'" and X-Amz-Expires must be 1..604800 seconds',
      400,
    );
  }
  if (signedAt + expires * 1000 < now) {
    return new AwsError('AccessDenied', 'Request has expired', 403, {
      'X-Amz-Expires': expires,
      Expires: new Date(signedAt + expires * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      ServerTime: new Date(now).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    });
  }
  return undefined;
}

/** The query without SigV2's auth parameters, which (like X-Amz-*) belong to authentication, not to the
 * action: the S3 router would take them for unknown sub-resources. Raw parts are kept as sent. */
export function withoutV2QueryAuth(query: string): string {
  if (!/(^|&)(AWSAccessKeyId|Signature|Expires)=/.test(query)) return query;
  return query
    .split('&')
    .filter((p) => !/^(AWSAccessKeyId|Signature|Expires)(=|$)/.test(p))
    .join('&');
}

/** S3's query-string authentication, version 2: AWSAccessKeyId, Signature, Expires (epoch seconds). */
function presignedV2Error(params: URLSearchParams, now: number): AwsError | undefined {
  const expires = params.get('Expires') ?? '';
  if (!params.get('AWSAccessKeyId') || !params.get('Signature') || !/^\d{1,12}$/.test(expires)) {
    return new AwsError('AccessDenied', 'Query-string authentication requires the Signature, Expires and AWSAccessKeyId parameters', 403);
  }
  if (Number(expires) * 1000 < now) {
    return new AwsError('AccessDenied', 'Request has expired', 403, {
      Expires: new Date(Number(expires) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      ServerTime: new Date(now).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    });
  }
  return undefined;
}

/** A browser marks requests a page makes to another site; those may only read (S3 GET/HEAD) with a presigned URL. */
function crossSiteError(head: RequestHead, target: Target): AwsError | undefined {
  const site = head.headers['sec-fetch-site'];
  const fromPage = head.headers.origin !== undefined || site === 'cross-site' || site === 'same-site';
  if (!fromPage) return undefined;
  if (target.protocol === 's3' && (head.method === 'GET' || head.method === 'HEAD')) return undefined;
  // Seam for bucket CORS (later work): a bucket whose CORS rules allow this Origin would be accepted here.
  return target.protocol === 's3'
    ? new AwsError('AccessDenied', 'Access Denied', 403)
    : new AwsError(target.protocol === 'query' ? 'AccessDenied' : 'AccessDeniedException', 'Cross-site requests are refused by lakehouse serve', 403);
}

function parseAmzDate(s: string): number | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(s);
  if (!m) return undefined;
  const t = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]);
  return Number.isNaN(t) ? undefined : t;
}
