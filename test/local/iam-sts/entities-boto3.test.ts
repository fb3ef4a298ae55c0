// boto3 through a real `serve` for the IAM entities beyond roles and policies: instance profiles, service-linked
// roles, OIDC and SAML providers, the password policy, virtual MFA devices, SSH keys — with their errors as
// boto3 models them (codes, HTTP statuses, blobs, timestamps).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PY_ERROR_HELPER, PYTHON_WITH_BOTO3, runBoto3AgainstServe } from '../../support/boto3.js';

const SCRIPT = String.raw`
import json, sys, boto3
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives import serialization
iam = boto3.client('iam', endpoint_url=sys.argv[1], region_name='us-east-1', aws_access_key_id='test', aws_secret_access_key='test')
out = {}
${PY_ERROR_HELPER}
trust = json.dumps({'Version': '2012-10-17', 'Statement': [{'Effect': 'Allow', 'Principal': {'Service': 'ec2.amazonaws.com'}, 'Action': 'sts:AssumeRole'}]})
iam.create_role(RoleName='web', AssumeRolePolicyDocument=trust)
iam.create_instance_profile(InstanceProfileName='web-profile')
iam.add_role_to_instance_profile(InstanceProfileName='web-profile', RoleName='web')
out['profile_roles'] = [r['RoleName'] for r in iam.get_instance_profile(InstanceProfileName='web-profile')['InstanceProfile']['Roles']]
out['delete_role'] = error(iam.delete_role, RoleName='web')
out['missing_profile'] = error(iam.get_instance_profile, InstanceProfileName='nope')
slr = iam.create_service_linked_role(AWSServiceName='elasticbeanstalk.amazonaws.com')['Role']
out['slr'] = [slr['RoleName'], slr['Path']]
task = iam.delete_service_linked_role(RoleName=slr['RoleName'])['DeletionTaskId']
out['slr_status'] = iam.get_service_linked_role_deletion_status(DeletionTaskId=task)['Status']
arn = iam.create_open_id_connect_provider(Url='https://token.example.com', ClientIDList=['sts.amazonaws.com'], ThumbprintList=['a' * 40])['OpenIDConnectProviderArn']
got = iam.get_open_id_connect_provider(OpenIDConnectProviderArn=arn)
out['oidc'] = [arn, got['Url'], got['ClientIDList'], got['CreateDate'].year > 2000]
out['oidc_http'] = error(iam.create_open_id_connect_provider, Url='http://plain.example.com', ThumbprintList=[])
out['reserved_tag'] = error(iam.tag_role, RoleName='web', Tags=[{'Key': 'AWS:owner', 'Value': 'x'}])
out['oidc_missing'] = error(iam.get_open_id_connect_provider, OpenIDConnectProviderArn=arn + 'x')
out['saml_bad'] = error(iam.create_saml_provider, Name='corp', SAMLMetadataDocument='a' * 1024)
out['policy_missing'] = error(iam.get_account_password_policy)
iam.update_account_password_policy(MinimumPasswordLength=10, RequireNumbers=True)
out['policy'] = iam.get_account_password_policy()['PasswordPolicy']
out['policy_bad'] = error(iam.update_account_password_policy, MinimumPasswordLength=129)
device = iam.create_virtual_mfa_device(VirtualMFADeviceName='phone')['VirtualMFADevice']
out['mfa'] = [device['SerialNumber'], len(device['Base32StringSeed']), device['QRCodePNG'][:4] == b'\x89PNG']
out['mfa_missing'] = error(iam.delete_virtual_mfa_device, SerialNumber=device['SerialNumber'] + 'x')
iam.create_user(UserName='dev')
key = rsa.generate_private_key(public_exponent=65537, key_size=2048).public_key()
ssh = key.public_bytes(serialization.Encoding.OpenSSH, serialization.PublicFormat.OpenSSH).decode()
up = iam.upload_ssh_public_key(UserName='dev', SSHPublicKeyBody=ssh)['SSHPublicKey']
out['ssh'] = [up['SSHPublicKeyId'][:4], len(up['SSHPublicKeyId']), up['SSHPublicKeyBody'] == ssh, up['Status']]
pem = iam.get_ssh_public_key(UserName='dev', SSHPublicKeyId=up['SSHPublicKeyId'], Encoding='PEM')['SSHPublicKey']['SSHPublicKeyBody']
out['ssh_pem'] = pem.startswith('-----BEGIN PUBLIC KEY-----')
out['ssh_missing'] = error(iam.get_ssh_public_key, UserName='dev', SSHPublicKeyId='APKAXXXXXXXXXXXXXXXX', Encoding='SSH')
print(json.dumps(out))
`;

test('boto3 against serve: instance profiles, service-linked roles, OIDC/SAML, password policy, MFA, SSH keys', { skip: PYTHON_WITH_BOTO3 ? false : 'python3 with boto3 not installed' }, async () => {
  const out = await runBoto3AgainstServe(SCRIPT, 'lh-iam-entities-');
  assert.deepEqual(out.profile_roles, ['web']);
  assert.deepEqual(out.delete_role, ['DeleteConflict', 409, 'Cannot delete entity, must remove roles from instance profile first.']);
  assert.deepEqual(out.missing_profile, ['NoSuchEntity', 404, 'Instance Profile nope cannot be found.']);
  assert.deepEqual(out.slr, ['AWSServiceRoleForElasticBeanstalk', '/aws-service-role/elasticbeanstalk.amazonaws.com/']);
  assert.equal(out.slr_status, 'SUCCEEDED');
  assert.deepEqual(out.oidc, ['arn:aws:iam::000000000000:oidc-provider/token.example.com', 'token.example.com', ['sts.amazonaws.com'], true]);
  assert.deepEqual(out.oidc_http, ['InvalidInput', 400, 'Invalid Open ID Connect Provider URL']);
  assert.deepEqual(out.reserved_tag, ['InvalidInput', 400, "Tag keys starting with 'aws:' are reserved for AWS use: AWS:owner."]);
  assert.deepEqual(out.oidc_missing, ['NoSuchEntity', 404, `OpenIDConnect Provider not found for arn ${out.oidc[0]}x`]);
  assert.deepEqual(out.saml_bad, ['InvalidInput', 400, 'Could not parse metadata']);
  assert.deepEqual(out.policy_missing, ['NoSuchEntity', 404, 'The Password Policy with domain name 000000000000 cannot be found.']);
  assert.deepEqual(out.policy, {
    MinimumPasswordLength: 10, RequireSymbols: false, RequireNumbers: true, RequireUppercaseCharacters: false,
    RequireLowercaseCharacters: false, AllowUsersToChangePassword: false, ExpirePasswords: false,
  });
  assert.deepEqual(out.policy_bad, ['ValidationError', 400, "1 validation error detected: Value '129' at 'minimumPasswordLength' failed to satisfy constraint: Member must have value less than or equal to 128"]);
  assert.deepEqual(out.mfa, ['arn:aws:iam::000000000000:mfa/phone', 64, true]);
  assert.deepEqual(out.mfa_missing, ['NoSuchEntity', 404, `VirtualMFADevice with serial number ${out.mfa[0]}x doesn't exist.`]);
  assert.deepEqual(out.ssh, ['APKA', 20, true, 'Active']);
  assert.equal(out.ssh_pem, true);
  assert.deepEqual(out.ssh_missing, ['NoSuchEntity', 404, 'The Public Key with id APKAXXXXXXXXXXXXXXXX cannot be found.']);
});
