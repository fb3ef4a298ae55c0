// boto3 through a real `serve` for IAM users and groups: a user's access key used by a second boto3 session
// (STS GetCallerIdentity, the IAM CurrentUser resource, GetAccessKeyLastUsed), groups, DeleteUser's conflicts,
// the account summary and the credential report as boto3 models them (codes, statuses, maps, blobs).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PY_ERROR_HELPER, PYTHON_WITH_BOTO3, runBoto3AgainstServe } from '../../support/boto3.js';

const SCRIPT = String.raw`
import csv, io, json, sys, boto3
endpoint = sys.argv[1]
def client(service, key='test', secret='test'):
    return boto3.client(service, endpoint_url=endpoint, region_name='us-east-1', aws_access_key_id=key, aws_secret_access_key=secret)
iam = client('iam')
out = {}
${PY_ERROR_HELPER}
out['root'] = iam.get_user()['User']['Arn']
iam.create_user(UserName='jo', Path='/team/')
out['duplicate'] = error(iam.create_user, UserName='JO')
key = iam.create_access_key(UserName='jo')['AccessKey']
as_jo = boto3.session.Session(aws_access_key_id=key['AccessKeyId'], aws_secret_access_key=key['SecretAccessKey'], region_name='us-east-1')
out['caller'] = as_jo.client('sts', endpoint_url=endpoint).get_caller_identity()['Arn']
out['current_user'] = as_jo.resource('iam', endpoint_url=endpoint).CurrentUser().user_name
out['last_used'] = iam.get_access_key_last_used(AccessKeyId=key['AccessKeyId'])['AccessKeyLastUsed']['ServiceName']
out['delete_user'] = error(iam.delete_user, UserName='jo')
iam.create_group(GroupName='devs')
iam.add_user_to_group(GroupName='devs', UserName='jo')
out['members'] = [u['UserName'] for u in iam.get_group(GroupName='devs')['Users']]
out['delete_group'] = error(iam.delete_group, GroupName='devs')
out['missing_group'] = error(iam.get_group, GroupName='nope')
summary = iam.get_account_summary()['SummaryMap']
out['summary'] = [summary['Users'], summary['Groups'], summary['AccessKeysPerUserQuota']]
out['no_report'] = error(iam.get_credential_report)
states = [iam.generate_credential_report()['State'], iam.generate_credential_report()['State']]
report = iam.get_credential_report()
rows = list(csv.DictReader(io.StringIO(report['Content'].decode())))
out['report'] = [states, report['ReportFormat'], [r['user'] for r in rows], rows[1]['access_key_1_active']]
print(json.dumps(out))
`;

test('boto3 against serve: IAM users, their keys signing as them, groups, conflicts, summary, credential report', { skip: PYTHON_WITH_BOTO3 ? false : 'python3 with boto3 not installed' }, async () => {
  const out = await runBoto3AgainstServe(SCRIPT, 'lh-iam-users-boto3-');
  assert.equal(out.root, 'arn:aws:iam::000000000000:root');
  assert.deepEqual(out.duplicate, ['EntityAlreadyExists', 409, 'User with name JO already exists.']);
  assert.equal(out.caller, 'arn:aws:iam::000000000000:user/team/jo');
  assert.equal(out.current_user, 'jo');
  assert.equal(out.last_used, 'iam');
  assert.deepEqual(out.members, ['jo']);
  assert.deepEqual(out.delete_group, ['DeleteConflict', 409, 'Cannot delete entity, must remove users from group first.']);
  assert.deepEqual(out.delete_user, ['DeleteConflict', 409, 'Cannot delete entity, must delete access keys first.']);
  assert.deepEqual(out.missing_group, ['NoSuchEntity', 404, 'The group with name nope cannot be found.']);
  assert.deepEqual(out.summary, [1, 1, 2]);
  assert.deepEqual(out.no_report[0], 'ReportNotPresent');
  assert.equal(out.no_report[1], 410);
  assert.deepEqual(out.report, [['STARTED', 'COMPLETE'], 'text/csv', ['<root_account>', 'jo'], 'true']);
});
