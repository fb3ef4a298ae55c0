// IAM list paging as AWS does it for roles and managed policies: MaxItems 1–1000 (default 100), an opaque
// Marker bound to its listing, IsTruncated. Through the JS SDK in-process (and its paginators), and boto3's
// paginators through serve.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { promisify } from 'node:util';
import {
  AttachRolePolicyCommand,
  CreatePolicyCommand,
  CreatePolicyVersionCommand,
  CreateRoleCommand,
  GetPolicyCommand,
  ListAttachedRolePoliciesCommand,
  ListEntitiesForPolicyCommand,
  ListPoliciesCommand,
  ListPolicyTagsCommand,
  ListPolicyVersionsCommand,
  ListRolePoliciesCommand,
  ListRolesCommand,
  ListRoleTagsCommand,
  paginateListRoles,
  PutRolePermissionsBoundaryCommand,
  PutRolePolicyCommand,
} from '@aws-sdk/client-iam';
import { startServer } from '../../../src/local/server.js';
import { PYTHON_WITH_BOTO3 } from '../../support/boto3.js';
import { openLocalForTest, type LocalTestClients } from '../../support/local-clients.js';

const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'glue.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
const doc = (action: string) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: '*' }] });
const ROLES = 105;
const name = (i: number) => `role-${String(i).padStart(3, '0')}`;

let c: LocalTestClients;
let policyArn: string;
before(async () => {
  c = await openLocalForTest();
  for (let i = 0; i < ROLES; i++) await c.iam.send(new CreateRoleCommand({ RoleName: name(i), AssumeRolePolicyDocument: trust, Tags: i === 0 ? [{ Key: 'a', Value: '1' }, { Key: 'b', Value: '2' }, { Key: 'c', Value: '3' }] : undefined }));
  const created = await c.iam.send(new CreatePolicyCommand({ PolicyName: 'reader', PolicyDocument: doc('s3:GetObject'), Tags: [{ Key: 'x', Value: '1' }, { Key: 'y', Value: '2' }] }));
  policyArn = created.Policy!.Arn!;
  await c.iam.send(new CreatePolicyCommand({ PolicyName: 'writer', PolicyDocument: doc('s3:PutObject') }));
  for (const a of ['s3:ListBucket', 's3:*']) await c.iam.send(new CreatePolicyVersionCommand({ PolicyArn: policyArn, PolicyDocument: doc(a) }));
  for (const p of ['p1', 'p2', 'p3']) await c.iam.send(new PutRolePolicyCommand({ RoleName: name(0), PolicyName: p, PolicyDocument: doc('s3:GetObject') }));
  for (const r of [name(0), name(1), name(2)]) await c.iam.send(new AttachRolePolicyCommand({ RoleName: r, PolicyArn: policyArn }));
  await c.iam.send(new AttachRolePolicyCommand({ RoleName: name(0), PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }));
});
after(() => c.close());

test('ListRoles: 100 by default, MaxItems and Marker page through every role in order', async () => {
  const first = await c.iam.send(new ListRolesCommand({}));
  assert.equal(first.Roles?.length, 100);
  assert.equal(first.IsTruncated, true);
  const rest = await c.iam.send(new ListRolesCommand({ Marker: first.Marker }));
  assert.deepEqual([rest.Roles?.length, rest.IsTruncated, rest.Marker], [ROLES - 100, false, undefined]);

  const seen: string[] = [];
  let pages = 0;
  for await (const page of paginateListRoles({ client: c.iam, pageSize: 40 }, {})) {
    pages++;
    seen.push(...page.Roles!.map((r) => r.RoleName!));
  }
  assert.equal(pages, 3);
  assert.deepEqual(seen, Array.from({ length: ROLES }, (_, i) => name(i)));
});

