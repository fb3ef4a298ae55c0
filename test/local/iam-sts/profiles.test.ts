// Through `serve`: the JS SDK suite for managed policies and STS, then the real AWS CLI and boto3 using a
// profile with `role_arn` (they call AssumeRole, then sign every call with the temporary credentials).
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { KinesisClient } from '@aws-sdk/client-kinesis';
import { STSClient } from '@aws-sdk/client-sts';
import { startServer } from '../../../src/local/server.js';
import { managedSuite } from './managed-suite.js';

const run = promisify(execFile);
const base = { region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } };

async function serve() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lh-iam-profiles-'));
  const server = await startServer({ dataDir, port: 0 });
  const endpoint = server.endpoint;
  return {
    endpoint,
    iam: new IAMClient({ ...base, endpoint }),
    sts: new STSClient({ ...base, endpoint }),
    kinesisWith: (credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }) => new KinesisClient({ region: 'us-east-1', endpoint, credentials }),
    async close() {
      await server.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

managedSuite('serve', serve);

function has(cmd: string, args: string[]): boolean {
  try {
    execFileSync(cmd, args, { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

test('serve: AWS CLI and boto3 with a role_arn profile assume the role and use its credentials', async (t) => {
  const s = await serve();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lh-profile-'));
  try {
    const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::000000000000:root' }, Action: 'sts:AssumeRole' }] });
    await s.iam.send(new CreateRoleCommand({ RoleName: 'ops', AssumeRolePolicyDocument: trust }));
    fs.writeFileSync(path.join(dir, 'config'), [
      '[profile base]', 'region = us-east-1', `endpoint_url = ${s.endpoint}`, '',
      '[profile ops]', 'region = us-east-1', `endpoint_url = ${s.endpoint}`, 'role_arn = arn:aws:iam::000000000000:role/ops',
      'source_profile = base', 'role_session_name = cli-session', '',
    ].join('\n'));
    fs.writeFileSync(path.join(dir, 'credentials'), '[base]\naws_access_key_id = test\naws_secret_access_key = test\n');
    const env: NodeJS.ProcessEnv = { ...process.env, AWS_CONFIG_FILE: path.join(dir, 'config'), AWS_SHARED_CREDENTIALS_FILE: path.join(dir, 'credentials'), AWS_PROFILE: 'ops', HOME: dir };
    delete env.AWS_ACCESS_KEY_ID;
    delete env.AWS_SECRET_ACCESS_KEY;
    let ran = 0;
    if (has('aws', ['--version'])) {
      const { stdout } = await run('aws', ['kinesis', 'create-stream', '--stream-name', 'via-role', '--shard-count', '1'], { env });
      assert.equal(stdout.trim(), '');
      const list = JSON.parse((await run('aws', ['kinesis', 'list-streams', '--output', 'json'], { env })).stdout);
      assert.deepEqual(list.StreamNames, ['via-role']);
      ran++;
    }
    if (has('python3', ['-c', 'import boto3'])) {
      const script = [
        'import boto3, json',
        "s = boto3.Session(profile_name='ops')",
        "creds = s.get_credentials().get_frozen_credentials()",
        "print(json.dumps({'key': creds.access_key, 'token': bool(creds.token), 'streams': s.client('kinesis').list_streams()['StreamNames']}))",
      ].join('\n');
      const out = JSON.parse((await run('python3', ['-c', script], { env })).stdout);
      assert.match(out.key, /^ASIA/);
      assert.equal(out.token, true);
      assert.ok(Array.isArray(out.streams));
      ran++;
    }
    if (!ran) t.skip('neither the AWS CLI nor boto3 is installed');
  } finally {
    await s.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
