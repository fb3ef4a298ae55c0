// A PutRecords request body serialized ahead, on the generator's thread: the SDK's JSON serializer (a
// base64 per record in JS, a JSON writer walking the schema) is the largest producer-side cost left on the
// sending thread. The worker writes the `Records` array once with Node's native base64; the sender wraps
// it with the stream name and swaps it in as the HTTP body of an otherwise empty PutRecordsCommand, before
// content-length and signing, so the wire bytes are what the SDK would have sent.
import { PutRecordsCommand, type PutRecordsResultEntry } from '@aws-sdk/client-kinesis';

/** The whole body: `{"StreamName":…,"Records":<recordsJson>}`. */
export function putRecordsBody(streamName: string, records: Uint8Array): Buffer {
  return Buffer.concat([Buffer.from(`{"StreamName":${JSON.stringify(streamName)},"Records":`), records, CLOSE]);
}
const CLOSE = Buffer.from('}');

export interface RawPutRecords {
  command: PutRecordsCommand;
  /** The 200 response's `Records`, parsed here with JSON.parse (the SDK's schema reader costs ~4× more);
   * undefined when the call did not answer 200 (the SDK then parses and throws as usual). */
  records(): PutRecordsResultEntry[] | undefined;
}

/** A PutRecordsCommand whose HTTP body is `body` (already the full JSON document). */
export function preSerializedPutRecords(streamName: string, body: Buffer): RawPutRecords {
  const cmd = new PutRecordsCommand({ StreamName: streamName, Records: [] });
  let parsed: PutRecordsResultEntry[] | undefined;
  cmd.middlewareStack.add(
    (next) => async (args) => {
      const req = args.request as { body?: unknown; headers?: Record<string, string> };
      req.body = body;
      // The serializer's content-length (if it set one) was for the empty input.
      if (req.headers) {
        for (const h of Object.keys(req.headers)) if (h.toLowerCase() === 'content-length') delete req.headers[h];
      }
      return next(args);
    },
    { step: 'build', priority: 'high', name: 'lakehousePreSerializedBody' },
  );
  // Inside the SDK's deserializer: read a 200 body ourselves and leave the SDK an empty one.
  cmd.middlewareStack.add(
    (next) => async (args) => {
      const result = await next(args);
      const res = result.response as { statusCode?: number; body?: unknown };
      if (res.statusCode === 200) {
        const bytes = await collect(res.body);
        parsed = (JSON.parse(bytes.toString('utf8')) as { Records?: PutRecordsResultEntry[] }).Records ?? [];
        res.body = new Uint8Array(0);
      }
      return result;
    },
    { step: 'deserialize', priority: 'low', name: 'lakehouseRawPutRecordsResponse' },
  );
  return { command: cmd, records: () => parsed };
}

async function collect(body: unknown): Promise<Buffer> {
  if (body instanceof Uint8Array) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  if (body === undefined || body === null) return Buffer.alloc(0);
  const chunks: Buffer[] = [];
  for await (const c of body as AsyncIterable<Uint8Array | string>) chunks.push(typeof c === 'string' ? Buffer.from(c) : Buffer.from(c.buffer, c.byteOffset, c.byteLength));
  return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
}
