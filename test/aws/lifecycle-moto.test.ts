// The provider-aws lifecycle against moto_server on 127.0.0.1 (see lifecycle.ts); skipped with a visible
// message where moto is not installed.
import { after, before, describe, it } from 'node:test';
import { lifecycle } from './lifecycle.js';
import { motoMissing, startMoto, type Moto } from './moto.js';

const missing = motoMissing();
if (missing) process.stderr.write(`# SKIPPED provider-aws lifecycle against moto: ${missing}\n`);

describe('provider aws against moto (an AWS implementation we did not write)', { skip: missing }, () => {
  let moto: Moto;
  before(async () => (moto = await startMoto()));
  after(() => moto?.stop());
  it('up, no-op, plan --detailed-exitcode, field/shards/buffer/on-demand/rename, produce, down; boto3 finds nothing of ours', () =>
    lifecycle(moto.endpoint, 'motolife'));
});
