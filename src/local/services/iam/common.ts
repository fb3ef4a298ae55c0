// What every IAM action module shares: required-parameter and name/path checks in AWS's wording,
// policy-document JSON checks, ids and the date format IAM answers with. Each module
// (roles in index.ts, policies.ts, instance-profiles.ts, …) exports its actions and the ones that return
// no result (an IamModule), paging and a state file.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { QueryAction, QueryParams } from '../../protocol/query.js';
import { readJson, writeJsonAtomic } from '../../store/atomic.js';
import { isoTime } from '../../protocol/xml.js';
import { oneProblem, validationMessage } from '../../kit/validate.js';
import { AwsError } from '../../types.js';

const NAME = /^[\w+=,.@-]+$/;

export function validationError(field: string, value: string, constraint: string): AwsError {
  return new AwsError('ValidationError', validationMessage([oneProblem(value, field, constraint)]), 400);
}

export function required(params: QueryParams, name: string): string {
  const v = params[name];
  if (v === undefined) {
    const field = name[0].toLowerCase() + name.slice(1);
    throw new AwsError('ValidationError', validationMessage([oneProblem(null, field, 'Member must not be null')]), 400);
  }
  return v;
}

export function checkName(field: string, value: string, max: number): string {
  if (value.length < 1 || value.length > max) {
    throw validationError(field, value, `Member must have length less than or equal to ${max}`);
  }
  if (!NAME.test(value)) throw validationError(field, value, 'Member must satisfy regular expression pattern: [\\w+=,.@-]+');
  return value;
}

/** Trust policies: JSON objects (the identity-policy grammar is policy-grammar.ts). */
export function checkPolicy(doc: string): string {
  try {
    const parsed = JSON.parse(doc);
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
  } catch {
    throw new AwsError('MalformedPolicyDocument', 'This policy contains invalid Json', 400);
  }
  return doc;
}

export function checkPath(value: string): string {
  if (!/^\/([\x21-\x7e]*\/)?$/.test(value)) {
    throw validationError('path', value, 'Member must satisfy regular expression pattern: (\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F)');
  }
  return value;
}

/** List filters' PathPrefix: a slash, then any printable ASCII. */
export function checkPathPrefix(value: string): string {
  if (value.length > 512 || !/^\/[\x21-\x7f]*$/.test(value)) {
    throw validationError('pathPrefix', value, 'Member must satisfy regular expression pattern: \\u002F[\\u0021-\\u007F]*');
  }
  return value;
}

/** UpdateUser / UpdateGroup: the new name and path (each absent one keeps its value); a name another entity of
 *  the same kind holds is refused, as AWS words it. */
export function newNameAndPath(
  p: QueryParams,
  kind: 'User' | 'Group',
  current: { name: string; path: string; entity: unknown },
  maxName: number,
  holder: (name: string) => unknown,
): { name: string; path: string } {
  const given = p[`New${kind}Name`];
  const name = given === undefined ? current.name : checkName(`new${kind}Name`, given, maxName);
  const newPath = p.NewPath === undefined ? current.path : checkPath(p.NewPath);
  const clash = holder(name);
  if (clash && clash !== current.entity) throw new AwsError('EntityAlreadyExists', `${kind} with name ${name} already exists.`, 409);
  return { name, path: newPath };
}

/** Policy documents come back URL-encoded, as AWS returns them. */
export const encodeDoc = (doc: string) => encodeURIComponent(doc);

/** IAM's dates have whole seconds: 2026-12-02T20:26:27Z. */
export const iamTime = (ms: number) => isoTime(ms).replace(/\.\d{3}Z$/, 'Z');

/** The PermissionsBoundary element of a user or a role (absent when none is set). */
export function boundaryXml(arn: string | undefined) {
  return arn ? { PermissionsBoundaryType: 'PermissionsBoundaryPolicy', PermissionsBoundaryArn: arn } : undefined;
}

/** A unique id as IAM makes them: a 4-letter kind prefix (AROA role, ANPA policy, AIDA user, AGPA group,
 *  AIPA instance profile, AKIA access key, ASCA server certificate, APKA SSH key) and 17 base32 characters. */
export function iamId(prefix: string): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  return prefix + Array.from(randomBytes(17), (b) => alphabet[b % 32]).join('');
}

/** What each IAM entity module hands index.ts: its actions, and those whose response has no result element. */
export interface IamModule {
  actions: Record<string, QueryAction>;
  noResult: string[];
  /** The GetAccountSummary entries this module counts (e.g. { Providers: 2 }). */
  summary?(): Record<string, number>;
}

/** One JSON state file under `<dataDir>/iam/`, rewritten atomically on every change (entities are few). */
export function iamState<T extends object>(dataDir: string, name: string, empty: T): { state: T; save(): void } {
  const file = path.join(dataDir, 'iam', `${name}.json`);
  const state = readJson<T>(file, empty);
  return { state, save: () => writeJsonAtomic(file, state) };
}

/** Query booleans arrive as the strings `true` / `false`. */
export const flag = (v: string | undefined) => v === 'true';

/** An integer Query parameter (undefined when absent); text that is no integer is refused as IAM words it. */
export function intParam(params: QueryParams, name: string): number | undefined {
  const v = params[name];
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n)) throw new AwsError('ValidationError', `Value '${v}' for parameter ${name} is invalid.`, 400);
  return n;
}
