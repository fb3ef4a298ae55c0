// The python3 that can `import boto3` (Debian's /usr/bin/python3 first: the pip one on PATH may lack it), or
// undefined so tests that drive boto3 skip with a message. One lookup for every boto3 test.
import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServer } from '../../src/local/server.js';

function findPythonWithBoto3(): string | undefined {
  for (const py of ['/usr/bin/python3', 'python3']) {
    try {
      execFileSync(py, ['-c', 'import boto3'], { stdio: 'ignore' });
      return py;
    } catch {
      /* next */
    }
  }
  return undefined;
}

export const PYTHON_WITH_BOTO3 = findPythonWithBoto3();

/** Python for a boto3 script: `error(call, **kw)` is [code, HTTP status, message] of the ClientError the call raises. */
export const PY_ERROR_HELPER = String.raw`
from botocore.exceptions import ClientError
def error(call, **kw):
    try:
        call(**kw)
    except ClientError as e:
        return [e.response['Error']['Code'], e.response['ResponseMetadata']['HTTPStatusCode'], e.response['Error']['Message']]
`;

/** Runs a boto3 script (`python3 -c SCRIPT <endpoint>`) against a fresh `serve` in a temporary data directory
 *  (also its HOME, so no ~/.aws config leaks in) and returns the JSON it printed. */
export async function runBoto3AgainstServe(script: string, tmpPrefix: string): Promise<any> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), tmpPrefix));
  const server = await startServer({ dataDir, port: 0 });
  try {
    const stdout = await new Promise<string>((resolve, reject) =>
      execFile(PYTHON_WITH_BOTO3!, ['-c', script, server.endpoint], { timeout: 60_000, env: { PATH: process.env.PATH, HOME: dataDir } }, (err, out, errOut) =>
        err ? reject(new Error(`${err.message}\n${errOut}`)) : resolve(out),
      ),
    );
    return JSON.parse(stdout);
  } finally {
    await server.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
