// The input checks every STS action shares: constraint problems reported together (ValidationError, as the
// Query services answer), DurationSeconds within an action's range, RoleArn and RoleSessionName per the model.
import type { QueryParams } from '../../protocol/query.js';
import { oneProblem, validationMessage } from '../../kit/validate.js';
import { AwsError } from '../../types.js';

/** Every constraint problem, reported together as AWS does (ValidationError in the Query services). */
export function check(problems: Array<string | false>): void {
  const found = problems.filter((p): p is string => !!p);
  if (found.length) throw new AwsError('ValidationError', validationMessage(found), 400);
}

export function duration(p: QueryParams, min: number, max: number, fallback: number): { value: number; problem: string | false } {
  if (p.DurationSeconds === undefined) return { value: fallback, problem: false };
  const n = Number(p.DurationSeconds);
  if (!Number.isInteger(n)) throw new AwsError('ValidationError', `Value '${p.DurationSeconds}' for parameter DurationSeconds is invalid.`, 400);
  if (n < min) return { value: n, problem: oneProblem(n, 'durationSeconds', `Member must have value greater than or equal to ${min}`) };
  if (n > max) return { value: n, problem: oneProblem(n, 'durationSeconds', `Member must have value less than or equal to ${max}`) };
  return { value: n, problem: false };
}

/** An arnType member (RoleArn, PrincipalArn): required, 20–2048 characters. */
export function arnProblems(value: string | undefined, member: string): Array<string | false> {
  return [
    value === undefined && oneProblem(null, member, 'Member must not be null'),
    value !== undefined && value.length < 20 && oneProblem(value, member, 'Member must have length greater than or equal to 20'),
    value !== undefined && value.length > 2048 && oneProblem(value, member, 'Member must have length less than or equal to 2048'),
  ];
}

/** A roleSessionNameType member: 2–64 characters of [\w+=,.@-]. */
export function sessionNameProblems(session: string | undefined, member = 'roleSessionName'): Array<string | false> {
  return [
    session === undefined && oneProblem(null, member, 'Member must not be null'),
    session !== undefined && !/^[\w+=,.@-]*$/.test(session) && oneProblem(session, member, 'Member must satisfy regular expression pattern: [\\w+=,.@-]*'),
    session !== undefined && session.length < 2 && oneProblem(session, member, 'Member must have length greater than or equal to 2'),
    session !== undefined && session.length > 64 && oneProblem(session, member, 'Member must have length less than or equal to 64'),
  ];
}

/** A session policy (Policy): 1–2048 characters (model), and JSON, else MalformedPolicyDocument as AWS answers. */
export function sessionPolicyProblems(policy: string | undefined): Array<string | false> {
  return [
    policy !== undefined && policy.length < 1 && oneProblem(policy, 'policy', 'Member must have length greater than or equal to 1'),
    policy !== undefined && policy.length > 2048 && oneProblem(policy, 'policy', 'Member must have length less than or equal to 2048'),
  ];
}

export function checkPolicyJson(policy: string | undefined): void {
  if (policy === undefined) return;
  try {
    const doc = JSON.parse(policy);
    if (doc && typeof doc === 'object' && !Array.isArray(doc)) return;
  } catch {
    /* below */
  }
  throw new AwsError('MalformedPolicyDocument', 'The policy is not in the valid JSON format.', 400);
}

/** AWS's PackedPolicySize: the session policy's share of the packed limit, in percent. */
export const packedPolicySize = (policy: string | undefined) => (policy ? Math.min(100, Math.ceil(policy.length / 20)) : undefined);
