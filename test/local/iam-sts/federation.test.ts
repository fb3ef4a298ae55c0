// STS AssumeRoleWithWebIdentity and AssumeRoleWithSAML through the real JS SDK in-process, errors included;
// then through a real `serve`: unsigned, as AWS takes them, with credentials GetCallerIdentity answers as the
// assumed role (and other unsigned Query calls still refused).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import * as I from '@aws-sdk/client-iam';
import { AssumeRoleWithSAMLCommand, AssumeRoleWithWebIdentityCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { startServer } from '../../../src/local/server.js';
import { openLocalForTest } from '../../support/local-clients.js';
import { idToken, SAML_METADATA, samlResponse, samlTrust, webIdentityTrust } from './federation-fixtures.js';

const ACCOUNT = '000000000000';
const OIDC = `arn:aws:iam::${ACCOUNT}:oidc-provider/token.example.com`;
const in1h = () => Math.floor(Date.now() / 1000) + 3600;
const claims = (extra: Record<string, unknown> = {}) => ({ iss: 'https://token.example.com', aud: 'app-1', sub: 'user-123456', exp: in1h(), ...extra });

async function rejects(p: Promise<unknown>, name: string, status: number, message?: string | RegExp) {
  await assert.rejects(p, (e: any) => {
    assert.equal(e.name, name, e.message);
    assert.equal(e.$metadata.httpStatusCode, status);
    if (typeof message === 'string') assert.equal(e.message, message);
    else if (message) assert.match(e.message, message);
    return true;
  });
}

async function setUp(iam: I.IAMClient) {
  await iam.send(new I.CreateOpenIDConnectProviderCommand({ Url: 'https://token.example.com', ClientIDList: ['app-1'], ThumbprintList: [] }));
  const saml = (await iam.send(new I.CreateSAMLProviderCommand({ Name: 'corp', SAMLMetadataDocument: SAML_METADATA }))).SAMLProviderArn!;
  await iam.send(new I.CreateRoleCommand({ RoleName: 'web', AssumeRolePolicyDocument: webIdentityTrust(OIDC, { StringEquals: { 'token.example.com:aud': 'app-1' } }) }));
  await iam.send(new I.CreateRoleCommand({ RoleName: 'picky', AssumeRolePolicyDocument: webIdentityTrust(OIDC, { StringLike: { 'token.example.com:sub': 'admin-*' } }) }));
  await iam.send(new I.CreateRoleCommand({ RoleName: 'sso', AssumeRolePolicyDocument: samlTrust(saml) }));
  return { saml, web: `arn:aws:iam::${ACCOUNT}:role/web`, picky: `arn:aws:iam::${ACCOUNT}:role/picky`, sso: `arn:aws:iam::${ACCOUNT}:role/sso` };
}

test('AssumeRoleWithWebIdentity: a token of a registered provider and audience takes a role that trusts it', async () => {
  const { iam, sts, close } = await openLocalForTest();
  try {
    const { web, picky } = await setUp(iam);
    const out = await sts.send(new AssumeRoleWithWebIdentityCommand({ RoleArn: web, RoleSessionName: 'app-session', WebIdentityToken: idToken(claims()), DurationSeconds: 900 }));
    assert.match(out.Credentials!.AccessKeyId!, /^ASIA[A-Z2-7]{16}$/);
    assert.ok(Math.abs(out.Credentials!.Expiration!.getTime() - (Date.now() + 900_000)) < 5000);
    assert.equal(out.AssumedRoleUser!.Arn, `arn:aws:sts::${ACCOUNT}:assumed-role/web/app-session`);
    assert.match(out.AssumedRoleUser!.AssumedRoleId!, /^AROA[A-Z2-7]+:app-session$/);
    assert.deepEqual([out.SubjectFromWebIdentityToken, out.Provider, out.Audience], ['user-123456', 'https://token.example.com', 'app-1']);
    // An audience list holding the client id, and a sub the picky role's StringLike condition accepts.
    const admin = await sts.send(new AssumeRoleWithWebIdentityCommand({ RoleArn: picky, RoleSessionName: 's2', WebIdentityToken: idToken(claims({ aud: ['other', 'app-1'], sub: 'admin-42' })) }));
    assert.equal(admin.Audience, 'app-1');

    const token = idToken(claims());
    const call = (o: Partial<ConstructorParameters<typeof AssumeRoleWithWebIdentityCommand>[0]>) =>
      sts.send(new AssumeRoleWithWebIdentityCommand({ RoleArn: web, RoleSessionName: 'sess', WebIdentityToken: token, ...o }));
    await rejects(call({ WebIdentityToken: 'not-a-jwt' }), 'InvalidIdentityTokenException', 400, 'The ID Token provided is not a valid JWT. (You may see this error if you sent an Access Token)');
    await rejects(call({ WebIdentityToken: idToken(claims({ iss: 'https://other.example.com' })) }), 'InvalidIdentityTokenException', 400, 'No OpenIDConnect provider found in your account for https://other.example.com');
    await rejects(call({ WebIdentityToken: idToken(claims({ aud: 'someone-else' })) }), 'InvalidIdentityTokenException', 400, 'Incorrect token audience');
    await rejects(call({ WebIdentityToken: idToken(claims({ exp: 1000 })) }), 'ExpiredTokenException', 400, /^Token expired: current date\/time \d+ must be before the expiration date\/time 1000$/);
    await rejects(call({ WebIdentityToken: idToken(claims({ nbf: in1h() })) }), 'IDPRejectedClaimException', 403);
    await rejects(call({ RoleArn: picky }), 'AccessDenied', 403, 'Not authorized to perform sts:AssumeRoleWithWebIdentity');
    await rejects(call({ RoleArn: `arn:aws:iam::${ACCOUNT}:role/missing` }), 'AccessDenied', 403, 'Not authorized to perform sts:AssumeRoleWithWebIdentity');
    await rejects(call({ Policy: '{not json' }), 'MalformedPolicyDocumentException', 400);
    await rejects(call({ DurationSeconds: 7200 }), 'ValidationError', 400, 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.');
    await rejects(call({ RoleSessionName: 'a', DurationSeconds: 100 }), 'ValidationError', 400, /^2 validation errors detected: .*'roleSessionName'.*'durationSeconds'/);
  } finally {
    await close();
  }
});

test('AssumeRoleWithSAML: an assertion pairing the role with a registered provider takes a role that trusts it', async () => {
  const { iam, sts, close } = await openLocalForTest();
  try {
    const { saml, sso, web } = await setUp(iam);
    const later = new Date(Date.now() + 3600_000).toISOString();
    const assertion = samlResponse({ role: sso, provider: saml, session: 'alice@example.com', notOnOrAfter: later });
    const out = await sts.send(new AssumeRoleWithSAMLCommand({ RoleArn: sso, PrincipalArn: saml, SAMLAssertion: assertion }));
    assert.equal(out.AssumedRoleUser!.Arn, `arn:aws:sts::${ACCOUNT}:assumed-role/sso/alice@example.com`);
    assert.ok(Math.abs(out.Credentials!.Expiration!.getTime() - (Date.now() + 3600_000)) < 5000);
    assert.deepEqual(
      [out.Subject, out.SubjectType, out.Issuer, out.Audience],
      ['user-1234', 'persistent', 'https://idp.example.com/saml', 'https://signin.aws.amazon.com/saml'],
    );
    // BASE64(SHA1(issuer + account + "/" + provider name)), as AWS documents NameQualifier.
    const { createHash } = await import('node:crypto');
    assert.equal(out.NameQualifier, createHash('sha1').update(`https://idp.example.com/saml${ACCOUNT}/corp`).digest('base64'));

    const call = (o: Partial<ConstructorParameters<typeof AssumeRoleWithSAMLCommand>[0]>) =>
      sts.send(new AssumeRoleWithSAMLCommand({ RoleArn: sso, PrincipalArn: saml, SAMLAssertion: assertion, ...o }));
    await rejects(call({ SAMLAssertion: Buffer.from('<html/>').toString('base64') }), 'InvalidIdentityTokenException', 400);
    await rejects(call({ PrincipalArn: `arn:aws:iam::${ACCOUNT}:saml-provider/nope` }), 'InvalidIdentityTokenException', 400);
    await rejects(call({ SAMLAssertion: samlResponse({ role: sso, provider: saml, session: 'alice', notOnOrAfter: '2020-01-01T00:00:00Z' }) }), 'ExpiredTokenException', 400);
    await rejects(call({ SAMLAssertion: samlResponse({ role: sso, provider: saml, notOnOrAfter: later }) }), 'ValidationError', 400, 'RoleSessionName is required in AuthnResponse');
    // The assertion's Role attribute does not pair `web` with the provider; and `web` does not trust SAML.
    await rejects(call({ RoleArn: web }), 'AccessDenied', 403, 'Not authorized to perform sts:AssumeRoleWithSAML');
    await rejects(call({ RoleArn: web, SAMLAssertion: samlResponse({ role: web, provider: saml, session: 'alice', notOnOrAfter: later }) }), 'AccessDenied', 403);
    await rejects(call({ PrincipalArn: 'short' }), 'ValidationError', 400, /'principalArn' failed to satisfy constraint: Member must have length greater than or equal to 20/);
  } finally {
    await close();
  }
});

test('serve: both calls work unsigned and their credentials sign as the assumed role; other unsigned calls are refused', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lh-federation-'));
  const server = await startServer({ dataDir, port: 0 });
  const region = 'us-east-1';
  const { endpoint } = server;
  try {
    const iam = new I.IAMClient({ region, endpoint, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
    const { saml, sso, web } = await setUp(iam);
    // No credentials at all: the SDK sends these two operations unsigned (the model's noAuth).
    const anonymous = new STSClient({ region, endpoint, credentials: async () => { throw new Error('no credentials needed'); } });
    const webOut = await anonymous.send(new AssumeRoleWithWebIdentityCommand({ RoleArn: web, RoleSessionName: 'ci', WebIdentityToken: idToken(claims()) }));
    const later = new Date(Date.now() + 3600_000).toISOString();
    const samlOut = await anonymous.send(new AssumeRoleWithSAMLCommand({ RoleArn: sso, PrincipalArn: saml, SAMLAssertion: samlResponse({ role: sso, provider: saml, session: 'bob', notOnOrAfter: later }) }));
    for (const [out, arn] of [[webOut, `arn:aws:sts::${ACCOUNT}:assumed-role/web/ci`], [samlOut, `arn:aws:sts::${ACCOUNT}:assumed-role/sso/bob`]] as const) {
      const c = out.Credentials!;
      const as = new STSClient({ region, endpoint, credentials: { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! } });
      assert.equal((await as.send(new GetCallerIdentityCommand({}))).Arn, arn);
    }
    const unsigned = await fetch(endpoint, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'Action=GetCallerIdentity&Version=2011-06-15' });
    assert.equal(unsigned.status, 403);
    assert.match(await unsigned.text(), /<Code>MissingAuthenticationToken<\/Code>/);
  } finally {
    await server.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
