// IAM + STS conformance, run in-process (iam-sts.test.ts) and through serve (serve-iam-sts.test.ts).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  CreateRoleCommand,
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  IAMClient,
  ListRolePoliciesCommand,
  ListRolesCommand,
  ListRoleTagsCommand,
  PutRolePolicyCommand,
  TagRoleCommand,
  UntagRoleCommand,
} from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { rejectsWith } from '../iam-users/errors.js';

export interface IamFixture {
  iam: IAMClient;
  sts: STSClient;
  close(): Promise<void>;
}

const trust = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'firehose.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});
const policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:PutObject', Resource: '*' }] });

export function iamStsSuite(label: string, open: () => Promise<IamFixture>) {
  test(`${label}: IAM roles, inline policies and tags with AWS errors`, async () => {
    const { iam, close } = await open();
    try {
      const created = await iam.send(
        new CreateRoleCommand({
          RoleName: 'lakehouse-firehose',
          AssumeRolePolicyDocument: trust,
          Description: 'delivery role',
          Tags: [{ Key: 'lakehouse:pipeline', Value: 'demo' }],
        }),
      );
      assert.equal(created.Role?.Arn, 'arn:aws:iam::000000000000:role/lakehouse-firehose');
      assert.match(created.Role?.RoleId ?? '', /^AROA[A-Z0-9]{17}$/);
      assert.ok(created.Role?.CreateDate instanceof Date);
      await rejectsWith(
        iam.send(new CreateRoleCommand({ RoleName: 'lakehouse-firehose', AssumeRolePolicyDocument: trust })),
        'EntityAlreadyExistsException',
        409,
        /Role with name lakehouse-firehose already exists\./,
      );
      await rejectsWith(
        iam.send(new CreateRoleCommand({ RoleName: 'bad', AssumeRolePolicyDocument: '{nope' })),
        'MalformedPolicyDocumentException',
        400,
      );
      const got = await iam.send(new GetRoleCommand({ RoleName: 'lakehouse-firehose' }));
      // AWS returns policy documents URL-encoded.
      assert.deepEqual(JSON.parse(decodeURIComponent(got.Role!.AssumeRolePolicyDocument!)), JSON.parse(trust));
      assert.equal(got.Role?.Description, 'delivery role');
      assert.deepEqual(got.Role?.Tags, [{ Key: 'lakehouse:pipeline', Value: 'demo' }]);
      await rejectsWith(iam.send(new GetRoleCommand({ RoleName: 'nobody' })), 'NoSuchEntityException', 404, /The role with name nobody cannot be found\./);
      const listed = await iam.send(new ListRolesCommand({}));
      assert.deepEqual(listed.Roles?.map((r) => r.RoleName), ['lakehouse-firehose']);

      await iam.send(new PutRolePolicyCommand({ RoleName: 'lakehouse-firehose', PolicyName: 's3-write', PolicyDocument: policy }));
      const pol = await iam.send(new GetRolePolicyCommand({ RoleName: 'lakehouse-firehose', PolicyName: 's3-write' }));
      assert.deepEqual(JSON.parse(decodeURIComponent(pol.PolicyDocument!)), JSON.parse(policy));
      const names = await iam.send(new ListRolePoliciesCommand({ RoleName: 'lakehouse-firehose' }));
      assert.deepEqual(names.PolicyNames, ['s3-write']);
      await rejectsWith(
        iam.send(new GetRolePolicyCommand({ RoleName: 'lakehouse-firehose', PolicyName: 'nope' })),
        'NoSuchEntityException',
        404,
      );
      await rejectsWith(iam.send(new DeleteRoleCommand({ RoleName: 'lakehouse-firehose' })), 'DeleteConflictException', 409);

      await iam.send(new TagRoleCommand({ RoleName: 'lakehouse-firehose', Tags: [{ Key: 'team', Value: 'data' }] }));
      await iam.send(new UntagRoleCommand({ RoleName: 'lakehouse-firehose', TagKeys: ['lakehouse:pipeline'] }));
      const tags = await iam.send(new ListRoleTagsCommand({ RoleName: 'lakehouse-firehose' }));
      assert.deepEqual(tags.Tags, [{ Key: 'team', Value: 'data' }]);

      await iam.send(new DeleteRolePolicyCommand({ RoleName: 'lakehouse-firehose', PolicyName: 's3-write' }));
      await iam.send(new DeleteRoleCommand({ RoleName: 'lakehouse-firehose' }));
      await rejectsWith(iam.send(new DeleteRoleCommand({ RoleName: 'lakehouse-firehose' })), 'NoSuchEntityException', 404);
    } finally {
      await close();
    }
  });

  test(`${label}: STS GetCallerIdentity`, async () => {
    const { sts, close } = await open();
    try {
      const who = await sts.send(new GetCallerIdentityCommand({}));
      assert.deepEqual([who.Account, who.Arn, who.UserId], ['000000000000', 'arn:aws:iam::000000000000:root', '000000000000']);
    } finally {
      await close();
    }
  });
}
