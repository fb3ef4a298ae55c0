// IAM entities beyond roles and managed policies, through the real JS SDK in-process: instance profiles,
// role settings (UpdateRole, permissions boundaries), service-linked roles, SAML and OIDC providers, server
// certificates, the account alias and password policy, errors included. The certificate fixtures are a
// throwaway self-signed test certificate and keys (valid until 2126), used nowhere else.
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import * as I from '@aws-sdk/client-iam';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import { openLocalForTest } from '../../support/local-clients.js';

const fixture = (name: string) => fs.readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', name), 'utf8');
const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
const doc = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] });

async function rejects(p: Promise<unknown>, name: string, status: number, message?: string | RegExp) {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof I.IAMServiceException, `expected an IAM error, got ${e}`);
    assert.equal(e.name, name);
    assert.equal(e.$metadata.httpStatusCode, status);
    if (typeof message === 'string') assert.equal(e.message, message);
    else if (message) assert.match(e.message, message);
    return true;
  });
}

test('instance profiles: one role each, listing per role, tags, DeleteRole and DeleteInstanceProfile conflicts', async () => {
  const { iam, close } = await openLocalForTest();
  try {
    const created = await iam.send(new I.CreateInstanceProfileCommand({ InstanceProfileName: 'web', Path: '/app/', Tags: [{ Key: 'team', Value: 'lake' }] }));
    assert.match(created.InstanceProfile!.InstanceProfileId!, /^AIPA[A-Z2-7]{17}$/);
    assert.equal(created.InstanceProfile!.Arn, 'arn:aws:iam::000000000000:instance-profile/app/web');
    assert.deepEqual(created.InstanceProfile!.Roles, []);
    await rejects(iam.send(new I.CreateInstanceProfileCommand({ InstanceProfileName: 'WEB' })), 'EntityAlreadyExistsException', 409, 'Instance Profile WEB already exists.');
    await rejects(iam.send(new I.CreateInstanceProfileCommand({ InstanceProfileName: 'x', Path: 'app' })), 'ValidationError', 400, /at 'path' failed to satisfy constraint/);
    await rejects(iam.send(new I.GetInstanceProfileCommand({ InstanceProfileName: 'nope' })), 'NoSuchEntityException', 404, 'Instance Profile nope cannot be found.');

    await iam.send(new I.CreateRoleCommand({ RoleName: 'r1', AssumeRolePolicyDocument: trust }));
    await iam.send(new I.CreateRoleCommand({ RoleName: 'r2', AssumeRolePolicyDocument: trust }));
    await iam.send(new I.AddRoleToInstanceProfileCommand({ InstanceProfileName: 'web', RoleName: 'r1' }));
    await rejects(iam.send(new I.AddRoleToInstanceProfileCommand({ InstanceProfileName: 'web', RoleName: 'r2' })), 'LimitExceededException', 409, 'Cannot exceed quota for InstanceSessionsPerInstanceProfile: 1');
    await rejects(iam.send(new I.AddRoleToInstanceProfileCommand({ InstanceProfileName: 'web', RoleName: 'ghost' })), 'NoSuchEntityException', 404);

    const got = await iam.send(new I.GetInstanceProfileCommand({ InstanceProfileName: 'web' }));
    assert.deepEqual(got.InstanceProfile!.Roles!.map((r) => r.RoleName), ['r1']);
    assert.deepEqual(got.InstanceProfile!.Tags, [{ Key: 'team', Value: 'lake' }]);
    const forRole = await iam.send(new I.ListInstanceProfilesForRoleCommand({ RoleName: 'r1' }));
    assert.deepEqual(forRole.InstanceProfiles!.map((p) => p.InstanceProfileName), ['web']);
    assert.deepEqual((await iam.send(new I.ListInstanceProfilesForRoleCommand({ RoleName: 'r2' }))).InstanceProfiles, []);
    const details = (await iam.send(new I.GetAccountAuthorizationDetailsCommand({ Filter: ['Role'] }))).RoleDetailList!;
    assert.deepEqual(details.map((r) => [r.RoleName, r.InstanceProfileList!.map((x) => x.InstanceProfileName)]), [['r1', ['web']], ['r2', []]]);
    assert.equal((await iam.send(new I.GetRoleCommand({ RoleName: 'r1' }))).Role!.RoleName, 'r1');

    await rejects(iam.send(new I.DeleteRoleCommand({ RoleName: 'r1' })), 'DeleteConflictException', 409, 'Cannot delete entity, must remove roles from instance profile first.');
    await rejects(iam.send(new I.DeleteInstanceProfileCommand({ InstanceProfileName: 'web' })), 'DeleteConflictException', 409, 'Cannot delete entity, must remove roles from instance profile first.');
    await iam.send(new I.DeleteRoleCommand({ RoleName: 'r2' }));

    await iam.send(new I.CreateInstanceProfileCommand({ InstanceProfileName: 'batch' }));
    const page1 = await iam.send(new I.ListInstanceProfilesCommand({ MaxItems: 1 }));
    assert.equal(page1.IsTruncated, true);
    const page2 = await iam.send(new I.ListInstanceProfilesCommand({ Marker: page1.Marker }));
    assert.deepEqual([...page1.InstanceProfiles!, ...page2.InstanceProfiles!].map((p) => p.InstanceProfileName), ['batch', 'web']);
    assert.deepEqual((await iam.send(new I.ListInstanceProfilesCommand({ PathPrefix: '/app/' }))).InstanceProfiles!.map((p) => p.InstanceProfileName), ['web']);
    await rejects(iam.send(new I.ListInstanceProfilesCommand({ PathPrefix: 'app' })), 'ValidationError', 400, /at 'pathPrefix' failed to satisfy constraint/);

    await iam.send(new I.TagInstanceProfileCommand({ InstanceProfileName: 'web', Tags: [{ Key: 'env', Value: 'dev' }] }));
    await iam.send(new I.UntagInstanceProfileCommand({ InstanceProfileName: 'web', TagKeys: ['team'] }));
    assert.deepEqual((await iam.send(new I.ListInstanceProfileTagsCommand({ InstanceProfileName: 'web' }))).Tags, [{ Key: 'env', Value: 'dev' }]);

    await iam.send(new I.RemoveRoleFromInstanceProfileCommand({ InstanceProfileName: 'web', RoleName: 'r1' }));
    await iam.send(new I.DeleteInstanceProfileCommand({ InstanceProfileName: 'web' }));
    await iam.send(new I.DeleteRoleCommand({ RoleName: 'r1' }));
  } finally {
    await close();
  }
});

