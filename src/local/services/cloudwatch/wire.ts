// CloudWatch's three wire protocols, all answered because today's clients differ: the JS SDK v3 sends
// AWS JSON 1.0 (`X-Amz-Target: GraniteServiceVersion20100801.<Action>`), boto3 ≥ 1.40 sends Smithy RPC v2
// CBOR (`POST /service/GraniteServiceVersion20100801/operation/<Action>`), the AWS CLI v2 of Debian 12 and
// older boto3 send the Query protocol (form body, Version=2010-08-01, XML answers). The actions see one
// shape: plain objects with `Date` for timestamps; this module decodes and encodes around them.
import { cbor, dateToTag } from '@smithy/core/cbor';
import { parseForm, queryError, signingService } from '../../protocol/query.js';
import { escapeXml, XML_DECL } from '../../protocol/xml.js';
import { AwsError, type EmuRequest, type EmuResponse } from '../../types.js';

export const TARGET_PREFIX = 'GraniteServiceVersion20100801';
export const API_VERSION = '2010-08-01';
const XMLNS = 'http://monitoring.amazonaws.com/doc/2010-08-01/';
const CBOR_PATH = `/service/${TARGET_PREFIX}/operation/`;

export type Wire = 'json' | 'cbor' | 'query';

export interface Call {
  wire: Wire;
  action: string;
  input: Record<string, unknown>;
}

/** Which protocol, when the request is CloudWatch's; undefined when it belongs to another service. */
export function wireOf(req: EmuRequest): Wire | undefined {
  const target = req.headers['x-amz-target'];
  if (target !== undefined) return target.startsWith(`${TARGET_PREFIX}.`) ? 'json' : undefined;
  // The header too, so an S3 object under a bucket named "service" is never taken for CloudWatch.
  if (req.path.startsWith(CBOR_PATH) && req.headers['smithy-protocol'] === 'rpc-v2-cbor') return 'cbor';
  if (req.path !== '/' && req.path !== '') return undefined;
  if (signingService(req) === 'monitoring') return 'query';
  const form = req.method === 'POST' && (req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded');
  const params = form ? parseForm(req.body.toString('utf8')) : parseForm(req.query);
  return params.Action && params.Version === API_VERSION ? 'query' : undefined;
}

export function decode(req: EmuRequest, wire: Wire): Call {
  if (wire === 'query') {
    const params = req.method === 'POST' ? parseForm(req.body.toString('utf8')) : parseForm(req.query);
    const { Action = '', Version: _v, ...rest } = params;
    return { wire, action: Action, input: unflatten(rest) };
  }
  if (wire === 'json') {
    const action = req.headers['x-amz-target']!.slice(TARGET_PREFIX.length + 1);
    let input: unknown;
    try {
      input = req.body.length ? JSON.parse(req.body.toString('utf8')) : {};
    } catch {
      throw new AwsError('SerializationException', 'Start of structure or map found where not expected.');
    }
    return { wire, action, input: (input ?? {}) as Record<string, unknown> };
  }
  const action = decodeURIComponent(req.path.slice(CBOR_PATH.length));
  let input: unknown;
  try {
    input = req.body.length ? cbor.deserialize(req.body) : {};
  } catch {
    throw new AwsError('SerializationException', 'Could not parse the CBOR request body.');
  }
  return { wire, action, input: (input ?? {}) as Record<string, unknown> };
}

/** `A.member.1.B=x` → { A: [{ B: 'x' }] }: the Query protocol's flattened lists and structures. */
export function unflatten(params: Record<string, string>): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const [path, value] of Object.entries(params)) {
    const parts = path.split('.');
    let node: any = root;
    for (let i = 0; i < parts.length; i++) {
      const last = i === parts.length - 1;
      let part: string | number = parts[i]!;
      if (part === 'member' && i + 1 < parts.length) {
        part = Number(parts[++i]) - 1;
        if (!Array.isArray(node)) throw new AwsError('InvalidParameterValue', `Invalid list parameter ${path}`);
        if (i === parts.length - 1) {
          node[part] = value;
          break;
        }
      } else if (last) {
        node[part] = value;
        break;
      }
      const nextIsList = parts[i + 1] === 'member';
      node[part] ??= nextIsList ? [] : {};
      node = node[part];
    }
  }
  return root;
}

export function encode(wire: Wire, action: string, out: Record<string, unknown>, requestId: string): EmuResponse {
  if (wire === 'query') {
    const body =
      `${XML_DECL}<${action}Response xmlns="${XMLNS}"><${action}Result>${toXml(out)}</${action}Result>` +
      `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${action}Response>`;
    return { status: 200, headers: { 'content-type': 'text/xml', 'x-amzn-requestid': requestId }, body };
  }
  if (wire === 'json') {
    return {
      status: 200,
      headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': requestId },
      body: JSON.stringify(forJson(out)),
    };
  }
  return { status: 200, headers: cborHeaders(requestId), body: Buffer.from(cbor.serialize(forCbor(out))) };
}

export function encodeError(wire: Wire, err: AwsError, requestId: string): EmuResponse {
  if (wire === 'query') return queryError(err, requestId);
  // AWS JSON and CBOR carry the shape name; awsQueryCompatible clients read the Query code from the header.
  const body = { __type: `com.amazonaws.cloudwatch#${shapeOf(err.code)}`, message: err.message };
  const queryCode = `${err.code};${err.status >= 500 ? 'Receiver' : 'Sender'}`;
  if (wire === 'json') {
    return {
      status: err.status,
      headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': requestId, 'x-amzn-query-error': queryCode },
      body: JSON.stringify(body),
    };
  }
  return { status: err.status, headers: { ...cborHeaders(requestId), 'x-amzn-query-error': queryCode }, body: Buffer.from(cbor.serialize(body)) };
}

const SHAPES: Record<string, string> = {
  InvalidParameterValue: 'InvalidParameterValueException',
  MissingParameter: 'MissingRequiredParameterException',
  InvalidParameterCombination: 'InvalidParameterCombinationException',
  InternalServiceError: 'InternalServiceFault',
  LimitExceeded: 'LimitExceededFault',
};
const shapeOf = (code: string) => SHAPES[code] ?? code;

function cborHeaders(requestId: string): Record<string, string> {
  return { 'content-type': 'application/cbor', 'smithy-protocol': 'rpc-v2-cbor', 'x-amzn-requestid': requestId };
}

function forCbor(v: unknown): unknown {
  if (v instanceof Date) return dateToTag(v);
  if (Array.isArray(v)) return v.map(forCbor);
  if (v && typeof v === 'object') {
    const o: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) if (x !== undefined) o[k] = forCbor(x);
    return o;
  }
  return v;
}

function toXml(v: unknown): string {
  let s = '';
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
    if (x === undefined) continue;
    s += `<${k}>${xmlValue(x)}</${k}>`;
  }
  return s;
}

function xmlValue(x: unknown): string {
  if (x instanceof Date) return x.toISOString();
  if (Array.isArray(x)) return x.map((m) => `<member>${xmlValue(m)}</member>`).join('');
  if (x && typeof x === 'object') return toXml(x);
  return escapeXml(String(x));
}

/** A JSON 1.0 answer: Dates as epoch seconds. */
export function forJson(v: unknown): unknown {
  if (v instanceof Date) return v.getTime() / 1000;
  if (Array.isArray(v)) return v.map(forJson);
  if (v && typeof v === 'object') {
    const o: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) if (x !== undefined) o[k] = forJson(x);
    return o;
  }
  return v;
}
