// A PutRecords request body serialized ahead, on the generator's thread: the SDK's JSON serializer (a
// base64 per record in JS, a JSON writer walking the schema) is the largest producer-side cost left on the
// sending thread. The worker writes the `Records` array once with Node's native base64; the sender wraps
// it with the stream name and swaps it in as the HTTP body of an otherwise empty PutRecordsCommand, before
// content-length and signing, so the wire bytes are what the SDK would have sent.
import { PutRecordsCommand } from '@aws-sdk/client-kinesis';

/** The whole body: `{"StreamName":…,"Records":<recordsJson>}`. */
export function putRecordsBody(streamName: string, records: Uint8Array): Buffer {
  return Buffer.concat([Buffer.from(`{"StreamName":${JSON.stringify(streamName)},"Records":`), records, CLOSE]);
}
const CLOSE = Buffer.from('}');

/** A PutRecordsCommand whose HTTP body is `body` (already the full JSON document). */
export function preSerializedPutRecords(streamName: string, body: Buffer): PutRecordsCommand {
  const cmd = new PutRecordsCommand({ StreamName: streamName, Records: [] });
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
  return cmd;
}
