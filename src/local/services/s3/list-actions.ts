// ListObjectsV2 (and V1): prefix, delimiter/CommonPrefixes, max-keys, continuation-token/start-after
// (V2) or marker (V1), encoding-type=url. Keys come sorted by UTF-8 bytes, as S3 returns them.
import fs from 'node:fs';
import { isoTime, xml, type XmlNode } from '../../protocol/xml.js';
import { AwsError } from '../../types.js';
import { OWNER } from './bucket-actions.js';
import { invalidArgument } from './errors.js';
import type { S3Call } from './router.js';
import { S3_XMLNS, xmlResponse } from './xml-body.js';

/** EncodingType=url as S3 answers it: keys and prefixes percent-encoded with `/` left as is (the delimiter
 * element itself is returned as sent). */
export function urlEncodeKey(s: string): string {
  return encodeURIComponent(s).replace(/%2F/g, '/');
}

interface Page {
  contents: Array<{ key: string; path: string }>;
  prefixes: string[];
  truncated: boolean;
  /** The last key or common prefix returned (where the next page starts after). */
  last?: string;
  lastIsPrefix?: boolean;
}

export function listPage(call: S3Call, prefix: string, delimiter: string, from: After, maxKeys: number): Page {
  // The walker yields keys in order and skips what a common prefix covers, so a page reads only what it returns.
  const walker = call.store.walker(call.bucket, {
    prefix,
    after: from.value || undefined,
    skipPrefix: from.isPrefix && from.value ? from.value : undefined,
  });
  const page: Page = { contents: [], prefixes: [], truncated: false };
  for (let o = walker.next(); o; o = walker.next()) {
    let cp: string | undefined;
    if (delimiter) {
      const i = o.key.indexOf(delimiter, prefix.length);
      if (i >= 0) cp = o.key.slice(0, i + delimiter.length);
    }
    if (page.contents.length + page.prefixes.length >= maxKeys) {
      // AWS: MaxKeys=0 answers an empty, untruncated page.
      page.truncated = maxKeys > 0;
      break;
    }
    if (cp !== undefined) {
      page.prefixes.push(cp);
      walker.skip(cp);
      page.last = cp;
      page.lastIsPrefix = true;
    } else {
      page.contents.push(o);
      page.last = o.key;
      page.lastIsPrefix = false;
    }
  }
  return page;
}

export function listObjects(call: S3Call) {
  const { store, query, bucket } = call;
  store.requireBucket(bucket);
  const v2 = query.get('list-type') === '2';
  const prefix = query.get('prefix') ?? '';
  const delimiter = query.get('delimiter') ?? '';
  const maxKeysRaw = query.get('max-keys');
  const maxKeys = maxKeysRaw === null ? 1000 : Number(maxKeysRaw);
  if (!Number.isInteger(maxKeys) || maxKeys < 0) {
    throw invalidArgument('Provided max-keys not an integer or within integer range', 'max-keys', maxKeysRaw ?? '');
  }
  const encodeUrl = query.get('encoding-type') === 'url';
  if (query.has('encoding-type') && !encodeUrl) {
    throw invalidArgument('Invalid Encoding Method specified in Request', 'encoding-type', query.get('encoding-type')!);
  }
  const enc = (s: string) => (encodeUrl ? urlEncodeKey(s) : s);
  const token = query.get('continuation-token');
  const startAfter = query.get('start-after') ?? '';
  const marker = query.get('marker') ?? '';
  // V1 markers are plain strings: a marker that is a common prefix skips what lies under it.
  let after: After = { value: v2 ? startAfter : marker, isPrefix: !v2 && !!delimiter && marker.endsWith(delimiter) };
  // An empty token starts from the beginning (it is echoed back as sent).
  if (v2 && token) after = decodeToken(token);
  const page = listPage(call, prefix, delimiter, after, Math.min(maxKeys, 1000));
  const contents = page.contents.map((o) => {
    const meta = store.metaAt(bucket, o.key, o.path);
    const item: XmlNode = {
      Key: enc(o.key),
      LastModified: isoTime(meta?.lastModified ?? fs.statSync(o.path).mtimeMs),
      ETag: meta?.etag ?? '""',
      Size: meta?.size ?? 0,
      StorageClass: 'STANDARD',
    };
    if (!v2 || query.get('fetch-owner') === 'true') item.Owner = OWNER;
    return item;
  });
  const common = page.prefixes.map((p) => ({ Prefix: enc(p) }));
  // ListObjects (V1) answers its Prefix element unencoded even with EncodingType=url (SDKs decode only
  // Delimiter, Marker, NextMarker and the keys there); V2 encodes it.
  const head: XmlNode = { Name: bucket, Prefix: v2 ? enc(prefix) : prefix };
  let body: XmlNode;
  if (v2) {
    body = {
      ...head,
      ...(token !== null ? { ContinuationToken: token } : {}),
      ...(startAfter ? { StartAfter: enc(startAfter) } : {}),
      KeyCount: page.contents.length + page.prefixes.length,
      MaxKeys: maxKeys,
      ...(delimiter ? { Delimiter: delimiter } : {}),
      ...(encodeUrl ? { EncodingType: 'url' } : {}),
      IsTruncated: page.truncated,
      ...(page.truncated && page.last !== undefined ? { NextContinuationToken: encodeToken({ value: page.last, isPrefix: !!page.lastIsPrefix }) } : {}),
      Contents: contents,
      CommonPrefixes: common,
    };
  } else {
    body = {
      ...head,
      Marker: enc(marker),
      ...(page.truncated && delimiter && page.last !== undefined ? { NextMarker: enc(page.last) } : {}),
      MaxKeys: maxKeys,
      ...(delimiter ? { Delimiter: delimiter } : {}),
      ...(encodeUrl ? { EncodingType: 'url' } : {}),
      IsTruncated: page.truncated,
      Contents: contents,
      CommonPrefixes: common,
    };
  }
  return xmlResponse(`<ListBucketResult xmlns="${S3_XMLNS}">${xml(body)}</ListBucketResult>`);
}

export interface After {
  value: string;
  /** The value is a common prefix: skip every key under it. */
  isPrefix: boolean;
}

// Continuation tokens are opaque to clients; ours is the last returned key or common prefix, base64.
function encodeToken(last: After): string {
  return Buffer.from((last.isPrefix ? 'p:' : 'k:') + last.value, 'utf8').toString('base64');
}

function decodeToken(token: string): After {
  const text = Buffer.from(token, 'base64').toString('utf8');
  if (!/^[kp]:/.test(text)) {
    throw new AwsError('InvalidArgument', 'The continuation token provided is incorrect', 400, {
      ArgumentName: 'continuation-token',
    });
  }
  return { value: text.slice(2), isPrefix: text[0] === 'p' };
}
