// Who a temporary access key is: AssumeRole and GetSessionToken record, for each key they hand out, the
// identity GetCallerIdentity must answer when that key signs a call (AWS: the assumed-role ARN and
// `<RoleId>:<session>` for a role; the caller itself for a session token). Durable under
// <dataDir>/sts/sessions.json (AWS CLI and boto3 cache temporary credentials across runs); expired keys are
// dropped whenever a new one is written.
import path from 'node:path';
import { readJson, writeJsonAtomic } from '../../store/atomic.js';

export interface Identity {
  Arn: string;
  UserId: string;
  Account: string;
  /** True for keys from AssumeRole or GetSessionToken (they cannot call GetSessionToken). */
  temporary?: boolean;
}

/** Temporary credentials as STS answers them (a type, not an interface, so it is an XML node). */
export type Credentials = { AccessKeyId: string; SecretAccessKey: string; SessionToken: string; Expiration: string };

interface Session extends Identity {
  /** Expiration, ms since epoch. */
  expires: number;
}

export class SessionStore {
  private readonly file: string;
  private readonly keys: Record<string, Session>;

  constructor(dataDir: string) {
    this.file = path.join(dataDir, 'sts', 'sessions.json');
    this.keys = readJson<{ keys: Record<string, Session> }>(this.file, { keys: {} }).keys;
  }

  /** The identity behind an access key handed out here (undefined for any other key). */
  identity(accessKeyId: string | undefined): Identity | undefined {
    return accessKeyId && Object.hasOwn(this.keys, accessKeyId) ? this.keys[accessKeyId] : undefined;
  }

  record(accessKeyId: string, identity: Identity, expires: number, now: number): void {
    for (const [k, s] of Object.entries(this.keys)) if (s.expires <= now) delete this.keys[k];
    this.keys[accessKeyId] = { ...identity, temporary: true, expires };
    writeJsonAtomic(this.file, { keys: this.keys });
  }
}

/** The access key that signed a request: SigV4 header `Credential=AKID/…` or presigned `X-Amz-Credential`. */
export function signingAccessKey(headers: Record<string, string>, query: string): string | undefined {
  const m = /Credential=([^/,\s]+)\//.exec(headers['authorization'] ?? '');
  if (m) return m[1];
  const q = new URLSearchParams(query).get('X-Amz-Credential');
  return q ? q.split('/')[0] : undefined;
}
