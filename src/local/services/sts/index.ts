// STS over the Query protocol: GetCallerIdentity, GetAccessKeyInfo, AssumeRole, GetSessionToken, and the
// federation actions (federation.ts). GetCallerIdentity answers who the signing key is: the assumed role
// (`arn:aws:sts::<acct>:assumed-role/<role>/<session>`, UserId `<RoleId>:<session>`) for keys from AssumeRole*,
// the caller for GetSessionToken's, the IAM user for a user's access key, else the account root. Temporary
// credentials are well-formed (ASIA… key, secret, session token, expiry) and usable against the emulator,
// which does not check signatures (see the README's security model). AssumeRole needs the role to exist in
// the local IAM (asked through IAM's internal face) and keeps AWS's duration limits and wording.
import { randomBytes } from 'node:crypto';
import { isoTime, xml } from '../../protocol/xml.js';
import { oneProblem } from '../../kit/validate.js';
import type { Inputs, Service } from '../../service.js';
import { AwsError, type RequestContext } from '../../types.js';
import { federationActions } from './federation.js';
import { arnProblems, check, duration, packedPolicySize, sessionNameProblems } from './inputs.js';
import { SessionStore, type Credentials, type Identity } from './sessions.js';

const ALPHA = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const id = (prefix: string, n: number) => prefix + Array.from(randomBytes(n), (b) => ALPHA[b % 32]).join('');

function credentials(nowMs: number, seconds: number): Credentials {
  return {
    AccessKeyId: id('ASIA', 16),
    SecretAccessKey: randomBytes(30).toString('base64'),
    SessionToken: randomBytes(180).toString('base64'),
    Expiration: isoTime(nowMs + seconds * 1000).replace(/\.\d{3}Z$/, 'Z'),
  };
}

export function create({ env, iam }: Inputs<'iam'>): Service {
  const sessions = new SessionStore(env.dataDir);
  const root: Identity = { Arn: `arn:aws:iam::${env.accountId}:root`, UserId: env.accountId, Account: env.accountId };
  /** Who signed: a key handed out here, an IAM user's access key, else the account root. */
  const caller = (ctx: RequestContext): Identity => {
    const session = sessions.identity(ctx.accessKeyId);
    if (session) return session;
    const user = ctx.accessKeyId ? iam.userByAccessKey(ctx.accessKeyId) : undefined;
    return user ? { Arn: user.Arn, UserId: user.UserId, Account: env.accountId } : root;
  };
  /** Credentials for `seconds`, recorded as `identity` for GetCallerIdentity. */
  const issue = (identity: Identity, seconds: number) => {
    const c = credentials(env.now(), seconds);
    sessions.record(c.AccessKeyId, identity, env.now() + seconds * 1000, env.now());
    return c;
  };
  return {
    internal: undefined,
    handler: {
      protocol: 'query',
      service: 'sts',
      xmlns: 'https://sts.amazonaws.com/doc/2011-06-15/',
      actions: {
        GetCallerIdentity(_p, ctx) {
          const who = caller(ctx);
          return xml({ UserId: who.UserId, Account: who.Account, Arn: who.Arn });
        },

        AssumeRole(p, ctx) {
          const arn = p.RoleArn;
          const session = p.RoleSessionName;
          const d = duration(p, 900, 43200, 3600);
          check([
            arn === undefined && oneProblem(null, 'roleArn', 'Member must not be null'),
            arn !== undefined && arn.length < 20 && oneProblem(arn, 'roleArn', 'Member must have length greater than or equal to 20'),
            ...sessionNameProblems(session),
            d.problem,
          ]);
          const role = iam.roleByArn(arn!);
          if (!role) {
            throw new AwsError('AccessDenied', `User: ${caller(ctx).Arn} is not authorized to perform: sts:AssumeRole on resource: ${arn}`, 403);
          }
          if (d.value > role.MaxSessionDuration) {
            throw new AwsError('ValidationError', 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.', 400);
          }
          iam.roleUsed(role.Arn, ctx.region);
          const user = { AssumedRoleId: `${role.RoleId}:${session}`, Arn: `arn:aws:sts::${env.accountId}:assumed-role/${role.RoleName}/${session}` };
          return xml({
            Credentials: issue({ Arn: user.Arn, UserId: user.AssumedRoleId, Account: env.accountId }, d.value),
            AssumedRoleUser: user,
            PackedPolicySize: packedPolicySize(p.Policy),
          });
        },

        ...federationActions({ iam, accountId: env.accountId, now: env.now, issue }),

        /** Every key here belongs to the one local account, as AWS answers for a key of this account. */
        GetAccessKeyInfo(p) {
          const key = p.AccessKeyId;
          check([
            key === undefined && oneProblem(null, 'accessKeyId', 'Member must not be null'),
            key !== undefined && key.length < 16 && oneProblem(key, 'accessKeyId', 'Member must have length greater than or equal to 16'),
            key !== undefined && key.length > 128 && oneProblem(key, 'accessKeyId', 'Member must have length less than or equal to 128'),
            key !== undefined && !/^\w*$/.test(key) && oneProblem(key, 'accessKeyId', 'Member must satisfy regular expression pattern: [\\w]*'),
          ]);
          return xml({ Account: env.accountId });
        },

        GetSessionToken(p, ctx) {
          const d = duration(p, 900, 129600, 43200);
          check([d.problem]);
          const who = caller(ctx);
          if (who.temporary) throw new AwsError('AccessDenied', 'Cannot call GetSessionToken with session credentials', 403);
          return xml({ Credentials: issue(who, d.value) });
        },
      },
    },
  };
}
