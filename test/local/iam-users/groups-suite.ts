// IAM groups, membership, inline and managed policies on users and groups, and the DeleteConflicts they cause;
// run in-process and through serve (users.test.ts).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  AddUserToGroupCommand,
  AttachGroupPolicyCommand,
  AttachUserPolicyCommand,
  CreateGroupCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  AttachRolePolicyCommand,
  CreateUserCommand,
  DeleteGroupCommand,
  DeleteGroupPolicyCommand,
  DeletePolicyCommand,
  DeleteUserCommand,
  DeleteUserPolicyCommand,
  DetachGroupPolicyCommand,
  DetachUserPolicyCommand,
  GetGroupCommand,
  GetGroupPolicyCommand,
  GetPolicyCommand,
  GetUserPolicyCommand,
  ListAttachedGroupPoliciesCommand,
  ListAttachedUserPoliciesCommand,
  ListEntitiesForPolicyCommand,
  ListGroupPoliciesCommand,
  ListGroupsCommand,
  ListGroupsForUserCommand,
  ListUserPoliciesCommand,
  PutGroupPolicyCommand,
  PutUserPolicyCommand,
  RemoveUserFromGroupCommand,
  UpdateGroupCommand,
} from '@aws-sdk/client-iam';
import { rejectsWith } from './errors.js';
import type { IamUsersFixture } from './users-suite.js';

const doc = (action: string) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: '*' }] });

