// ListParts (GET key?uploadId) and ListMultipartUploads (GET bucket?uploads), read from the upload records
// under `<dataDir>/s3mpu/` that multipart.ts keeps. Completed uploads (kept only so a retried completion
// gets the same answer) are not listed. Paging as AWS: part-number-marker/max-parts, and
// key-marker/upload-id-marker/max-uploads with prefix and delimiter (CommonPrefixes).
import fs from 'node:fs';
import path from 'node:path';
import { isoTime, xml, type XmlNode } from '../../protocol/xml.js';
import { readJson } from '../../store/atomic.js';
import { within } from '../../store/paths.js';
import { OWNER } from './bucket-actions.js';
import { invalidArgument } from './errors.js';
import { isUploadId } from './keys.js';
import { urlEncodeKey } from './list-actions.js';
import { loadUpload, type Part } from './multipart.js';
import type { S3Call } from './router.js';
import { S3_XMLNS, xmlResponse } from './xml-body.js';

function intParam(call: S3Call, name: string, fallback: number, max: number): number {
  const raw = call.query.get(name);
  if (raw === null || raw === '') return fallback;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(n)) {
    throw invalidArgument(`Provided ${name} not an integer or within integer range`, name, raw);
  }
  return Math.min(n, max);
}

export function listParts(call: S3Call) {
  const { dir, upload, id } = loadUpload(call);
  const maxParts = intParam(call, 'max-parts', 1000, 1000);
  const marker = intParam(call, 'part-number-marker', 0, 10000);
  const numbers = fs
    .readdirSync(dir)
    .map((n) => /^part-(\d+)\.json$/.exec(n)?.[1])
    .filter((n): n is string => n !== undefined)
    .map(Number)
    .filter((n) => n > marker)
    .sort((a, b) => a - b);
  const page = numbers.slice(0, maxParts);
  const parts = page.flatMap((n) => {
    const p = readJson<Part | undefined>(within(dir, `part-${n}.json`), undefined);
    if (!p) return [];
    const item: XmlNode = {
      PartNumber: n,
      LastModified: isoTime(fs.statSync(within(dir, `part-${n}.json`)).mtimeMs),
      ETag: p.etag,
      Size: p.size,
    };
    if (upload.algorithm && p.checksum) item[`Checksum${p.checksum.algorithm}`] = p.checksum.value;
    return [item];
  });
  const truncated = numbers.length > page.length;
  const body: XmlNode = {
    Bucket: upload.bucket,
    Key: upload.key,
    UploadId: id,
    PartNumberMarker: marker,
    ...(page.length ? { NextPartNumberMarker: page[page.length - 1]! } : {}),
    MaxParts: maxParts,
    IsTruncated: truncated,
    Part: parts,
    Initiator: OWNER,
    Owner: OWNER,
    StorageClass: 'STANDARD',
    ...(upload.algorithm ? { ChecksumAlgorithm: upload.algorithm, ChecksumType: upload.checksumType ?? 'COMPOSITE' } : {}),
  };
  return xmlResponse(`<ListPartsResult xmlns="${S3_XMLNS}">${xml(body)}</ListPartsResult>`);
}

interface Listed {
  id: string;
  key: string;
  created: number;
  algorithm?: string;
  checksumType?: string;
}

export function listMultipartUploads(call: S3Call) {
  const { store, bucket, query } = call;
  store.requireBucket(bucket);
  const maxUploads = intParam(call, 'max-uploads', 1000, 1000);
  const prefix = query.get('prefix') ?? '';
  const delimiter = query.get('delimiter') ?? '';
  const keyMarker = query.get('key-marker') ?? '';
  const idMarker = query.get('upload-id-marker') ?? '';
  const encodeUrl = query.get('encoding-type') === 'url';
  const enc = (s: string) => (encodeUrl ? urlEncodeKey(s) : s);
  const root = path.join(call.env.dataDir, 's3mpu');
  let all: Listed[] = [];
  for (const id of fs.existsSync(root) ? fs.readdirSync(root) : []) {
    if (!isUploadId(id)) continue;
    const u = readJson<any>(within(root, id, 'upload.json'), undefined);
    if (!u || u.bucket !== bucket || u.completed || !String(u.key).startsWith(prefix)) continue;
    all.push({ id, key: u.key, created: u.created, algorithm: u.algorithm, checksumType: u.checksumType });
  }
  // Keys in byte order; several uploads of one key in the order they were initiated.
  all.sort((a, b) => (a.key !== b.key ? (Buffer.compare(Buffer.from(a.key), Buffer.from(b.key))) : a.created - b.created || (a.id < b.id ? -1 : 1)));
  if (keyMarker) {
    const markerAt = idMarker ? all.findIndex((u) => u.key === keyMarker && u.id === idMarker) : -1;
    all = all.filter((u, i) => {
      const c = Buffer.compare(Buffer.from(u.key), Buffer.from(keyMarker));
      return idMarker && markerAt >= 0 ? c > 0 || (c === 0 && i > markerAt) : c > 0;
    });
  }
  const uploads: XmlNode[] = [];
  const prefixes: string[] = [];
  let truncated = false;
  let lastKey = '';
  let lastId = '';
  for (const u of all) {
    const cut = delimiter ? u.key.indexOf(delimiter, prefix.length) : -1;
    const cp = cut >= 0 ? u.key.slice(0, cut + delimiter.length) : undefined;
    if (cp !== undefined && prefixes[prefixes.length - 1] === cp) continue;
    if (uploads.length + prefixes.length >= maxUploads) {
      truncated = true;
      break;
    }
    if (cp !== undefined) {
      prefixes.push(cp);
      lastKey = cp;
      lastId = '';
      continue;
    }
    uploads.push({
      Key: enc(u.key),
      UploadId: u.id,
      Initiator: OWNER,
      Owner: OWNER,
      StorageClass: 'STANDARD',
      Initiated: isoTime(u.created),
      ...(u.algorithm ? { ChecksumAlgorithm: u.algorithm, ChecksumType: u.checksumType ?? 'COMPOSITE' } : {}),
    });
    lastKey = u.key;
    lastId = u.id;
  }
  const body: XmlNode = {
    Bucket: bucket,
    KeyMarker: enc(keyMarker),
    UploadIdMarker: idMarker,
    ...(truncated ? { NextKeyMarker: enc(lastKey), NextUploadIdMarker: lastId } : {}),
    ...(prefix ? { Prefix: enc(prefix) } : {}),
    ...(delimiter ? { Delimiter: delimiter } : {}),
    MaxUploads: maxUploads,
    ...(encodeUrl ? { EncodingType: 'url' } : {}),
    IsTruncated: truncated,
    Upload: uploads,
    CommonPrefixes: prefixes.map((p) => ({ Prefix: enc(p) })),
  };
  return xmlResponse(`<ListMultipartUploadsResult xmlns="${S3_XMLNS}">${xml(body)}</ListMultipartUploadsResult>`);
}
