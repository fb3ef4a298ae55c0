// IAM users: create/get/update/list/delete, tags and their AWS errors; run in-process and through serve
// (users.test.ts).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  CreatePolicyCommand,
  CreateUserCommand,
  DeleteUserPermissionsBoundaryCommand,
  DeleteUserCommand,
  GetUserCommand,
  IAMClient,
  ListUsersCommand,
  ListUserTagsCommand,
  PutUserPermissionsBoundaryCommand,
  TagUserCommand,
  UntagUserCommand,
  UpdateUserCommand,
} from '@aws-sdk/client-iam';
import { rejectsWith } from './errors.js';

export interface IamUsersFixture {
  iam: IAMClient;
  close(): Promise<void>;
}

export function usersSuite(label: string, open: () => Promise<IamUsersFixture>) {
  test(`${label}: IAM users: create, get, rename, list with paging, tags, delete`, async () => {
    const { iam, close } = await open();
    try {
      const created = await iam.send(new CreateUserCommand({ UserName: 'alice', Tags: [{ Key: 'team', Value: 'data' }] }));
      assert.equal(created.User?.Arn, 'arn:aws:iam::000000000000:user/alice');
      assert.equal(created.User?.Path, '/');
      assert.match(created.User?.UserId ?? '', /^AIDA[A-Z2-7]{17}$/);
      assert.deepEqual(created.User?.Tags, [{ Key: 'team', Value: 'data' }]);
      await rejectsWith(iam.send(new CreateUserCommand({ UserName: 'ALICE' })), 'EntityAlreadyExistsException', 409, /^User with name ALICE already exists\.$/);
      await rejectsWith(iam.send(new CreateUserCommand({ UserName: 'bad name' })), 'ValidationError', 400, /userName/);
      await rejectsWith(iam.send(new CreateUserCommand({ UserName: 'x', Path: 'nopath' })), 'ValidationError', 400, /path/);
      await rejectsWith(iam.send(new GetUserCommand({ UserName: 'bob' })), 'NoSuchEntityException', 404, /^The user with name bob cannot be found\.$/);
      await rejectsWith(iam.send(new GetUserCommand({ UserName: 'no such/name' })), 'ValidationError', 400, /'userName' failed to satisfy constraint/);

      const got = await iam.send(new GetUserCommand({ UserName: 'Alice' }));
      assert.equal(got.User?.UserName, 'alice');
      assert.equal(got.User?.UserId, created.User?.UserId);

      await iam.send(new CreateUserCommand({ UserName: 'bob', Path: '/eng/' }));
      await iam.send(new CreateUserCommand({ UserName: 'carol', Path: '/eng/data/' }));
      await rejectsWith(iam.send(new UpdateUserCommand({ UserName: 'bob', NewUserName: 'alice' })), 'EntityAlreadyExistsException', 409);
      await iam.send(new UpdateUserCommand({ UserName: 'alice', NewUserName: 'alicia', NewPath: '/ops/' }));
      const renamed = await iam.send(new GetUserCommand({ UserName: 'alicia' }));
      assert.equal(renamed.User?.Arn, 'arn:aws:iam::000000000000:user/ops/alicia');
      assert.equal(renamed.User?.UserId, created.User?.UserId);
      await rejectsWith(iam.send(new GetUserCommand({ UserName: 'alice' })), 'NoSuchEntityException', 404);

      const eng = await iam.send(new ListUsersCommand({ PathPrefix: '/eng/' }));
      assert.deepEqual(eng.Users?.map((u) => u.UserName), ['bob', 'carol']);
      assert.equal(eng.Users?.[0].Tags, undefined);
      const first = await iam.send(new ListUsersCommand({ MaxItems: 2 }));
      assert.deepEqual([first.Users?.map((u) => u.UserName), first.IsTruncated], [['alicia', 'bob'], true]);
      const rest = await iam.send(new ListUsersCommand({ MaxItems: 2, Marker: first.Marker }));
      assert.deepEqual([rest.Users?.map((u) => u.UserName), rest.IsTruncated, rest.Marker], [['carol'], false, undefined]);
      await rejectsWith(iam.send(new ListUsersCommand({ MaxItems: 0 })), 'ValidationError', 400, /maxItems/);
      await rejectsWith(iam.send(new ListUsersCommand({ PathPrefix: 'eng' })), 'ValidationError', 400, /pathPrefix/);

      await iam.send(new TagUserCommand({ UserName: 'alicia', Tags: [{ Key: 'TEAM', Value: 'ops' }, { Key: 'env', Value: 'dev' }] }));
      await iam.send(new UntagUserCommand({ UserName: 'alicia', TagKeys: ['env'] }));
      const tags = await iam.send(new ListUserTagsCommand({ UserName: 'alicia' }));
      assert.deepEqual(tags.Tags, [{ Key: 'TEAM', Value: 'ops' }]);
      await rejectsWith(iam.send(new TagUserCommand({ UserName: 'nobody', Tags: [{ Key: 'a', Value: 'b' }] })), 'NoSuchEntityException', 404);

      await iam.send(new DeleteUserCommand({ UserName: 'carol' }));
      await rejectsWith(iam.send(new DeleteUserCommand({ UserName: 'carol' })), 'NoSuchEntityException', 404, /^The user with name carol cannot be found\.$/);
    } finally {
      await close();
    }
  });

  test(`${label}: IAM user permissions boundaries`, async () => {
    const { iam, close } = await open();
    try {
      const doc = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] });
      const arn = (await iam.send(new CreatePolicyCommand({ PolicyName: 'fence', PolicyDocument: doc }))).Policy!.Arn!;
      await rejectsWith(iam.send(new CreateUserCommand({ UserName: 'kim', PermissionsBoundary: 'arn:aws:iam::000000000000:policy/none' })), 'NoSuchEntityException', 404, /does not exist or is not attachable/);
      const created = await iam.send(new CreateUserCommand({ UserName: 'kim', PermissionsBoundary: arn }));
      assert.deepEqual(created.User?.PermissionsBoundary, { PermissionsBoundaryType: 'PermissionsBoundaryPolicy', PermissionsBoundaryArn: arn });
      await iam.send(new DeleteUserPermissionsBoundaryCommand({ UserName: 'kim' }));
      assert.equal((await iam.send(new GetUserCommand({ UserName: 'kim' }))).User?.PermissionsBoundary, undefined);
      await rejectsWith(iam.send(new PutUserPermissionsBoundaryCommand({ UserName: 'kim', PermissionsBoundary: 'not-an-arn' })), 'InvalidInputException', 400);
      await iam.send(new PutUserPermissionsBoundaryCommand({ UserName: 'kim', PermissionsBoundary: 'arn:aws:iam::aws:policy/PowerUserAccess' }));
      assert.equal((await iam.send(new GetUserCommand({ UserName: 'kim' }))).User?.PermissionsBoundary?.PermissionsBoundaryArn, 'arn:aws:iam::aws:policy/PowerUserAccess');
    } finally {
      await close();
    }
  });

  test(`${label}: IAM GetUser without a name answers for the root user that signed`, async () => {
    const { iam, close } = await open();
    try {
      const me = await iam.send(new GetUserCommand({}));
      assert.equal(me.User?.Arn, 'arn:aws:iam::000000000000:root');
      assert.equal(me.User?.UserId, '000000000000');
      assert.ok(me.User?.CreateDate instanceof Date);
    } finally {
      await close();
    }
  });
}
