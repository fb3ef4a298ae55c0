// The storage boundary: every path the emulator builds from a name that came over the wire (bucket, key,
// stream, table, upload id…) goes through `within`, which takes each name as exactly one path segment and
// proves the result stays under its root. Services validate names by AWS's rules first; this is the second
// wall, so a rule missed in one action still cannot reach outside the data directory.
import path from 'node:path';

export class PathEscapeError extends Error {
  constructor(readonly segment: string) {
    super(`refused path segment ${JSON.stringify(segment)}: not a single name inside the data directory`);
  }
}

/** True when `s` can be one path segment: non-empty, not `.`/`..`, no separator, no NUL, ≤ 255 bytes. */
export function isSafeSegment(s: string): boolean {
  return (
    s.length > 0 &&
    s !== '.' &&
    s !== '..' &&
    !s.includes('/') &&
    !s.includes('\\') &&
    !s.includes('\0') &&
    Buffer.byteLength(s) <= 255
  );
}

/** `root/seg1/seg2/…`, each segment checked by `isSafeSegment`, the result proven to be inside `root`. */
export function within(root: string, ...segments: string[]): string {
  for (const s of segments) if (!isSafeSegment(s)) throw new PathEscapeError(s);
  const base = path.resolve(root);
  const full = path.resolve(base, ...segments);
  if (full !== base && !full.startsWith(base + path.sep)) throw new PathEscapeError(segments.join('/'));
  return full;
}
