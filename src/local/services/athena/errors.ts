// Athena's errors: InvalidRequestException carries `Message` and, where AWS sets it, `AthenaErrorCode`.
import { validate, type Rules } from '../../kit/validate.js';
import { AwsError, type JsonAction } from '../../types.js';

export function invalidRequest(message: string, athenaErrorCode?: string): AwsError {
  return new AwsError('InvalidRequestException', message, 400, {
    Message: message,
    ...(athenaErrorCode ? { AthenaErrorCode: athenaErrorCode } : {}),
  });
}

/** Model-level validation, worded as AWS words it. */
export function validationError(value: unknown, where: string, constraint: string): AwsError {
  return invalidRequest(`1 validation error detected: Value '${value}' at '${where}' failed to satisfy constraint: ${constraint}`);
}

export const WORKGROUP_NAME = /^[a-zA-Z0-9._-]{1,128}$/;

export function checkWorkGroupName(name: unknown, where: string): string {
  if (typeof name !== 'string') throw validationError(null, where, 'Member must not be null');
  if (!WORKGROUP_NAME.test(name)) throw validationError(name, where, 'Member must satisfy regular expression pattern: [a-zA-Z0-9._-]{1,128}');
  return name;
}

export function checkMaxResults(value: unknown, min: number, max: number): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || value < min) throw validationError(value, 'maxResults', `Member must have value greater than or equal to ${min}`);
  if (value > max) throw validationError(value, 'maxResults', `Member must have value less than or equal to ${max}`);
  return value;
}

/** Opaque page tokens: base64 of the next offset. */
export function decodeToken(token: unknown): number {
  if (token === undefined || token === null || token === '') return 0;
  const n = Number(Buffer.from(String(token), 'base64url').toString());
  if (!Number.isInteger(n) || n < 0) throw invalidRequest('Invalid NextToken');
  return n;
}

export const encodeToken = (offset: number) => Buffer.from(String(offset)).toString('base64url');

/** Athena's constraint failures are InvalidRequestException (with `Message`), not ValidationException. */
export function checkAthena(input: Record<string, unknown>, r: Rules): void {
  try {
    validate(input, r);
  } catch (e) {
    if (e instanceof AwsError && e.code === 'ValidationException') throw invalidRequest(e.message);
    throw e;
  }
}

/** The actions, each checking its input against its rules (AWS's model constraints) before it runs. */
export function checkedActions(actions: Record<string, JsonAction>, rules: Record<string, Rules>): Record<string, JsonAction> {
  const checked: Record<string, JsonAction> = {};
  for (const [name, fn] of Object.entries(actions)) {
    checked[name] = (input, ctx) => {
      checkAthena(input, rules[name]!);
      return fn(input, ctx);
    };
  }
  return checked;
}
