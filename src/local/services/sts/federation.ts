// STS federation: AssumeRoleWithWebIdentity (an OIDC ID token) and AssumeRoleWithSAML (a SAML 2.0 response).
// AWS takes both unsigned (the token is the credential; serve lets them through, serve/auth.ts). The token's
// issuer must be an OIDC provider of the local IAM whose client ids hold the token's audience, or PrincipalArn a
// SAML provider the assertion's Role attribute pairs with RoleArn; the role must exist and its trust policy
// allow the provider (trust.ts). Tokens are read, not signature-checked (tokens.ts). The credentials are
// AssumeRole's: the same session store, so GetCallerIdentity answers the assumed-role ARN.
import type { QueryAction } from '../../protocol/query.js';
import { xml } from '../../protocol/xml.js';
import { oneProblem } from '../../kit/validate.js';
import type { IamInternal } from '../../service.js';
import { AwsError } from '../../types.js';
import { arnProblems, check, checkPolicyJson, duration, packedPolicySize, sessionNameProblems, sessionPolicyProblems } from './inputs.js';
import type { Credentials, Identity } from './sessions.js';
import { trustAllows } from './trust.js';
import { nameQualifier, readIdToken, readSamlAssertion } from './tokens.js';

interface Deps {
  iam: IamInternal;
  accountId: string;
  now(): number;
  /** Credentials for `seconds`, recorded as `identity` for GetCallerIdentity. */
  issue(identity: Identity, seconds: number): Credentials;
}

const ROLE_ATTRIBUTE = 'https://aws.amazon.com/SAML/Attributes/Role';
const SESSION_ATTRIBUTE = 'https://aws.amazon.com/SAML/Attributes/RoleSessionName';

const lengthProblems = (value: string | undefined, member: string, min: number, max: number, required: boolean): Array<string | false> => [
  required && value === undefined && oneProblem(null, member, 'Member must not be null'),
  value !== undefined && value.length < min && oneProblem('*'.repeat(value.length), member, `Member must have length greater than or equal to ${min}`),
  value !== undefined && value.length > max && oneProblem('*'.repeat(Math.min(value.length, 40)), member, `Member must have length less than or equal to ${max}`),
];

