// IAM users' access keys and login profiles with their AWS errors, and a user's key signing as that user
// (IAM GetUser and STS GetCallerIdentity); run through serve (users.test.ts), where the signing key is real.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  CreateAccessKeyCommand,
  CreateLoginProfileCommand,
  CreateUserCommand,
  DeleteAccessKeyCommand,
  DeleteLoginProfileCommand,
  DeleteUserCommand,
  GetAccessKeyLastUsedCommand,
  GetLoginProfileCommand,
  GetUserCommand,
  IAMClient,
  ListAccessKeysCommand,
  UpdateAccessKeyCommand,
  UpdateAccountPasswordPolicyCommand,
  UpdateLoginProfileCommand,
} from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { rejectsWith } from './errors.js';

export interface SigningFixture {
  iam: IAMClient;
  /** Clients signing with the given key. */
  as(credentials: { accessKeyId: string; secretAccessKey: string }): { iam: IAMClient; sts: STSClient };
  close(): Promise<void>;
}

export function credentialsSuite(label: string, open: () => Promise<SigningFixture>) {
  test(`${label}: IAM access keys: at most two, status, delete, and signing as the user`, async () => {
    const { iam, as, close } = await open();
    try {
      await iam.send(new CreateUserCommand({ UserName: 'frank', Path: '/eng/' }));
      await rejectsWith(iam.send(new CreateAccessKeyCommand({ UserName: 'ghost' })), 'NoSuchEntityException', 404);
      const first = (await iam.send(new CreateAccessKeyCommand({ UserName: 'frank' }))).AccessKey!;
      assert.match(first.AccessKeyId!, /^AKIA[A-Z2-7]{16}$/);
      assert.equal(first.Status, 'Active');
      assert.ok(first.SecretAccessKey && first.SecretAccessKey.length >= 40);
      const second = (await iam.send(new CreateAccessKeyCommand({ UserName: 'frank' }))).AccessKey!;
      await rejectsWith(iam.send(new CreateAccessKeyCommand({ UserName: 'frank' })), 'LimitExceededException', 409, /^Cannot exceed quota for AccessKeysPerUser: 2$/);
      const listed = await iam.send(new ListAccessKeysCommand({ UserName: 'frank' }));
      assert.deepEqual(listed.AccessKeyMetadata?.map((k) => [k.AccessKeyId, k.Status, k.UserName]), [[first.AccessKeyId, 'Active', 'frank'], [second.AccessKeyId, 'Active', 'frank']]);
      const lastUsed = await iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: first.AccessKeyId }));
      assert.deepEqual([lastUsed.UserName, lastUsed.AccessKeyLastUsed?.ServiceName, lastUsed.AccessKeyLastUsed?.Region], ['frank', 'N/A', 'N/A']);

      // The key signs as frank: GetUser without a name and GetCallerIdentity answer for him.
      const signed = as({ accessKeyId: first.AccessKeyId!, secretAccessKey: first.SecretAccessKey! });
      assert.equal((await signed.iam.send(new GetUserCommand({}))).User?.UserName, 'frank');
      const who = await signed.sts.send(new GetCallerIdentityCommand({}));
      assert.deepEqual([who.Arn, who.Account], ['arn:aws:iam::000000000000:user/eng/frank', '000000000000']);
      assert.match(who.UserId ?? '', /^AIDA/);
      assert.deepEqual((await signed.iam.send(new ListAccessKeysCommand({}))).AccessKeyMetadata?.length, 2);
      const used = (await iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: first.AccessKeyId }))).AccessKeyLastUsed;
      assert.deepEqual([used?.ServiceName, used?.Region], ['iam', 'us-east-1']);
      assert.ok(used?.LastUsedDate instanceof Date);

      await rejectsWith(iam.send(new UpdateAccessKeyCommand({ UserName: 'frank', AccessKeyId: first.AccessKeyId, Status: 'Paused' as 'Active' })), 'ValidationError', 400, /status/);
      await rejectsWith(iam.send(new UpdateAccessKeyCommand({ UserName: 'frank', AccessKeyId: 'AKIAAAAAAAAAAAAAAAAA', Status: 'Inactive' })), 'NoSuchEntityException', 404, /^The Access Key with id AKIAAAAAAAAAAAAAAAAA cannot be found\.$/);
      await iam.send(new UpdateAccessKeyCommand({ UserName: 'frank', AccessKeyId: first.AccessKeyId, Status: 'Inactive' }));
      assert.equal((await iam.send(new ListAccessKeysCommand({ UserName: 'frank' }))).AccessKeyMetadata?.[0].Status, 'Inactive');
      // An inactive key is refused as AWS refuses it (InvalidClientTokenId), not taken for another principal.
      await assert.rejects(signed.sts.send(new GetCallerIdentityCommand({})), (e: Error & { $metadata?: { httpStatusCode?: number } }) =>
        e.name === 'InvalidClientTokenId' && e.$metadata?.httpStatusCode === 403 && e.message === 'The security token included in the request is invalid.');
      await rejectsWith(signed.iam.send(new GetUserCommand({})), 'InvalidClientTokenId', 403, /^The security token included in the request is invalid\.$/);

      await rejectsWith(iam.send(new DeleteUserCommand({ UserName: 'frank' })), 'DeleteConflictException', 409, /^Cannot delete entity, must delete access keys first\.$/);
      await iam.send(new DeleteAccessKeyCommand({ UserName: 'frank', AccessKeyId: first.AccessKeyId }));
      await iam.send(new DeleteAccessKeyCommand({ UserName: 'frank', AccessKeyId: second.AccessKeyId }));
      await rejectsWith(iam.send(new DeleteAccessKeyCommand({ UserName: 'frank', AccessKeyId: second.AccessKeyId })), 'NoSuchEntityException', 404);
      await iam.send(new DeleteUserCommand({ UserName: 'frank' }));
    } finally {
      await close();
    }
  });

  test(`${label}: IAM login profiles: create, get, update, delete conflicts`, async () => {
    const { iam, close } = await open();
    try {
      await iam.send(new CreateUserCommand({ UserName: 'gina' }));
      await rejectsWith(iam.send(new GetLoginProfileCommand({ UserName: 'gina' })), 'NoSuchEntityException', 404, /^Login Profile for User gina cannot be found\.$/);
      const created = await iam.send(new CreateLoginProfileCommand({ UserName: 'gina', Password: 'Sup3r$ecret!', PasswordResetRequired: true }));
      assert.deepEqual([created.LoginProfile?.UserName, created.LoginProfile?.PasswordResetRequired], ['gina', true]);
      assert.ok(created.LoginProfile?.CreateDate instanceof Date);
      await rejectsWith(iam.send(new CreateLoginProfileCommand({ UserName: 'gina', Password: 'Other$ecret1' })), 'EntityAlreadyExistsException', 409, /^Login Profile for user gina already exists\.$/);
      await rejectsWith(iam.send(new CreateLoginProfileCommand({ UserName: 'ghost', Password: 'Other$ecret1' })), 'NoSuchEntityException', 404, /user with name ghost/);
      // A custom account password policy applies to new console passwords.
      await iam.send(new UpdateAccountPasswordPolicyCommand({ MinimumPasswordLength: 14, RequireNumbers: true }));
      await rejectsWith(iam.send(new UpdateLoginProfileCommand({ UserName: 'gina', Password: 'NoDigitsButLongEnough' })), 'PasswordPolicyViolationException', 400, /^Password does not conform to the account password policy\.$/);
      await iam.send(new UpdateLoginProfileCommand({ UserName: 'gina', Password: 'Long3nough4Policy' }));
      await iam.send(new UpdateLoginProfileCommand({ UserName: 'gina', PasswordResetRequired: false }));
      assert.equal((await iam.send(new GetLoginProfileCommand({ UserName: 'gina' }))).LoginProfile?.PasswordResetRequired, false);
      await rejectsWith(iam.send(new DeleteUserCommand({ UserName: 'gina' })), 'DeleteConflictException', 409, /^Cannot delete entity, must delete login profile first\.$/);
      await iam.send(new DeleteLoginProfileCommand({ UserName: 'gina' }));
      await rejectsWith(iam.send(new DeleteLoginProfileCommand({ UserName: 'gina' })), 'NoSuchEntityException', 404);
      await iam.send(new DeleteUserCommand({ UserName: 'gina' }));
    } finally {
      await close();
    }
  });
}
