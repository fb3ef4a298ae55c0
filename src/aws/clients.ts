// One client factory for both providers. `aws`: default credential chain, --profile, --region,
// --endpoint-url. `local`: the same SDK clients whose requestHandler hands requests to the embedded
// emulator in this process, or — when `lakehouse serve` owns the data directory — to its endpoint.
// CONTRACT fixed by the lead; implemented by the emulator-core owner.
import type { AthenaClient } from '@aws-sdk/client-athena';
import type { FirehoseClient } from '@aws-sdk/client-firehose';
import type { GlueClient } from '@aws-sdk/client-glue';
import type { IAMClient } from '@aws-sdk/client-iam';
import type { KinesisClient } from '@aws-sdk/client-kinesis';
import type { S3Client } from '@aws-sdk/client-s3';
import type { STSClient } from '@aws-sdk/client-sts';
import type { Emulator } from '../local/emulator.js';

export interface ClientOptions {
  provider: 'local' | 'aws';
  region: string;
  profile?: string;
  endpointUrl?: string;
  /** local: the data directory of the emulator. */
  dataDir?: string;
  /** local: emulator settings (shard limits), faults come from LAKEHOUSE_FAULTS. */
  enforceShardLimits?: boolean;
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
  /** local, in-process: the emulator this process opened (owns the data dir). Undefined for aws or when
   * talking to `lakehouse serve`. */
  emulator?: Emulator;
  /** local via serve: its endpoint, e.g. http://127.0.0.1:4566. */
  endpoint?: string;
  /** Destroy the clients and close the emulator (flushing state). */
  close(): Promise<void>;
}

export declare function openClients(opts: ClientOptions): Promise<Clients>;
