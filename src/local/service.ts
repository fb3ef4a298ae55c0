// The one contract every emulated service follows. A service module exports `create(inputs)`: `inputs` is
// the shared environment plus the neighbours it names (typed, required: `create({ env, s3, metrics })`),
// and it returns the handler for its wire protocol plus its internal interface for the services built after
// it. The emulator (emulator.ts) builds services in dependency order from what each declares it needs and
// routes requests by protocol through one table (routes.ts); fault injection is one hook (env.faults).
import type { MetricsFeed } from './services/cloudwatch/feed.js';
import type { QueryAction } from './protocol/query.js';
import type {
  AwsError,
  EmuRequest,
  EmuResponse,
  FirehoseInternal,
  GlueInternal,
  JsonAction,
  KinesisInternal,
  RequestContext,
  S3Internal,
} from './types.js';
import type { Role } from './services/iam/roles.js';
import type { User } from './services/iam/users.js';

/** What every service gets: where its state lives, who and when it is, and the fault hook. */
export interface ServiceEnv {
  /** Absolute data directory; each service keeps its state under `<dataDir>/<service>/`. */
  dataDir: string;
  region: string;
  accountId: string;
  now(): number;
  /** Emulator settings (shard limits, transition delays...). */
  settings: EmulatorSettings;
  /** Injected faults. The emulator draws once per call for every action; the actions that fail per record
   * (Kinesis PutRecords, Firehose PutRecordBatch, marked in their handler) draw per record here. */
  faults: FaultHook;
}

export interface FaultHook {
  /** The error this call answers instead of running (one random draw), or undefined. */
  forCall(service: string, action: string): AwsError | undefined;
  /** One draw for one record of a per-record action: the fault's kind, or undefined. */
  forRecord(service: string, action: string): FaultRule['kind'] | undefined;
  /** True when some rule targets this service and action at all (lets a per-record action skip drawing). */
  targets(service: string, action: string): boolean;
}

/** IAM's face for STS: the role an ARN names, and the user an active access key belongs to, as IAM stores them. */
export interface IamInternal {
  roleByArn(arn: string): Role | undefined;
  userByAccessKey(accessKeyId: string): User | undefined;
  /** STS issued credentials for the role (GetRole's RoleLastUsed). */
  roleUsed(arn: string, region: string): void;
  /** A request signed with this access key reached `service` (GetAccessKeyLastUsed); other keys are ignored. */
  accessKeyUsed(accessKeyId: string, service: string, region: string): void;
  /** True for an IAM user's access key that was made Inactive: AWS refuses every request it signs. */
  accessKeyInactive(accessKeyId: string): boolean;
  /** The OIDC provider registered for a token's `iss` (`https://host/path`), for AssumeRoleWithWebIdentity. */
  oidcProviderForIssuer(issuer: string): { Arn: string; ClientIDList: string[] } | undefined;
  /** The SAML provider an ARN names, for AssumeRoleWithSAML. */
  samlProviderByArn(arn: string): { Arn: string; Name: string } | undefined;
}

/** Athena's face: for the local API's waits. */
export interface AthenaInternal {
  /** Resolves when no query is queued or running. */
  idle(): Promise<void>;
}

/** The internal interfaces services offer each other, by the name a factory asks for them. */
export interface Neighbours {
  metrics: MetricsFeed;
  s3: S3Internal;
  iam: IamInternal;
  kinesis: KinesisInternal;
  glue: GlueInternal;
  firehose: FirehoseInternal;
  athena: AthenaInternal;
}

export type NeighbourName = keyof Neighbours;

/** A factory's input: the environment and exactly the neighbours it declared. */
export type Inputs<N extends NeighbourName = never> = { env: ServiceEnv } & Pick<Neighbours, N>;

