// The embedded AWS: builds every service over one data directory and routes requests to them.
// Both ways in (the in-process SDK handler and `lakehouse serve`) call `handle`.
// Routing: X-Amz-Target → JSON 1.1 services; form body with Action= on `/` → Query (IAM or STS, by the
// SigV4 credential scope, else by action name); everything else → S3 rest-xml.
import { randomUUID } from 'node:crypto';
import { faultError, shouldFail } from './faults.js';
import { diskFullError, isDiskFull } from './store/disk-full.js';
import { dispatchJson, jsonError } from './protocol/json.js';
import { ownAction } from './protocol/own.js';
import { dispatchQuery, parseForm, queryError, signingService, type QueryService } from './protocol/query.js';
import type { EmulatorSettings, ServiceEnv, ServiceInstance } from './service.js';
import type { CloudWatchInternal } from './services/cloudwatch/index.js';
import type { S3Service } from './services/s3/index.js';
import { s3Error } from './services/s3/errors.js';
import {
  AwsError,
  LOCAL_ACCOUNT_ID,
  type EmuRequest,
  type EmuResponse,
  type FirehoseInternal,
  type GlueInternal,
  type JsonService,
  type KinesisInternal,
  type RequestContext,
  type S3Internal,
} from './types.js';

export interface EmulatorOptions {
  dataDir: string;
  region?: string;
  settings?: Partial<EmulatorSettings>;
  now?: () => number;
}

/** Fault-injection service names of the JSON services, by X-Amz-Target prefix. */
const JSON_SERVICE_NAMES: Record<string, string> = {
  Kinesis_20131202: 'kinesis',
  Firehose_20150804: 'firehose',
  AWSGlue: 'glue',
  AmazonAthena: 'athena',
};

export class Emulator {
  private readonly jsonByPrefix = new Map<string, JsonService>();
  private readonly instances: ServiceInstance[] = [];
  private s3Service!: S3Service;
  private iam!: QueryService;
  private sts!: QueryService;
  private cloudwatch!: CloudWatchInternal;
  private closed = false;

  private constructor(
    readonly dataDir: string,
    readonly region: string,
    readonly now: () => number,
    readonly settings: EmulatorSettings,
  ) {}

  kinesis!: KinesisInternal;
  s3!: S3Internal;
  glue!: GlueInternal;
  firehose!: FirehoseInternal;

  // Service factories are imported lazily so `--help` never pays for DuckDB or Parquet.
  static async open(opts: EmulatorOptions): Promise<Emulator> {
    const settings: EmulatorSettings = { enforceShardLimits: false, faults: [], ...opts.settings };
    const emu = new Emulator(opts.dataDir, opts.region ?? 'us-east-1', opts.now ?? Date.now, settings);
    const env: ServiceEnv = {
      dataDir: opts.dataDir,
      region: emu.region,
      accountId: LOCAL_ACCOUNT_ID,
      now: emu.now,
      settings,
    };
    const add = <T>(inst: ServiceInstance<T>): T | undefined => {
      emu.instances.push(inst);
      if (inst.json) emu.jsonByPrefix.set(inst.json.targetPrefix, inst.json);
      return inst.internal;
    };
    emu.cloudwatch = add(await (await import('./services/cloudwatch/index.js')).create(env))!;
    env.metrics = emu.cloudwatch.feed;
    emu.s3Service = add(await (await import('./services/s3/index.js')).create(env)) as S3Service;
    env.s3 = emu.s3 = emu.s3Service;
    emu.iam = add(await (await import('./services/iam/index.js')).create(env)) as QueryService;
    emu.sts = add(await (await import('./services/sts/index.js')).create(env)) as QueryService;
    env.kinesis = emu.kinesis = add(await (await import('./services/kinesis/index.js')).create(env)) as KinesisInternal;
    env.glue = emu.glue = add(await (await import('./services/glue/index.js')).create(env)) as GlueInternal;
    env.firehose = emu.firehose = add(await (await import('./services/firehose/index.js')).create(env)) as FirehoseInternal;
    add(await (await import('./services/athena/index.js')).create(env));
    add(await (await import('./session/api.js')).create(env)); // lakehouse's own local API (not AWS)
    for (const inst of emu.instances) await inst.start?.();
    return emu;
  }

