// Small XML builders for rest-xml (S3) and query (IAM, STS) responses. Values are escaped; element
// names are ours (never user input).

export function escapeXml(s: string): string {
  return s.replace(/[&<>"'\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, (c) => {
    switch (c) {
      case '&':
        return '&amp;';
      case '<':
        return '&lt;';
      case '>':
        return '&gt;';
      case '"':
        return '&quot;';
      case "'":
        return '&apos;';
      default:
        return `&#${c.charCodeAt(0)};`;
    }
  });
}

export type XmlValue = string | number | boolean | undefined | null | XmlNode | XmlValue[];
/** Element name → value; arrays repeat the element; undefined/null members are left out. */
export interface XmlNode {
  [name: string]: XmlValue;
}

/** Serialize `{Name: value}` members in insertion order. */
export function xml(node: XmlNode): string {
  let out = '';
  for (const [name, value] of Object.entries(node)) out += element(name, value);
  return out;
}

function element(name: string, value: XmlValue): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return value.map((v) => element(name, v)).join('');
  if (typeof value === 'object') return `<${name}>${xml(value)}</${name}>`;
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}

export const XML_DECL = '<?xml version="1.0" encoding="UTF-8"?>\n';

/** AWS timestamps in XML: ISO-8601 with milliseconds, UTC. */
export function isoTime(ms: number): string {
  return new Date(ms).toISOString();
}
