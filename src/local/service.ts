// How a service plugs into the emulator. Each src/local/services/<name>/index.ts exports a factory
// `create(env)` returning its protocol face (json for JSON 1.1 services) and its internal face for
// the other services. Construction order (see emulator.ts): s3, iam, sts, kinesis, glue, firehose, athena.
import type {
  FirehoseInternal,
  GlueInternal,
  JsonService,
  KinesisInternal,
  RequestContext,
  S3Internal,
} from './types.js';
import type { MetricsFeed } from './services/cloudwatch/feed.js';

export interface ServiceEnv {
  /** Absolute data directory; each service keeps its state under `<dataDir>/<service>/`. */
  dataDir: string;
  region: string;
  accountId: string;
  now(): number;
  /** Emulator settings (shard limits, faults...). */
  settings: EmulatorSettings;
  kinesis?: KinesisInternal;
  s3?: S3Internal;
  glue?: GlueInternal;
  firehose?: FirehoseInternal;
  /** CloudWatch: where services report their AWS/<Service> metrics (one call per metric site). */
  metrics?: MetricsFeed;
}

export interface EmulatorSettings {
  /** Enforce Kinesis per-shard write limits (also env LAKEHOUSE_ENFORCE_SHARD_LIMITS=1). */
  enforceShardLimits: boolean;
  /** Fault injection, e.g. from env LAKEHOUSE_FAULTS="kinesis:PutRecords=0.1:throttle,s3:PutObject=0.05:500". */
  faults: FaultRule[];
  /** Kinesis: how long CREATING/UPDATING/DELETING last (ms; default 100, env LAKEHOUSE_KINESIS_TRANSITION_MS). */
  kinesisTransitionMs?: number;
  /** Firehose: how long CREATING/DELETING last (ms; default 200, env LAKEHOUSE_FIREHOSE_TRANSITION_MS). */
  firehoseTransitionMs?: number;
}

export interface FaultRule {
  service: string;
  /** Action name, or `*`. For Kinesis PutRecords, the fraction applies per record (failed inside a 200). */
  action: string;
  fraction: number;
  kind: 'throttle' | '500' | '503';
}

export interface ServiceInstance<Internal = unknown> {
  json?: JsonService;
  internal?: Internal;
  /** Background work (Firehose delivery) starts here, after every service exists. */
  start?(): Promise<void>;
  /** Stop background work and flush state. */
  close?(): Promise<void>;
}

export type ServiceFactory<Internal = unknown> = (env: ServiceEnv) => ServiceInstance<Internal> | Promise<ServiceInstance<Internal>>;

export type { RequestContext };
