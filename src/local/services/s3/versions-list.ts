// ListObjectVersions: every version and delete marker of each key, newest first, keys in S3 order;
// prefix, delimiter (CommonPrefixes), key-marker + version-id-marker, max-keys, encoding-type=url.
// A bucket with no history (never versioned, or every old version deleted) is listed straight from the
// walker one page at a time, as ListObjectsV2 is; otherwise keys with history are merged in.
import { isoTime, xml, type XmlNode } from '../../protocol/xml.js';
import { OWNER } from './bucket-actions.js';
import { invalidArgument } from './errors.js';
import { compareKeys } from './keys.js';
import { listPage, urlEncodeKey } from './list-actions.js';
import type { S3Call } from './router.js';
import type { ObjectMeta } from './store.js';
import { history, keysWithHistory } from './versions-store.js';
import { S3_XMLNS, xmlResponse } from './xml-body.js';

interface Row {
  key: string;
  id: string;
  latest: boolean;
  marker: boolean;
  lastModified: number;
  meta?: ObjectMeta;
}

export function listObjectVersions(call: S3Call) {
  const { store, query, bucket } = call;
  store.requireBucket(bucket);
  const prefix = query.get('prefix') ?? '';
  const delimiter = query.get('delimiter') ?? '';
  const maxRaw = query.get('max-keys');
  const maxKeys = maxRaw === null ? 1000 : Number(maxRaw);
  if (!Number.isInteger(maxKeys) || maxKeys < 0) throw invalidArgument('Provided max-keys not an integer or within integer range', 'max-keys', maxRaw ?? '');
  const max = Math.min(maxKeys, 1000);
  const keyMarker = query.get('key-marker') ?? '';
  const versionMarker = query.get('version-id-marker') ?? '';
  if (versionMarker && !keyMarker) {
    throw invalidArgument('A version-id marker cannot be specified without a key marker.', 'version-id-marker', versionMarker);
  }
  const encodeUrl = query.get('encoding-type') === 'url';
  const enc = (s: string) => (encodeUrl ? urlEncodeKey(s) : s);
  const markerIsPrefix = !!delimiter && keyMarker.endsWith(delimiter);

  const rowsOf = (key: string, path?: string): Row[] => {
    const rows: Row[] = [];
    const p = path ?? store.layout(bucket).find(key);
    const cur = p === undefined ? undefined : store.metaAt(bucket, key, p);
    if (cur) rows.push({ key, id: cur.versionId ?? 'null', latest: true, marker: false, lastModified: cur.lastModified, meta: cur });
    for (const e of history(store, bucket, key, cur ? cur.versionId ?? 'null' : undefined)) {
      rows.push({ key, id: e.id, latest: rows.length === 0, marker: !!e.marker, lastModified: e.lastModified, meta: e.meta });
    }
    return rows;
  };

  const out: Array<{ row?: Row; prefix?: string }> = [];
  let truncated = false;
  const withHistory = keysWithHistory(store, bucket).filter((k) => k.startsWith(prefix));
  if (withHistory.length === 0) {
    // One version per key: a key marker alone says where to go on.
    const page = listPage(call, prefix, delimiter, { value: keyMarker, isPrefix: markerIsPrefix }, max);
    for (const o of page.contents) out.push(...rowsOf(o.key, o.path).map((row) => ({ row })));
    for (const p of page.prefixes) out.push({ prefix: p });
    out.sort((a, b) => compareKeys(a.row?.key ?? a.prefix!, b.row?.key ?? b.prefix!));
    truncated = page.truncated;
  } else {
    const keys = new Set(withHistory);
    const w = store.walker(bucket, { prefix, after: keyMarker || undefined });
    for (let o = w.next(); o; o = w.next()) keys.add(o.key);
    let lastPrefix: string | undefined;
    outer: for (const key of [...keys].sort(compareKeys)) {
      if (keyMarker && compareKeys(key, keyMarker) < 0) continue;
      if (markerIsPrefix && key.startsWith(keyMarker)) continue;
      if (delimiter) {
        const i = key.indexOf(delimiter, prefix.length);
        if (i >= 0) {
          const cp = key.slice(0, i + delimiter.length);
          if (cp === lastPrefix || cp === keyMarker) continue;
          if (out.length >= max) {
            truncated = max > 0;
            break;
          }
          lastPrefix = cp;
          out.push({ prefix: cp });
          continue;
        }
      }
      let rows = rowsOf(key);
      if (key === keyMarker) {
        const at = versionMarker ? rows.findIndex((r) => r.id === versionMarker) : -1;
        rows = at >= 0 ? rows.slice(at + 1) : [];
      }
      for (const row of rows) {
        if (out.length >= max) {
          truncated = max > 0;
          break outer;
        }
        out.push({ row });
      }
    }
  }
  const last = out[out.length - 1];
  let items = '';
  for (const o of out) {
    if (o.prefix !== undefined) continue;
    const r = o.row!;
    const base: XmlNode = { Key: enc(r.key), VersionId: r.id, IsLatest: r.latest, LastModified: isoTime(r.lastModified) };
    items += r.marker
      ? xml({ DeleteMarker: { ...base, Owner: OWNER } })
      : xml({ Version: { ...base, ETag: r.meta?.etag ?? '""', Size: r.meta?.size ?? 0, StorageClass: 'STANDARD', Owner: OWNER } });
  }
  const head: XmlNode = {
    Name: bucket,
    Prefix: enc(prefix),
    KeyMarker: enc(keyMarker),
    VersionIdMarker: versionMarker,
    ...(truncated && last ? { NextKeyMarker: enc(last.row?.key ?? last.prefix!), NextVersionIdMarker: last.row?.id ?? '' } : {}),
    MaxKeys: maxKeys,
    ...(delimiter ? { Delimiter: delimiter } : {}),
    ...(encodeUrl ? { EncodingType: 'url' } : {}),
    IsTruncated: truncated,
  };
  const prefixes = xml({ CommonPrefixes: out.filter((o) => o.prefix !== undefined).map((o) => ({ Prefix: enc(o.prefix!) })) });
  return xmlResponse(`<ListVersionsResult xmlns="${S3_XMLNS}">${xml(head)}${items}${prefixes}</ListVersionsResult>`);
}
