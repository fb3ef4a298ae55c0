// AWS Query protocol (IAM, STS): POST / with a form body `Action=...&Version=...&Param.member.1=...`,
// XML responses `<ActionResponse xmlns><ActionResult>..</ActionResult><ResponseMetadata>` and errors
// `<ErrorResponse><Error><Type>Sender</Type><Code>..</Code><Message>..</Message></Error><RequestId>`.
import { AwsError, type EmuRequest, type EmuResponse, type RequestContext } from '../types.js';
import type { QueryHandler } from '../service.js';
import { ownAction } from './own.js';
import { operationNotFound } from '../kit/not-emulated.js';
import { escapeXml, XML_DECL } from './xml.js';

/** Flat form parameters, e.g. { 'Tags.member.1.Key': 'a' }. */
export type QueryParams = Record<string, string>;

/** Returns the inner XML of `<ActionResult>` ('' for actions with no result element). */
export type QueryAction = (params: QueryParams, ctx: RequestContext) => string | Promise<string>;

export function parseForm(body: string): QueryParams {
  const out: QueryParams = {};
  for (const [k, v] of new URLSearchParams(body)) out[k] = v;
  return out;
}

/** `Prefix.member.N` list members (1-based, in order). */
export function memberList(params: QueryParams, prefix: string): string[] {
  const out: string[] = [];
  for (let i = 1; params[`${prefix}.member.${i}`] !== undefined; i++) out.push(params[`${prefix}.member.${i}`]);
  return out;
}

/** `Prefix.member.N.Key/Value` tag lists. */
export function tagList(params: QueryParams, prefix = 'Tags'): Array<{ Key: string; Value: string }> {
  const out: Array<{ Key: string; Value: string }> = [];
  for (let i = 1; params[`${prefix}.member.${i}.Key`] !== undefined; i++) {
    out.push({ Key: params[`${prefix}.member.${i}.Key`], Value: params[`${prefix}.member.${i}.Value`] ?? '' });
  }
  return out;
}

export function queryError(err: AwsError, requestId: string): EmuResponse {
  const type = err.status >= 500 ? 'Receiver' : 'Sender';
  const body =
    `${XML_DECL}<ErrorResponse><Error><Type>${type}</Type><Code>${escapeXml(err.code)}</Code>` +
    `<Message>${escapeXml(err.message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`;
  return { status: err.status, headers: { 'content-type': 'text/xml', 'x-amzn-requestid': requestId }, body };
}

export async function dispatchQuery(
  service: Pick<QueryHandler, 'service' | 'xmlns' | 'actions' | 'noResult'>,
  params: QueryParams,
  ctx: RequestContext,
  requestId: string,
): Promise<EmuResponse> {
  const action = params.Action ?? '';
  const handler = ownAction(service.actions, action);
  if (!handler) {
    const unknown = new AwsError('InvalidAction', `Could not find operation ${action} for version ${params.Version ?? ''}`);
    return queryError(operationNotFound(service.service, action, unknown), requestId);
  }
  try {
    const inner = await handler(params, ctx);
    const result = service.noResult?.has(action) ? '' : `<${action}Result>${inner}</${action}Result>`;
    const body =
      `${XML_DECL}<${action}Response xmlns="${service.xmlns}">${result}` +
      `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${action}Response>`;
    return { status: 200, headers: { 'content-type': 'text/xml', 'x-amzn-requestid': requestId }, body };
  } catch (e) {
    if (e instanceof AwsError) return queryError(e, requestId);
    throw e;
  }
}

/** The SigV4 signing service from `Authorization: AWS4-HMAC-SHA256 Credential=AK/date/region/SERVICE/aws4_request`. */
export function signingService(req: EmuRequest): string | undefined {
  const m = /Credential=[^/,]*\/[^/,]*\/[^/,]*\/([^/,]+)\//.exec(req.headers['authorization'] ?? '');
  return m?.[1];
}

/** The SigV4 signing region from the Authorization header's credential scope. */
export function signingRegion(req: EmuRequest): string | undefined {
  const m = /Credential=[^/,]*\/[^/,]*\/([^/,]+)\//.exec(req.headers['authorization'] ?? '');
  return m?.[1];
}