test('every role and policy listing pages with MaxItems 1', async () => {
  const walk = async <T>(call: (marker?: string) => Promise<{ IsTruncated?: boolean; Marker?: string; items: T[] }>) => {
    const all: T[] = [];
    let marker: string | undefined;
    do {
      const got = await call(marker);
      assert.ok(got.items.length <= 1);
      all.push(...got.items);
      assert.equal(got.IsTruncated, got.Marker !== undefined);
      marker = got.Marker;
    } while (marker);
    return all;
  };
  const RoleName = name(0);
  assert.deepEqual(await walk(async (Marker) => { const r = await c.iam.send(new ListRolePoliciesCommand({ RoleName, MaxItems: 1, Marker })); return { ...r, items: r.PolicyNames! }; }), ['p1', 'p2', 'p3']);
  assert.deepEqual(await walk(async (Marker) => { const r = await c.iam.send(new ListRoleTagsCommand({ RoleName, MaxItems: 1, Marker })); return { ...r, items: r.Tags!.map((t) => t.Key) }; }), ['a', 'b', 'c']);
  assert.deepEqual(await walk(async (Marker) => { const r = await c.iam.send(new ListAttachedRolePoliciesCommand({ RoleName, MaxItems: 1, Marker })); return { ...r, items: r.AttachedPolicies!.map((p) => p.PolicyName) }; }), ['reader', 'ReadOnlyAccess']);
  assert.deepEqual(await walk(async (Marker) => { const r = await c.iam.send(new ListPoliciesCommand({ Scope: 'Local', MaxItems: 1, Marker })); return { ...r, items: r.Policies!.map((p) => p.PolicyName) }; }), ['reader', 'writer']);
  // Newest version first, as AWS lists them.
  assert.deepEqual(await walk(async (Marker) => { const r = await c.iam.send(new ListPolicyVersionsCommand({ PolicyArn: policyArn, MaxItems: 1, Marker })); return { ...r, items: r.Versions!.map((v) => v.VersionId) }; }), ['v3', 'v2', 'v1']);
  assert.deepEqual(await walk(async (Marker) => { const r = await c.iam.send(new ListPolicyTagsCommand({ PolicyArn: policyArn, MaxItems: 1, Marker })); return { ...r, items: r.Tags!.map((t) => t.Key) }; }), ['x', 'y']);
  assert.deepEqual(await walk(async (Marker) => { const r = await c.iam.send(new ListEntitiesForPolicyCommand({ PolicyArn: policyArn, MaxItems: 1, Marker })); return { ...r, items: r.PolicyRoles!.map((x) => x.RoleName) }; }), [name(0), name(1), name(2)]);
});

test('MaxItems out of 1–1000, a Marker of another listing or none issued, a bad Scope: ValidationError', async () => {
  const invalid = (message: string) => (e: any) => e.name === 'ValidationError' && e.message === message && e.$metadata.httpStatusCode === 400;
  await assert.rejects(c.iam.send(new ListRolesCommand({ MaxItems: 0 })), invalid("1 validation error detected: Value '0' at 'maxItems' failed to satisfy constraint: Member must have value greater than or equal to 1"));
  await assert.rejects(c.iam.send(new ListPoliciesCommand({ MaxItems: 1001 })), invalid("1 validation error detected: Value '1001' at 'maxItems' failed to satisfy constraint: Member must have value less than or equal to 1000"));
  // The request is validated before the role is looked up.
  await assert.rejects(c.iam.send(new ListRolePoliciesCommand({ RoleName: 'nobody', MaxItems: 0 })), invalid("1 validation error detected: Value '0' at 'maxItems' failed to satisfy constraint: Member must have value greater than or equal to 1"));
  const roles = await c.iam.send(new ListRolesCommand({ MaxItems: 1 }));
  await assert.rejects(c.iam.send(new ListPoliciesCommand({ Marker: roles.Marker })), invalid('Invalid Marker.'));
  await assert.rejects(c.iam.send(new ListRoleTagsCommand({ RoleName: name(0), Marker: roles.Marker })), invalid('Invalid Marker.'));
  await assert.rejects(c.iam.send(new ListRolesCommand({ Marker: 'not-a-marker' })), invalid('Invalid Marker.'));
  await assert.rejects(c.iam.send(new ListPoliciesCommand({ Scope: 'Mine' as any })), invalid("1 validation error detected: Value 'Mine' at 'scope' failed to satisfy constraint: Member must satisfy enum value set: [All, AWS, Local]"));
});

