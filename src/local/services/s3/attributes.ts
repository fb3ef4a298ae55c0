// GetObjectAttributes (GET key?attributes): the attributes named in x-amz-object-attributes (ETag,
// Checksum, ObjectParts, StorageClass, ObjectSize) from the object's metadata, without reading its bytes.
import { xml, type XmlNode } from '../../protocol/xml.js';
import { AwsError } from '../../types.js';
import { checkReadConditions } from './conditions.js';
import { resolveRead, versionHeader } from './versions-actions.js';
import type { S3Call } from './router.js';
import { S3_XMLNS, xmlResponse } from './xml-body.js';

const NAMES = ['ETag', 'Checksum', 'ObjectParts', 'StorageClass', 'ObjectSize'];

export function getObjectAttributes(call: S3Call) {
  const wanted = (call.req.headers['x-amz-object-attributes'] ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  if (!wanted.length) throw new AwsError('InvalidRequest', 'The x-amz-object-attributes header specifying the attributes to be retrieved is either missing or empty', 400);
  const bad = wanted.find((w) => !NAMES.includes(w));
  if (bad) throw new AwsError('InvalidArgument', 'Invalid attribute name specified.', 400, { ArgumentName: 'x-amz-object-attributes', ArgumentValue: bad });
  // Any version (versionId), as GetObject reads it.
  const { meta } = resolveRead(call.store, call.bucket, call.key, call.query.get('versionId'), call.req.method);
  checkReadConditions(call.req.headers, meta, call.ctx.now());
  const body: XmlNode = {};
  if (wanted.includes('ETag')) body.ETag = meta.etag.replace(/"/g, '');
  if (wanted.includes('Checksum') && meta.checksum) {
    body.Checksum = { [`Checksum${meta.checksum.algorithm}`]: meta.checksum.value, ChecksumType: meta.checksum.type };
  }
  if (wanted.includes('ObjectParts') && meta.parts) {
    const marker = Number(call.req.headers['x-amz-part-number-marker'] ?? 0) || 0;
    const max = Math.min(Number(call.req.headers['x-amz-max-parts'] ?? 1000) || 1000, 1000);
    const sums = meta.partChecksums;
    const algorithm = meta.checksum?.algorithm;
    const all = meta.parts
      .map((size, i) => ({ PartNumber: i + 1, Size: size, ...(sums?.[i] && algorithm ? { [`Checksum${algorithm}`]: sums[i] } : {}) }))
      .filter((p) => p.PartNumber > marker);
    const page = all.slice(0, max);
    body.ObjectParts = {
      PartsCount: meta.parts.length,
      PartNumberMarker: marker,
      ...(page.length ? { NextPartNumberMarker: page[page.length - 1]!.PartNumber } : {}),
      MaxParts: max,
      IsTruncated: all.length > page.length,
      Part: page,
    };
  }
  if (wanted.includes('StorageClass')) body.StorageClass = 'STANDARD';
  if (wanted.includes('ObjectSize')) body.ObjectSize = meta.size;
  return xmlResponse(`<GetObjectAttributesResponse xmlns="${S3_XMLNS}">${xml(body)}</GetObjectAttributesResponse>`, 200, {
    'last-modified': new Date(meta.lastModified).toUTCString(),
    ...versionHeader(meta),
  });
}
