// Bucket policy (?policy) and CORS (?cors) configuration: validated, stored beside the bucket's metadata
// (`s3meta/buckets/<bucket>/policy.json`, `cors.json`) and returned as AWS returns them. The policy is
// NOT enforced (serve does not check signatures or identities at all; README deviations). The CORS rules
// are what browser requests are answered by (corsFor, used by serve's preflight and response seam).
import fs from 'node:fs';
import { xml } from '../../protocol/xml.js';
import { readJson, writeJsonAtomic } from '../../store/atomic.js';
import { within } from '../../store/paths.js';
import { AwsError } from '../../types.js';
import { malformedXml } from './errors.js';
import type { S3Call } from './router.js';
import type { S3Store } from './store.js';
import { emptyResponse, parseBody, S3_XMLNS, xmlResponse } from './xml-body.js';

const policyFile = (store: S3Store, bucket: string) => within(store.bucketMetaDir(bucket), 'policy.json');
const corsFile = (store: S3Store, bucket: string) => within(store.bucketMetaDir(bucket), 'cors.json');

function putPolicy(call: S3Call) {
  call.store.requireBucket(call.bucket);
  const text = call.req.body.toString('utf8');
  let doc: any;
  try {
    doc = JSON.parse(text);
  } catch {
    throw new AwsError('MalformedPolicy', 'Policies must be valid JSON and the first byte must be \'{\'', 400);
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc) || !text.trimStart().startsWith('{')) {
    throw new AwsError('MalformedPolicy', 'Policies must be valid JSON and the first byte must be \'{\'', 400);
  }
  if (doc.Statement === undefined) throw new AwsError('MalformedPolicy', 'Missing required field Statement', 400);
  writeJsonAtomic(policyFile(call.store, call.bucket), { policy: text });
  return emptyResponse(204);
}

function getPolicy(call: S3Call) {
  call.store.requireBucket(call.bucket);
  const stored = readJson<{ policy: string } | undefined>(policyFile(call.store, call.bucket), undefined);
  if (!stored) throw new AwsError('NoSuchBucketPolicy', 'The bucket policy does not exist', 404, { BucketName: call.bucket });
  return { status: 200, headers: { 'content-type': 'application/json' }, body: stored.policy };
}

function deletePolicy(call: S3Call) {
  call.store.requireBucket(call.bucket);
  fs.rmSync(policyFile(call.store, call.bucket), { force: true });
  return emptyResponse(204);
}

export interface CorsRule {
  ID?: string;
  AllowedMethod: string[];
  AllowedOrigin: string[];
  AllowedHeader: string[];
  ExposeHeader: string[];
  MaxAgeSeconds?: number;
}

const METHODS = ['GET', 'PUT', 'HEAD', 'POST', 'DELETE'];
const list = (v: unknown): string[] => (v === undefined ? [] : Array.isArray(v) ? v.map(String) : [String(v)]);

function putCors(call: S3Call) {
  call.store.requireBucket(call.bucket);
  const conf = parseBody(call.req.body, 'CORSConfiguration');
  const raw = conf?.CORSRule === undefined ? [] : Array.isArray(conf.CORSRule) ? conf.CORSRule : [conf.CORSRule];
  if (!raw.length || raw.length > 100) throw malformedXml();
  const rules: CorsRule[] = raw.map((r: any) => {
    const rule: CorsRule = {
      ...(r?.ID !== undefined ? { ID: String(r.ID) } : {}),
      AllowedMethod: list(r?.AllowedMethod),
      AllowedOrigin: list(r?.AllowedOrigin),
      AllowedHeader: list(r?.AllowedHeader),
      ExposeHeader: list(r?.ExposeHeader),
      ...(r?.MaxAgeSeconds !== undefined ? { MaxAgeSeconds: Number(r.MaxAgeSeconds) } : {}),
    };
    if (!rule.AllowedMethod.length || !rule.AllowedOrigin.length) throw malformedXml();
    const bad = rule.AllowedMethod.find((m) => !METHODS.includes(m));
    if (bad) throw new AwsError('InvalidRequest', `Found unsupported HTTP method in CORS config. Unsupported method is ${bad}`, 400);
    for (const o of rule.AllowedOrigin) {
      if ((o.match(/\*/g) ?? []).length > 1) throw new AwsError('InvalidRequest', `AllowedOrigin "${o}" can not have more than one wildcard.`, 400);
    }
    return rule;
  });
  writeJsonAtomic(corsFile(call.store, call.bucket), { rules });
  return emptyResponse(200);
}

