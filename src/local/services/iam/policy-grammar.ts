// IAM identity-policy documents checked against AWS's policy grammar (IAM User Guide, "IAM JSON policy
// grammar"), refusing with MalformedPolicyDocument and AWS's messages: JSON object with known top-level
// elements; Version 2012-10-17 (2008-10-17 is refused for managed and inline identity policies); a
// Statement object or non-empty list of objects with known elements, Effect Allow/Deny, Action or
// NotAction (not both), Resource or NotResource (not both), actions prefaced by a vendor, Condition a map
// of operators to maps, unique Sids. Trust policies (AssumeRolePolicyDocument) have their own grammar and
// are only checked for JSON. The checks run in the order AWS reports them (as recorded by moto's
// policy tests): syntax, version, legacy parsing, Sids, actions present, resource formats, action
// vendors, resources present.
import { AwsError } from '../../types.js';

const TOP = new Set(['Version', 'Id', 'Statement']);
const STATEMENT = new Set(['Sid', 'Effect', 'Principal', 'NotPrincipal', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition']);

const PARTITIONS = new Set(['aws', 'aws-cn', 'aws-us-gov', 'aws-iso', 'aws-iso-b', 'aws-iso-e', 'aws-iso-f', 'aws-eusc']);

const malformed = (message: string) => new AwsError('MalformedPolicyDocument', message, 400);
const syntax = () => malformed('Syntax errors in policy.');
const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
// Lists may hold nulls (AWS accepts and ignores them).
const stringOrStrings = (v: unknown) => typeof v === 'string' || (Array.isArray(v) && v.every((x) => x === null || typeof x === 'string'));

export function checkIdentityPolicy(doc: string): void {
  let policy: unknown;
  try {
    policy = JSON.parse(doc);
  } catch {
    throw syntax();
  }
  if (!isObject(policy)) throw syntax();
  // Syntax first: shapes and element names, whatever the version says.
  if (Object.keys(policy).some((k) => !TOP.has(k))) throw syntax();
  if (policy.Id !== undefined && typeof policy.Id !== 'string') throw syntax();
  if (policy.Version !== undefined && policy.Version !== '2012-10-17' && policy.Version !== '2008-10-17') throw syntax();
  const raw = policy.Statement;
  const statements = isObject(raw) ? [raw] : Array.isArray(raw) ? raw : undefined;
  if (!statements || statements.length === 0) throw syntax();
  for (const s of statements) {
    if (!isObject(s)) throw syntax();
    if (Object.keys(s).some((k) => !STATEMENT.has(k))) throw syntax();
    if ('Action' in s && 'NotAction' in s) throw syntax();
    if ('Resource' in s && 'NotResource' in s) throw syntax();
    if (typeof s.Effect !== 'string' || !['allow', 'deny'].includes(s.Effect.toLowerCase())) throw syntax();
    for (const k of ['Action', 'NotAction', 'Resource', 'NotResource'] as const) if (k in s && !stringOrStrings(s[k])) throw syntax();
    if (s.Sid !== undefined && typeof s.Sid !== 'string') throw syntax();
    if (s.Condition !== undefined) {
      if (!isObject(s.Condition)) throw syntax();
      for (const block of Object.values(s.Condition)) {
        if (!isObject(block)) throw syntax();
        if (Object.values(block).some((v) => !(typeof v === 'string' || typeof v === 'boolean' || Array.isArray(v)))) throw syntax();
      }
    }
  }
  if (policy.Version !== '2012-10-17') throw malformed('Policy document must be version 2012-10-17 or greater.');
  const list = (v: unknown): string[] => (v === undefined ? [] : ([] as Array<string | null>).concat(v as string | string[]).filter((x): x is string => x !== null));
  // AWS's older ("legacy") parser runs next: Effect spelled exactly, every ARN with its six parts.
  for (const s of statements) {
    if (s.Effect !== 'Allow' && s.Effect !== 'Deny') throw malformed('The policy failed legacy parsing');
    for (const r of list(s.Resource ?? s.NotResource)) {
      const parts = r.split(':');
      // Four or five parts, or an empty vendor, fail it; `arn:aws:x` (three) does not, as AWS answers.
      if (r.startsWith('arn:') && (parts.length === 4 || parts.length === 5 || (parts.length >= 3 && parts[2] === ''))) {
        throw malformed('The policy failed legacy parsing');
      }
    }
  }
  const sids = statements.map((s) => s.Sid).filter((x): x is string => typeof x === 'string' && x !== '');
  if (new Set(sids).size !== sids.length) throw malformed('Statement IDs (SID) in a single policy must be unique.');
  for (const s of statements) {
    const actions = s.Action ?? s.NotAction;
    if (actions === undefined || (Array.isArray(actions) && actions.length === 0)) throw malformed('Policy statement must contain actions.');
  }
  for (const s of statements) {
    for (const resource of list(s.Resource ?? s.NotResource)) {
      if (resource === '*') continue;
      if (!resource.startsWith('arn:')) {
        if (!resource.includes(':')) throw malformed(`Resource ${resource} must be in ARN format or "*".`);
        continue; // AWS rewrites such values before judging them; not reproduced
      }
      const partition = resource.split(':')[1]!;
      if (!PARTITIONS.has(partition)) throw malformed(`Partition "${partition}" is not valid for resource "${resource}".`);
    }
  }
  for (const s of statements) {
    for (const action of list(s.Action ?? s.NotAction)) {
      const parts = action.split(':');
      if (parts.length === 1 && action !== '*') throw malformed('Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.');
      if (parts.length > 2) throw malformed('Actions/Condition can contain only one colon.');
      if (parts[0] !== '*' && /[^a-zA-Z0-9.-]/.test(parts[0]!)) throw malformed(`Vendor ${parts[0]} is not valid`);
    }
  }
  for (const s of statements) {
    const resources = s.Resource ?? s.NotResource;
    if (resources === undefined || (Array.isArray(resources) && resources.length === 0)) throw malformed('Policy statement must contain resources.');
  }
}
