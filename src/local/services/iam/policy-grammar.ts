// IAM identity-policy documents checked against AWS's policy grammar (IAM User Guide, "IAM JSON policy
// grammar"), refusing with MalformedPolicyDocument and AWS's messages. AWS reports one problem per document,
// the first in a fixed order of checks (recorded from AWS in moto's policy tests): syntax, version, legacy
// parsing, principal, Sid format and uniqueness, actions present, resource formats, action vendors, resources
// present. One walk over the document notes each problem under its check; the earliest check's first
// problem is the answer. Trust policies (AssumeRolePolicyDocument) have their own grammar and are only
// checked for JSON (common.ts).
import { AwsError } from '../../types.js';

/** AWS's checks, in the order it reports them, with the message of those that have a single one. */
const CHECKS = {
  syntax: 'Syntax errors in policy.',
  version: 'Policy document must be version 2012-10-17 or greater.',
  legacy: 'The policy failed legacy parsing',
  principal: 'Policy document should not specify a principal.',
  sidFormat: 'Statement IDs (SID) must be alpha-numeric. Check that your input satisfies the regular expression [0-9A-Za-z]*',
  sidUnique: 'Statement IDs (SID) in a single policy must be unique.',
  actionsPresent: 'Policy statement must contain actions.',
  resourceFormat: '',
  actionVendor: '',
  resourcesPresent: 'Policy statement must contain resources.',
} as const;
type Check = keyof typeof CHECKS;

