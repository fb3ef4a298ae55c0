// Reading the identity documents federation presents: an OIDC ID token (a JWT: iss, aud, sub, exp, nbf) and a
// base64 SAML 2.0 Response (Issuer, Subject NameID and its Format, the bearer confirmation's Recipient, the
// validity window, the AWS attributes). Read only: signatures are NOT verified (README: deviations), since the
// emulator holds no provider keys and fetches nothing.
import { createHash } from 'node:crypto';
import { AwsError } from '../../types.js';

export interface IdToken {
  iss: string;
  aud: string[];
  sub?: string;
  /** Seconds since epoch. */
  exp?: number;
  nbf?: number;
  amr?: string[];
}

const invalidToken = (message: string) => new AwsError('InvalidIdentityToken', message, 400);

function segment(part: string): Record<string, unknown> {
  const value = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new Error('not an object');
  return value;
}

/** The claims of a JWT, or InvalidIdentityToken as AWS answers for anything that is not one. */
export function readIdToken(token: string): IdToken {
  const parts = token.split('.');
  let claims: Record<string, unknown>;
  try {
    if (parts.length !== 3 || !/^[\w-]+$/.test(parts[0]!) || !/^[\w-]+$/.test(parts[1]!)) throw new Error('shape');
    segment(parts[0]!);
    claims = segment(parts[1]!);
  } catch {
    throw invalidToken('The ID Token provided is not a valid JWT. (You may see this error if you sent an Access Token)');
  }
  if (typeof claims.iss !== 'string' || !claims.iss) throw invalidToken('The ID Token provided is missing the iss claim.');
  const strings = (v: unknown) => (typeof v === 'string' ? [v] : Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
  const num = (v: unknown) => (typeof v === 'number' ? v : undefined);
  return {
    iss: claims.iss,
    aud: strings(claims.aud),
    sub: typeof claims.sub === 'string' ? claims.sub : undefined,
    exp: num(claims.exp),
    nbf: num(claims.nbf),
    amr: claims.amr === undefined ? undefined : strings(claims.amr),
  };
}

export interface SamlAssertion {
  issuer?: string;
  subject?: string;
  /** NameID Format, without the `urn:oasis:names:tc:SAML:2.0:nameid-format:` prefix (as STS answers it). */
  subjectType?: string;
  /** The bearer SubjectConfirmationData's Recipient: STS's Audience. */
  recipient?: string;
  /** The earliest NotOnOrAfter (Conditions, SubjectConfirmationData), ms. */
  notOnOrAfter?: number;
  notBefore?: number;
  attributes: Record<string, string[]>;
}

const NS = '(?:[\\w.-]+:)?';
const unescape = (s: string) =>
  s.replace(/&(lt|gt|quot|apos|amp|#x[0-9a-f]+|#\d+);/gi, (_m, e: string) =>
    e === 'lt' ? '<' : e === 'gt' ? '>' : e === 'quot' ? '"' : e === 'apos' ? "'" : e === 'amp' ? '&' : String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : Number(e.slice(1))),
  ).trim();
const attr = (tag: string, name: string) => {
  const m = new RegExp(`\\s${name}\\s*=\\s*("([^"]*)"|'([^']*)')`).exec(tag);
  return m ? unescape(m[2] ?? m[3] ?? '') : undefined;
};
const element = (xml: string, name: string) => new RegExp(`<${NS}${name}\\b([^>]*)>([\\s\\S]*?)</${NS}${name}>`).exec(xml);

/** A base64 SAML Response's assertion, or InvalidIdentityToken when it holds none. */
export function readSamlAssertion(base64: string): SamlAssertion {
  const xml = Buffer.from(base64, 'base64').toString('utf8');
  const assertion = element(xml, 'Assertion');
  if (!assertion) throw invalidToken('Invalid SAML response: it holds no Assertion.');
  const body = assertion[2]!;
  const nameId = element(body, 'NameID');
  const format = nameId ? attr(nameId[1]!, 'Format') : undefined;
  const confirmation = new RegExp(`<${NS}SubjectConfirmationData\\b([^>]*)>?`).exec(body)?.[1] ?? '';
  const conditions = new RegExp(`<${NS}Conditions\\b([^>]*)>?`).exec(body)?.[1] ?? '';
  const ends = [attr(confirmation, 'NotOnOrAfter'), attr(conditions, 'NotOnOrAfter')].map((t) => (t ? Date.parse(t) : NaN)).filter((t) => !Number.isNaN(t));
  const starts = attr(conditions, 'NotBefore');
  const attributes: Record<string, string[]> = {};
  for (const m of body.matchAll(new RegExp(`<${NS}Attribute\\b([^>]*)>([\\s\\S]*?)</${NS}Attribute>`, 'g'))) {
    const name = attr(m[1]!, 'Name');
    if (!name) continue;
    const values = [...m[2]!.matchAll(new RegExp(`<${NS}AttributeValue\\b[^>]*>([\\s\\S]*?)</${NS}AttributeValue>`, 'g'))].map((v) => unescape(v[1]!));
    attributes[name] = [...(attributes[name] ?? []), ...values];
  }
  return {
    issuer: element(body, 'Issuer') ? unescape(element(body, 'Issuer')![2]!) : undefined,
    subject: nameId ? unescape(nameId[2]!) : undefined,
    subjectType: format?.replace(/^urn:oasis:names:tc:SAML:2\.0:nameid-format:/, ''),
    recipient: attr(confirmation, 'Recipient'),
    notOnOrAfter: ends.length ? Math.min(...ends) : undefined,
    notBefore: starts ? Date.parse(starts) : undefined,
    attributes,
  };
}

/** AWS's NameQualifier: BASE64(SHA1(issuer + account id + "/" + provider name)). */
export const nameQualifier = (issuer: string, accountId: string, providerName: string) =>
  createHash('sha1').update(`${issuer}${accountId}/${providerName}`).digest('base64');
