// aws-chunked bodies (SDK/CLI streaming uploads, signed or unsigned, with trailing checksums):
// `<hex size>[;chunk-signature=…]\r\n<bytes>\r\n … 0[;…]\r\n[<trailer>:<value>\r\n…]\r\n`.
// Decoded incrementally (push any slice of the body, get data slices back) so a multi-GB upload spooled to a
// file is never held in memory. Framing lines are bounded so a hostile body cannot grow a buffer.
import type { EmuRequest } from '../../types.js';
import { AwsError } from '../../types.js';

export function isAwsChunked(req: EmuRequest): boolean {
  const sha = req.headers['x-amz-content-sha256'] ?? '';
  const enc = req.headers['content-encoding'] ?? '';
  return sha.startsWith('STREAMING-') || enc.split(',').some((e) => e.trim() === 'aws-chunked');
}

const MAX_LINE = 8 * 1024;
const MAX_TRAILERS = 16 * 1024;

const malformed = (why: string) => new AwsError('IncompleteBody', `The request body terminated unexpectedly (${why})`, 400);

export class ChunkedDecoder {
  private state: 'size' | 'data' | 'crlf' | 'trailers' | 'done' = 'size';
  private line = '';
  private remaining = 0;
  private crlfSeen = 0;
  private trailerBytes = 0;
  readonly trailers: Record<string, string> = {};

  /** Feed bytes; `onData` gets the payload slices in order. */
  push(buf: Buffer, onData: (b: Buffer) => void): void {
    let pos = 0;
    while (pos < buf.length) {
      switch (this.state) {
        case 'size':
        case 'trailers': {
          const eol = buf.indexOf(0x0a, pos);
          const end = eol < 0 ? buf.length : eol + 1;
          this.line += buf.toString('latin1', pos, end);
          pos = end;
          if (this.line.length > MAX_LINE) throw malformed('chunk header too long');
          if (eol >= 0) this.endLine(this.line.replace(/\r?\n$/, ''));
          break;
        }
        case 'data': {
          const n = Math.min(this.remaining, buf.length - pos);
          onData(buf.subarray(pos, pos + n));
          pos += n;
          this.remaining -= n;
          if (this.remaining === 0) {
            this.state = 'crlf';
            this.crlfSeen = 0;
          }
          break;
        }
        case 'crlf': {
          const c = buf[pos++];
          if (this.crlfSeen === 0 && c === 0x0d) this.crlfSeen = 1;
          else if (c === 0x0a) this.state = 'size';
          else throw malformed('missing CRLF after chunk data');
          break;
        }
        case 'done':
          // Bytes after the final empty line: clients send none; ignore whitespace, refuse anything else.
          if (buf.subarray(pos).some((c) => c !== 0x0d && c !== 0x0a)) throw malformed('data after the last chunk');
          return;
      }
    }
  }

  /** Call after the last byte: throws when the body stopped before its final chunk. */
  end(): void {
    if (this.state === 'trailers' && this.line) this.endLine(this.line.replace(/\r$/, ''));
    if (this.state === 'trailers') this.state = 'done';
    if (this.state !== 'done') throw malformed('no final chunk');
  }

  private endLine(text: string): void {
    this.line = '';
    if (this.state === 'size') {
      const hex = text.split(';')[0]!.trim();
      if (!/^[0-9a-fA-F]{1,16}$/.test(hex)) throw malformed('bad chunk size');
      const size = parseInt(hex, 16);
      if (!Number.isSafeInteger(size)) throw malformed('bad chunk size');
      if (size === 0) this.state = 'trailers';
      else {
        this.remaining = size;
        this.state = 'data';
      }
      return;
    }
    if (text === '') {
      this.state = 'done';
      return;
    }
    this.trailerBytes += text.length;
    if (this.trailerBytes > MAX_TRAILERS) throw malformed('trailers too long');
    const colon = text.indexOf(':');
    if (colon > 0) this.trailers[text.slice(0, colon).trim().toLowerCase()] = text.slice(colon + 1).trim();
  }
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