export function federationActions({ iam, accountId, now, issue }: Deps): Record<string, QueryAction> {
  const denied = (action: string) => new AwsError('AccessDenied', `Not authorized to perform sts:${action}`, 403);
  /** The role, if it exists and trusts `provider` for `action` with these claims; else AccessDenied. */
  function trustedRole(arn: string, provider: string, action: string, claims: Record<string, string[]>) {
    const role = iam.roleByArn(arn);
    if (!role || !trustAllows(role.AssumeRolePolicyDocument, provider, `sts:${action}`, claims)) throw denied(action);
    return role;
  }
  function assume(role: NonNullable<ReturnType<IamInternal['roleByArn']>>, session: string, seconds: number, region: string) {
    if (seconds > role.MaxSessionDuration) {
      throw new AwsError('ValidationError', 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.', 400);
    }
    iam.roleUsed(role.Arn, region);
    const user = { AssumedRoleId: `${role.RoleId}:${session}`, Arn: `arn:aws:sts::${accountId}:assumed-role/${role.RoleName}/${session}` };
    return { Credentials: issue({ Arn: user.Arn, UserId: user.AssumedRoleId, Account: accountId }, seconds), AssumedRoleUser: user };
  }

  return {
    AssumeRoleWithWebIdentity(p, ctx) {
      const d = duration(p, 900, 43200, 3600);
      check([
        ...arnProblems(p.RoleArn, 'roleArn'),
        ...sessionNameProblems(p.RoleSessionName),
        ...lengthProblems(p.WebIdentityToken, 'webIdentityToken', 4, 20000, true),
        ...lengthProblems(p.ProviderId, 'providerId', 4, 2048, false),
        ...sessionPolicyProblems(p.Policy),
        d.problem,
      ]);
      if (p.ProviderId !== undefined) {
        throw new AwsError('NotImplemented', 'AssumeRoleWithWebIdentity with ProviderId (OAuth 2.0 access tokens) is not implemented by the local emulator; send an OpenID Connect ID token without ProviderId.', 501);
      }
      checkPolicyJson(p.Policy);
      const token = readIdToken(p.WebIdentityToken!);
      const issuer = /^https?:\/\//i.test(token.iss) ? token.iss : `https://${token.iss}`;
      const provider = iam.oidcProviderForIssuer(issuer);
      if (!provider) throw new AwsError('InvalidIdentityToken', `No OpenIDConnect provider found in your account for ${token.iss}`, 400);
      const audience = token.aud.find((a) => provider.ClientIDList.includes(a));
      if (audience === undefined) throw new AwsError('InvalidIdentityToken', 'Incorrect token audience', 400);
      const nowSeconds = Math.floor(now() / 1000);
      if (token.exp !== undefined && token.exp <= nowSeconds) {
        throw new AwsError('ExpiredTokenException', `Token expired: current date/time ${nowSeconds} must be before the expiration date/time ${token.exp}`, 400);
      }
      if (token.nbf !== undefined && token.nbf > nowSeconds) throw new AwsError('IDPRejectedClaim', `Token is not valid before ${token.nbf}`, 403);
      if (!token.sub || token.sub.length < 6 || token.sub.length > 255) throw new AwsError('IDPRejectedClaim', 'The ID Token provided has no valid sub claim.', 403);
      const id = provider.Arn.slice(provider.Arn.indexOf(':oidc-provider/') + ':oidc-provider/'.length);
      const claims: Record<string, string[]> = { [`${id}:aud`]: [audience], [`${id}:sub`]: [token.sub], ...(token.amr ? { [`${id}:amr`]: token.amr } : {}) };
      const role = trustedRole(p.RoleArn!, provider.Arn, 'AssumeRoleWithWebIdentity', claims);
      const assumed = assume(role, p.RoleSessionName!, d.value, ctx.region);
      return xml({
        Credentials: assumed.Credentials,
        SubjectFromWebIdentityToken: token.sub,
        AssumedRoleUser: assumed.AssumedRoleUser,
        PackedPolicySize: packedPolicySize(p.Policy),
        Provider: token.iss,
        Audience: audience,
      });
    },

    AssumeRoleWithSAML(p, ctx) {
      const d = duration(p, 900, 43200, 3600);
      check([
        ...arnProblems(p.RoleArn, 'roleArn'),
        ...arnProblems(p.PrincipalArn, 'principalArn'),
        ...lengthProblems(p.SAMLAssertion, 'sAMLAssertion', 4, 100000, true),
        ...sessionPolicyProblems(p.Policy),
        d.problem,
      ]);
      checkPolicyJson(p.Policy);
      const assertion = readSamlAssertion(p.SAMLAssertion!);
      const provider = iam.samlProviderByArn(p.PrincipalArn!);
      if (!provider) throw new AwsError('InvalidIdentityToken', `SAML provider not found for arn ${p.PrincipalArn}`, 400);
      const nowMs = now();
      if (assertion.notOnOrAfter !== undefined && assertion.notOnOrAfter <= nowMs) {
        throw new AwsError('ExpiredTokenException', 'The SAML assertion has expired (NotOnOrAfter is in the past).', 400);
      }
      if (assertion.notBefore !== undefined && assertion.notBefore > nowMs) {
        throw new AwsError('IDPRejectedClaim', 'The SAML assertion is not valid yet (NotBefore is in the future).', 403);
      }
      // The Role attribute pairs a role with its provider ("role,provider" in either order); RoleArn must be one.
      const paired = (assertion.attributes[ROLE_ATTRIBUTE] ?? []).some((v) => {
        const pair = v.split(',').map((s) => s.trim());
        return pair.length === 2 && pair.includes(p.RoleArn!) && pair.includes(p.PrincipalArn!);
      });
      if (!paired) throw denied('AssumeRoleWithSAML');
      const session = assertion.attributes[SESSION_ATTRIBUTE]?.[0];
      if (session === undefined) throw new AwsError('ValidationError', 'RoleSessionName is required in AuthnResponse', 400);
      check(sessionNameProblems(session));
      const claims: Record<string, string[]> = {};
      const put = (key: string, value: string | undefined) => value !== undefined && (claims[key] = [value]);
      put('SAML:aud', assertion.recipient);
      put('SAML:sub', assertion.subject);
      put('SAML:sub_type', assertion.subjectType);
      put('SAML:iss', assertion.issuer);
      const qualifier = assertion.issuer !== undefined ? nameQualifier(assertion.issuer, accountId, provider.Name) : undefined;
      put('SAML:namequalifier', qualifier);
      const role = trustedRole(p.RoleArn!, provider.Arn, 'AssumeRoleWithSAML', claims);
      const assumed = assume(role, session, d.value, ctx.region);
      return xml({
        Credentials: assumed.Credentials,
        AssumedRoleUser: assumed.AssumedRoleUser,
        PackedPolicySize: packedPolicySize(p.Policy),
        Subject: assertion.subject,
        SubjectType: assertion.subjectType,
        Issuer: assertion.issuer,
        Audience: assertion.recipient,
        NameQualifier: qualifier,
      });
    },
  };
}
