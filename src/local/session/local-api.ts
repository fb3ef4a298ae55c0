// The local API as product code sees it (src/aws/local-target.ts re-exports the types): what lakehouse asks
// the local emulator beyond AWS's APIs, made of one `call(target, body)` so the same code serves the
// in-process, attached and serve cases. Answers are the LakehouseLocal JSON service's (api.ts).
import { AwsCallError } from '../../errors.js';
import { LOCAL_API_PREFIX, type StreamCountersOutput } from './api.js';

/** Retained records of a stream, from the emulator's shard index (nothing is read to count them). */
export interface StreamCounters {
  records: number;
  bytes: number;
  newestArrival: Date | null;
  shards: Array<{ shardId: string; open: boolean; records: number; bytes: number; newestArrival: Date | null }>;
}

/** What product code may ask the local emulator beyond AWS's APIs. The same answers in-process, attached
 * to another lakehouse process, and through `lakehouse serve`. */
export interface LocalApi {
  /** 'host': the emulator runs in this process; 'attached': in another lakehouse command; 'serve'. */
  mode(): 'host' | 'attached' | 'serve';
  /** Where the emulator runs, for people: "this process", "lakehouse pid 4242", "lakehouse serve at http://…". */
  where(): string;
  /** Resolves when every record accepted before the call is in S3 (flush: write buffers now). Rejects at
   * once (AbortError) when `signal` aborts. */
  waitDelivered(o: { deliveryStream?: string; flush: boolean; timeoutMs: number; signal?: AbortSignal }): Promise<void>;
  /** undefined when the stream does not exist. */
  streamCounters(streamName: string): Promise<StreamCounters | undefined>;
}

/** One request to the local API, answered as parsed JSON or thrown as AwsCallError. */
export type Call = (target: string, body: unknown, signal?: AbortSignal) => Promise<unknown>;

export function localApi(mode: () => 'host' | 'attached' | 'serve', call: Call, where: () => string): LocalApi {
  return {
    mode,
    where,
    async waitDelivered(o) {
      await abortable(
        call(`${LOCAL_API_PREFIX}.WaitDelivered`, { DeliveryStreamName: o.deliveryStream, Flush: o.flush, TimeoutMs: o.timeoutMs }, o.signal),
        o.signal,
      );
    },
    async streamCounters(streamName) {
      let out: StreamCountersOutput;
      try {
        out = (await call(`${LOCAL_API_PREFIX}.StreamCounters`, { StreamName: streamName })) as StreamCountersOutput;
      } catch (e) {
        if (e instanceof AwsCallError && e.code === 'ResourceNotFoundException') return undefined;
        throw e;
      }
      const date = (ms: number | null) => (ms === null ? null : new Date(ms));
      return {
        records: out.Records,
        bytes: out.Bytes,
        newestArrival: date(out.NewestArrival),
        shards: out.Shards.map((sh) => ({ shardId: sh.ShardId, open: sh.Open, records: sh.Records, bytes: sh.Bytes, newestArrival: date(sh.NewestArrival) })),
      };
    },
  };
}

/** The wait itself may go on in the emulator; the caller stops waiting at once (Ctrl-C). */
function abortable<T>(p: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return p;
  if (signal.aborted) return Promise.reject(abortError());
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(abortError());
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

function abortError(): Error {
  const e = new Error('interrupted');
  e.name = 'AbortError';
  return e;
}

export const JSON_HEADERS = (target: string) => ({
  'content-type': 'application/x-amz-json-1.1',
  'x-amz-target': target,
  // serve requires a SigV4-shaped Authorization header (it does not verify signatures: test credentials).
  authorization: 'AWS4-HMAC-SHA256 Credential=test/20000101/us-east-1/lakehouse/aws4_request, SignedHeaders=host, Signature=0',
});

/** The local API of a `lakehouse serve` (TCP endpoint). */
export async function callOverHttp(endpoint: string, target: string, body: unknown, signal?: AbortSignal): Promise<unknown> {
  const res = await fetch(endpoint, { method: 'POST', headers: JSON_HEADERS(target), body: JSON.stringify(body), signal });
  return parseAnswer(target, res.status, await res.text());
}

export function parseAnswer(target: string, status: number, text: string): unknown {
  let body: { __type?: string; message?: string; Message?: string } = {};
  try {
    body = JSON.parse(text);
  } catch {
    /* not JSON: reported below */
  }
  if (status === 200) return body;
  const code = body.__type?.split('#').pop();
  throw new AwsCallError(`${target.split('.')[1]} failed: ${code ?? status}: ${body.message ?? body.Message ?? text.slice(0, 200)}`, code);
}

