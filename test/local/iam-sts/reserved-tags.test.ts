// IAM input checks QA found, through the real JS SDK in-process: an OIDC provider URL must be https://, and tag
// keys starting with `aws:` (any case) are refused on every IAM tagging path, creation included.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as I from '@aws-sdk/client-iam';
import { openLocalForTest } from '../../support/local-clients.js';

const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
const doc = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] });
const reserved = [{ Key: 'aws:team', Value: 'x' }];

async function refused(p: Promise<unknown>, key = 'aws:team') {
  await assert.rejects(p, (e: any) => {
    assert.equal(e.name, 'InvalidInputException');
    assert.equal(e.$metadata.httpStatusCode, 400);
    assert.equal(e.message, `Tag keys starting with 'aws:' are reserved for AWS use: ${key}.`);
    return true;
  });
}

test('CreateOpenIDConnectProvider refuses a URL that is not https://', async () => {
  const { iam, close } = await openLocalForTest();
  try {
    for (const Url of ['http://token.example.com', 'ftp://token.example.com', 'token.example.com']) {
      await assert.rejects(iam.send(new I.CreateOpenIDConnectProviderCommand({ Url, ThumbprintList: [] })), (e: any) =>
        e.name === 'InvalidInputException' && e.message === 'Invalid Open ID Connect Provider URL');
    }
    assert.deepEqual((await iam.send(new I.ListOpenIDConnectProvidersCommand({}))).OpenIDConnectProviderList, []);
    const ok = await iam.send(new I.CreateOpenIDConnectProviderCommand({ Url: 'HTTPS://Token.example.com', ThumbprintList: [] }));
    assert.equal(ok.OpenIDConnectProviderArn, 'arn:aws:iam::000000000000:oidc-provider/Token.example.com');
  } finally {
    await close();
  }
});

test('tag keys starting with aws: are refused on creation, Tag* and Untag*, and nothing is stored', async () => {
  const { iam, close } = await openLocalForTest();
  try {
    await refused(iam.send(new I.CreateRoleCommand({ RoleName: 'r', AssumeRolePolicyDocument: trust, Tags: reserved })));
    await refused(iam.send(new I.CreateUserCommand({ UserName: 'u', Tags: [{ Key: 'AWS:Team', Value: 'x' }] })), 'AWS:Team');
    await refused(iam.send(new I.CreatePolicyCommand({ PolicyName: 'p', PolicyDocument: doc, Tags: reserved })));
    await refused(iam.send(new I.CreateInstanceProfileCommand({ InstanceProfileName: 'ip', Tags: reserved })));
    await refused(iam.send(new I.CreateOpenIDConnectProviderCommand({ Url: 'https://a.example', ThumbprintList: [], Tags: reserved })));
    assert.deepEqual((await iam.send(new I.ListRolesCommand({}))).Roles, []);

    await iam.send(new I.CreateRoleCommand({ RoleName: 'r', AssumeRolePolicyDocument: trust, Tags: [{ Key: 'team', Value: 'lake' }] }));
    await iam.send(new I.CreateUserCommand({ UserName: 'u' }));
    const policy = (await iam.send(new I.CreatePolicyCommand({ PolicyName: 'p', PolicyDocument: doc }))).Policy!.Arn!;
    await iam.send(new I.CreateInstanceProfileCommand({ InstanceProfileName: 'ip' }));
    const oidc = (await iam.send(new I.CreateOpenIDConnectProviderCommand({ Url: 'https://a.example', ThumbprintList: [] }))).OpenIDConnectProviderArn!;
    await refused(iam.send(new I.TagRoleCommand({ RoleName: 'r', Tags: [{ Key: 'ok', Value: '1' }, ...reserved] })));
    await refused(iam.send(new I.TagUserCommand({ UserName: 'u', Tags: reserved })));
    await refused(iam.send(new I.TagPolicyCommand({ PolicyArn: policy, Tags: reserved })));
    await refused(iam.send(new I.TagInstanceProfileCommand({ InstanceProfileName: 'ip', Tags: reserved })));
    await refused(iam.send(new I.TagOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: oidc, Tags: reserved })));
    await refused(iam.send(new I.UntagRoleCommand({ RoleName: 'r', TagKeys: ['aws:team'] })));
    await refused(iam.send(new I.UntagUserCommand({ UserName: 'u', TagKeys: ['aws:team'] })));
    assert.deepEqual((await iam.send(new I.ListRoleTagsCommand({ RoleName: 'r' }))).Tags, [{ Key: 'team', Value: 'lake' }]);
    // A key that merely contains aws: elsewhere is an ordinary key.
    await iam.send(new I.TagRoleCommand({ RoleName: 'r', Tags: [{ Key: 'x:aws:y', Value: '1' }] }));
    assert.equal((await iam.send(new I.ListRoleTagsCommand({ RoleName: 'r' }))).Tags!.length, 2);
  } finally {
    await close();
  }
});