/** The bucket's CORS rules, or undefined when it has none. */
export function corsRules(store: S3Store, bucket: string): CorsRule[] | undefined {
  return readJson<{ rules: CorsRule[] } | undefined>(corsFile(store, bucket), undefined)?.rules;
}

function getCors(call: S3Call) {
  call.store.requireBucket(call.bucket);
  const rules = corsRules(call.store, call.bucket);
  if (!rules) throw new AwsError('NoSuchCORSConfiguration', 'The CORS configuration does not exist', 404, { BucketName: call.bucket });
  return xmlResponse(`<CORSConfiguration xmlns="${S3_XMLNS}">${xml({ CORSRule: rules as any })}</CORSConfiguration>`);
}

function deleteCors(call: S3Call) {
  call.store.requireBucket(call.bucket);
  fs.rmSync(corsFile(call.store, call.bucket), { force: true });
  return emptyResponse(204);
}

const wildcard = (pattern: string, value: string) =>
  new RegExp(`^${pattern.split('*').map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`, 'i').test(value);

/** The first rule matching a browser's origin, method and requested headers, as S3 picks it. */
export function matchCors(rules: CorsRule[], origin: string, method: string, headers: string[]): CorsRule | undefined {
  return rules.find(
    (r) =>
      r.AllowedOrigin.some((o) => wildcard(o, origin)) &&
      r.AllowedMethod.includes(method) &&
      headers.every((h) => r.AllowedHeader.some((a) => wildcard(a, h))),
  );
}

/** Access-Control-* response headers for a matched rule. */
export function corsHeaders(rule: CorsRule, origin: string, preflight: { method: string; headers: string[] } | undefined): Record<string, string> {
  const h: Record<string, string> = {
    'access-control-allow-origin': rule.AllowedOrigin.includes('*') ? '*' : origin,
    'access-control-allow-methods': rule.AllowedMethod.join(', '),
    vary: 'Origin, Access-Control-Request-Headers, Access-Control-Request-Method',
  };
  if (!rule.AllowedOrigin.includes('*')) h['access-control-allow-credentials'] = 'true';
  if (preflight?.headers.length) h['access-control-allow-headers'] = preflight.headers.join(', ');
  if (rule.ExposeHeader.length) h['access-control-expose-headers'] = rule.ExposeHeader.join(', ');
  if (rule.MaxAgeSeconds !== undefined) h['access-control-max-age'] = String(rule.MaxAgeSeconds);
  return h;
}

export const POLICY_CORS = {
  policy: { PUT: putPolicy, GET: getPolicy, DELETE: deletePolicy },
  cors: { PUT: putCors, GET: getCors, DELETE: deleteCors },
};

/** A browser's CORS preflight (OPTIONS) on a bucket or object, answered by the bucket's rules as S3 does. */
export function preflight(store: S3Store, bucket: string, headers: Record<string, string>) {
  const origin = headers.origin;
  const method = headers['access-control-request-method'];
  if (!origin || !method) throw new AwsError('BadRequest', 'Insufficient information. Origin request header needed.', 400);
  store.requireBucket(bucket);
  const rules = corsRules(store, bucket);
  if (!rules) throw new AwsError('AccessForbidden', 'CORSResponse: CORS is not enabled for this bucket.', 403, { Method: method, ResourceType: 'BUCKET' });
  const requested = (headers['access-control-request-headers'] ?? '').split(',').map((h) => h.trim().toLowerCase()).filter(Boolean);
  const rule = matchCors(rules, origin, method, requested);
  if (!rule) {
    throw new AwsError(
      'AccessForbidden',
      "CORSResponse: This CORS request is not allowed. This is usually because the evalution of Origin, request method / Access-Control-Request-Method or Access-Control-Request-Headers are not whitelisted by the resource's CORS spec.",
      403,
      { Method: method, ResourceType: 'OBJECT' },
    );
  }
  return emptyResponse(200, corsHeaders(rule, origin, { method, headers: requested }));
}

/** Access-Control-* headers for an actual request carrying Origin, when a rule of the bucket allows it. */
export function responseCors(store: S3Store, bucket: string, method: string, origin: string | undefined): Record<string, string> {
  if (!origin || !bucket || !store.bucketExists(bucket)) return {};
  const rules = corsRules(store, bucket);
  const rule = rules && matchCors(rules, origin, method, []);
  return rule ? corsHeaders(rule, origin, undefined) : {};
}
