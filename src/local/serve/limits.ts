// Timeouts and caps of `lakehouse serve`, in line with what AWS's own endpoints do: S3 closes a connection
// that is neither read from nor written to for 20 s (400 RequestTimeout), so 20 s is the unit here too.
// Every value can be lowered by tests (startServer's `limits`); none is read from the environment.
import fs from 'node:fs';

export interface ServeLimits {
  /** From accepting a socket (or the end of the previous request) to a complete request head; also the
   * preface-sniffing phase (a socket that never sends a byte is closed after this). */
  headersTimeoutMs: number;
  /** An HTTP/1.1 keep-alive connection or an HTTP/2 session with nothing in flight is closed after this. */
  idleTimeoutMs: number;
  /** A request body (or a response body being written) that makes no progress for this long ends the
   * request: S3's RequestTimeout after 20 s of silence. */
  bodyIdleTimeoutMs: number;
  /** Open connections at most; at the cap the longest-idle connection is closed to admit a new one, and a
   * new one is refused only when every connection has a request in flight. */
  maxConnections: number;
  /** S3 upload bodies larger than this (or of unknown length) are streamed to a temp file, not memory. */
  spoolAboveBytes: number;
  /** PutObject / UploadPart payload at most: S3's 5 GiB (tests lower it to prove EntityTooLarge). */
  maxUploadBytes: number;
}

export const DEFAULT_LIMITS: ServeLimits = {
  headersTimeoutMs: 20_000,
  idleTimeoutMs: 20_000,
  bodyIdleTimeoutMs: 20_000,
  maxConnections: defaultMaxConnections(),
  spoolAboveBytes: 1024 * 1024,
  maxUploadBytes: 5 * 1024 ** 3,
};

/** 1,000 connections, fewer when the process may open fewer files (leaving room for the data dir). */
function defaultMaxConnections(): number {
  let soft = Infinity;
  try {
    const m = /^Max open files\s+(\d+)/m.exec(fs.readFileSync('/proc/self/limits', 'utf8'));
    if (m) soft = Number(m[1]);
  } catch {
    /* not Linux: keep the fixed cap */
  }
  return Math.max(16, Math.min(1000, soft - 128));
}

export function resolveLimits(partial?: Partial<ServeLimits>): ServeLimits {
  return { ...DEFAULT_LIMITS, ...partial };
}
