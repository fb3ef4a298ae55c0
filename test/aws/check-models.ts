// Imported first by every provider-aws test: turns on the AWS API model check (src/aws/model-check.ts) for
// every client opened in this process, so a request real AWS would reject fails the test even where the
// endpoint is lenient. Models: LAKEHOUSE_CHECK_MODELS, else ../shared/aws-models beside the repository.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const fallback = path.resolve(repo, '../shared/aws-models');

if (!process.env.LAKEHOUSE_CHECK_MODELS) {
  if (fs.existsSync(path.join(fallback, 'kinesis', 'service-2.json.gz'))) process.env.LAKEHOUSE_CHECK_MODELS = fallback;
  else process.stderr.write(`# AWS model check OFF: no models at ${fallback} (set LAKEHOUSE_CHECK_MODELS)\n`);
}

export const modelsDir = process.env.LAKEHOUSE_CHECK_MODELS;
