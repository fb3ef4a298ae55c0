// Helpers for S3 feature tests: boto3 scripts run against a fresh `serve` (skipped where python3 has no
// boto3), and an in-process JS SDK client on a fresh data dir.
import { execFile } from 'node:child_process';
import { startServer } from '../../../src/local/server.js';
import { tempDirForFile } from '../../support/tmp.js';

export const PY = PYTHON_WITH_BOTO3;

/** Prelude of every script: `s3` is a boto3 client on serve (argv[1]); `err(fn)` gives (status, code) of a failing call;
 * `with_headers(h, fn, ...)` adds raw headers to one call. */
const PRELUDE = String.raw`
import json, sys, boto3, botocore
from botocore.config import Config
s3 = boto3.client('s3', endpoint_url=sys.argv[1], region_name='us-east-1', aws_access_key_id='t', aws_secret_access_key='t',
                  config=Config(retries={'max_attempts': 1}))
def err(fn, *a, **kw):
    try:
        fn(*a, **kw)
    except botocore.exceptions.ClientError as e:
        return [e.response['ResponseMetadata']['HTTPStatusCode'], e.response['Error']['Code']]
    return [200, 'OK']
def with_headers(headers, fn, *a, **kw):
    # Older botocore lacks some parameters (IfNoneMatch on PutObject): send them as headers.
    def add(request, **_):
        for k, v in headers.items():
            request.headers[k] = v
    s3.meta.events.register_first('before-sign.s3', add, unique_id='with-headers')
    try:
        return fn(*a, **kw)
    finally:
        s3.meta.events.unregister('before-sign.s3', unique_id='with-headers')
`;
import { PYTHON_WITH_BOTO3 } from '../../support/boto3.js';

/** Runs a boto3 script against a fresh serve; the script prints one JSON value, returned parsed. */
export async function boto(script: string): Promise<any> {
  const dir = tempDirForFile('lh-s3-boto-');
  const server = await startServer({ dataDir: `${dir}/data`, port: 0 });
  try {
    const out = await new Promise<string>((resolve, reject) =>
      execFile(PY!, ['-c', PRELUDE + script, server.endpoint], { timeout: 120_000, maxBuffer: 16 << 20 }, (err, stdout, stderr) =>
        err ? reject(new Error(`${err.message}\n${stderr.slice(-3000)}`)) : resolve(stdout),
      ),
    );
    return JSON.parse(out);
  } finally {
    await server.close();
  }
}
