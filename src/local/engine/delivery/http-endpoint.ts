// One HTTP endpoint delivery attempt, in AWS's documented request/response format ("HTTP endpoint delivery
// request and response specifications"): a POST of {requestId, timestamp, records: [{data}]} with the
// X-Amz-Firehose-* headers (GZIP body when configured); success is a 200 whose JSON body echoes the requestId.
// An endpoint on this machine (127.0.0.1, ::1, localhost) may use a self-signed certificate. Failures carry the
// error codes AWS logs for them ("HTTP Endpoint Data Delivery Errors"): no connection, a connection lost, no
// answer in time, a non-200 answer, an answer not in the response format.
import https from 'node:https';
import http from 'node:http';
import { gzipSync } from 'node:zlib';

export interface HttpDelivery {
  url: string;
  accessKey?: string;
  commonAttributes?: Array<{ AttributeName: string; AttributeValue: string }>;
  gzip: boolean;
  requestId: string;
  sourceArn: string;
  records: Buffer[];
  now: number;
  /** Aborted when the stream is deleted or the emulator closes: the attempt then throws (it is no delivery
   * failure: the batch stays pending and is redone). */
  signal?: AbortSignal;
}

/** Undefined when delivered; otherwise the failure, with the error code AWS reports for it. */
export type AttemptFailure = { code: string; message: string };

/** AWS gives an endpoint 3 minutes to answer. */
const TIMEOUT_MS = 180_000;
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

export async function postToEndpoint(d: HttpDelivery): Promise<AttemptFailure | undefined> {
  const json = Buffer.from(JSON.stringify({ requestId: d.requestId, timestamp: d.now, records: d.records.map((r) => ({ data: r.toString('base64') })) }));
  const body = d.gzip ? gzipSync(json) : json;
  const headers: Record<string, string> = {
    'Content-Type': 'application/json',
    'Content-Length': String(body.length),
    'User-Agent': 'Amazon Kinesis Data Firehose Agent/1.0',
    'X-Amz-Firehose-Protocol-Version': '1.0',
    'X-Amz-Firehose-Request-Id': d.requestId,
    'X-Amz-Firehose-Source-Arn': d.sourceArn,
  };
  if (d.gzip) headers['Content-Encoding'] = 'gzip';
  if (d.accessKey) headers['X-Amz-Firehose-Access-Key'] = d.accessKey;
  if (d.commonAttributes?.length) {
    const attributes = Object.fromEntries(d.commonAttributes.map((a) => [a.AttributeName, a.AttributeValue]));
    headers['X-Amz-Firehose-Common-Attributes'] = JSON.stringify({ commonAttributes: attributes });
  }
  const response = await post(new URL(d.url), headers, body, d.signal);
  if ('code' in response) return response;
  if (response.status !== 200) {
    return { code: 'HttpEndpoint.DestinationException', message: `The following response was received from the endpoint destination. ${response.status}: ${response.body.slice(0, 1024)}` };
  }
  let parsed: { requestId?: unknown } | undefined;
  try {
    parsed = JSON.parse(response.body);
  } catch {
    parsed = undefined;
  }
  if (parsed?.requestId !== d.requestId) {
    return { code: 'HttpEndpoint.InvalidResponseFromDestination', message: `The response received from the specified endpoint is invalid. Contact the owner of the endpoint to resolve the issue. ${response.body.slice(0, 1024)}` };
  }
  return undefined;
}

/** Why no answer came, in AWS's words; `detail` is what the socket said. */
function transportFailure(stage: 'connect' | 'connected' | 'timeout', detail: string): AttemptFailure {
  if (stage === 'connect') return { code: 'HttpEndpoint.ConnectionFailed', message: `Unable to connect to the destination endpoint. Contact the owner of the destination endpoint to resolve this issue. (${detail})` };
  if (stage === 'connected') return { code: 'HttpEndpoint.ConnectionReset', message: `Unable to maintain connection with the endpoint. Contact the owner of the endpoint to resolve this issue. (${detail})` };
  return { code: 'HttpEndpoint.RequestTimeout', message: `The delivery timed out before a response was received and will be retried. If this error persists, contact the AWS Firehose service team. (${detail})` };
}

function post(url: URL, headers: Record<string, string>, body: Buffer, signal?: AbortSignal): Promise<{ status: number; body: string } | AttemptFailure> {
  const client = url.protocol === 'https:' ? https : http;
  const options: https.RequestOptions = { method: 'POST', headers, timeout: TIMEOUT_MS, signal };
  if (LOOPBACK.has(url.hostname)) options.rejectUnauthorized = false;
  return new Promise((resolve, reject) => {
    // Connected means the TLS handshake (or, for http:, the TCP connect) is done: a failure before it is a
    // connection that could not be made, after it one that was lost.
    let connected = false;
    let timedOut = false;
    const req = client.request(url, options, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', (e) => resolve(transportFailure(timedOut ? 'timeout' : 'connected', e.message)));
    });
    req.on('socket', (socket) => {
      if (!socket.connecting) connected = true; // a kept-alive socket, reused
      else socket.once(url.protocol === 'https:' ? 'secureConnect' : 'connect', () => (connected = true));
    });
    req.on('timeout', () => {
      timedOut = true;
      req.destroy(new Error(`no answer within ${TIMEOUT_MS / 1000} s`));
    });
    req.on('error', (e) => {
      if (signal?.aborted) reject(new Error('delivery stopped (stream deleted or emulator closed); the batch is redone'));
      else resolve(transportFailure(!connected ? 'connect' : timedOut ? 'timeout' : 'connected', e.message));
    });
    req.end(body);
  });
}
