// boto3 through a real `serve`, unsigned (botocore.UNSIGNED) as AWS allows for the federation calls:
// AssumeRoleWithWebIdentity answers usable credentials; a token of an unknown issuer is InvalidIdentityToken.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { startServer } from '../../../src/local/server.js';
import { PYTHON_WITH_BOTO3 } from '../../support/boto3.js';
import { idToken, webIdentityTrust } from './federation-fixtures.js';

const SCRIPT = String.raw`
import json, sys, boto3
from botocore import UNSIGNED
from botocore.config import Config
from botocore.exceptions import ClientError
endpoint, trust, good, foreign = sys.argv[1:5]
keys = dict(region_name='us-east-1', aws_access_key_id='test', aws_secret_access_key='test')
iam = boto3.client('iam', endpoint_url=endpoint, **keys)
iam.create_open_id_connect_provider(Url='https://token.example.com', ClientIDList=['app-1'], ThumbprintList=[])
iam.create_role(RoleName='web', AssumeRolePolicyDocument=trust)
sts = boto3.client('sts', endpoint_url=endpoint, region_name='us-east-1', config=Config(signature_version=UNSIGNED))
out = {}
r = sts.assume_role_with_web_identity(RoleArn='arn:aws:iam::000000000000:role/web', RoleSessionName='py', WebIdentityToken=good)
c = r['Credentials']
out['answer'] = [r['AssumedRoleUser']['Arn'], r['SubjectFromWebIdentityToken'], r['Provider'], r['Audience']]
me = boto3.client('sts', endpoint_url=endpoint, region_name='us-east-1', aws_access_key_id=c['AccessKeyId'], aws_secret_access_key=c['SecretAccessKey'], aws_session_token=c['SessionToken'])
out['caller'] = me.get_caller_identity()['Arn']
try:
    sts.assume_role_with_web_identity(RoleArn='arn:aws:iam::000000000000:role/web', RoleSessionName='py', WebIdentityToken=foreign)
except ClientError as e:
    out['foreign'] = [e.response['Error']['Code'], e.response['ResponseMetadata']['HTTPStatusCode'], e.response['Error']['Message']]
print(json.dumps(out))
`;

test('boto3 unsigned against serve: AssumeRoleWithWebIdentity', { skip: PYTHON_WITH_BOTO3 ? false : 'python3 with boto3 not installed' }, async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lh-federation-boto3-'));
  const server = await startServer({ dataDir, port: 0 });
  try {
    const exp = Math.floor(Date.now() / 1000) + 3600;
    const good = idToken({ iss: 'https://token.example.com', aud: 'app-1', sub: 'repo:org/app', exp });
    const foreign = idToken({ iss: 'https://elsewhere.example.com', aud: 'app-1', sub: 'repo:org/app', exp });
    const trust = webIdentityTrust('arn:aws:iam::000000000000:oidc-provider/token.example.com');
    const stdout = await new Promise<string>((resolve, reject) =>
      execFile(PYTHON_WITH_BOTO3!, ['-c', SCRIPT, server.endpoint, trust, good, foreign], { timeout: 60_000, env: { PATH: process.env.PATH, HOME: dataDir } }, (err, out, errOut) =>
        err ? reject(new Error(`${err.message}\n${errOut}`)) : resolve(out),
      ),
    );
    const out = JSON.parse(stdout);
    assert.deepEqual(out.answer, ['arn:aws:sts::000000000000:assumed-role/web/py', 'repo:org/app', 'https://token.example.com', 'app-1']);
    assert.equal(out.caller, 'arn:aws:sts::000000000000:assumed-role/web/py');
    assert.deepEqual(out.foreign, ['InvalidIdentityToken', 400, 'No OpenIDConnect provider found in your account for https://elsewhere.example.com']);
  } finally {
    await server.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
