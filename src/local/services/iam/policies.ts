// IAM customer managed policies: create, versions (at most 5, one default), list, tags, delete (attachment to
// roles, users and groups is attach-actions.ts). State in `<dataDir>/iam/policies.json` (atomic rewrite, like
// roles). Wording and status codes as AWS (NoSuchEntity 404, EntityAlreadyExists 409, DeleteConflict 409, LimitExceeded 409).
// Documents are checked against AWS's policy grammar (policy-grammar.ts).
// AWS managed policies (arn:aws:iam::aws:policy/...) can be attached and detached by ARN; their
// documents are not known locally, so GetPolicy on them answers NoSuchEntity.
import path from 'node:path';
import { requestTags, taggingActions, taggingNoResult, tagsXml } from './tags.js';
import type { QueryAction } from '../../protocol/query.js';
import { xml, type XmlNode } from '../../protocol/xml.js';
import { readJson, writeJsonAtomic } from '../../store/atomic.js';
import { AwsError } from '../../types.js';
import { checkManagedPolicy } from './policy-grammar.js';
import { checkName, checkPath, checkPathPrefix, encodeDoc, iamId, iamTime as time, required, validationError } from './common.js';
import { iamPage } from './paging.js';
import type { Attachments } from './attachments.js';

const SCOPES = ['All', 'AWS', 'Local'];
const USAGE_FILTERS = ['PermissionsPolicy', 'PermissionsBoundary'];

interface PolicyVersion {
  VersionId: string;
  Document: string;
  CreateDate: number;
}

interface Policy {
  PolicyName: string;
  PolicyId: string;
  Arn: string;
  Path: string;
  Description?: string;
  CreateDate: number;
  UpdateDate: number;
  DefaultVersionId: string;
  versions: PolicyVersion[];
  nextVersion: number;
  Tags: Array<{ Key: string; Value: string }>;
}

const MAX_VERSIONS = 5;

function policyXml(p: Policy, attachments: number, boundaries = 0): XmlNode {
  return {
    PolicyName: p.PolicyName,
    PolicyId: p.PolicyId,
    Arn: p.Arn,
    Path: p.Path,
    DefaultVersionId: p.DefaultVersionId,
    AttachmentCount: attachments,
    PermissionsBoundaryUsageCount: boundaries,
    IsAttachable: true,
    Description: p.Description,
    CreateDate: time(p.CreateDate),
    UpdateDate: time(p.UpdateDate),
    Tags: tagsXml(p.Tags),
  };
}

function versionXml(p: Policy, v: PolicyVersion): XmlNode {
  return { Document: encodeDoc(v.Document), VersionId: v.VersionId, IsDefaultVersion: v.VersionId === p.DefaultVersionId, CreateDate: time(v.CreateDate) };
}

export interface PolicyFace {
  actions: Record<string, QueryAction>;
  /** The path of a customer managed policy by ARN (undefined when there is none). */
  policyPath(arn: string): string | undefined;
  /** Customer managed policies as GetAccountAuthorizationDetails lists them (ManagedPolicyDetail, by name). */
  details(): XmlNode[];
  count(): number;
}