test('role settings: UpdateRole keeps absent fields, UpdateRoleDescription, permissions boundaries, RoleLastUsed', async () => {
  const { iam, sts, close } = await openLocalForTest();
  try {
    const policy = await iam.send(new I.CreatePolicyCommand({ PolicyName: 'bound', PolicyDocument: doc }));
    const boundary = policy.Policy!.Arn!;
    const created = await iam.send(new I.CreateRoleCommand({ RoleName: 'app', AssumeRolePolicyDocument: trust, Description: 'first', PermissionsBoundary: boundary }));
    assert.deepEqual(created.Role!.PermissionsBoundary, { PermissionsBoundaryType: 'PermissionsBoundaryPolicy', PermissionsBoundaryArn: boundary });
    assert.equal((await iam.send(new I.ListRolesCommand({}))).Roles![0]!.PermissionsBoundary, undefined);

    await iam.send(new I.UpdateRoleCommand({ RoleName: 'app', MaxSessionDuration: 7200 }));
    let role = (await iam.send(new I.GetRoleCommand({ RoleName: 'app' }))).Role!;
    assert.deepEqual([role.Description, role.MaxSessionDuration], ['first', 7200]);
    await rejects(iam.send(new I.UpdateRoleCommand({ RoleName: 'app', MaxSessionDuration: 60 })), 'ValidationError', 400, "1 validation error detected: Value '60' at 'maxSessionDuration' failed to satisfy constraint: Member must have value greater than or equal to 3600");
    await rejects(iam.send(new I.UpdateRoleCommand({ RoleName: 'app', MaxSessionDuration: 43201 })), 'ValidationError', 400, /less than or equal to 43200/);
    await rejects(iam.send(new I.UpdateRoleCommand({ RoleName: 'ghost' })), 'NoSuchEntityException', 404, 'The role with name ghost cannot be found.');
    const described = await iam.send(new I.UpdateRoleDescriptionCommand({ RoleName: 'app', Description: 'second' }));
    assert.equal(described.Role!.Description, 'second');

    await iam.send(new I.DeleteRolePermissionsBoundaryCommand({ RoleName: 'app' }));
    assert.equal((await iam.send(new I.GetRoleCommand({ RoleName: 'app' }))).Role!.PermissionsBoundary, undefined);
    await iam.send(new I.PutRolePermissionsBoundaryCommand({ RoleName: 'app', PermissionsBoundary: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }));
    assert.equal((await iam.send(new I.GetRoleCommand({ RoleName: 'app' }))).Role!.PermissionsBoundary!.PermissionsBoundaryArn, 'arn:aws:iam::aws:policy/ReadOnlyAccess');
    await rejects(iam.send(new I.PutRolePermissionsBoundaryCommand({ RoleName: 'app', PermissionsBoundary: 'arn:aws:iam::123456789:not_a_boundary' })), 'InvalidInputException', 400, 'Value (arn:aws:iam::123456789:not_a_boundary) for parameter PermissionsBoundary is invalid.');
    const missing = 'arn:aws:iam::000000000000:policy/missing';
    await rejects(iam.send(new I.CreateRoleCommand({ RoleName: 'b', AssumeRolePolicyDocument: trust, PermissionsBoundary: missing })), 'NoSuchEntityException', 404, `Scope ARN: ${missing} does not exist or is not attachable.`);

    assert.deepEqual((await iam.send(new I.GetRoleCommand({ RoleName: 'app' }))).Role!.RoleLastUsed, {});
    await sts.send(new AssumeRoleCommand({ RoleArn: created.Role!.Arn!, RoleSessionName: 'session' }));
    role = (await iam.send(new I.GetRoleCommand({ RoleName: 'app' }))).Role!;
    assert.equal(role.RoleLastUsed!.Region, 'us-east-1');
    assert.ok(role.RoleLastUsed!.LastUsedDate instanceof Date);
  } finally {
    await close();
  }
});