/** A built service: its protocol handler (none for internal-only services), its internal face, lifecycle. */
export interface Service<Internal = undefined> {
  handler?: ProtocolHandler;
  internal: Internal;
  /** Background work (Firehose delivery) starts here, after every service exists. */
  start?(): Promise<void>;
  /** Stop background work and flush state. */
  close?(): Promise<void>;
}

// ---- Protocol handlers: what a service answers on the wire ----

/** AWS JSON 1.1: `X-Amz-Target: <targetPrefix>.<Action>`, JSON in and out. */
export interface JsonHandler {
  protocol: 'json';
  /** Fault-injection name, e.g. `kinesis`. */
  service: string;
  targetPrefix: string;
  actions: Record<string, JsonAction>;
  /** Actions that fail records inside a 200 (they draw env.faults.forRecord) instead of failing the call. */
  perRecordFaults?: readonly string[];
}

/** AWS Query: form body `Action=…&Version=…`, XML out (IAM, STS). */
export interface QueryHandler {
  protocol: 'query';
  /** The SigV4 signing name, also the fault-injection name: `iam`, `sts`. */
  service: string;
  xmlns: string;
  actions: Record<string, QueryAction>;
  /** Actions whose response has no `<ActionResult>` element (e.g. IAM DeleteRole). */
  noResult?: Set<string>;
}

/** A protocol the service decodes itself (S3's REST-XML, CloudWatch's JSON 1.0 / CBOR / Query). */
export interface OwnWireHandler {
  protocol: 'rest-xml' | 'cloudwatch';
  service: string;
  /** The call this request is, or undefined when the request is not this service's. May throw AwsError for a
   * request that is this service's but malformed (answered through `error`). */
  match(req: EmuRequest, ctx: RequestContext, requestId: string): RouteCall | undefined | Promise<RouteCall | undefined>;
  error(err: AwsError, req: EmuRequest, requestId: string): EmuResponse;
}

export type ProtocolHandler = JsonHandler | QueryHandler | OwnWireHandler;

/** One request, decoded far enough to name its action (so the fault hook can apply) and ready to run. */
export interface RouteCall {
  service: string;
  action: string;
  /** `per-record`: the action draws faults itself; `none`: not an AWS action (S3's CORS preflight). */
  faults?: 'per-record' | 'none';
  run(): EmuResponse | Promise<EmuResponse>;
}

/** One row of the routing table: a protocol's matcher over the services that speak it. */
export interface Route {
  match(req: EmuRequest, ctx: RequestContext, requestId: string): RouteCall | undefined | Promise<RouteCall | undefined>;
  error(err: AwsError, req: EmuRequest, requestId: string): EmuResponse;
}

// ---- Settings ----

export interface EmulatorSettings {
  /** Enforce Kinesis per-shard write limits (also env LAKEHOUSE_ENFORCE_SHARD_LIMITS=1). */
  enforceShardLimits: boolean;
  /** Fault injection, e.g. from env LAKEHOUSE_FAULTS="kinesis:PutRecords=0.1:throttle,s3:PutObject=0.05:500". */
  faults: FaultRule[];
  /** Kinesis: how long CREATING/UPDATING/DELETING last (ms; default 100, env LAKEHOUSE_KINESIS_TRANSITION_MS). */
  kinesisTransitionMs?: number;
  /** Firehose: how long CREATING/DELETING last (ms; default 200, env LAKEHOUSE_FIREHOSE_TRANSITION_MS). */
  firehoseTransitionMs?: number;
  /** Athena capacity reservations: how long PENDING/UPDATE_PENDING/CANCELLING last (ms; default 100, env
   * LAKEHOUSE_ATHENA_CAPACITY_TRANSITION_MS). */
  athenaCapacityTransitionMs?: number;
}

export interface FaultRule {
  service: string;
  /** Action name, or `*`. For Kinesis PutRecords, the fraction applies per record (failed inside a 200). */
  action: string;
  fraction: number;
  kind: 'throttle' | '500' | '503';
}

export type { RequestContext };
