// The pagination kit: one opaque token format for list actions that page a sorted array by offset.
// The token is base64url of "<offset>", or of "<listing>:<offset>" for tokens bound to one listing (IAM's
// Markers: a Marker from another listing is refused); anything else is the service's own "invalid token" error.
export interface Page<T> {
  items: T[];
  /** The token for the next page, undefined on the last one. */
  next?: string;
}

export const encodeOffset = (offset: number, listing?: string) =>
  Buffer.from(listing === undefined ? String(offset) : `${listing}:${offset}`).toString('base64url');

/** Decodes a token (0 when absent); `invalid` builds the service's error for a token it did not issue
 *  (for that listing, when one is named). */
export function decodeOffset(token: unknown, invalid: (message: string) => Error, listing?: string): number {
  if (token === undefined || token === null || token === '') return 0;
  const text = Buffer.from(String(token), 'base64url').toString();
  const prefix = listing === undefined ? '' : `${listing}:`;
  const n = text.startsWith(prefix) ? Number(text.slice(prefix.length)) : NaN;
  if (!Number.isInteger(n) || n < 0 || encodeOffset(n, listing) !== String(token)) throw invalid('Invalid NextToken');
  return n;
}

/** One page of `all` from the token's offset, at most `size` items. */
export function page<T>(all: T[], token: unknown, size: number, invalid: (message: string) => Error, listing?: string): Page<T> {
  const start = decodeOffset(token, invalid, listing);
  const end = start + size;
  return { items: all.slice(start, end), ...(end < all.length ? { next: encodeOffset(end, listing) } : {}) };
}
