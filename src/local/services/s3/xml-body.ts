// Parsing S3 request bodies (CreateBucketConfiguration, Delete, Tagging, ...) and building responses.
import { XMLParser } from 'fast-xml-parser';
import { XML_DECL } from '../../protocol/xml.js';
import type { EmuResponse } from '../../types.js';
import { malformedXml } from './errors.js';

const parser = new XMLParser({
  ignoreAttributes: true,
  removeNSPrefix: true,
  parseTagValue: false,
  trimValues: false,
  isArray: (name) => name === 'Object' || name === 'Tag' || name === 'Rule',
});

export const S3_XMLNS = 'http://s3.amazonaws.com/doc/2006-03-01/';

/** The root element's content of an XML body; throws MalformedXML when it is not XML or the root differs. */
export function parseBody(body: Buffer, root: string): any {
  let doc: any;
  try {
    doc = parser.parse(body.toString('utf8'));
  } catch {
    throw malformedXml();
  }
  if (!doc || typeof doc !== 'object' || !(root in doc)) throw malformedXml();
  return doc[root] === '' ? {} : doc[root];
}

export function xmlResponse(inner: string, status = 200, headers: Record<string, string> = {}): EmuResponse {
  return { status, headers: { 'content-type': 'application/xml', ...headers }, body: XML_DECL + inner };
}

export function emptyResponse(status = 200, headers: Record<string, string> = {}): EmuResponse {
  return { status, headers, body: '' };
}