test('service-linked roles: names, path, trust, suffix rules, protected from DeleteRole, deletion status', async () => {
  const { iam, close } = await openLocalForTest();
  try {
    const made = (await iam.send(new I.CreateServiceLinkedRoleCommand({ AWSServiceName: 'autoscaling.amazonaws.com', Description: 'asg' }))).Role!;
    assert.equal(made.RoleName, 'AWSServiceRoleForAutoScaling');
    assert.equal(made.Path, '/aws-service-role/autoscaling.amazonaws.com/');
    assert.equal(made.Arn, 'arn:aws:iam::000000000000:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling');
    assert.deepEqual(JSON.parse(decodeURIComponent(made.AssumeRolePolicyDocument!)).Statement[0].Principal, { Service: 'autoscaling.amazonaws.com' });
    const app = (await iam.send(new I.CreateServiceLinkedRoleCommand({ AWSServiceName: 'dynamodb.application-autoscaling.amazonaws.com' }))).Role!;
    assert.equal(app.RoleName, 'AWSServiceRoleForApplicationAutoScaling_DynamoDBTable');
    await rejects(iam.send(new I.CreateServiceLinkedRoleCommand({ AWSServiceName: 'autoscaling.amazonaws.com' })), 'InvalidInputException', 400,
      'Service role name AWSServiceRoleForAutoScaling has been taken in this account, please try a different suffix.');
    const suffixed = (await iam.send(new I.CreateServiceLinkedRoleCommand({ AWSServiceName: 'autoscaling.amazonaws.com', CustomSuffix: 'blue' }))).Role!;
    assert.equal(suffixed.RoleName, 'AWSServiceRoleForAutoScaling_blue');
    await rejects(iam.send(new I.CreateServiceLinkedRoleCommand({ AWSServiceName: 'es.amazonaws.com', CustomSuffix: 'x' })), 'InvalidInputException', 400, 'Custom suffix is not allowed for es.amazonaws.com');

    await rejects(iam.send(new I.DeleteRoleCommand({ RoleName: 'AWSServiceRoleForAutoScaling' })), 'UnmodifiableEntityException', 400,
      "Cannot perform the operation on the protected role 'AWSServiceRoleForAutoScaling' - this role is only modifiable by AWS");
    const task = await iam.send(new I.DeleteServiceLinkedRoleCommand({ RoleName: 'AWSServiceRoleForAutoScaling_blue' }));
    assert.match(task.DeletionTaskId!, /^task\/aws-service-role\/autoscaling\.amazonaws\.com\/AWSServiceRoleForAutoScaling_blue\/[0-9a-f-]{36}$/);
    assert.equal((await iam.send(new I.GetServiceLinkedRoleDeletionStatusCommand({ DeletionTaskId: task.DeletionTaskId }))).Status, 'SUCCEEDED');
    await rejects(iam.send(new I.GetRoleCommand({ RoleName: 'AWSServiceRoleForAutoScaling_blue' })), 'NoSuchEntityException', 404);
  } finally {
    await close();
  }
});