test('ListEntitiesForPolicy: entity and usage filters, permissions boundaries included', async () => {
  await c.iam.send(new PutRolePermissionsBoundaryCommand({ RoleName: name(50), PermissionsBoundary: policyArn }));
  const roles = async (input: { EntityFilter?: any; PolicyUsageFilter?: any; PolicyArn?: string }) =>
    (await c.iam.send(new ListEntitiesForPolicyCommand({ PolicyArn: policyArn, ...input }))).PolicyRoles!.map((r) => r.RoleName);
  assert.deepEqual(await roles({}), [name(0), name(1), name(2), name(50)]);
  assert.deepEqual(await roles({ PolicyUsageFilter: 'PermissionsPolicy' }), [name(0), name(1), name(2)]);
  assert.deepEqual(await roles({ PolicyUsageFilter: 'PermissionsBoundary' }), [name(50)]);
  assert.deepEqual(await roles({ EntityFilter: 'LocalManagedPolicy', PolicyUsageFilter: 'PermissionsPolicy' }), [name(0), name(1), name(2)]);
  assert.deepEqual(await roles({ EntityFilter: 'AWSManagedPolicy' }), []);
  assert.deepEqual(await roles({ EntityFilter: 'User' }), []);
  assert.deepEqual(await roles({ PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess', EntityFilter: 'AWSManagedPolicy' }), [name(0)]);
  await assert.rejects(roles({ EntityFilter: 'Robot' }), (e: any) => e.name === 'ValidationError'
    && e.message === "1 validation error detected: Value 'Robot' at 'entityFilter' failed to satisfy constraint: Member must satisfy enum value set: [User, Role, Group, LocalManagedPolicy, AWSManagedPolicy]");
  await assert.rejects(roles({ PolicyArn: 'arn:aws:iam::000000000000:policy/none' }), { name: 'NoSuchEntityException' });  // The boundary counts in the policy's PermissionsBoundaryUsageCount and ListPolicies' usage filter.
  assert.equal((await c.iam.send(new GetPolicyCommand({ PolicyArn: policyArn }))).Policy?.PermissionsBoundaryUsageCount, 1);
  const boundaries = await c.iam.send(new ListPoliciesCommand({ Scope: 'Local', PolicyUsageFilter: 'PermissionsBoundary' }));
  assert.deepEqual(boundaries.Policies?.map((p) => [p.PolicyName, p.PermissionsBoundaryUsageCount, p.AttachmentCount]), [['reader', 1, 3]]);
  await assert.rejects(c.iam.send(new ListPoliciesCommand({ PolicyUsageFilter: 'Boundary' as any })), { name: 'ValidationError' });
});

test('boto3 through serve: paginators over roles and policy versions, a foreign Marker refused', async (t) => {
  if (!PYTHON_WITH_BOTO3) return t.skip('no python3 with boto3');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lh-iam-paging-'));
  const server = await startServer({ dataDir, port: 0 });
  try {
    const script = String.raw`
import boto3, json, sys
iam = boto3.client('iam', endpoint_url=sys.argv[1], region_name='us-east-1', aws_access_key_id='test', aws_secret_access_key='test')
for i in range(5):
    iam.create_role(RoleName='r%d' % i, AssumeRolePolicyDocument=sys.argv[2])
arn = iam.create_policy(PolicyName='p', PolicyDocument=sys.argv[3])['Policy']['Arn']
iam.create_policy_version(PolicyArn=arn, PolicyDocument=sys.argv[3])
pages = list(iam.get_paginator('list_roles').paginate(PaginationConfig={'PageSize': 2}))
versions = [v['VersionId'] for page in iam.get_paginator('list_policy_versions').paginate(PolicyArn=arn, PaginationConfig={'PageSize': 1}) for v in page['Versions']]
out = {'pages': [[r['RoleName'] for r in p['Roles']] for p in pages], 'truncated': [p['IsTruncated'] for p in pages], 'versions': versions}
try:
    iam.list_policies(Marker=pages[0]['Marker'])
except iam.exceptions.ClientError as e:
    out['foreign'] = [e.response['Error']['Code'], e.response['Error']['Message']]
try:
    iam.list_roles(MaxItems=1001)
except iam.exceptions.ClientError as e:
    out['tooMany'] = e.response['Error']['Code']
print(json.dumps(out))
`;
    const { stdout } = await promisify(execFile)(PYTHON_WITH_BOTO3, ['-c', script, server.endpoint, trust, doc('s3:GetObject')]);
    assert.deepEqual(JSON.parse(stdout), {
      pages: [['r0', 'r1'], ['r2', 'r3'], ['r4']],
      truncated: [true, true, false],
      versions: ['v2', 'v1'],
      foreign: ['ValidationError', 'Invalid Marker.'],
      tooMany: 'ValidationError',
    });
  } finally {
    await server.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