/** `boundaryUses` counts the roles and users with a policy as permissions boundary. */
export function policyActions(dataDir: string, accountId: string, now: () => number, attached: Attachments, boundaryUses: (arn: string) => number = () => 0): PolicyFace {
  const file = path.join(dataDir, 'iam', 'policies.json');
  const state = readJson<{ policies: Record<string, Policy> }>(file, { policies: {} });
  const save = () => writeJsonAtomic(file, { policies: state.policies });
  const attachments = (arn: string) => attached.count(arn);

  function get(arn: string): Policy {
    const p = state.policies[arn];
    if (!p) throw new AwsError('NoSuchEntity', `Policy ${arn} does not exist or is not attachable.`, 404);
    return p;
  }
  function version(p: Policy, id: string): PolicyVersion {
    const v = p.versions.find((x) => x.VersionId === id);
    if (!v) throw new AwsError('NoSuchEntity', `Policy ${p.Arn} version ${id} does not exist or is not attachable.`, 404);
    return v;
  }

  const actions: Record<string, QueryAction> = {
    CreatePolicy(p) {
      const name = checkName('policyName', required(p, 'PolicyName'), 128);
      const doc = required(p, 'PolicyDocument');
      checkManagedPolicy(doc);
      const policyPath = checkPath(p.Path ?? '/');
      const arn = `arn:aws:iam::${accountId}:policy${policyPath}${name}`;
      if (Object.values(state.policies).some((x) => x.PolicyName.toLowerCase() === name.toLowerCase())) {
        throw new AwsError('EntityAlreadyExists', `A policy called ${name} already exists. Duplicate names are not allowed.`, 409);
      }
      const tags = requestTags(p);
      const t = now();
      const policy: Policy = {
        PolicyName: name, PolicyId: iamId('ANPA'), Arn: arn, Path: policyPath, Description: p.Description,
        CreateDate: t, UpdateDate: t, DefaultVersionId: 'v1', versions: [{ VersionId: 'v1', Document: doc, CreateDate: t }],
        nextVersion: 2, Tags: tags,
      };
      state.policies[arn] = policy;
      save();
      const shape = policyXml(policy, 0);
      delete shape.Description;
      return xml({ Policy: shape });
    },
    GetPolicy(p) {
      const policy = get(required(p, 'PolicyArn'));
      // GetPolicy always carries Tags, empty when there are none (CreatePolicy only when some were given).
      return xml({ Policy: { ...policyXml(policy, attachments(policy.Arn), boundaryUses(policy.Arn)), Tags: { member: policy.Tags } } });
    },
    ListPolicies(p) {
      const scope = p.Scope ?? 'All';
      if (!SCOPES.includes(scope)) throw validationError('scope', scope, `Member must satisfy enum value set: [${SCOPES.join(', ')}]`);
      const usage = p.PolicyUsageFilter;
      if (usage !== undefined && !USAGE_FILTERS.includes(usage)) throw validationError('policyUsageFilter', usage, `Member must satisfy enum value set: [${USAGE_FILTERS.join(', ')}]`);
      const onlyAttached = p.OnlyAttached === 'true';
      const prefix = checkPathPrefix(p.PathPrefix ?? '/');
      // AWS managed policies are not known locally: Scope AWS lists none.
      const got = iamPage(p, () => (scope === 'AWS' ? [] : Object.values(state.policies))
        .filter((x) => x.Path.startsWith(prefix) && (!onlyAttached || attachments(x.Arn) > 0) && (usage !== 'PermissionsBoundary' || boundaryUses(x.Arn) > 0))
        .sort((a, b) => (a.PolicyName < b.PolicyName ? -1 : 1)));
      const member = got.items.map((x) => { const s = policyXml(x, attachments(x.Arn), boundaryUses(x.Arn)); delete s.Description; delete s.Tags; return s; });
      return xml({ Policies: { member }, IsTruncated: got.IsTruncated, Marker: got.Marker });
    },
    DeletePolicy(p) {
      const policy = get(required(p, 'PolicyArn'));
      if (attachments(policy.Arn)) throw new AwsError('DeleteConflict', 'Cannot delete a policy attached to entities.', 409);
      if (policy.versions.length > 1) throw new AwsError('DeleteConflict', 'This policy has more than one version. Before you delete a policy, you must delete the policy\'s versions. The default version is deleted with the policy.', 409);
      delete state.policies[policy.Arn];
      save();
      return '';
    },
    CreatePolicyVersion(p) {
      const policy = get(required(p, 'PolicyArn'));
      const doc = required(p, 'PolicyDocument');
      checkManagedPolicy(doc);
      if (policy.versions.length >= MAX_VERSIONS) {
        throw new AwsError('LimitExceeded', `A managed policy can have up to ${MAX_VERSIONS} versions. Before you create a new version, you must delete an existing version.`, 409);
      }
      const v: PolicyVersion = { VersionId: `v${policy.nextVersion++}`, Document: doc, CreateDate: now() };
      policy.versions.push(v);
      if (p.SetAsDefault === 'true') policy.DefaultVersionId = v.VersionId;
      policy.UpdateDate = v.CreateDate;
      save();
      const shape = versionXml(policy, v);
      delete shape.Document;
      return xml({ PolicyVersion: shape });
    },
    GetPolicyVersion(p) {
      const policy = get(required(p, 'PolicyArn'));
      return xml({ PolicyVersion: versionXml(policy, version(policy, required(p, 'VersionId'))) });
    },
    ListPolicyVersions(p) {
      const policy = () => get(required(p, 'PolicyArn'));
      const got = iamPage(p, () => [...policy().versions].reverse());
      const member = got.items.map((v) => { const s = versionXml(policy(), v); delete s.Document; return s; });
      return xml({ Versions: { member }, IsTruncated: got.IsTruncated, Marker: got.Marker });
    },
    DeletePolicyVersion(p) {
      const policy = get(required(p, 'PolicyArn'));
      const v = version(policy, required(p, 'VersionId'));
      if (v.VersionId === policy.DefaultVersionId) throw new AwsError('DeleteConflict', 'Cannot delete the default version of a policy.', 409);
      policy.versions = policy.versions.filter((x) => x !== v);
      save();
      return '';
    },
    SetDefaultPolicyVersion(p) {
      const policy = get(required(p, 'PolicyArn'));
      policy.DefaultVersionId = version(policy, required(p, 'VersionId')).VersionId;
      save();
      return '';
    },
    ...taggingActions('Policy', (p) => get(required(p, 'PolicyArn')), save),
  };
  const byName = () => Object.values(state.policies).sort((a, b) => (a.PolicyName < b.PolicyName ? -1 : 1));
  return {
    actions,
    policyPath: (arn) => (Object.hasOwn(state.policies, arn) ? state.policies[arn].Path : undefined),
    details: () => byName().map((x) => {
      const { Tags: _tags, ...detail } = policyXml(x, attachments(x.Arn), boundaryUses(x.Arn));
      return { ...detail, PolicyVersionList: { member: [...x.versions].reverse().map((v) => versionXml(x, v)) } };
    }),
    count: () => Object.keys(state.policies).length,
  };
}

export const POLICY_NO_RESULT = ['DeletePolicy', 'DeletePolicyVersion', 'SetDefaultPolicyVersion', ...taggingNoResult('Policy')];
