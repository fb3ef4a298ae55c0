// IAM managed policies and STS temporary credentials, run in-process (iam-sts.test.ts) and through serve
// (profiles.test.ts runs the AWS CLI and boto3; this suite the JS SDK).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  AttachRolePolicyCommand,
  CreatePolicyCommand,
  CreatePolicyVersionCommand,
  CreateRoleCommand,
  DeletePolicyCommand,
  DeletePolicyVersionCommand,
  DeleteRoleCommand,
  DetachRolePolicyCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  ListAttachedRolePoliciesCommand,
  ListPoliciesCommand,
  ListPolicyVersionsCommand,
  SetDefaultPolicyVersionCommand,
  TagRoleCommand,
  UntagRoleCommand,
  ListRoleTagsCommand,
} from '@aws-sdk/client-iam';
import { AssumeRoleCommand, GetCallerIdentityCommand, GetSessionTokenCommand, STSClient, STSServiceException } from '@aws-sdk/client-sts';
import { KinesisClient, ListStreamsCommand } from '@aws-sdk/client-kinesis';
import type { IamFixture } from './suite.js';

const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' }] });
const doc = (action: string) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: '*' }] });

export function managedSuite(label: string, open: () => Promise<IamFixture & { kinesisWith?(creds: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }): KinesisClient }>) {
  test(`${label}: IAM managed policies: versions, attach, detach, delete conflicts`, async () => {
    const { iam, close } = await open();
    try {
      const created = await iam.send(new CreatePolicyCommand({ PolicyName: 'lake-read', PolicyDocument: doc('s3:GetObject'), Description: 'reads' }));
      const arn = created.Policy!.Arn!;
      assert.equal(arn, 'arn:aws:iam::000000000000:policy/lake-read');
      assert.equal(created.Policy?.DefaultVersionId, 'v1');
      assert.match(created.Policy?.PolicyId ?? '', /^ANPA[A-Z0-9]{17}$/);
      await assert.rejects(iam.send(new CreatePolicyCommand({ PolicyName: 'lake-read', PolicyDocument: doc('s3:*') })), { name: 'EntityAlreadyExistsException' });
      await assert.rejects(iam.send(new CreatePolicyCommand({ PolicyName: 'bad', PolicyDocument: '{nope' })), { name: 'MalformedPolicyDocumentException', message: 'Syntax errors in policy.' });
      // AWS's policy grammar, with its messages.
      const refused: Array<[unknown, string]> = [
        [{ Statement: { Effect: 'Allow', Action: 's3:ListBucket', Resource: '*' } }, 'Policy document must be version 2012-10-17 or greater.'],
        [{ Version: '2012-10-17', Statement: [] }, 'Syntax errors in policy.'],
        [{ Version: '2012-10-17', Statement: { Effect: 'Maybe', Action: 's3:*', Resource: '*' } }, 'Syntax errors in policy.'],
        [{ Version: '2012-10-17', Statement: { Effect: 'Allow', Resource: '*' } }, 'Policy statement must contain actions.'],
        [{ Version: '2012-10-17', Statement: { Effect: 'Allow', Action: 's3:GetObject' } }, 'Policy statement must contain resources.'],
        [{ Version: '2012-10-17', Statement: { Effect: 'Allow', Action: 'GetObject', Resource: '*' } }, 'Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.'],
        [{ Version: '2012-10-17', Statement: { Effect: 'Allow', Action: 's3:Get:Object', Resource: '*' } }, 'Actions/Condition can contain only one colon.'],
        [{ Version: '2012-10-17', Statement: [{ Sid: 'a', Effect: 'Allow', Action: 's3:*', Resource: '*' }, { Sid: 'a', Effect: 'Deny', Action: 's3:*', Resource: '*' }] }, 'Statement IDs (SID) in a single policy must be unique.'],
      ];
      for (const [document, message] of refused) {
        await assert.rejects(iam.send(new CreatePolicyCommand({ PolicyName: 'bad', PolicyDocument: JSON.stringify(document) })), { name: 'MalformedPolicyDocumentException', message }, JSON.stringify(document));
      }

      const v2 = await iam.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: doc('s3:*'), SetAsDefault: true }));
      assert.deepEqual([v2.PolicyVersion?.VersionId, v2.PolicyVersion?.IsDefaultVersion], ['v2', true]);
      const got = await iam.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: 'v2' }));
      assert.deepEqual(JSON.parse(decodeURIComponent(got.PolicyVersion!.Document!)), JSON.parse(doc('s3:*')));
      for (let i = 0; i < 3; i++) await iam.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: doc(`s3:Get${i}`) }));
      await assert.rejects(iam.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: doc('s3:x') })), (e: any) => e.name === 'LimitExceededException' && e.$metadata.httpStatusCode === 409);
      const versions = await iam.send(new ListPolicyVersionsCommand({ PolicyArn: arn }));
      assert.deepEqual(versions.Versions?.map((v) => v.VersionId), ['v5', 'v4', 'v3', 'v2', 'v1']);
      await assert.rejects(iam.send(new DeletePolicyVersionCommand({ PolicyArn: arn, VersionId: 'v2' })), { name: 'DeleteConflictException' });
      await iam.send(new SetDefaultPolicyVersionCommand({ PolicyArn: arn, VersionId: 'v1' }));
      for (const v of ['v2', 'v3', 'v4', 'v5']) await iam.send(new DeletePolicyVersionCommand({ PolicyArn: arn, VersionId: v }));
      await assert.rejects(iam.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: 'v9' })), (e: any) => e.name === 'NoSuchEntityException' && e.$metadata.httpStatusCode === 404);

      await iam.send(new CreateRoleCommand({ RoleName: 'reader', AssumeRolePolicyDocument: trust }));
      await iam.send(new AttachRolePolicyCommand({ RoleName: 'reader', PolicyArn: arn }));
      await iam.send(new AttachRolePolicyCommand({ RoleName: 'reader', PolicyArn: 'arn:aws:iam::aws:policy/AmazonKinesisReadOnlyAccess' }));
      await assert.rejects(iam.send(new AttachRolePolicyCommand({ RoleName: 'reader', PolicyArn: 'arn:aws:iam::000000000000:policy/none' })), { name: 'NoSuchEntityException' });
      const attached = await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: 'reader' }));
      assert.deepEqual(attached.AttachedPolicies?.map((p) => p.PolicyName), ['lake-read', 'AmazonKinesisReadOnlyAccess']);
      assert.equal((await iam.send(new GetPolicyCommand({ PolicyArn: arn }))).Policy?.AttachmentCount, 1);
      // GetPolicy answers an empty Tags list for a policy without tags (AWS-verified in moto's response-attributes test).
      assert.deepEqual((await iam.send(new GetPolicyCommand({ PolicyArn: arn }))).Policy?.Tags, []);
      const onlyAttached = await iam.send(new ListPoliciesCommand({ Scope: 'Local', OnlyAttached: true }));
      assert.deepEqual(onlyAttached.Policies?.map((p) => p.PolicyName), ['lake-read']);
      await assert.rejects(iam.send(new DeletePolicyCommand({ PolicyArn: arn })), { name: 'DeleteConflictException' });
      await assert.rejects(iam.send(new DeleteRoleCommand({ RoleName: 'reader' })), { name: 'DeleteConflictException', message: 'Cannot delete entity, must detach all policies first.' });
      await iam.send(new DetachRolePolicyCommand({ RoleName: 'reader', PolicyArn: arn }));
      await iam.send(new DetachRolePolicyCommand({ RoleName: 'reader', PolicyArn: 'arn:aws:iam::aws:policy/AmazonKinesisReadOnlyAccess' }));
      await assert.rejects(iam.send(new DetachRolePolicyCommand({ RoleName: 'reader', PolicyArn: arn })), { name: 'NoSuchEntityException' });
      await iam.send(new DeletePolicyCommand({ PolicyArn: arn }));
      await iam.send(new DeleteRoleCommand({ RoleName: 'reader' }));
      await assert.rejects(iam.send(new GetPolicyCommand({ PolicyArn: arn })), { name: 'NoSuchEntityException' });
    } finally {
      await close();
    }
  });

  test(`${label}: STS AssumeRole and GetSessionToken give usable temporary credentials`, async () => {
    const { iam, sts, close, kinesisWith } = await open();
    try {
      const role = await iam.send(new CreateRoleCommand({ RoleName: 'producer', AssumeRolePolicyDocument: trust, MaxSessionDuration: 7200 }));
      const out = await sts.send(new AssumeRoleCommand({ RoleArn: role.Role!.Arn!, RoleSessionName: 'job-1', DurationSeconds: 1800 }));
      assert.match(out.Credentials!.AccessKeyId!, /^ASIA[A-Z0-9]{16}$/);
      assert.ok(out.Credentials!.SecretAccessKey && out.Credentials!.SessionToken);
      const ttl = out.Credentials!.Expiration!.getTime() - Date.now();
      assert.ok(ttl > 1700_000 && ttl <= 1800_000, `expiry in ${ttl} ms`);
      assert.equal(out.AssumedRoleUser?.Arn, 'arn:aws:sts::000000000000:assumed-role/producer/job-1');
      assert.equal(out.AssumedRoleUser?.AssumedRoleId, `${role.Role!.RoleId}:job-1`);
      if (kinesisWith) {
        const c = out.Credentials!;
        const k = kinesisWith({ accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! });
        assert.ok(Array.isArray((await k.send(new ListStreamsCommand({}))).StreamNames));
      }
      const rejects = (p: Promise<unknown>, name: string, status: number, message: RegExp) =>
        assert.rejects(p, (e: unknown) => e instanceof STSServiceException && e.name === name && e.$metadata.httpStatusCode === status && message.test(e.message));
      await rejects(sts.send(new AssumeRoleCommand({ RoleArn: role.Role!.Arn!, RoleSessionName: 'x', DurationSeconds: 60 })), 'ValidationError', 400,
        /^2 validation errors detected: Value 'x' at 'roleSessionName' failed to satisfy constraint: Member must have length greater than or equal to 2; Value '60' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900$/);
      await rejects(sts.send(new AssumeRoleCommand({ RoleArn: role.Role!.Arn!, RoleSessionName: 'long', DurationSeconds: 10800 })), 'ValidationError', 400, /exceeds the MaxSessionDuration/);
      await rejects(sts.send(new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::000000000000:role/ghost', RoleSessionName: 'job' })), 'AccessDenied', 403,
        /not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::000000000000:role\/ghost/);
      const token = await sts.send(new GetSessionTokenCommand({}));
      const left = token.Credentials!.Expiration!.getTime() - Date.now();
      assert.ok(left > 43000_000 && left <= 43200_000, `default session token lasts 12 h, got ${left} ms`);
      await rejects(sts.send(new GetSessionTokenCommand({ DurationSeconds: 200000 })), 'ValidationError', 400, /Member must have value less than or equal to 129600/);
    } finally {
      await close();
    }
  });

  test(`${label}: STS GetCallerIdentity answers the assumed role for AssumeRole's keys, the caller for GetSessionToken's`, async () => {
    const { iam, sts, close } = await open();
    // A second STS client over the same transport, signing with the temporary credentials.
    const e = await sts.config.endpoint!();
    const endpoint = `${e.protocol}//${e.hostname}${e.port ? `:${e.port}` : ''}${e.path}`;
    const stsWith = (c: { AccessKeyId?: string; SecretAccessKey?: string; SessionToken?: string }) =>
      new STSClient({ region: 'us-east-1', endpoint, requestHandler: sts.config.requestHandler, credentials: { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken } });
    try {
      const role = await iam.send(new CreateRoleCommand({ RoleName: 'auditor', AssumeRolePolicyDocument: trust }));
      const assumed = await sts.send(new AssumeRoleCommand({ RoleArn: role.Role!.Arn!, RoleSessionName: 'audit-1' }));
      const asRole = stsWith(assumed.Credentials!);
      const who = await asRole.send(new GetCallerIdentityCommand({}));
      assert.deepEqual([who.Arn, who.UserId, who.Account], ['arn:aws:sts::000000000000:assumed-role/auditor/audit-1', `${role.Role!.RoleId}:audit-1`, '000000000000']);
      // Role chaining: the caller named in AccessDenied is the assumed role.
      await assert.rejects(asRole.send(new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::000000000000:role/ghost', RoleSessionName: 'chain' })),
        (err: unknown) => err instanceof STSServiceException && err.name === 'AccessDenied' && err.message.startsWith('User: arn:aws:sts::000000000000:assumed-role/auditor/audit-1 is not authorized'));
      await assert.rejects(asRole.send(new GetSessionTokenCommand({})),
        (err: unknown) => err instanceof STSServiceException && err.name === 'AccessDenied' && err.$metadata.httpStatusCode === 403 && /session credentials/.test(err.message));
      const token = await sts.send(new GetSessionTokenCommand({ DurationSeconds: 900 }));
      const me = await stsWith(token.Credentials!).send(new GetCallerIdentityCommand({}));
      assert.deepEqual([me.Arn, me.UserId, me.Account], ['arn:aws:iam::000000000000:root', '000000000000', '000000000000']);
      // Any other key is the account root.
      const other = await stsWith({ AccessKeyId: 'AKIAOTHER', SecretAccessKey: 'x' }).send(new GetCallerIdentityCommand({}));
      assert.equal(other.Arn, 'arn:aws:iam::000000000000:root');
    } finally {
      await close();
    }
  });

  test(`${label}: IAM tags on roles and policies: AWS's limits, patterns and case-insensitive duplicates`, async () => {
    const { iam, close } = await open();
    const fails = (p: Promise<unknown>, name: string, message: RegExp) =>
      assert.rejects(p, (e: any) => e.name === name && message.test(e.message));
    try {
      const many = Array.from({ length: 51 }, (_, i) => ({ Key: `k${i}`, Value: 'v' }));
      await fails(iam.send(new CreatePolicyCommand({ PolicyName: 'p', PolicyDocument: doc('s3:GetObject'), Tags: many })), 'ValidationError',
        /^1 validation error detected: Value '\[.*\]' at 'tags' failed to satisfy constraint: Member must have length less than or equal to 50\.$/);
      await fails(iam.send(new CreatePolicyCommand({ PolicyName: 'p', PolicyDocument: doc('s3:GetObject'), Tags: [{ Key: 'a', Value: '' }, { Key: 'A', Value: '' }] })), 'InvalidInputException',
        /^Duplicate tag keys found\. Please note that Tag keys are case insensitive\.$/);
      await fails(iam.send(new CreateRoleCommand({ RoleName: 'r', AssumeRolePolicyDocument: trust, Tags: [{ Key: 'NOWAY!', Value: '' }, { Key: 'k', Value: 'x'.repeat(257) }] })), 'ValidationError',
        /^2 validation errors detected: Value 'NOWAY!' at 'tags\.1\.member\.key' .*pattern: \[\\p\{L\}.*; Value 'x+' at 'tags\.2\.member\.value' failed to satisfy constraint: Member must have length less than or equal to 256\.$/);
      await iam.send(new CreateRoleCommand({ RoleName: 'r', AssumeRolePolicyDocument: trust, Tags: [{ Key: 'Team', Value: 'a' }] }));
      await iam.send(new TagRoleCommand({ RoleName: 'r', Tags: [{ Key: 'team', Value: 'b' }] }));
      assert.deepEqual((await iam.send(new ListRoleTagsCommand({ RoleName: 'r' }))).Tags, [{ Key: 'team', Value: 'b' }]);
      await fails(iam.send(new UntagRoleCommand({ RoleName: 'r', TagKeys: ['0'.repeat(129)] })), 'ValidationError', /at 'tagKeys\.1\.member' failed to satisfy constraint: Member must have length less than or equal to 128\.$/);
      await iam.send(new UntagRoleCommand({ RoleName: 'r', TagKeys: ['TEAM'] }));
      assert.deepEqual((await iam.send(new ListRoleTagsCommand({ RoleName: 'r' }))).Tags ?? [], []);
    } finally {
      await close();
    }
  });
}
