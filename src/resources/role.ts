// The IAM role Firehose assumes: trusts firehose.amazonaws.com only, one inline policy scoped to the exact
// stream, bucket and Glue ARNs. Deleting removes inline and attached policies first (IAM requires it).
import {
  CreateRoleCommand,
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  DetachRolePolicyCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand,
  ListRoleTagsCommand,
  PutRolePolicyCommand,
  TagRoleCommand,
  UpdateAssumeRolePolicyCommand,
} from '@aws-sdk/client-iam';
import type { Pipeline } from '../config/types.js';
import { arn } from './arns.js';
import { awsCall, orMissing } from './aws-errors.js';
import { INLINE_POLICY_NAME, firehoseDeliveryPolicy, firehoseTrustPolicy, parsePolicyDocument } from './policy.js';
import type { ArnIds, Desired, Observed, ResourceContext, ResourceModule } from './types.js';
import { OWNER_TAG, pickTags, tagList, tagMap } from './values.js';

function desired(p: Pipeline, ids: ArnIds): Desired {
  return {
    kind: 'role',
    name: p.delivery.roleName,
    arn: arn.role(ids, p.delivery.roleName),
    props: {
      trustPolicy: firehoseTrustPolicy(ids.accountId),
      policy: firehoseDeliveryPolicy(p, ids),
      tags: p.tags,
    },
  };
}

async function describe(ctx: ResourceContext, d: Desired): Promise<Observed> {
  const iam = ctx.clients.iam;
  const RoleName = d.name;
  const out = await orMissing(`GetRole ${RoleName}`, () => iam.send(new GetRoleCommand({ RoleName })));
  const role = out?.Role;
  if (!role) return { kind: 'role', name: RoleName, exists: false, owned: false, props: {} };
  const tags = await awsCall(`ListRoleTags ${RoleName}`, () => iam.send(new ListRoleTagsCommand({ RoleName })));
  const all = tagMap(tags.Tags);
  const inline = await orMissing(`GetRolePolicy ${RoleName}`, () =>
    iam.send(new GetRolePolicyCommand({ RoleName, PolicyName: INLINE_POLICY_NAME })),
  );
  return {
    kind: 'role',
    name: RoleName,
    exists: true,
    owned: all[OWNER_TAG] === ctx.pipeline.name,
    arn: role.Arn,
    props: {
      trustPolicy: parsePolicyDocument(role.AssumeRolePolicyDocument),
      policy: parsePolicyDocument(inline?.PolicyDocument),
      tags: pickTags(all, d.props.tags as Record<string, string>),
    },
  };
}

async function putPolicy(ctx: ResourceContext, d: Desired): Promise<void> {
  await awsCall(`PutRolePolicy ${d.name}`, () =>
    ctx.clients.iam.send(
      new PutRolePolicyCommand({ RoleName: d.name, PolicyName: INLINE_POLICY_NAME, PolicyDocument: JSON.stringify(d.props.policy) }),
    ),
  );
}

async function create(ctx: ResourceContext, d: Desired): Promise<void> {
  await awsCall(`CreateRole ${d.name}`, () =>
    ctx.clients.iam.send(
      new CreateRoleCommand({
        RoleName: d.name,
        AssumeRolePolicyDocument: JSON.stringify(d.props.trustPolicy),
        Description: `Firehose delivery for lakehouse pipeline ${ctx.pipeline.name}`,
        Tags: tagList(ctx.pipeline.tags),
      }),
    ),
  );
  await putPolicy(ctx, d);
}

async function update(ctx: ResourceContext, d: Desired, _o: Observed, changed: string[]): Promise<void> {
  const iam = ctx.clients.iam;
  if (changed.includes('trustPolicy')) {
    await awsCall(`UpdateAssumeRolePolicy ${d.name}`, () =>
      iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: d.name, PolicyDocument: JSON.stringify(d.props.trustPolicy) })),
    );
  }
  if (changed.includes('policy')) await putPolicy(ctx, d);
  if (changed.includes('tags')) {
    await awsCall(`TagRole ${d.name}`, () => iam.send(new TagRoleCommand({ RoleName: d.name, Tags: tagList(ctx.pipeline.tags) })));
  }
}

async function remove(ctx: ResourceContext, o: Observed): Promise<void> {
  const iam = ctx.clients.iam;
  const RoleName = o.name;
  const inline = await orMissing(`ListRolePolicies ${RoleName}`, () => iam.send(new ListRolePoliciesCommand({ RoleName })));
  if (!inline) return;
  for (const PolicyName of inline.PolicyNames ?? []) {
    await orMissing(`DeleteRolePolicy ${RoleName}/${PolicyName}`, () => iam.send(new DeleteRolePolicyCommand({ RoleName, PolicyName })));
  }
  const attached = await orMissing(`ListAttachedRolePolicies ${RoleName}`, () =>
    iam.send(new ListAttachedRolePoliciesCommand({ RoleName })),
  );
  for (const p of attached?.AttachedPolicies ?? []) {
    await orMissing(`DetachRolePolicy ${RoleName}`, () => iam.send(new DetachRolePolicyCommand({ RoleName, PolicyArn: p.PolicyArn })));
  }
  await orMissing(`DeleteRole ${RoleName}`, () => iam.send(new DeleteRoleCommand({ RoleName })));
}

export const role: ResourceModule = { kind: 'role', replaceOn: [], desired, describe, create, update, delete: remove };