  async handle(req: EmuRequest): Promise<EmuResponse> {
    const requestId = randomUUID();
    const ctx: RequestContext = { region: this.region, accountId: LOCAL_ACCOUNT_ID, now: this.now };
    const cw = this.cloudwatch.route(req); // before the others: its CBOR path and Query forms look like theirs
    if (cw) return this.cloudwatch.handle(req, cw, requestId);
    const target = req.headers['x-amz-target'];
    if (target) return this.handleJson(target, req, ctx, requestId);
    const form = queryParams(req);
    if (form) return this.handleQuery(form, req, ctx, requestId);
    try {
      return await this.s3Service.handleRest(req, ctx, requestId);
    } catch (e) {
      return s3Error(asAwsError(e, this.dataDir), requestId, req.method === 'HEAD');
    }
  }

  private async handleJson(target: string, req: EmuRequest, ctx: RequestContext, requestId: string): Promise<EmuResponse> {
    const dot = target.indexOf('.');
    // No dot: no service prefix either (slice(0, -1) would make one up from the name).
    const prefix = dot < 0 ? '' : target.slice(0, dot);
    const action = target.slice(dot + 1);
    const service = this.jsonByPrefix.get(prefix);
    if (!service) {
      return jsonError(new AwsError('UnknownOperationException', `Unknown operation ${target}`), requestId);
    }
    const name = ownAction(JSON_SERVICE_NAMES, prefix) ?? prefix.toLowerCase();
    // Kinesis PutRecords and Firehose PutRecordBatch fail per record inside a 200 (their services apply it).
    if (!(name === 'kinesis' && action === 'PutRecords') && !(name === 'firehose' && action === 'PutRecordBatch')) {
      const rule = shouldFail(this.settings, name, action);
      if (rule) return jsonError(faultError(rule, name), requestId);
    }
    try {
      return await dispatchJson(service, action, req, ctx, requestId);
    } catch (e) {
      return jsonError(asAwsError(e, this.dataDir), requestId);
    }
  }

  private async handleQuery(params: Record<string, string>, req: EmuRequest, ctx: RequestContext, requestId: string) {
    const scope = signingService(req);
    const action = params.Action ?? '';
    const service = scope === 'sts' ? this.sts : scope === 'iam' ? this.iam : ownAction(this.sts.actions, action) ? this.sts : this.iam;
    const rule = shouldFail(this.settings, service.name, action);
    if (rule) return queryError(faultError(rule, service.name), requestId);
    try {
      return await dispatchQuery(service, params, ctx, requestId);
    } catch (e) {
      return queryError(asAwsError(e, this.dataDir), requestId);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const inst of [...this.instances].reverse()) await inst.close?.();
  }
}

/** Query-protocol parameters when this is a Query request (form body or query string with Action=). */
function queryParams(req: EmuRequest): Record<string, string> | undefined {
  if (req.path !== '/' && req.path !== '') return undefined;
  const type = req.headers['content-type'] ?? '';
  if (req.method === 'POST' && type.startsWith('application/x-www-form-urlencoded')) {
    const params = parseForm(req.body.toString('utf8'));
    if (params.Action) return params;
  }
  if (/(^|&)Action=/.test(req.query)) return parseForm(req.query);
  return undefined;
}

function asAwsError(e: unknown, dataDir: string): AwsError {
  if (e instanceof AwsError) return e;
  if (isDiskFull(e)) return diskFullError(e, undefined, dataDir); // 503 naming the disk, not an internal error
  // A bug in the emulator: answer like AWS's internal error so clients retry/report, and keep the detail.
  const msg = e instanceof Error ? e.message : String(e);
  if (process.env.LAKEHOUSE_DEBUG) console.error(e);
  return new AwsError('InternalFailure', `local emulator internal error: ${msg}`, 500);
}
