// IAM's policy grammar as AWS answers it: each refused document gets the MalformedPolicyDocument message AWS
// gives (the first problem in AWS's order), accepted ones create a policy. Through the JS SDK in-process
// (CreatePolicy and PutRolePolicy), and boto3 through serve.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { promisify } from 'node:util';
import { CreatePolicyCommand, CreateRoleCommand, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { startServer } from '../../../src/local/server.js';
import { PYTHON_WITH_BOTO3 } from '../../support/boto3.js';
import { openLocalForTest, type LocalTestClients } from '../../support/local-clients.js';

const V = '2012-10-17';
const stmt = (s: Record<string, unknown>) => ({ Version: V, Statement: { Effect: 'Allow', Action: 's3:ListBucket', Resource: 'arn:aws:s3:::b', ...s } });

const IAM_PATH = 'IAM resource path must either be "*" or start with user/, federated-user/, role/, group/, instance-profile/, mfa/, server-certificate/, policy/, sms-mfa/, saml-provider/, oidc-provider/, report/, access-report/.';
const SID_FORMAT = 'Statement IDs (SID) must be alpha-numeric. Check that your input satisfies the regular expression [0-9A-Za-z]*';

/** [document, AWS's message] */
const refused: Array<[unknown, string]> = [
  // Any `x:` prefix reads as `arn:`; a bad partition is named with the resource in six parts.
  [stmt({ Resource: 'a:bsdfdsafsad' }), 'Partition "bsdfdsafsad" is not valid for resource "arn:bsdfdsafsad:*:*:*:*".'],
  [stmt({ Resource: 'a:b:cadfsdf' }), 'Partition "b" is not valid for resource "arn:b:cadfsdf:*:*:*".'],
  [stmt({ Resource: 'a:b:c:d:e:f:g:h' }), 'Partition "b" is not valid for resource "arn:b:c:d:e:f:g:h".'],
  [stmt({ Resource: 'aws:s3:::example_bucket' }), 'Partition "s3" is not valid for resource "arn:s3:::example_bucket:*".'],
  // A resource failing the format check wins over one the legacy parser would refuse.
  [stmt({ Resource: ['arn:error:s3:::b', 'arn:error:s3::b'] }), 'Partition "error" is not valid for resource "arn:error:s3:::b".'],
  [stmt({ Resource: 'arn:aws' }), 'Resource vendor must be fully qualified and cannot contain regexes.'],
  [stmt({ Resource: 'arn:aws:iam:::example' }), IAM_PATH],
  [stmt({ Resource: 'arn:aws:iam:us-east-1::user/x' }), 'IAM resource arn:aws:iam:us-east-1::user/x cannot contain region information.'],
  [stmt({ Resource: 'arn:aws:s3:us-east-1::b' }), 'Resource arn:aws:s3:us-east-1::b can not contain region information.'],
  // Unknown condition operators (with a non-empty block) are syntax errors.
  [stmt({ Condition: { x: { a: '1' } } }), 'Syntax errors in policy.'],
  [stmt({ Condition: { 'ForAnyValue::StringEqualsIfExists': { a: 'x' } } }), 'Syntax errors in policy.'],
  [stmt({ Condition: { StringEquals: { a: { nested: 1 } } } }), 'Syntax errors in policy.'],
  // Date conditions go through the legacy parser, before any resource or action check.
  [stmt({ Condition: { DateGreaterThan: { a: 'sdfdsf' } } }), 'The policy failed legacy parsing'],
  [{ Version: V, Statement: { Effect: 'Allow', Condition: { DateGreaterThan: { a: 'x' } } } }, 'The policy failed legacy parsing'],
  [stmt({ Condition: { DateLessThanEquals: { a: '234-13' } } }), 'The policy failed legacy parsing'],
  [stmt({ Condition: { DateLessThanEquals: { a: '2016-12-13t2:00:00.593194+1' } } }), 'The policy failed legacy parsing'],
  [stmt({ Condition: { DateLessThanEquals: { a: '2016-12-13t2:00:00.1999999999+10:59' } } }), 'The policy failed legacy parsing'],
  [stmt({ Condition: { DateLessThan: { a: '9223372036854775808' } } }), 'The policy failed legacy parsing'],
  [stmt({ Resource: 'arn:error:s3:::b', Condition: { DateGreaterThan: { a: 'x' } } }), 'The policy failed legacy parsing'],
  // Identity policies name no principal; Sids are alphanumeric.
  [stmt({ Principal: { AWS: '*' } }), 'Policy document should not specify a principal.'],
  [{ Version: V, Statement: { Effect: 'Allow', Action: 's3:*', NotPrincipal: '*' } }, 'Policy document should not specify a principal.'],
  [stmt({ Sid: 'read-bucket' }), SID_FORMAT],
  [{ Version: V, Statement: [{ ...stmt({}).Statement, Sid: 'a_b' }, { ...stmt({}).Statement, Sid: 'a_b' }] }, SID_FORMAT],
];

const accepted: unknown[] = [
  stmt({ Condition: { NumericLessThanEquals: { 's3:max-keys': 10 } } }),
  stmt({ Condition: { DateGreaterThan: { 'aws:CurrentTime': '2020-01-01T00:00:00-05:00' }, DateLessThan: { 'aws:EpochTime': 1893456000 } } }),
  stmt({ Condition: { 'ForAllValues:StringLikeIfExists': { 'aws:TagKeys': ['a*', 'b'] }, Bool: { 'aws:SecureTransport': true } } }),
  stmt({ Resource: ['arn:aws:s3:us-west-2:123456789012:accesspoint/ap', 'arn:aws:s3:us-east-1:123456789012:job/*', null] }),
  stmt({ Resource: 'arn:aws:iam::123456789012:*' }),
  stmt({ Sid: 'ReadBucket1' }),
];

let c: LocalTestClients;
before(async () => {
  c = await openLocalForTest();
  await c.iam.send(new CreateRoleCommand({ RoleName: 'r', AssumeRolePolicyDocument: JSON.stringify({ Version: V, Statement: [] }) }));
});
after(() => c.close());

test('CreatePolicy and PutRolePolicy refuse documents with the message AWS gives', async () => {
  for (const [document, message] of refused) {
    const PolicyDocument = JSON.stringify(document);
    const expected = (e: any) => e.name === 'MalformedPolicyDocumentException' && e.message === message && e.$metadata.httpStatusCode === 400;
    await assert.rejects(c.iam.send(new CreatePolicyCommand({ PolicyName: 'p', PolicyDocument })), expected, PolicyDocument);
    await assert.rejects(c.iam.send(new PutRolePolicyCommand({ RoleName: 'r', PolicyName: 'p', PolicyDocument })), expected, PolicyDocument);
  }
});

test('documents within the grammar are accepted', async () => {
  for (const [i, document] of accepted.entries()) {
    const out = await c.iam.send(new CreatePolicyCommand({ PolicyName: `ok${i}`, PolicyDocument: JSON.stringify(document) }));
    assert.equal(out.Policy?.PolicyName, `ok${i}`);
  }
});

/** A valid document of exactly `size` characters other than white space. */
function sized(size: number, spaces = 0): string {
  const base = JSON.stringify({ Version: V, Statement: { Sid: '', Effect: 'Allow', Action: 's3:*', Resource: '*' } });
  return base.replace('"Sid":""', `"Sid":"${'S'.repeat(size - base.length)}"`).replace('{', `{${' '.repeat(spaces)}`);
}

test('size quotas: a managed policy 6,144 characters, a role\'s inline policies 10,240 together (white space not counted)', async () => {
  const tooBig = (message: string) => (e: any) => e.name === 'LimitExceededException' && e.message === message && e.$metadata.httpStatusCode === 409;
  await c.iam.send(new CreatePolicyCommand({ PolicyName: 'max', PolicyDocument: sized(6144, 500) }));
  await assert.rejects(c.iam.send(new CreatePolicyCommand({ PolicyName: 'over', PolicyDocument: sized(6145) })), tooBig('Cannot exceed quota for PolicySize: 6144'));
  await c.iam.send(new CreateRoleCommand({ RoleName: 'sized', AssumeRolePolicyDocument: JSON.stringify({ Version: V, Statement: [] }) }));
  await c.iam.send(new PutRolePolicyCommand({ RoleName: 'sized', PolicyName: 'a', PolicyDocument: sized(6000) }));
  await assert.rejects(c.iam.send(new PutRolePolicyCommand({ RoleName: 'sized', PolicyName: 'b', PolicyDocument: sized(4241) })), tooBig('Maximum policy size of 10240 bytes exceeded for role sized'));
  // Replacing a policy counts its new document only.
  await c.iam.send(new PutRolePolicyCommand({ RoleName: 'sized', PolicyName: 'a', PolicyDocument: sized(6000) }));
  await c.iam.send(new PutRolePolicyCommand({ RoleName: 'sized', PolicyName: 'b', PolicyDocument: sized(4240) }));
});

test('boto3 through serve: create_policy answers the grammar errors', async (t) => {
  if (!PYTHON_WITH_BOTO3) return t.skip('no python3 with boto3');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lh-iam-grammar-'));
  const server = await startServer({ dataDir, port: 0 });
  try {
    const script = String.raw`
import boto3, json, sys
iam = boto3.client('iam', endpoint_url=sys.argv[1], region_name='us-east-1', aws_access_key_id='test', aws_secret_access_key='test')
out = []
for i, doc in enumerate(json.loads(sys.argv[2])):
    try:
        iam.create_policy(PolicyName='p%d' % i, PolicyDocument=doc)
        out.append('created')
    except iam.exceptions.MalformedPolicyDocumentException as e:
        out.append([e.response['Error']['Code'], e.response['ResponseMetadata']['HTTPStatusCode'], e.response['Error']['Message']])
print(json.dumps(out))
`;
    const docs = [...refused.map(([d]) => JSON.stringify(d)), JSON.stringify(accepted[0])];
    const { stdout } = await promisify(execFile)(PYTHON_WITH_BOTO3, ['-c', script, server.endpoint, JSON.stringify(docs)]);
    assert.deepEqual(JSON.parse(stdout), [...refused.map(([, m]) => ['MalformedPolicyDocument', 400, m]), 'created']);
  } finally {
    await server.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
