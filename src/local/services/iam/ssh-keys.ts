// IAM users' SSH public keys (for CodeCommit): upload, get (SSH or PEM encoding), list, update status,
// delete. Keys live on their user's entry in `<dataDir>/iam/ssh-keys.json` (by UserId). As AWS documents:
// an RSA key of at least 2048 bits in OpenSSH (`ssh-rsa …`) or PEM (`BEGIN PUBLIC KEY`) form; at most 5 per
// user; the fingerprint is the MD5 of the key, colon-separated hex. DeleteUser refuses while keys remain.
import { createHash, createPublicKey, type KeyObject } from 'node:crypto';
import type { QueryParams } from '../../protocol/query.js';
import { xml, type XmlNode } from '../../protocol/xml.js';
import { AwsError } from '../../types.js';
import { iamId, iamState, iamTime, required, validationError, type IamModule } from './common.js';
import { iamPage } from './paging.js';
import type { User, UserStore } from './users.js';

interface SshKey {
  SSHPublicKeyId: string;
  userId: string;
  body: string;
  Status: 'Active' | 'Inactive';
  UploadDate: number;
}

const MAX_KEYS = 5;

/** SSH wire encoding of an RSA key (RFC 4253): string "ssh-rsa", mpint e, mpint n. */
function sshBlob(key: KeyObject): Buffer {
  const jwk = key.export({ format: 'jwk' });
  const field = (b: Buffer) => { const len = Buffer.alloc(4); len.writeUInt32BE(b.length); return Buffer.concat([len, b]); };
  const mpint = (b64: string) => { const b = Buffer.from(b64, 'base64url'); return field(b[0]! & 0x80 ? Buffer.concat([Buffer.from([0]), b]) : b); };
  return Buffer.concat([field(Buffer.from('ssh-rsa')), mpint(jwk.e!), mpint(jwk.n!)]);
}

/** The RSA key an upload holds, or AWS's refusal. */
function parseKey(body: string): KeyObject {
  const text = body.trim();
  let key: KeyObject;
  try {
    if (/^ssh-rsa\s/.test(text)) {
      const blob = Buffer.from(text.split(/\s+/)[1] ?? '', 'base64');
      const read = (at: number) => { const n = blob.readUInt32BE(at); return { value: blob.subarray(at + 4, at + 4 + n), next: at + 4 + n }; };
      const type = read(0);
      if (type.value.toString() !== 'ssh-rsa') throw new Error('type');
      const e = read(type.next);
      const n = read(e.next);
      key = createPublicKey({ key: { kty: 'RSA', e: e.value.toString('base64url'), n: n.value.toString('base64url') }, format: 'jwk' });
    } else if (/^-----BEGIN (RSA )?PUBLIC KEY-----/.test(text)) {
      key = createPublicKey(text);
    } else {
      throw new Error('encoding');
    }
  } catch {
    throw new AwsError('UnrecognizedPublicKeyEncoding', 'The public key encoding format is unsupported or unrecognized.', 400);
  }
  if (key.asymmetricKeyType !== 'rsa' || (key.asymmetricKeyDetails?.modulusLength ?? 0) < 2048) {
    throw new AwsError('InvalidPublicKey', 'The public key must be an RSA key of at least 2048 bits.', 400);
  }
  return key;
}

const encodingOf = (body: string): 'SSH' | 'PEM' => (/^ssh-rsa\s/.test(body.trim()) ? 'SSH' : 'PEM');

const fingerprint = (key: KeyObject) => createHash('md5').update(sshBlob(key)).digest('hex').replace(/(..)(?!$)/g, '$1:');

export function sshKeyActions(users: UserStore, dataDir: string, now: () => number): IamModule {
  const { state, save } = iamState<{ keys: SshKey[] }>(dataDir, 'ssh-keys', { keys: [] });
  const ofUser = (u: User) => state.keys.filter((k) => k.userId === u.UserId);
  users.guardDelete((u) => (ofUser(u).length ? 'Cannot delete entity, must delete SSH public keys first.' : undefined));

  function find(p: QueryParams): { user: User; key: SshKey } {
    const user = users.get(required(p, 'UserName'));
    const id = required(p, 'SSHPublicKeyId');
    const key = ofUser(user).find((k) => k.SSHPublicKeyId === id);
    if (!key) throw new AwsError('NoSuchEntity', `The Public Key with id ${id} cannot be found.`, 404);
    return { user, key };
  }
  /** The key as uploaded when asked in its own encoding, converted otherwise. */
  const keyXml = (user: User, k: SshKey, encoding: 'SSH' | 'PEM'): XmlNode => {
    const key = parseKey(k.body);
    const text = encoding === encodingOf(k.body) ? k.body
      : encoding === 'PEM' ? (key.export({ type: 'spki', format: 'pem' }) as string) : `ssh-rsa ${sshBlob(key).toString('base64')}`;
    return { UserName: user.UserName, SSHPublicKeyId: k.SSHPublicKeyId, Fingerprint: fingerprint(key), SSHPublicKeyBody: text, Status: k.Status, UploadDate: iamTime(k.UploadDate) };
  };

  return {
    actions: {
      UploadSSHPublicKey(p) {
        const user = users.get(required(p, 'UserName'));
        const body = required(p, 'SSHPublicKeyBody');
        const key = parseKey(body);
        if (ofUser(user).some((k) => fingerprint(parseKey(k.body)) === fingerprint(key))) {
          throw new AwsError('DuplicateSSHPublicKey', 'The SSH public key is already associated with the specified IAM user.', 400);
        }
        if (ofUser(user).length >= MAX_KEYS) throw new AwsError('LimitExceeded', `Cannot exceed quota for SSHPublicKeysPerUser: ${MAX_KEYS}`, 409);
        const created: SshKey = { SSHPublicKeyId: iamId('APKA').slice(0, 20), userId: user.UserId, body, Status: 'Active', UploadDate: now() };
        state.keys.push(created);
        save();
        return xml({ SSHPublicKey: keyXml(user, created, encodingOf(body)) });
      },
      GetSSHPublicKey(p) {
        const encoding = required(p, 'Encoding');
        if (encoding !== 'SSH' && encoding !== 'PEM') throw validationError('encoding', encoding, 'Member must satisfy enum value set: [SSH, PEM]');
        const { user, key } = find(p);
        return xml({ SSHPublicKey: keyXml(user, key, encoding) });
      },
      ListSSHPublicKeys(p, ctx) {
        const user = users.subject(p.UserName, ctx.accessKeyId);
        const got = iamPage(p, user ? ofUser(user) : []);
        return xml({
          SSHPublicKeys: { member: got.items.map((k) => ({ UserName: user!.UserName, SSHPublicKeyId: k.SSHPublicKeyId, Status: k.Status, UploadDate: iamTime(k.UploadDate) })) },
          IsTruncated: got.IsTruncated,
          Marker: got.Marker,
        });
      },
      UpdateSSHPublicKey(p) {
        const status = required(p, 'Status');
        if (status !== 'Active' && status !== 'Inactive') throw validationError('status', status, 'Member must satisfy enum value set: [Active, Inactive]');
        find(p).key.Status = status;
        save();
        return '';
      },
      DeleteSSHPublicKey(p) {
        const { key } = find(p);
        state.keys = state.keys.filter((k) => k !== key);
        save();
        return '';
      },
    },
    noResult: ['UpdateSSHPublicKey', 'DeleteSSHPublicKey'],
  };
}
