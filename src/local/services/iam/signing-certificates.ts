// IAM users' X.509 signing certificates: upload (a PEM certificate, else MalformedCertificate; at most 2 per
// user, the same certificate once), list, update status, delete. State in
// `<dataDir>/iam/signing-certificates.json` (by UserId). Without UserName the user is the one whose access
// key signed, as AWS does; the root user's certificates are not emulated. DeleteUser refuses while any remain.
import { randomBytes } from 'node:crypto';
import type { QueryParams } from '../../protocol/query.js';
import { xml, type XmlNode } from '../../protocol/xml.js';
import { AwsError, type RequestContext } from '../../types.js';
import { iamState, iamTime, required, validationError, type IamModule } from './common.js';
import { iamPage } from './paging.js';
import { parseCertificate } from './server-certificates.js';
import type { CredentialColumns } from './credential-report.js';
import type { User, UserStore } from './users.js';

interface SigningCertificate {
  CertificateId: string;
  userId: string;
  body: string;
  Status: 'Active' | 'Inactive';
  UploadDate: number;
}

const MAX_CERTIFICATES = 2;
const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

export function signingCertificateActions(users: UserStore, dataDir: string, now: () => number): IamModule & { columns: CredentialColumns } {
  const { state, save } = iamState<{ certificates: SigningCertificate[] }>(dataDir, 'signing-certificates', { certificates: [] });
  const ofUser = (u: User) => state.certificates.filter((c) => c.userId === u.UserId);
  users.guardDelete((u) => (ofUser(u).length ? 'Cannot delete entity, must delete signing certificates first.' : undefined));

  function owner(p: QueryParams, ctx: RequestContext): User {
    const user = users.subject(p.UserName, ctx.accessKeyId);
    if (!user) throw new AwsError('NotImplemented', 'Signing certificates of the root user are not emulated; name an IAM user (UserName).', 501);
    return user;
  }
  function find(p: QueryParams, ctx: RequestContext): SigningCertificate {
    const user = owner(p, ctx);
    const id = required(p, 'CertificateId');
    const cert = ofUser(user).find((c) => c.CertificateId === id);
    if (!cert) throw new AwsError('NoSuchEntity', `The Certificate with id ${id} cannot be found.`, 404);
    return cert;
  }
  const certXml = (user: User, c: SigningCertificate): XmlNode => ({
    UserName: user.UserName, CertificateId: c.CertificateId, CertificateBody: c.body, Status: c.Status, UploadDate: iamTime(c.UploadDate),
  });

  return {
    actions: {
      UploadSigningCertificate(p, ctx) {
        const user = owner(p, ctx);
        const body = required(p, 'CertificateBody');
        const fingerprint = parseCertificate(body).fingerprint256;
        const same = state.certificates.find((c) => parseCertificate(c.body).fingerprint256 === fingerprint);
        if (same) throw new AwsError('DuplicateCertificate', `The Certificate with id ${same.CertificateId} already exists.`, 409);
        if (ofUser(user).length >= MAX_CERTIFICATES) throw new AwsError('LimitExceeded', `Cannot exceed quota for CertificatesPerUser: ${MAX_CERTIFICATES}`, 409);
        const created: SigningCertificate = {
          CertificateId: Array.from(randomBytes(32), (b) => ID_ALPHABET[b % 36]).join(''),
          userId: user.UserId,
          body,
          Status: 'Active',
          UploadDate: now(),
        };
        state.certificates.push(created);
        save();
        return xml({ Certificate: certXml(user, created) });
      },
      ListSigningCertificates(p, ctx) {
        const user = owner(p, ctx);
        const got = iamPage(p, ofUser(user));
        return xml({ Certificates: { member: got.items.map((c) => certXml(user, c)) }, IsTruncated: got.IsTruncated, Marker: got.Marker });
      },
      UpdateSigningCertificate(p, ctx) {
        const status = required(p, 'Status');
        if (status !== 'Active' && status !== 'Inactive') throw validationError('status', status, 'Member must satisfy enum value set: [Active, Inactive]');
        find(p, ctx).Status = status;
        save();
        return '';
      },
      DeleteSigningCertificate(p, ctx) {
        const cert = find(p, ctx);
        state.certificates = state.certificates.filter((c) => c !== cert);
        save();
        return '';
      },
    },
    noResult: ['UpdateSigningCertificate', 'DeleteSigningCertificate'],
    /** The credential report's cert_1/cert_2 columns: the user's certificates in upload order. */
    columns(user) {
      const [first, second] = ofUser(user);
      const when = (c?: SigningCertificate) => (c ? iamTime(c.UploadDate).replace(/Z$/, '+00:00') : 'N/A');
      return { cert_1_active: String(first?.Status === 'Active'), cert_1_last_rotated: when(first), cert_2_active: String(second?.Status === 'Active'), cert_2_last_rotated: when(second) };
    },
  };
}
