// AWS JSON 1.1 protocol (Kinesis, Firehose, Glue, Athena): POST / with X-Amz-Target `<Prefix>.<Action>`,
// body JSON in and out; errors as `{"__type": code, "message": ...}` with the error's HTTP status.
import type { JsonHandler } from '../service.js';
import { AwsError, type EmuRequest, type EmuResponse, type RequestContext } from '../types.js';
import { ownAction } from './own.js';
import { operationNotFound } from '../kit/not-emulated.js';

const CONTENT_TYPE = 'application/x-amz-json-1.1';

export function jsonResponse(status: number, body: unknown, requestId: string): EmuResponse {
  return {
    status,
    headers: { 'content-type': CONTENT_TYPE, 'x-amzn-requestid': requestId },
    body: JSON.stringify(body ?? {}),
  };
}

/** An action returns this for an operation without output in AWS's model: AWS then sends an empty body
 * (Kinesis's CreateStream, AddTagsToStream...), where `{}` would say "an output with no members". */
export const NO_OUTPUT = Symbol('no output');

/** An action returns `{ [RAW_RESPONSE]: response }` to answer with its own response (an event stream). */
export const RAW_RESPONSE = Symbol('raw response');

export function jsonError(err: AwsError, requestId: string): EmuResponse {
  // Kinesis/Firehose/Glue/Athena put the code in __type and the text in `message`, except the
  // front end's SerializationException, which says `Message` (as kinesalite's suite, run against AWS, asserts).
  const text = err.code === 'SerializationException' ? { Message: err.message } : { message: err.message };
  return jsonResponse(err.status, { __type: err.code, ...text, ...err.extra }, requestId);
}

export async function dispatchJson(
  service: Pick<JsonHandler, 'service' | 'actions'>,
  action: string,
  req: EmuRequest,
  ctx: RequestContext,
  requestId: string,
): Promise<EmuResponse> {
  const handler = ownAction(service.actions, action);
  if (!handler) {
    return jsonError(operationNotFound(service.service, action, new AwsError('UnknownOperationException', `Unknown operation ${action}`, 400)), requestId);
  }
  let input: unknown;
  try {
    input = req.body.length ? JSON.parse(req.body.toString('utf8')) : {};
  } catch {
    return jsonError(new AwsError('SerializationException', 'Start of structure or map found where not expected.'), requestId);
  }
  try {
    const out = await handler(input ?? {}, ctx);
    if (out === NO_OUTPUT) return { ...jsonResponse(200, {}, requestId), body: '' };
    if (out && typeof out === 'object' && RAW_RESPONSE in out) return (out as { [RAW_RESPONSE]: EmuResponse })[RAW_RESPONSE];
    return jsonResponse(200, out ?? {}, requestId);
  } catch (e) {
    if (e instanceof AwsError) return jsonError(e, requestId);
    throw e;
  }
}
