// Imported first by every provider-aws test: turns on the AWS API model check (src/aws/model-check.ts) for
// every client opened in this process, so a request real AWS would reject fails the test even where the
// endpoint is lenient. Models: LAKEHOUSE_CHECK_MODELS, else ../shared/aws-models beside the repository, else
// the same botocore models the installed boto3/moto ship (AWS publishes them there; a recent botocore only, as
// old ones lack the newer shapes such as Firehose's Iceberg destination).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const fallback = path.resolve(repo, '../shared/aws-models');
const SERVICES = ['kinesis', 'firehose', 's3', 'glue', 'athena', 'iam', 'sts'];
const MIN_BOTOCORE = [1, 40];

/** A folder in the <dir>/<service>/service-2.json.gz layout linking to a recent botocore's models, if any. */
function botocoreModels(): string | undefined {
  for (const python of ['python3', '/usr/bin/python3']) {
    let out: string;
    try {
      out = execFileSync(python, ['-c', 'import botocore, os; print(botocore.__version__); print(os.path.join(os.path.dirname(botocore.__file__), "data"))'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    } catch {
      continue;
    }
    const [version, data] = out.trim().split('\n');
    const [major, minor] = version!.split('.').map(Number);
    if (major! < MIN_BOTOCORE[0]! || (major === MIN_BOTOCORE[0] && minor! < MIN_BOTOCORE[1]!)) continue;
    const dir = path.join(os.tmpdir(), `lakehouse-aws-models-botocore-${version}`);
    for (const service of SERVICES) {
      const versions = fs.readdirSync(path.join(data!, service)).sort();
      const source = path.join(data!, service, versions.at(-1)!, 'service-2.json.gz');
      const link = path.join(dir, service, 'service-2.json.gz');
      fs.mkdirSync(path.dirname(link), { recursive: true });
      if (!fs.existsSync(link)) fs.symlinkSync(source, link);
    }
    return dir;
  }
  return undefined;
}

if (!process.env.LAKEHOUSE_CHECK_MODELS) {
  const dir = fs.existsSync(path.join(fallback, 'kinesis', 'service-2.json.gz')) ? fallback : botocoreModels();
  if (dir) process.env.LAKEHOUSE_CHECK_MODELS = dir;
  else process.stderr.write(`# AWS model check OFF: no models at ${fallback} nor a botocore >= ${MIN_BOTOCORE.join('.')} (set LAKEHOUSE_CHECK_MODELS)\n`);
}

export const modelsDir = process.env.LAKEHOUSE_CHECK_MODELS;
