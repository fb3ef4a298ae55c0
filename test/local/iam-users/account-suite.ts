// IAM's account-wide views: GetAccountSummary counts, GetAccountAuthorizationDetails with its filters, and the
// credential report (STARTED then COMPLETE, ReportNotPresent before, AWS's documented CSV columns).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  AddUserToGroupCommand,
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreateGroupCommand,
  CreateLoginProfileCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  GenerateCredentialReportCommand,
  GetAccountAuthorizationDetailsCommand,
  GetAccountSummaryCommand,
  GetCredentialReportCommand,
  PutGroupPolicyCommand,
  PutUserPolicyCommand,
  UpdateAccessKeyCommand,
} from '@aws-sdk/client-iam';
import { rejectsWith } from './errors.js';
import type { IamUsersFixture } from './users-suite.js';

const doc = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] });

export function accountSuite(label: string, open: () => Promise<IamUsersFixture>) {
  test(`${label}: IAM GetAccountSummary and GetAccountAuthorizationDetails`, async () => {
    const { iam, close } = await open();
    try {
      const empty = (await iam.send(new GetAccountSummaryCommand({}))).SummaryMap!;
      assert.deepEqual([empty.Users, empty.Groups, empty.Roles, empty.Policies, empty.UsersQuota, empty.AccessKeysPerUserQuota], [0, 0, 0, 0, 5000, 2]);

      await iam.send(new CreateUserCommand({ UserName: 'hal', Tags: [{ Key: 'k', Value: 'v' }] }));
      await iam.send(new CreateGroupCommand({ GroupName: 'crew' }));
      await iam.send(new AddUserToGroupCommand({ GroupName: 'crew', UserName: 'hal' }));
      await iam.send(new PutUserPolicyCommand({ UserName: 'hal', PolicyName: 'own', PolicyDocument: doc }));
      await iam.send(new PutGroupPolicyCommand({ GroupName: 'crew', PolicyName: 'shared', PolicyDocument: doc }));
      await iam.send(new CreateRoleCommand({ RoleName: 'pod', AssumeRolePolicyDocument: '{"Version":"2012-10-17","Statement":[]}' }));
      const arn = (await iam.send(new CreatePolicyCommand({ PolicyName: 'managed', PolicyDocument: doc }))).Policy!.Arn!;
      await iam.send(new AttachUserPolicyCommand({ UserName: 'hal', PolicyArn: arn }));

      const now = (await iam.send(new GetAccountSummaryCommand({}))).SummaryMap!;
      assert.deepEqual([now.Users, now.Groups, now.Roles, now.Policies, now.PolicyVersionsInUse], [1, 1, 1, 1, 1]);

      const all = await iam.send(new GetAccountAuthorizationDetailsCommand({}));
      const hal = all.UserDetailList?.[0];
      assert.deepEqual([hal?.UserName, hal?.GroupList, hal?.UserPolicyList?.map((x) => x.PolicyName), hal?.AttachedManagedPolicies?.map((x) => x.PolicyArn), hal?.Tags?.length], ['hal', ['crew'], ['own'], [arn], 1]);
      assert.deepEqual(JSON.parse(decodeURIComponent(hal!.UserPolicyList![0].PolicyDocument!)), JSON.parse(doc));
      assert.deepEqual(all.GroupDetailList?.map((g) => [g.GroupName, g.GroupPolicyList?.[0].PolicyName]), [['crew', 'shared']]);
      assert.deepEqual(all.RoleDetailList?.map((r) => r.RoleName), ['pod']);
      assert.deepEqual(all.Policies?.map((x) => [x.PolicyName, x.AttachmentCount, x.PolicyVersionList?.[0].IsDefaultVersion]), [['managed', 1, true]]);

      const onlyGroups = await iam.send(new GetAccountAuthorizationDetailsCommand({ Filter: ['Group'] }));
      assert.deepEqual([onlyGroups.UserDetailList?.length ?? 0, onlyGroups.GroupDetailList?.length, onlyGroups.RoleDetailList?.length ?? 0, onlyGroups.Policies?.length ?? 0], [0, 1, 0, 0]);
    } finally {
      await close();
    }
  });

  test(`${label}: IAM credential report`, async () => {
    const { iam, close } = await open();
    try {
      await iam.send(new CreateUserCommand({ UserName: 'ivy' }));
      await iam.send(new CreateLoginProfileCommand({ UserName: 'ivy', Password: 'Sup3r$ecret!' }));
      const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'ivy' }))).AccessKey!;
      await iam.send(new UpdateAccessKeyCommand({ UserName: 'ivy', AccessKeyId: key.AccessKeyId, Status: 'Inactive' }));
      await iam.send(new CreateAccessKeyCommand({ UserName: 'ivy' }));
      await rejectsWith(iam.send(new GetCredentialReportCommand({})), 'CredentialReportNotPresentException', 410);
      assert.equal((await iam.send(new GenerateCredentialReportCommand({}))).State, 'STARTED');
      assert.equal((await iam.send(new GenerateCredentialReportCommand({}))).State, 'COMPLETE');
      const got = await iam.send(new GetCredentialReportCommand({}));
      assert.equal(got.ReportFormat, 'text/csv');
      const [header, rootRow, ivyRow] = Buffer.from(got.Content!).toString().split('\n');
      const columns = header.split(',');
      assert.equal(columns.length, 22);
      assert.deepEqual(columns.slice(0, 4), ['user', 'arn', 'user_creation_time', 'password_enabled']);
      assert.equal(rootRow.split(',')[0], '<root_account>');
      const ivy = Object.fromEntries(ivyRow.split(',').map((v, i) => [columns[i], v]));
      assert.deepEqual(
        [ivy.user, ivy.arn, ivy.password_enabled, ivy.access_key_1_active, ivy.access_key_2_active, ivy.access_key_1_last_used_date],
        ['ivy', 'arn:aws:iam::000000000000:user/ivy', 'true', 'false', 'true', 'N/A'],
      );
      assert.match(ivy.access_key_1_last_rotated, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/);
    } finally {
      await close();
    }
  });
}