test('SAML and OIDC providers: metadata stored, ARNs, limits, wording', async () => {
  const { iam, close } = await openLocalForTest();
  try {
    const metadata = `<?xml version="1.0"?><EntityDescriptor xmlns="urn:oasis:names:tc:SAML:2.0:metadata" entityID="https://idp.example.com"><IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">${'<!-- pad -->'.repeat(90)}</IDPSSODescriptor></EntityDescriptor>`;
    const saml = await iam.send(new I.CreateSAMLProviderCommand({ Name: 'corp', SAMLMetadataDocument: metadata }));
    assert.equal(saml.SAMLProviderArn, 'arn:aws:iam::000000000000:saml-provider/corp');
    assert.equal((await iam.send(new I.GetSAMLProviderCommand({ SAMLProviderArn: saml.SAMLProviderArn }))).SAMLMetadataDocument, metadata);
    await rejects(iam.send(new I.CreateSAMLProviderCommand({ Name: 'bad', SAMLMetadataDocument: 'a'.repeat(1024) })), 'InvalidInputException', 400, 'Could not parse metadata');
    await rejects(iam.send(new I.CreateSAMLProviderCommand({ Name: 'short', SAMLMetadataDocument: '<EntityDescriptor/>' })), 'ValidationError', 400, /Member must have length greater than or equal to 1000/);
    const updated = metadata.replace('idp.example.com', 'idp2.example.com');
    await iam.send(new I.UpdateSAMLProviderCommand({ SAMLProviderArn: saml.SAMLProviderArn, SAMLMetadataDocument: updated }));
    assert.equal((await iam.send(new I.GetSAMLProviderCommand({ SAMLProviderArn: saml.SAMLProviderArn }))).SAMLMetadataDocument, updated);
    assert.deepEqual((await iam.send(new I.ListSAMLProvidersCommand({}))).SAMLProviderList!.map((p) => p.Arn), [saml.SAMLProviderArn]);
    await iam.send(new I.DeleteSAMLProviderCommand({ SAMLProviderArn: saml.SAMLProviderArn }));
    await rejects(iam.send(new I.GetSAMLProviderCommand({ SAMLProviderArn: saml.SAMLProviderArn })), 'NoSuchEntityException', 404);

    const thumb = 'a'.repeat(40);
    const oidc = await iam.send(new I.CreateOpenIDConnectProviderCommand({ Url: 'https://token.example.com/auth?x=1', ClientIDList: ['sts.amazonaws.com'], ThumbprintList: [thumb], Tags: [{ Key: 'k', Value: 'v' }] }));
    const arn = oidc.OpenIDConnectProviderArn!;
    assert.equal(arn, 'arn:aws:iam::000000000000:oidc-provider/token.example.com/auth');
    const got = await iam.send(new I.GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn }));
    assert.deepEqual([got.Url, got.ClientIDList, got.ThumbprintList, got.Tags], ['token.example.com/auth', ['sts.amazonaws.com'], [thumb], [{ Key: 'k', Value: 'v' }]]);
    await rejects(iam.send(new I.CreateOpenIDConnectProviderCommand({ Url: 'https://token.example.com/auth', ThumbprintList: [] })), 'EntityAlreadyExistsException', 409);
    await rejects(iam.send(new I.CreateOpenIDConnectProviderCommand({ Url: 'example.org', ThumbprintList: [] })), 'InvalidInputException', 400, 'Invalid Open ID Connect Provider URL');
    await rejects(iam.send(new I.CreateOpenIDConnectProviderCommand({ Url: 'https://b.example', ThumbprintList: ['b'.repeat(41)] })), 'ValidationError', 400, /at 'thumbprintList' failed to satisfy constraint/);
    await rejects(iam.send(new I.CreateOpenIDConnectProviderCommand({ Url: 'https://c.example', ClientIDList: Array.from({ length: 101 }, (_, i) => `c${i}`) })), 'LimitExceededException', 409, 'Cannot exceed quota for ClientIdsPerOpenIdConnectProvider: 100');
    await iam.send(new I.UpdateOpenIDConnectProviderThumbprintCommand({ OpenIDConnectProviderArn: arn, ThumbprintList: ['c'.repeat(40), 'd'.repeat(40)] }));
    await iam.send(new I.AddClientIDToOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn, ClientID: 'app' }));
    await iam.send(new I.RemoveClientIDFromOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn, ClientID: 'sts.amazonaws.com' }));
    const after = await iam.send(new I.GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn }));
    assert.deepEqual([after.ThumbprintList, after.ClientIDList], [['c'.repeat(40), 'd'.repeat(40)], ['app']]);
    assert.deepEqual((await iam.send(new I.ListOpenIDConnectProvidersCommand({}))).OpenIDConnectProviderList, [{ Arn: arn }]);
    await iam.send(new I.CreateSAMLProviderCommand({ Name: 'again', SAMLMetadataDocument: metadata }));
    assert.equal((await iam.send(new I.GetAccountSummaryCommand({}))).SummaryMap!.Providers, 2);
    await iam.send(new I.DeleteOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn }));
    await iam.send(new I.DeleteOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn }));
    await rejects(iam.send(new I.GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn })), 'NoSuchEntityException', 404, `OpenIDConnect Provider not found for arn ${arn}`);
  } finally {
    await close();
  }
});

