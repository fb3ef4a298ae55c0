// The provider-aws lifecycle (lifecycle.ts) against a real AWS account: only when asked, since it creates
// billable resources for ~10 minutes (docs/aws.md): LAKEHOUSE_TEST_REAL_AWS=1 with credentials in the
// environment (AWS_PROFILE or keys) and AWS_REGION. Leaves nothing behind; boto3 checks.
import { describe, it } from 'node:test';
import { lifecycle } from './lifecycle.js';

const asked = process.env.LAKEHOUSE_TEST_REAL_AWS === '1';
const skip = asked ? false : 'real AWS: set LAKEHOUSE_TEST_REAL_AWS=1 (creates billable resources, see docs/aws.md)';

describe('provider aws against a real AWS account', { skip }, () => {
  it('up, no-op, plan --detailed-exitcode, field/shards/buffer/on-demand/rename, produce, down; boto3 finds nothing of ours', { timeout: 60 * 60_000 }, () =>
    lifecycle(undefined, `lhcheck${Date.now().toString(36)}`, process.env.AWS_REGION ?? 'us-east-1'));
});
