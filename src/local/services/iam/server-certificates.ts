// IAM server certificates: upload (PEM body, private key, optional chain), get, list, rename/move,
// delete, tags. State in `<dataDir>/iam/server-certificates.json` (the private key is kept, as AWS keeps
// it, and never returned). The body must parse as an X.509 PEM certificate and the private key must match
// it (MalformedCertificate / KeyPairMismatch, as AWS answers); Expiration is the certificate's notAfter.
import { createPrivateKey, X509Certificate } from 'node:crypto';
import type { QueryParams } from '../../protocol/query.js';
import { xml, type XmlNode } from '../../protocol/xml.js';
import { AwsError } from '../../types.js';
import { checkName, checkPath, checkPathPrefix, iamId, iamState, iamTime, required, type IamModule } from './common.js';
import { iamPage } from './paging.js';
import { requestTags, type Tag, taggingActions, taggingNoResult, tagsXml } from './tags.js';

interface ServerCertificate {
  ServerCertificateName: string;
  ServerCertificateId: string;
  Path: string;
  Arn: string;
  UploadDate: number;
  Expiration: number;
  body: string;
  chain?: string;
  privateKey: string;
  Tags: Tag[];
}

/** A PEM X.509 certificate, or MalformedCertificate (shared with signing certificates). */
export function parseCertificate(body: string): X509Certificate {
  try {
    return new X509Certificate(body.trim());
  } catch {
    throw new AwsError('MalformedCertificate', 'Unable to parse certificate. Please ensure the certificate is in PEM format.', 400);
  }
}

function checkKeyPair(cert: X509Certificate, pem: string): void {
  let key;
  try {
    key = createPrivateKey(pem.trim());
  } catch {
    throw new AwsError('MalformedCertificate', 'Unable to parse private key.', 400);
  }
  if (!cert.checkPrivateKey(key)) throw new AwsError('KeyPairMismatch', 'The public key certificate and the private key do not match.', 400);
}

export function serverCertificateActions(dataDir: string, accountId: string, now: () => number): IamModule {
  const { state, save } = iamState<{ certificates: Record<string, ServerCertificate> }>(dataDir, 'server-certificates', { certificates: {} });
  const find = (name: string) => Object.values(state.certificates).find((c) => c.ServerCertificateName.toLowerCase() === name.toLowerCase());
  function get(p: QueryParams): ServerCertificate {
    const name = required(p, 'ServerCertificateName');
    const cert = find(name);
    if (!cert) throw new AwsError('NoSuchEntity', `The Server Certificate with name ${name} cannot be found.`, 404);
    return cert;
  }
  const metadata = (c: ServerCertificate): XmlNode => ({
    Path: c.Path,
    ServerCertificateName: c.ServerCertificateName,
    ServerCertificateId: c.ServerCertificateId,
    Arn: c.Arn,
    UploadDate: iamTime(c.UploadDate),
    Expiration: iamTime(c.Expiration),
  });
  const arnOf = (certPath: string, name: string) => `arn:aws:iam::${accountId}:server-certificate${certPath}${name}`;

  return {
    actions: {
      UploadServerCertificate(p) {
        const name = checkName('serverCertificateName', required(p, 'ServerCertificateName'), 128);
        const certPath = checkPath(p.Path ?? '/');
        const body = required(p, 'CertificateBody');
        const privateKey = required(p, 'PrivateKey');
        const tags = requestTags(p);
        if (find(name)) throw new AwsError('EntityAlreadyExists', `The Server Certificate with name ${name} already exists.`, 409);
        const x509 = parseCertificate(body);
        checkKeyPair(x509, privateKey);
        if (p.CertificateChain !== undefined) parseCertificate(p.CertificateChain);
        const cert: ServerCertificate = {
          ServerCertificateName: name,
          ServerCertificateId: iamId('ASCA'),
          Path: certPath,
          Arn: arnOf(certPath, name),
          UploadDate: now(),
          Expiration: Date.parse(x509.validTo),
          body,
          chain: p.CertificateChain,
          privateKey,
          Tags: tags,
        };
        state.certificates[name] = cert;
        save();
        return xml({ ServerCertificateMetadata: metadata(cert), Tags: tagsXml(tags) });
      },
      GetServerCertificate(p) {
        const c = get(p);
        return xml({
          ServerCertificate: {
            ServerCertificateMetadata: metadata(c),
            CertificateBody: c.body,
            CertificateChain: c.chain,
            Tags: tagsXml(c.Tags),
          },
        });
      },
      ListServerCertificates(p) {
        const prefix = checkPathPrefix(p.PathPrefix ?? '/');
        const all = Object.values(state.certificates)
          .filter((c) => c.Path.startsWith(prefix))
          .sort((a, b) => (a.ServerCertificateName < b.ServerCertificateName ? -1 : 1));
        const pg = iamPage(p, all);
        return xml({ ServerCertificateMetadataList: { member: pg.items.map(metadata) }, IsTruncated: pg.IsTruncated, Marker: pg.Marker });
      },
      UpdateServerCertificate(p) {
        const c = get(p);
        const newName = p.NewServerCertificateName === undefined ? c.ServerCertificateName : checkName('newServerCertificateName', p.NewServerCertificateName, 128);
        const newPath = p.NewPath === undefined ? c.Path : checkPath(p.NewPath);
        const other = find(newName);
        if (other && other !== c) throw new AwsError('EntityAlreadyExists', `The Server Certificate with name ${newName} already exists.`, 409);
        delete state.certificates[c.ServerCertificateName];
        Object.assign(c, { ServerCertificateName: newName, Path: newPath, Arn: arnOf(newPath, newName) });
        state.certificates[newName] = c;
        save();
        return '';
      },
      DeleteServerCertificate(p) {
        delete state.certificates[get(p).ServerCertificateName];
        save();
        return '';
      },
      ...taggingActions('ServerCertificate', get, save),
    },
    summary: () => ({ ServerCertificates: Object.keys(state.certificates).length }),
    noResult: ['UpdateServerCertificate', 'DeleteServerCertificate', ...taggingNoResult('ServerCertificate')],
  };
}
