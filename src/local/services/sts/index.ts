// STS over the Query protocol: GetCallerIdentity (the local account's root), AssumeRole and
// GetSessionToken. Temporary credentials are well-formed (ASIA… key, secret, session token, expiry)
// and usable against the emulator, which does not check signatures (see the README's security model).
// AssumeRole needs the role to exist in the local IAM (asked through IAM's internal face) and keeps AWS's
// duration limits and wording.
import { randomBytes } from 'node:crypto';
import type { QueryParams } from '../../protocol/query.js';
import { isoTime, xml } from '../../protocol/xml.js';
import { oneProblem, validationMessage } from '../../kit/validate.js';
import type { Inputs, Service } from '../../service.js';
import { AwsError } from '../../types.js';

const ALPHA = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const id = (prefix: string, n: number) => prefix + Array.from(randomBytes(n), (b) => ALPHA[b % 32]).join('');

function credentials(nowMs: number, seconds: number) {
  return {
    AccessKeyId: id('ASIA', 16),
    SecretAccessKey: randomBytes(30).toString('base64'),
    SessionToken: randomBytes(180).toString('base64'),
    Expiration: isoTime(nowMs + seconds * 1000).replace(/\.\d{3}Z$/, 'Z'),
  };
}

/** Every constraint problem, reported together as AWS does (ValidationError in the Query services). */
function check(problems: Array<string | false>): void {
  const found = problems.filter((p): p is string => !!p);
  if (found.length) throw new AwsError('ValidationError', validationMessage(found), 400);
}

function duration(p: QueryParams, min: number, max: number, fallback: number): { value: number; problem: string | false } {
  if (p.DurationSeconds === undefined) return { value: fallback, problem: false };
  const n = Number(p.DurationSeconds);
  if (!Number.isInteger(n)) throw new AwsError('ValidationError', `Value '${p.DurationSeconds}' for parameter DurationSeconds is invalid.`, 400);
  if (n < min) return { value: n, problem: oneProblem(n, 'durationSeconds', `Member must have value greater than or equal to ${min}`) };
  if (n > max) return { value: n, problem: oneProblem(n, 'durationSeconds', `Member must have value less than or equal to ${max}`) };
  return { value: n, problem: false };
}

export const create = ({ env, iam }: Inputs<'iam'>): Service => ({
  internal: undefined,
  handler: {
    protocol: 'query',
    service: 'sts',
    xmlns: 'https://sts.amazonaws.com/doc/2011-06-15/',
    actions: {
      GetCallerIdentity: () =>
        xml({ Arn: `arn:aws:iam::${env.accountId}:root`, UserId: env.accountId, Account: env.accountId }),

      AssumeRole(p) {
        const arn = p.RoleArn;
        const session = p.RoleSessionName;
        const d = duration(p, 900, 43200, 3600);
        check([
          arn === undefined && oneProblem(null, 'roleArn', 'Member must not be null'),
          arn !== undefined && arn.length < 20 && oneProblem(arn, 'roleArn', 'Member must have length greater than or equal to 20'),
          session === undefined && oneProblem(null, 'roleSessionName', 'Member must not be null'),
          session !== undefined && !/^[\w+=,.@-]*$/.test(session) && oneProblem(session, 'roleSessionName', 'Member must satisfy regular expression pattern: [\\w+=,.@-]*'),
          session !== undefined && session.length < 2 && oneProblem(session, 'roleSessionName', 'Member must have length greater than or equal to 2'),
          session !== undefined && session.length > 64 && oneProblem(session, 'roleSessionName', 'Member must have length less than or equal to 64'),
          d.problem,
        ]);
        const role = iam.roleByArn(arn!);
        if (!role) {
          throw new AwsError('AccessDenied', `User: arn:aws:iam::${env.accountId}:root is not authorized to perform: sts:AssumeRole on resource: ${arn}`, 403);
        }
        if (d.value > role.MaxSessionDuration) {
          throw new AwsError('ValidationError', 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.', 400);
        }
        return xml({
          Credentials: credentials(env.now(), d.value),
          AssumedRoleUser: {
            AssumedRoleId: `${role.RoleId}:${session}`,
            Arn: `arn:aws:sts::${env.accountId}:assumed-role/${role.RoleName}/${session}`,
          },
          PackedPolicySize: p.Policy ? Math.min(100, Math.ceil(p.Policy.length / 20)) : undefined,
        });
      },

      GetSessionToken(p) {
        const d = duration(p, 900, 129600, 43200);
        check([d.problem]);
        return xml({ Credentials: credentials(env.now(), d.value) });
      },
    },
  },
});