test('server certificates, account alias and password policy', async () => {
  const { iam, close } = await openLocalForTest();
  try {
    const [body, key] = [fixture('server-cert.pem'), fixture('server-key.pem')];
    const up = await iam.send(new I.UploadServerCertificateCommand({ ServerCertificateName: 'site', CertificateBody: body, PrivateKey: key, Path: '/web/' }));
    const meta = up.ServerCertificateMetadata!;
    assert.match(meta.ServerCertificateId!, /^ASCA[A-Z2-7]{17}$/);
    assert.equal(meta.Arn, 'arn:aws:iam::000000000000:server-certificate/web/site');
    assert.equal(meta.Expiration!.getUTCFullYear(), 2126);
    await rejects(iam.send(new I.UploadServerCertificateCommand({ ServerCertificateName: 'site', CertificateBody: body, PrivateKey: key })), 'EntityAlreadyExistsException', 409);
    await rejects(iam.send(new I.UploadServerCertificateCommand({ ServerCertificateName: 'x', CertificateBody: 'certbody', PrivateKey: key })), 'MalformedCertificateException', 400);
    await rejects(iam.send(new I.UploadServerCertificateCommand({ ServerCertificateName: 'x', CertificateBody: body, PrivateKey: fixture('other-key.pem') })), 'KeyPairMismatchException', 400);
    const got = (await iam.send(new I.GetServerCertificateCommand({ ServerCertificateName: 'site' }))).ServerCertificate!;
    assert.equal(got.CertificateBody, body);
    assert.equal(got.CertificateChain, undefined);
    await iam.send(new I.UpdateServerCertificateCommand({ ServerCertificateName: 'site', NewServerCertificateName: 'site2', NewPath: '/' }));
    const listed = (await iam.send(new I.ListServerCertificatesCommand({}))).ServerCertificateMetadataList!;
    assert.deepEqual(listed.map((c) => c.Arn), ['arn:aws:iam::000000000000:server-certificate/site2']);
    await iam.send(new I.DeleteServerCertificateCommand({ ServerCertificateName: 'site2' }));
    await rejects(iam.send(new I.DeleteServerCertificateCommand({ ServerCertificateName: 'site2' })), 'NoSuchEntityException', 404, 'The Server Certificate with name site2 cannot be found.');

    assert.deepEqual((await iam.send(new I.ListAccountAliasesCommand({}))).AccountAliases, []);
    await iam.send(new I.CreateAccountAliasCommand({ AccountAlias: 'my-lake' }));
    await rejects(iam.send(new I.CreateAccountAliasCommand({ AccountAlias: 'other-lake' })), 'LimitExceededException', 409, 'Cannot exceed quota for AccountAliasesPerAccount: 1');
    await rejects(iam.send(new I.CreateAccountAliasCommand({ AccountAlias: 'Bad--Alias' })), 'ValidationError', 400, /at 'accountAlias'/);
    assert.deepEqual((await iam.send(new I.ListAccountAliasesCommand({}))).AccountAliases, ['my-lake']);
    await iam.send(new I.DeleteAccountAliasCommand({ AccountAlias: 'my-lake' }));
    await rejects(iam.send(new I.DeleteAccountAliasCommand({ AccountAlias: 'my-lake' })), 'NoSuchEntityException', 404);

    await rejects(iam.send(new I.GetAccountPasswordPolicyCommand({})), 'NoSuchEntityException', 404, 'The Password Policy with domain name 000000000000 cannot be found.');
    await rejects(iam.send(new I.DeleteAccountPasswordPolicyCommand({})), 'NoSuchEntityException', 404, 'The account policy with name PasswordPolicy cannot be found.');
    await rejects(iam.send(new I.UpdateAccountPasswordPolicyCommand({ MaxPasswordAge: 1096, MinimumPasswordLength: 129, PasswordReusePrevention: 25 })), 'ValidationError', 400,
      "3 validation errors detected: Value '129' at 'minimumPasswordLength' failed to satisfy constraint: Member must have value less than or equal to 128; Value '1096' at 'maxPasswordAge' failed to satisfy constraint: Member must have value less than or equal to 1095; Value '25' at 'passwordReusePrevention' failed to satisfy constraint: Member must have value less than or equal to 24");
    await iam.send(new I.UpdateAccountPasswordPolicyCommand({ MinimumPasswordLength: 12, RequireSymbols: true, MaxPasswordAge: 90 }));
    const policy = (await iam.send(new I.GetAccountPasswordPolicyCommand({}))).PasswordPolicy!;
    assert.deepEqual([policy.MinimumPasswordLength, policy.RequireSymbols, policy.RequireNumbers, policy.MaxPasswordAge, policy.ExpirePasswords, policy.PasswordReusePrevention], [12, true, false, 90, true, undefined]);
    await iam.send(new I.DeleteAccountPasswordPolicyCommand({}));
    await rejects(iam.send(new I.GetAccountPasswordPolicyCommand({})), 'NoSuchEntityException', 404);
  } finally {
    await close();
  }
});