export function groupsSuite(label: string, open: () => Promise<IamUsersFixture>) {
  test(`${label}: IAM groups: create, members, rename, list, delete conflicts`, async () => {
    const { iam, close } = await open();
    try {
      const created = await iam.send(new CreateGroupCommand({ GroupName: 'analysts', Path: '/data/' }));
      assert.equal(created.Group?.Arn, 'arn:aws:iam::000000000000:group/data/analysts');
      assert.match(created.Group?.GroupId ?? '', /^AGPA[A-Z2-7]{17}$/);
      await rejectsWith(iam.send(new CreateGroupCommand({ GroupName: 'ANALYSTS' })), 'EntityAlreadyExistsException', 409, /^Group with name ANALYSTS already exists\.$/);
      await rejectsWith(iam.send(new GetGroupCommand({ GroupName: 'nope' })), 'NoSuchEntityException', 404, /^The group with name nope cannot be found\.$/);
      await iam.send(new CreateGroupCommand({ GroupName: 'admins' }));
      await iam.send(new CreateUserCommand({ UserName: 'dana' }));
      await rejectsWith(iam.send(new AddUserToGroupCommand({ GroupName: 'analysts', UserName: 'ghost' })), 'NoSuchEntityException', 404, /user with name ghost/);
      await iam.send(new AddUserToGroupCommand({ GroupName: 'analysts', UserName: 'dana' }));
      await iam.send(new AddUserToGroupCommand({ GroupName: 'analysts', UserName: 'dana' }));
      await iam.send(new AddUserToGroupCommand({ GroupName: 'admins', UserName: 'dana' }));

      const got = await iam.send(new GetGroupCommand({ GroupName: 'analysts' }));
      assert.deepEqual(got.Users?.map((u) => u.UserName), ['dana']);
      const mine = await iam.send(new ListGroupsForUserCommand({ UserName: 'dana' }));
      assert.deepEqual(mine.Groups?.map((g) => g.GroupName), ['admins', 'analysts']);
      const listed = await iam.send(new ListGroupsCommand({ PathPrefix: '/data/' }));
      assert.deepEqual(listed.Groups?.map((g) => g.GroupName), ['analysts']);

      await rejectsWith(iam.send(new UpdateGroupCommand({ GroupName: 'analysts', NewGroupName: 'Admins' })), 'EntityAlreadyExistsException', 409);
      await iam.send(new UpdateGroupCommand({ GroupName: 'analysts', NewGroupName: 'readers', NewPath: '/' }));
      const renamed = await iam.send(new GetGroupCommand({ GroupName: 'readers' }));
      assert.deepEqual([renamed.Group?.GroupId, renamed.Group?.Arn, renamed.Users?.length], [created.Group?.GroupId, 'arn:aws:iam::000000000000:group/readers', 1]);

      await rejectsWith(iam.send(new DeleteGroupCommand({ GroupName: 'readers' })), 'DeleteConflictException', 409, /^Cannot delete entity, must remove users from group first\.$/);
      await rejectsWith(iam.send(new DeleteUserCommand({ UserName: 'dana' })), 'DeleteConflictException', 409, /must remove users from group first/);
      await iam.send(new RemoveUserFromGroupCommand({ GroupName: 'readers', UserName: 'dana' }));
      await iam.send(new RemoveUserFromGroupCommand({ GroupName: 'admins', UserName: 'dana' }));
      await iam.send(new DeleteGroupCommand({ GroupName: 'readers' }));
      await rejectsWith(iam.send(new DeleteGroupCommand({ GroupName: 'readers' })), 'NoSuchEntityException', 404);
      await iam.send(new DeleteUserCommand({ UserName: 'dana' }));
    } finally {
      await close();
    }
  });

  test(`${label}: IAM inline and managed policies on users and groups`, async () => {
    const { iam, close } = await open();
    try {
      await iam.send(new CreateUserCommand({ UserName: 'erin' }));
      await iam.send(new CreateGroupCommand({ GroupName: 'ops' }));
      await iam.send(new PutUserPolicyCommand({ UserName: 'erin', PolicyName: 'read', PolicyDocument: doc('s3:GetObject') }));
      await iam.send(new PutGroupPolicyCommand({ GroupName: 'ops', PolicyName: 'write', PolicyDocument: doc('s3:PutObject') }));
      await rejectsWith(iam.send(new PutUserPolicyCommand({ UserName: 'erin', PolicyName: 'bad', PolicyDocument: '{"Version":"2012-10-17"}' })), 'MalformedPolicyDocumentException', 400);
      const userPolicy = await iam.send(new GetUserPolicyCommand({ UserName: 'erin', PolicyName: 'read' }));
      assert.deepEqual([userPolicy.UserName, JSON.parse(decodeURIComponent(userPolicy.PolicyDocument!))], ['erin', JSON.parse(doc('s3:GetObject'))]);
      const groupPolicy = await iam.send(new GetGroupPolicyCommand({ GroupName: 'ops', PolicyName: 'write' }));
      assert.equal(groupPolicy.GroupName, 'ops');
      assert.deepEqual((await iam.send(new ListUserPoliciesCommand({ UserName: 'erin' }))).PolicyNames, ['read']);
      assert.deepEqual((await iam.send(new ListGroupPoliciesCommand({ GroupName: 'ops' }))).PolicyNames, ['write']);
      await rejectsWith(iam.send(new GetUserPolicyCommand({ UserName: 'erin', PolicyName: 'nope' })), 'NoSuchEntityException', 404, /^The user policy with name nope cannot be found\.$/);
      await rejectsWith(iam.send(new DeleteUserCommand({ UserName: 'erin' })), 'DeleteConflictException', 409, /^Cannot delete entity, must delete policies first\.$/);
      await rejectsWith(iam.send(new DeleteGroupCommand({ GroupName: 'ops' })), 'DeleteConflictException', 409, /must delete policies first/);
      await iam.send(new DeleteUserPolicyCommand({ UserName: 'erin', PolicyName: 'read' }));
      await iam.send(new DeleteGroupPolicyCommand({ GroupName: 'ops', PolicyName: 'write' }));

      const arn = (await iam.send(new CreatePolicyCommand({ PolicyName: 'shared', PolicyDocument: doc('s3:ListBucket') }))).Policy!.Arn!;
      await iam.send(new CreateRoleCommand({ RoleName: 'svc', AssumeRolePolicyDocument: '{"Version":"2012-10-17","Statement":[]}' }));
      await iam.send(new AttachUserPolicyCommand({ UserName: 'erin', PolicyArn: arn }));
      await iam.send(new AttachGroupPolicyCommand({ GroupName: 'ops', PolicyArn: arn }));
      await iam.send(new AttachRolePolicyCommand({ RoleName: 'svc', PolicyArn: arn }));
      await iam.send(new AttachUserPolicyCommand({ UserName: 'erin', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }));
      await rejectsWith(iam.send(new AttachUserPolicyCommand({ UserName: 'erin', PolicyArn: 'arn:aws:iam::000000000000:policy/none' })), 'NoSuchEntityException', 404, /does not exist or is not attachable/);
      assert.equal((await iam.send(new GetPolicyCommand({ PolicyArn: arn }))).Policy?.AttachmentCount, 3);
      const entities = await iam.send(new ListEntitiesForPolicyCommand({ PolicyArn: arn }));
      assert.deepEqual([entities.PolicyUsers?.map((u) => u.UserName), entities.PolicyGroups?.map((g) => g.GroupName), entities.PolicyRoles?.map((r) => r.RoleName)], [['erin'], ['ops'], ['svc']]);
      const usersOnly = await iam.send(new ListEntitiesForPolicyCommand({ PolicyArn: arn, EntityFilter: 'User' }));
      assert.deepEqual([usersOnly.PolicyUsers?.length, usersOnly.PolicyGroups?.length ?? 0, usersOnly.PolicyRoles?.length ?? 0], [1, 0, 0]);
      const attached = await iam.send(new ListAttachedUserPoliciesCommand({ UserName: 'erin' }));
      assert.deepEqual(attached.AttachedPolicies?.map((a) => a.PolicyName), ['shared', 'ReadOnlyAccess']);
      assert.deepEqual((await iam.send(new ListAttachedGroupPoliciesCommand({ GroupName: 'ops' }))).AttachedPolicies, [{ PolicyName: 'shared', PolicyArn: arn }]);
      await rejectsWith(iam.send(new DeletePolicyCommand({ PolicyArn: arn })), 'DeleteConflictException', 409);
      await rejectsWith(iam.send(new DeleteUserCommand({ UserName: 'erin' })), 'DeleteConflictException', 409, /^Cannot delete entity, must detach all policies first\.$/);
      await rejectsWith(iam.send(new DeleteGroupCommand({ GroupName: 'ops' })), 'DeleteConflictException', 409, /must detach all policies first/);

      await iam.send(new DetachUserPolicyCommand({ UserName: 'erin', PolicyArn: arn }));
      await iam.send(new DetachUserPolicyCommand({ UserName: 'erin', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }));
      await rejectsWith(iam.send(new DetachUserPolicyCommand({ UserName: 'erin', PolicyArn: arn })), 'NoSuchEntityException', 404, /was not found/);
      await iam.send(new DetachGroupPolicyCommand({ GroupName: 'ops', PolicyArn: arn }));
      assert.equal((await iam.send(new GetPolicyCommand({ PolicyArn: arn }))).Policy?.AttachmentCount, 1);
      await iam.send(new DeleteUserCommand({ UserName: 'erin' }));
      await iam.send(new DeleteGroupCommand({ GroupName: 'ops' }));
    } finally {
      await close();
    }
  });
}
