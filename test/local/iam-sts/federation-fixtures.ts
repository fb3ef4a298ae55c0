// Identity documents for the STS federation tests: an unsigned-but-well-formed OIDC ID token and a SAML 2.0
// Response (base64), built per test so claims and times can vary. Signatures are placeholders: the emulator
// reads these documents without verifying them (README: deviations).
const b64url = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

export function idToken(claims: Record<string, unknown>): string {
  return `${b64url({ alg: 'RS256', typ: 'JWT', kid: 'k1' })}.${b64url(claims)}.c2lnbmF0dXJl`;
}

export function samlResponse(o: { role: string; provider: string; session?: string; notOnOrAfter: string; subject?: string }): string {
  const sessionAttribute = o.session === undefined ? '' : `<saml:Attribute Name="https://aws.amazon.com/SAML/Attributes/RoleSessionName"><saml:AttributeValue>${o.session}</saml:AttributeValue></saml:Attribute>`;
  const xml = `<?xml version="1.0"?>
<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_r1" Version="2.0" IssueInstant="2026-01-01T00:00:00Z">
  <saml:Issuer>https://idp.example.com/saml</saml:Issuer>
  <saml:Assertion ID="_a1" Version="2.0" IssueInstant="2026-01-01T00:00:00Z">
    <saml:Issuer>https://idp.example.com/saml</saml:Issuer>
    <saml:Subject>
      <saml:NameID Format="urn:oasis:names:tc:SAML:2.0:nameid-format:persistent">${o.subject ?? 'user-1234'}</saml:NameID>
      <saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer">
        <saml:SubjectConfirmationData NotOnOrAfter="${o.notOnOrAfter}" Recipient="https://signin.aws.amazon.com/saml"/>
      </saml:SubjectConfirmation>
    </saml:Subject>
    <saml:Conditions NotBefore="2020-01-01T00:00:00Z" NotOnOrAfter="${o.notOnOrAfter}">
      <saml:AudienceRestriction><saml:Audience>urn:amazon:webservices</saml:Audience></saml:AudienceRestriction>
    </saml:Conditions>
    <saml:AttributeStatement>
      <saml:Attribute Name="https://aws.amazon.com/SAML/Attributes/Role"><saml:AttributeValue>${o.provider},${o.role}</saml:AttributeValue></saml:Attribute>
      ${sessionAttribute}
    </saml:AttributeStatement>
  </saml:Assertion>
</samlp:Response>`;
  return Buffer.from(xml).toString('base64');
}

/** SAML metadata IAM accepts for CreateSAMLProvider (an EntityDescriptor of at least 1,000 characters). */
export const SAML_METADATA = `<?xml version="1.0"?>
<EntityDescriptor xmlns="urn:oasis:names:tc:SAML:2.0:metadata" entityID="https://idp.example.com/saml">
  <IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
    <SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://idp.example.com/sso"/>
  </IDPSSODescriptor>
  <!-- ${'padding '.repeat(120)} -->
</EntityDescriptor>`;

export const webIdentityTrust = (provider: string, conditions?: Record<string, unknown>) =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { Federated: provider }, Action: 'sts:AssumeRoleWithWebIdentity', ...(conditions ? { Condition: conditions } : {}) }],
  });

export const samlTrust = (provider: string) =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { Federated: provider }, Action: 'sts:AssumeRoleWithSAML', Condition: { StringEquals: { 'SAML:aud': 'https://signin.aws.amazon.com/saml' } } }],
  });
