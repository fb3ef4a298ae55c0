// The embedded AWS: builds every service over one data directory and routes requests to them.
// Both ways in (the in-process SDK handler and `lakehouse serve`) call `handle`.
// SKELETON written by the lead to fix the contracts; the emulator-core owner completes routing for
// S3 (rest-xml) and IAM/STS (query), fault injection and data-dir locking.
import { randomUUID } from 'node:crypto';
import { dispatchJson } from './protocol/json.js';
import type { EmulatorSettings, ServiceEnv, ServiceInstance } from './service.js';
import {
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

export class Emulator {
  private readonly jsonByPrefix = new Map<string, JsonService>();
  private readonly instances: ServiceInstance[] = [];

  private constructor(
    readonly dataDir: string,
    readonly region: string,
    readonly now: () => number,
  ) {}

  kinesis!: KinesisInternal;
  s3!: S3Internal;
  glue!: GlueInternal;
  firehose!: FirehoseInternal;

  // Service factories are imported lazily so `--help` never pays for DuckDB or Parquet.
  static async open(opts: EmulatorOptions): Promise<Emulator> {
    const emu = new Emulator(opts.dataDir, opts.region ?? 'us-east-1', opts.now ?? Date.now);
    const env: ServiceEnv = {
      dataDir: opts.dataDir,
      region: emu.region,
      accountId: LOCAL_ACCOUNT_ID,
      now: emu.now,
      settings: { enforceShardLimits: false, faults: [], ...opts.settings },
    };
    const add = <T>(inst: ServiceInstance<T>): T | undefined => {
      emu.instances.push(inst);
      if (inst.json) emu.jsonByPrefix.set(inst.json.targetPrefix, inst.json);
      return inst.internal;
    };
    env.s3 = emu.s3 = add(await (await import('./services/s3/index.js')).create(env)) as S3Internal;
    add(await (await import('./services/iam/index.js')).create(env));
    add(await (await import('./services/sts/index.js')).create(env));
    env.kinesis = emu.kinesis = add(await (await import('./services/kinesis/index.js')).create(env)) as KinesisInternal;
    env.glue = emu.glue = add(await (await import('./services/glue/index.js')).create(env)) as GlueInternal;
    env.firehose = emu.firehose = add(await (await import('./services/firehose/index.js')).create(env)) as FirehoseInternal;
    add(await (await import('./services/athena/index.js')).create(env));
    for (const inst of emu.instances) await inst.start?.();
    return emu;
  }

  async handle(req: EmuRequest): Promise<EmuResponse> {
    const requestId = randomUUID();
    const ctx: RequestContext = { region: this.region, accountId: LOCAL_ACCOUNT_ID, now: this.now };
    const target = req.headers['x-amz-target'];
    if (target) {
      const dot = target.indexOf('.');
      const service = this.jsonByPrefix.get(target.slice(0, dot));
      if (service) return dispatchJson(service, target.slice(dot + 1), req, ctx, requestId);
    }
    // TODO(emulator-core): query protocol (IAM, STS) and rest-xml (S3) routing.
    return { status: 400, headers: {}, body: 'unroutable request' };
  }

  async close(): Promise<void> {
    for (const inst of [...this.instances].reverse()) await inst.close?.();
  }
}
