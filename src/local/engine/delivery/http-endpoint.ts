// One HTTP endpoint delivery attempt, in AWS's documented request/response format ("HTTP endpoint delivery
// request and response specifications"): a POST of {requestId, timestamp, records: [{data}]} with the
// X-Amz-Firehose-* headers (GZIP body when configured); success is a 200 whose JSON body echoes the requestId.
// An endpoint on this machine (127.0.0.1, ::1, localhost) may use a self-signed certificate.
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
  let response: { status: number; body: string };
  try {
    response = await post(new URL(d.url), headers, body);
  } catch (e) {
    return { code: 'HttpEndpoint.RequestTimeout', message: `Unable to reach the endpoint destination: ${(e as Error).message}` };
  }
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
    return { code: 'HttpEndpoint.InvalidResponseFromDestination', message: `The response received from the endpoint is invalid. ${response.body.slice(0, 1024)}` };
  }
  return undefined;
}

function post(url: URL, headers: Record<string, string>, body: Buffer): Promise<{ status: number; body: string }> {
  const client = url.protocol === 'https:' ? https : http;
  const options: https.RequestOptions = { method: 'POST', headers, timeout: TIMEOUT_MS };
  if (LOOPBACK.has(url.hostname)) options.rejectUnauthorized = false;
  return new Promise((resolve, reject) => {
    const req = client.request(url, options, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('the endpoint did not answer within 3 minutes')));
    req.on('error', reject);
    req.end(body);
  });
}