const TOP_ELEMENTS = new Set(['Version', 'Id', 'Statement']);
const VERSIONS = new Set(['2012-10-17', '2008-10-17']);
const STATEMENT_ELEMENTS = new Set(['Sid', 'Effect', 'Principal', 'NotPrincipal', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition']);
/** Pairs a statement may hold one of, never both. */
const EXCLUSIVE = [['Action', 'NotAction'], ['Resource', 'NotResource'], ['Principal', 'NotPrincipal']] as const;
const PARTITIONS = new Set(['*', 'aws', 'aws-cn', 'aws-us-gov', 'aws-iso', 'aws-iso-b', 'aws-iso-e', 'aws-iso-f', 'aws-eusc']);

/** Condition operators (IAM User Guide, "Condition operators"); an unknown one may only hold an empty block. */
const CONDITION_OPERATORS = new Set([
  'StringEquals', 'StringNotEquals', 'StringEqualsIgnoreCase', 'StringNotEqualsIgnoreCase', 'StringLike', 'StringNotLike',
  'NumericEquals', 'NumericNotEquals', 'NumericLessThan', 'NumericLessThanEquals', 'NumericGreaterThan', 'NumericGreaterThanEquals',
  'DateEquals', 'DateNotEquals', 'DateLessThan', 'DateLessThanEquals', 'DateGreaterThan', 'DateGreaterThanEquals',
  'Bool', 'BinaryEquals', 'IpAddress', 'NotIpAddress', 'ArnEquals', 'ArnLike', 'ArnNotEquals', 'ArnNotLike', 'Null',
]);
/** An operator may carry one set qualifier before it and the IfExists suffix after it. */
const baseOperator = (op: string) => op.replace(/^(ForAnyValue:|ForAllValues:)/, '').replace(/IfExists$/, '');

/** Services whose resources carry no region (AWS's message for each), but for the resource types listed. */
const REGIONLESS: Record<string, { message: (arn: string) => string; regionalTypes: string[] }> = {
  iam: { message: (arn) => `IAM resource ${arn} cannot contain region information.`, regionalTypes: [] },
  // S3 buckets and objects have no region; access points, batch jobs, Storage Lens and Access Grants do.
  s3: { message: (arn) => `Resource ${arn} can not contain region information.`, regionalTypes: ['accesspoint/', 'job/', 'storage-lens/', 'storage-lens-group/', 'access-grants/'] },
};
const IAM_RESOURCE_TYPES = ['user/', 'federated-user/', 'role/', 'group/', 'instance-profile/', 'mfa/', 'server-certificate/', 'policy/', 'sms-mfa/', 'saml-provider/', 'oidc-provider/', 'report/', 'access-report/'];

type Json = unknown;
type Statement = Record<string, Json>;

const isObject = (v: Json): v is Record<string, Json> => !!v && typeof v === 'object' && !Array.isArray(v);
/** Action/Resource values: a string or a list of strings (nulls in a list are accepted and ignored). */
const isStringOrStrings = (v: Json) => typeof v === 'string' || (Array.isArray(v) && v.every((x) => x === null || typeof x === 'string'));
const strings = (v: Json): string[] => (typeof v === 'string' ? [v] : Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
const isScalar = (v: Json) => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
/** Condition values: a string, number or boolean, or a list of them. */
const isConditionValue = (v: Json) => isScalar(v) || (Array.isArray(v) && v.every((x) => x === null || isScalar(x)));

/** The first problem noted under each check. */
class Findings {
  private readonly first = new Map<Check, string>();
  note(check: Check, message: string = CHECKS[check]): void {
    if (!this.first.has(check)) this.first.set(check, message);
  }
  has(check: Check): boolean {
    return this.first.has(check);
  }
  /** The problem AWS reports: the earliest check's. */
  reported(): string | undefined {
    const check = (Object.keys(CHECKS) as Check[]).find((c) => this.first.has(c));
    return check && this.first.get(check);
  }
}

export function checkIdentityPolicy(doc: string): void {
  const findings = new Findings();
  walkPolicy(doc, findings);
  const message = findings.reported();
  if (message !== undefined) throw new AwsError('MalformedPolicyDocument', message, 400);
}

/** IAM's size quotas count a document's characters other than white space (IAM User Guide, "IAM and AWS STS
 *  quotas"): a managed policy 6,144; a role's inline policies together 10,240, a user's 2,048, a group's 5,120. */
const policySize = (doc: string) => doc.replace(/\s/g, '').length;
const MANAGED_POLICY_SIZE = 6144;
const INLINE_POLICIES_SIZE = { role: 10240, user: 2048, group: 5120 } as const;

/** A managed policy's document (CreatePolicy, CreatePolicyVersion): the grammar, then the size quota. */
export function checkManagedPolicy(doc: string): void {
  checkIdentityPolicy(doc);
  if (policySize(doc) > MANAGED_POLICY_SIZE) throw new AwsError('LimitExceeded', `Cannot exceed quota for PolicySize: ${MANAGED_POLICY_SIZE}`, 409);
}

/** An inline policy put on a role, user or group: the grammar, then the quota on all its inline policies
 *  together once this one is stored under `name`. */
export function checkInlinePolicy(kind: keyof typeof INLINE_POLICIES_SIZE, holder: string, policies: Record<string, string>, name: string, doc: string): void {
  checkIdentityPolicy(doc);
  const others = Object.entries(policies).filter(([n]) => n !== name).reduce((sum, [, d]) => sum + policySize(d), 0);
  const quota = INLINE_POLICIES_SIZE[kind];
  if (others + policySize(doc) > quota) throw new AwsError('LimitExceeded', `Maximum policy size of ${quota} bytes exceeded for ${kind} ${holder}`, 409);
}

function walkPolicy(doc: string, findings: Findings): void {
  let policy: Json;
  try {
    policy = JSON.parse(doc);
  } catch {
    return findings.note('syntax');
  }
  if (!isObject(policy)) return findings.note('syntax');
  if (Object.keys(policy).some((k) => !TOP_ELEMENTS.has(k))) findings.note('syntax');
  if (policy.Id !== undefined && typeof policy.Id !== 'string') findings.note('syntax');
  if (policy.Version === undefined) findings.note('version');
  else if (typeof policy.Version !== 'string' || !VERSIONS.has(policy.Version)) findings.note('syntax');
  else if (policy.Version !== '2012-10-17') findings.note('version');

  const raw = policy.Statement;
  const statements = isObject(raw) ? [raw] : Array.isArray(raw) ? raw : [];
  if (statements.length === 0) return findings.note('syntax');
  const sids = new Set<string>();
  for (const s of statements) {
    if (!isObject(s)) {
      findings.note('syntax');
      continue;
    }
    walkStatement(s, findings);
    if (typeof s.Sid === 'string' && s.Sid !== '') {
      if (sids.has(s.Sid)) findings.note('sidUnique');
      sids.add(s.Sid);
    }
  }
}

function walkStatement(s: Statement, findings: Findings): void {
  if (Object.keys(s).some((k) => !STATEMENT_ELEMENTS.has(k))) findings.note('syntax');
  if (EXCLUSIVE.some(([a, b]) => a in s && b in s)) findings.note('syntax');
  for (const k of ['Action', 'NotAction', 'Resource', 'NotResource']) if (k in s && !isStringOrStrings(s[k])) findings.note('syntax');

  if (typeof s.Effect !== 'string' || !['allow', 'deny'].includes(s.Effect.toLowerCase())) findings.note('syntax');
  // The legacy parser reads Effect case-sensitively.
  else if (s.Effect !== 'Allow' && s.Effect !== 'Deny') findings.note('legacy');

  if (s.Sid !== undefined) {
    if (typeof s.Sid !== 'string') findings.note('syntax');
    else if (!/^[0-9A-Za-z]*$/.test(s.Sid)) findings.note('sidFormat');
  }
  if (s.Condition !== undefined) walkCondition(s.Condition, findings);
  if ('Principal' in s || 'NotPrincipal' in s) findings.note('principal');

  const actions = s.Action ?? s.NotAction;
  if (actions === undefined || (Array.isArray(actions) && actions.length === 0)) findings.note('actionsPresent');
  for (const action of strings(actions)) {
    const problem = actionProblem(action);
    if (problem) findings.note('actionVendor', problem);
  }

  const resources = s.Resource ?? s.NotResource;
  if (resources === undefined || (Array.isArray(resources) && resources.length === 0)) findings.note('resourcesPresent');
  // AWS judges a statement's resources in sorted order; the legacy parser only reads them while no resource
  // so far has failed the format check.
  const listed = strings(resources).sort();
  for (const resource of listed) {
    const problem = resourceProblem(resource);
    if (problem) findings.note('resourceFormat', problem);
  }
  if (!findings.has('resourceFormat') && listed.some(failsLegacyArnParsing)) findings.note('legacy');
}

function walkCondition(condition: Json, findings: Findings): void {
  if (!isObject(condition)) return findings.note('syntax');
  for (const [operator, block] of Object.entries(condition)) {
    if (!isObject(block)) {
      findings.note('syntax');
      continue;
    }
    const values = Object.values(block);
    if (!values.every(isConditionValue)) findings.note('syntax');
    const base = baseOperator(operator);
    if (!CONDITION_OPERATORS.has(base) && values.length > 0) findings.note('syntax');
    if (base.startsWith('Date') && values.flat().some((v) => v !== null && !isLegacyDate(v))) findings.note('legacy');
  }
}

function actionProblem(action: string): string | undefined {
  if (action === '*') return undefined;
  const parts = action.split(':');
  if (parts.length === 1) return 'Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.';
  if (parts.length > 2) return 'Actions/Condition can contain only one colon.';
  const vendor = parts[0]!;
  if (vendor !== '*' && /[^a-zA-Z0-9.-]/.test(vendor)) return `Vendor ${vendor} is not valid`;
  return undefined;
}

/** AWS reads any `x:` prefix as `arn:`, and names a resource with a bad partition in its six-part form. */
function resourceProblem(resource: string): string | undefined {
  if (resource === '*') return undefined;
  const colon = resource.indexOf(':');
  if (colon < 0) return `Resource ${resource} must be in ARN format or "*".`;
  const [partition, ...fields] = resource.slice(colon + 1).split(':') as [string, ...string[]];
  if (!PARTITIONS.has(partition)) {
    const [service = '*', region = '*', account = '*'] = fields;
    const rest = fields.length > 3 ? fields.slice(3).join(':') : '*';
    return `Partition "${partition}" is not valid for resource "arn:${partition}:${service}:${region}:${account}:${rest}".`;
  }
  if (fields.length === 0) return 'Resource vendor must be fully qualified and cannot contain regexes.';
  const [service, region = '', , ...idParts] = fields as [string, ...string[]];
  const resourceId = idParts.join(':');
  const regionless = REGIONLESS[service];
  if (regionless && region !== '' && !regionless.regionalTypes.some((t) => resourceId.startsWith(t))) return regionless.message(resource);
  if (service === 'iam' && resourceId !== '*' && !IAM_RESOURCE_TYPES.some((t) => resourceId.startsWith(t))) {
    return `IAM resource path must either be "*" or start with ${IAM_RESOURCE_TYPES.join(', ')}.`;
  }
  return undefined;
}

/** The legacy parser wants six-part ARNs wherever parts are left empty, and a vendor. */
function failsLegacyArnParsing(resource: string): boolean {
  if (resource === '*') return false;
  const parts = resource.split(':');
  return (parts.length < 6 && resource.includes('::')) || !parts[2];
}

const LONG_MAX = 2n ** 63n - 1n;
/** Joda-Time's year range (AWS's dates). */
const YEARS = [-292275054, 292278993] as const;
const ISO_DATE_TIME = /^(-?\d{1,9})(?:-(\d{1,2})(?:-(\d{1,2}))?)?(?:t(?:(\d{1,2})(?::(\d{1,2})(?::(\d{1,2})(?:\.(\d{1,9}))?)?)?)?(z|[+-](\d{2})(?::(\d{2}))?)?)?$/;

/** Date condition values the legacy parser reads: an ISO 8601 date-time, or epoch seconds as a whole number. */
function isLegacyDate(value: Json): boolean {
  if (typeof value !== 'string' && typeof value !== 'number') return false;
  const text = String(value).toLowerCase();
  if (!text.includes('t') && !text.includes('-')) return /^\d+$/.test(text) && BigInt(text) <= LONG_MAX;
  const m = ISO_DATE_TIME.exec(text);
  if (!m) return false;
  const [, year, month, day, hour, minute, second, , , zoneHour, zoneMinute] = m;
  const within = (v: string | undefined, lo: number, hi: number) => v === undefined || (Number(v) >= lo && Number(v) <= hi);
  return within(year, ...YEARS) && within(month, 1, 12) && within(day, 1, 31) && within(hour, 0, 23) && within(minute, 0, 59)
    && within(second, 0, 59) && within(zoneHour, 0, 23) && within(zoneMinute, 0, 59);
}
