// The pagination kit: one opaque NextToken format for list actions that page a sorted array by offset.
// The token is base64url of "<offset>"; anything else is the service's own "invalid token" error.
export interface Page<T> {
  items: T[];
  /** The token for the next page, undefined on the last one. */
  next?: string;
}

export const encodeOffset = (offset: number) => Buffer.from(String(offset)).toString('base64url');

/** Decodes a NextToken (0 when absent); `invalid` builds the service's error for a token it did not issue. */
export function decodeOffset(token: unknown, invalid: (message: string) => Error): number {
  if (token === undefined || token === null || token === '') return 0;
  const n = Number(Buffer.from(String(token), 'base64url').toString());
  if (!Number.isInteger(n) || n < 0) throw invalid('Invalid NextToken');
  return n;
}

/** One page of `all` from the token's offset, at most `size` items. */
export function page<T>(all: T[], token: unknown, size: number, invalid: (message: string) => Error): Page<T> {
  const start = decodeOffset(token, invalid);
  const end = start + size;
  return { items: all.slice(start, end), ...(end < all.length ? { next: encodeOffset(end) } : {}) };
}
