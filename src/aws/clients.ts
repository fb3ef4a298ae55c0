// One client factory for both providers. `aws`: default credential chain, --profile, --region,
// --endpoint-url. `local`: the same SDK clients whose requestHandler hands requests to the embedded
// emulator in this process, or — when `lakehouse serve` owns the data directory — to its endpoint.
// SDK packages are imported inside openClients so `--help` never loads them.
import type { AthenaClient } from '@aws-sdk/client-athena';
import type { FirehoseClient } from '@aws-sdk/client-firehose';
import type { GlueClient } from '@aws-sdk/client-glue';
import type { IAMClient } from '@aws-sdk/client-iam';
import type { KinesisClient } from '@aws-sdk/client-kinesis';
import type { S3Client } from '@aws-sdk/client-s3';
import type { STSClient } from '@aws-sdk/client-sts';
import { localTargetAt, openLocalTarget, type Emulator, type FaultRule, type LocalApi, type LocalTarget } from './local-target.js';
import { attachModelCheck, modelsDirFromEnv } from './model-check.js';
import { kinesisHandler, parseHttpSetting, type HttpVersionSetting } from './transport.js';

export interface ClientOptions {
  provider: 'local' | 'aws';
  region: string;
  profile?: string;
  /** aws: a custom endpoint. local: talk to this endpoint (a running `lakehouse serve`) instead of the data dir. */
  endpointUrl?: string;
  /** local: the data directory of the emulator. */
  dataDir?: string;
  /** local: emulator settings (shard limits), faults come from LAKEHOUSE_FAULTS. */
  enforceShardLimits?: boolean;
  /** local, in-process only: fault rules (or LAKEHOUSE_FAULTS syntax) instead of the env. */
  faults?: FaultRule[] | string;
  /** HTTP version of the Kinesis client over the network: auto (default; LAKEHOUSE_HTTP), 1.1 or 2. See transport.ts. */
  http?: HttpVersionSetting;
}

export interface Clients {
  provider: 'local' | 'aws';
  region: string;
  kinesis: KinesisClient;
  firehose: FirehoseClient;
  s3: S3Client;
  glue: GlueClient;
  athena: AthenaClient;
  iam: IAMClient;
  sts: STSClient;
  /** local: the narrow local API (wait for delivery, stream counters), the same wherever the emulator runs. */
  local?: LocalApi;
  /** Tests only: the emulator when this process hosts it. Product code uses `local`. */
  emulator?: Emulator;
  /** local via serve: its endpoint, e.g. http://127.0.0.1:4566. */
  endpoint?: string;
  /** Destroy the clients and close the emulator (flushing state). */
  close(): Promise<void>;
}

/** Dummy credentials for the local emulator (it does not check signatures). */
export const LOCAL_CREDENTIALS = { accessKeyId: 'test', secretAccessKey: 'test' };

export async function openClients(opts: ClientOptions): Promise<Clients> {
  const [kinesis, firehose, s3, glue, athena, iam, sts] = await Promise.all([
    import('@aws-sdk/client-kinesis'),
    import('@aws-sdk/client-firehose'),
    import('@aws-sdk/client-s3'),
    import('@aws-sdk/client-glue'),
    import('@aws-sdk/client-athena'),
    import('@aws-sdk/client-iam'),
    import('@aws-sdk/client-sts'),
  ]);
  let target: LocalTarget | undefined;
  let base: Record<string, unknown>;
  if (opts.provider === 'local') {
    if (opts.endpointUrl) {
      // An explicit endpoint (e.g. a `lakehouse serve` elsewhere) wins over opening the data dir.
      target = localTargetAt(opts.endpointUrl);
    } else {
      if (!opts.dataDir) throw new Error('openClients: provider local needs dataDir');
      target = await openLocalTarget(opts.dataDir, opts.region, opts.enforceShardLimits, opts.faults);
    }
    base = { region: opts.region, credentials: LOCAL_CREDENTIALS, endpoint: target.endpoint };
    if (target.requestHandler) base.requestHandler = target.requestHandler;
  } else {
    const { fromNodeProviderChain } = await import('@aws-sdk/credential-providers');
    base = {
      region: opts.region,
      credentials: fromNodeProviderChain(opts.profile ? { profile: opts.profile } : {}),
    };
    if (opts.endpointUrl) base.endpoint = opts.endpointUrl;
  }
  const pathStyle = opts.provider === 'local' || !!opts.endpointUrl;
  // Over the network only (the in-process handler has no HTTP version): HTTP/2 to AWS, negotiated elsewhere.
  const kinesisBase = { ...base };
  if (!target?.requestHandler) {
    const h = kinesisHandler(base.endpoint as string | undefined, opts.http ?? parseHttpSetting(process.env.LAKEHOUSE_HTTP));
    if (h) kinesisBase.requestHandler = h;
  }
  const clients = {
    kinesis: new kinesis.KinesisClient(kinesisBase),
    firehose: new firehose.FirehoseClient({ ...base }),
    s3: new s3.S3Client({ ...base, forcePathStyle: pathStyle }),
    glue: new glue.GlueClient({ ...base }),
    athena: new athena.AthenaClient({ ...base }),
    iam: new iam.IAMClient({ ...base }),
    sts: new sts.STSClient({ ...base }),
  };
  // Tests (LAKEHOUSE_CHECK_MODELS): every request checked against AWS's API models before it is sent.
  const modelsDir = modelsDirFromEnv();
  if (modelsDir) for (const [service, client] of Object.entries(clients)) attachModelCheck(client, service, modelsDir);
  // In-process or over the owner-only session socket, the emulator checks no signatures: SigV4 is ~10% of
  // a PutRecords call's cost, so the hot data-plane client skips it. Over TCP (serve, AWS) we always sign.
  if (target?.requestHandler) skipSigning(clients.kinesis);
  let closed = false;
  return {
    provider: opts.provider,
    region: opts.region,
    ...clients,
    local: target?.local,
    emulator: target?.emulator,
    endpoint: target?.requestHandler ? undefined : target?.endpoint,
    async close() {
      if (closed) return;
      closed = true;
      for (const c of Object.values(clients)) c.destroy();
      await target?.release();
    },
  };
}

/** Replace the client's SigV4 signer with one that leaves the request as it is. */
function skipSigning(client: { config: object }): void {
  const config = client.config as { httpAuthSchemes?: Array<{ signer: unknown }> };
  config.httpAuthSchemes = config.httpAuthSchemes?.map((scheme) => ({ ...scheme, signer: { sign: async (request: unknown) => request } }));
}
