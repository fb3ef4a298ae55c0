// aws-chunked bodies (SDK/CLI streaming uploads with trailing checksums, signed or unsigned):
// `<hex size>[;chunk-signature=...]\r\n<bytes>\r\n ... 0\r\n[trailers]\r\n\r\n`.
import type { EmuRequest } from '../../types.js';
import { invalidArgument } from './errors.js';

export function isAwsChunked(req: EmuRequest): boolean {
  const sha = req.headers['x-amz-content-sha256'] ?? '';
  const enc = req.headers['content-encoding'] ?? '';
  return sha.startsWith('STREAMING-') || enc.split(',').some((e) => e.trim() === 'aws-chunked');
}

export function decodeAwsChunked(body: Buffer): Buffer {
  const parts: Buffer[] = [];
  let pos = 0;
  for (;;) {
    const eol = body.indexOf('\r\n', pos);
    if (eol < 0) throw invalidArgument('Malformed aws-chunked body');
    const header = body.subarray(pos, eol).toString('latin1');
    const size = parseInt(header.split(';')[0], 16);
    if (!Number.isFinite(size) || size < 0) throw invalidArgument('Malformed aws-chunked body');
    pos = eol + 2;
    if (size === 0) break; // trailers (checksums) follow; we do not verify them
    if (pos + size > body.length) throw invalidArgument('Truncated aws-chunked body');
    parts.push(body.subarray(pos, pos + size));
    pos += size + 2;
  }
  return Buffer.concat(parts);
}

/** The payload of a PUT, with aws-chunked framing removed. */
export function payload(req: EmuRequest): Buffer {
  return isAwsChunked(req) ? decodeAwsChunked(req.body) : req.body;
}

/** Content-Encoding to store: the request's minus the transport-only `aws-chunked`. */
export function storedContentEncoding(req: EmuRequest): string | undefined {
  const enc = (req.headers['content-encoding'] ?? '')
    .split(',')
    .map((e) => e.trim())
    .filter((e) => e && e !== 'aws-chunked')
    .join(',');
  return enc || undefined;
}