test('per-user items: virtual and enabled MFA devices, SSH public keys, signing certificates; DeleteUser conflicts', async () => {
  const { iam, close } = await openLocalForTest();
  try {
    await iam.send(new I.CreateUserCommand({ UserName: 'ana', Tags: [{ Key: 'k', Value: 'v' }] }));

    const device = (await iam.send(new I.CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'phone', Path: '/team/' }))).VirtualMFADevice!;
    assert.equal(device.SerialNumber, 'arn:aws:iam::000000000000:mfa/team/phone');
    assert.match(Buffer.from(device.Base32StringSeed!).toString(), /^[A-Z2-7]{64}$/);
    assert.deepEqual([...device.QRCodePNG!.subarray(0, 4)], [137, 80, 78, 71]);
    await rejects(iam.send(new I.CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'phone', Path: '/team/' })), 'EntityAlreadyExistsException', 409, 'MFADevice entity at the same path and name already exists.');
    await rejects(iam.send(new I.EnableMFADeviceCommand({ UserName: 'ana', SerialNumber: device.SerialNumber, AuthenticationCode1: '12345', AuthenticationCode2: '654321' })), 'ValidationError', 400, /authenticationCode1/);
    await rejects(iam.send(new I.EnableMFADeviceCommand({ UserName: 'bob', SerialNumber: device.SerialNumber, AuthenticationCode1: '123456', AuthenticationCode2: '654321' })), 'NoSuchEntityException', 404, 'The user with name bob cannot be found.');
    await iam.send(new I.EnableMFADeviceCommand({ UserName: 'ana', SerialNumber: device.SerialNumber, AuthenticationCode1: '123456', AuthenticationCode2: '654321' }));
    const assigned = (await iam.send(new I.ListVirtualMFADevicesCommand({ AssignmentStatus: 'Assigned' }))).VirtualMFADevices!;
    assert.deepEqual([assigned[0]!.SerialNumber, assigned[0]!.User!.UserName, assigned[0]!.User!.Tags], [device.SerialNumber, 'ana', [{ Key: 'k', Value: 'v' }]]);
    assert.deepEqual((await iam.send(new I.ListVirtualMFADevicesCommand({ AssignmentStatus: 'Unassigned' }))).VirtualMFADevices, []);
    assert.deepEqual((await iam.send(new I.ListMFADevicesCommand({ UserName: 'ana' }))).MFADevices!.map((d) => d.SerialNumber), [device.SerialNumber]);
    assert.equal((await iam.send(new I.GetMFADeviceCommand({ UserName: 'ana', SerialNumber: device.SerialNumber }))).UserName, 'ana');
    const summary = (await iam.send(new I.GetAccountSummaryCommand({}))).SummaryMap!;
    assert.deepEqual([summary.MFADevices, summary.MFADevicesInUse], [1, 1]);
    await rejects(iam.send(new I.DeleteVirtualMFADeviceCommand({ SerialNumber: device.SerialNumber })), 'DeleteConflictException', 409);
    await rejects(iam.send(new I.DeleteUserCommand({ UserName: 'ana' })), 'DeleteConflictException', 409, 'Cannot delete entity, must delete MFA device first.');
    await iam.send(new I.DeactivateMFADeviceCommand({ UserName: 'ana', SerialNumber: device.SerialNumber }));
    assert.deepEqual((await iam.send(new I.ListMFADevicesCommand({ UserName: 'ana' }))).MFADevices, []);
    await iam.send(new I.TagMFADeviceCommand({ SerialNumber: device.SerialNumber, Tags: [{ Key: 'a', Value: 'b' }] }));
    assert.deepEqual((await iam.send(new I.ListMFADeviceTagsCommand({ SerialNumber: device.SerialNumber }))).Tags, [{ Key: 'a', Value: 'b' }]);
    await iam.send(new I.DeleteVirtualMFADeviceCommand({ SerialNumber: device.SerialNumber }));
    await rejects(iam.send(new I.DeleteVirtualMFADeviceCommand({ SerialNumber: device.SerialNumber })), 'NoSuchEntityException', 404, `VirtualMFADevice with serial number ${device.SerialNumber} doesn't exist.`);

    const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const pem = publicKey.export({ type: 'spki', format: 'pem' }) as string;
    const up = (await iam.send(new I.UploadSSHPublicKeyCommand({ UserName: 'ana', SSHPublicKeyBody: pem }))).SSHPublicKey!;
    assert.match(up.SSHPublicKeyId!, /^APKA[A-Z2-7]{16}$/);
    assert.match(up.Fingerprint!, /^([0-9a-f]{2}:){15}[0-9a-f]{2}$/);
    assert.equal(up.Status, 'Active');
    const asSsh = (await iam.send(new I.GetSSHPublicKeyCommand({ UserName: 'ana', SSHPublicKeyId: up.SSHPublicKeyId, Encoding: 'SSH' }))).SSHPublicKey!;
    assert.match(asSsh.SSHPublicKeyBody!, /^ssh-rsa AAAAB3NzaC1yc2E/);
    await rejects(iam.send(new I.UploadSSHPublicKeyCommand({ UserName: 'ana', SSHPublicKeyBody: asSsh.SSHPublicKeyBody })), 'DuplicateSSHPublicKeyException', 400);
    await rejects(iam.send(new I.UploadSSHPublicKeyCommand({ UserName: 'ana', SSHPublicKeyBody: fixture('server-cert.pem') })), 'UnrecognizedPublicKeyEncodingException', 400);
    await iam.send(new I.UpdateSSHPublicKeyCommand({ UserName: 'ana', SSHPublicKeyId: up.SSHPublicKeyId, Status: 'Inactive' }));
    assert.deepEqual((await iam.send(new I.ListSSHPublicKeysCommand({ UserName: 'ana' }))).SSHPublicKeys!.map((k) => k.Status), ['Inactive']);
    await rejects(iam.send(new I.DeleteSSHPublicKeyCommand({ UserName: 'ana', SSHPublicKeyId: 'APKANOPE' })), 'NoSuchEntityException', 404);
    await iam.send(new I.DeleteSSHPublicKeyCommand({ UserName: 'ana', SSHPublicKeyId: up.SSHPublicKeyId }));

    const cert = (await iam.send(new I.UploadSigningCertificateCommand({ UserName: 'ana', CertificateBody: fixture('server-cert.pem') }))).Certificate!;
    assert.deepEqual([cert.UserName, cert.Status], ['ana', 'Active']);
    await iam.send(new I.GenerateCredentialReportCommand({}));
    const [header, , anaRow] = Buffer.from((await iam.send(new I.GetCredentialReportCommand({}))).Content!).toString().split('\n').map((l) => l.split(','));
    assert.equal(anaRow![header!.indexOf('cert_1_active')], 'true');
    assert.equal(anaRow![header!.indexOf('cert_2_active')], 'false');
    await rejects(iam.send(new I.UploadSigningCertificateCommand({ UserName: 'ana', CertificateBody: 'notacert' })), 'MalformedCertificateException', 400);
    await rejects(iam.send(new I.UploadSigningCertificateCommand({ UserName: 'ghost', CertificateBody: fixture('server-cert.pem') })), 'NoSuchEntityException', 404, 'The user with name ghost cannot be found.');
    await iam.send(new I.UpdateSigningCertificateCommand({ UserName: 'ana', CertificateId: cert.CertificateId, Status: 'Inactive' }));
    assert.deepEqual((await iam.send(new I.ListSigningCertificatesCommand({ UserName: 'ana' }))).Certificates!.map((c) => c.Status), ['Inactive']);
    await rejects(iam.send(new I.DeleteUserCommand({ UserName: 'ana' })), 'DeleteConflictException', 409, 'Cannot delete entity, must delete signing certificates first.');
    await rejects(iam.send(new I.DeleteSigningCertificateCommand({ UserName: 'ana', CertificateId: 'x'.repeat(32) })), 'NoSuchEntityException', 404, `The Certificate with id ${'x'.repeat(32)} cannot be found.`);
    await iam.send(new I.DeleteSigningCertificateCommand({ UserName: 'ana', CertificateId: cert.CertificateId }));
    await iam.send(new I.DeleteUserCommand({ UserName: 'ana' }));
  } finally {
    await close();
  }
});
