// The embedded AWS: builds every service over one data directory and routes requests to them.
// Both ways in (the in-process SDK handler and `lakehouse serve`) call `handle`.
// Services are built in dependency order from the neighbours each declares (SERVICES below), requests go
// through the routing table by protocol (routes.ts), and injected faults are drawn here, once per call.
import { randomUUID } from 'node:crypto';
import { faultHook } from './faults.js';
import { diskFullError, isDiskFull } from './store/disk-full.js';
import { routingTable } from './routes.js';
import { signingAccessKey } from './services/sts/sessions.js';
import type { EmulatorSettings, FaultHook, Inputs, NeighbourName, Neighbours, Route, Service, ServiceEnv } from './service.js';
import {
  AwsError,
  LOCAL_ACCOUNT_ID,
  type EmuRequest,
  type EmuResponse,
  type FirehoseInternal,
  type GlueInternal,
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

/** One service: the neighbour name it provides (if any), the neighbours it needs, and its module. */
interface ServiceDef {
  name: string;
  provides?: NeighbourName;
  needs: readonly NeighbourName[];
  build(inputs: Record<string, unknown>): Promise<Service<unknown>>;
}

/** Declares a service; the types make `needs` match what the module's `create` takes. Modules are imported
 * lazily so `--help` never pays for DuckDB or Parquet. */
function def<N extends NeighbourName, P extends NeighbourName | undefined = undefined>(
  name: string,
  provides: P,
  needs: readonly N[],
  load: () => Promise<{ create(inputs: Inputs<N>): Service<P extends NeighbourName ? Neighbours[P] : unknown> | Promise<Service<P extends NeighbourName ? Neighbours[P] : unknown>> }>,
): ServiceDef {
  return { name, provides, needs, build: async (inputs) => (await load()).create(inputs as Inputs<N>) as Service<unknown> };
}

const SERVICES: ServiceDef[] = [
  def('cloudwatch', 'metrics', [], () => import('./services/cloudwatch/index.js')),
  def('s3', 's3', [], () => import('./services/s3/index.js')),
  def('iam', 'iam', [], () => import('./services/iam/index.js')),
  def('sts', undefined, ['iam'], () => import('./services/sts/index.js')),
  def('kinesis', 'kinesis', ['metrics'], () => import('./services/kinesis/index.js')),
  def('glue', 'glue', ['s3'], () => import('./services/glue/index.js')),
  def('firehose', 'firehose', ['s3', 'kinesis', 'glue', 'metrics'], () => import('./services/firehose/index.js')),
  def('athena', 'athena', ['s3', 'glue', 'metrics'], () => import('./services/athena/index.js')),
  // lakehouse's own local API (not AWS), on the same contract.
  def('local-api', undefined, ['kinesis', 'firehose'], () => import('./session/api.js')),
];

/** The definitions in an order where every service comes after the neighbours it needs. */
export function buildOrder(defs: readonly ServiceDef[]): ServiceDef[] {
  const done = new Set<string>();
  const out: ServiceDef[] = [];
  const left = [...defs];
  while (left.length) {
    const i = left.findIndex((d) => d.needs.every((n) => done.has(n)));
    if (i < 0) throw new Error(`emulator services: unmet or circular needs: ${left.map((d) => `${d.name} needs ${d.needs.join(', ')}`).join('; ')}`);
    const [d] = left.splice(i, 1);
    out.push(d!);
    if (d!.provides) done.add(d!.provides);
  }
  return out;
}

export class Emulator {
  private readonly services: Service<unknown>[] = [];
  private readonly neighbours: Partial<Neighbours> = {};
  private routes: Route[] = [];
  private readonly faults: FaultHook;
  private closed = false;

  private constructor(
    readonly dataDir: string,
    readonly region: string,
    readonly now: () => number,
    readonly settings: EmulatorSettings,
  ) {
    this.faults = faultHook(settings);
  }

  get kinesis(): KinesisInternal {
    return this.neighbours.kinesis!;
  }
  get s3(): S3Internal {
    return this.neighbours.s3!;
  }
  get glue(): GlueInternal {
    return this.neighbours.glue!;
  }
  get firehose(): FirehoseInternal {
    return this.neighbours.firehose!;
  }

  static async open(opts: EmulatorOptions): Promise<Emulator> {
    const settings: EmulatorSettings = { enforceShardLimits: false, faults: [], ...opts.settings };
    const emu = new Emulator(opts.dataDir, opts.region ?? 'us-east-1', opts.now ?? Date.now, settings);
    const env: ServiceEnv = {
      dataDir: opts.dataDir,
      region: emu.region,
      accountId: LOCAL_ACCOUNT_ID,
      now: emu.now,
      settings,
      faults: emu.faults,
    };
    for (const d of buildOrder(SERVICES)) {
      const inputs: Record<string, unknown> = { env };
      for (const n of d.needs) inputs[n] = emu.neighbours[n];
      const svc = await d.build(inputs);
      emu.services.push(svc);
      if (d.provides) (emu.neighbours as Record<string, unknown>)[d.provides] = svc.internal;
    }
    emu.routes = routingTable(emu.services.flatMap((s) => (s.handler ? [s.handler] : [])));
    for (const svc of emu.services) await svc.start?.();
    return emu;
  }

  async handle(req: EmuRequest): Promise<EmuResponse> {
    const requestId = randomUUID();
    const ctx: RequestContext = { region: this.region, accountId: LOCAL_ACCOUNT_ID, now: this.now, accessKeyId: signingAccessKey(req.headers, req.query) };
    for (const route of this.routes) {
      try {
        const call = await route.match(req, ctx, requestId);
        if (!call) continue;
        // The one place faults apply to whole calls; per-record actions draw through env.faults themselves.
        if (ctx.accessKeyId && this.neighbours.iam?.accessKeyInactive(ctx.accessKeyId)) return route.error(inactiveKeyError(call.service), req, requestId);
        const fault = call.faults ? undefined : this.faults.forCall(call.service, call.action);
        if (fault) return route.error(fault, req, requestId);
        if (ctx.accessKeyId) this.neighbours.iam?.accessKeyUsed(ctx.accessKeyId, call.service, ctx.region);
        return await call.run();
      } catch (e) {
        return route.error(asAwsError(e, this.dataDir), req, requestId);
      }
    }
    // S3 takes every request the other protocols do not claim, so this is only reached without it.
    throw new Error('emulator: no service answers this request');
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const svc of [...this.services].reverse()) await svc.close?.();
  }
}

/** AWS's answer to a request signed with a deactivated access key, in each service's words. */
function inactiveKeyError(service: string): AwsError {
  if (service === 's3') return new AwsError('InvalidAccessKeyId', 'The AWS Access Key Id you provided does not exist in our records.', 403);
  if (service === 'iam' || service === 'sts' || service === 'cloudwatch') return new AwsError('InvalidClientTokenId', 'The security token included in the request is invalid.', 403);
  return new AwsError('UnrecognizedClientException', 'The security token included in the request is invalid.', 400);
}

function asAwsError(e: unknown, dataDir: string): AwsError {
  if (e instanceof AwsError) return e;
  if (isDiskFull(e)) return diskFullError(e, undefined, dataDir); // 503 naming the disk, not an internal error
  // A bug in the emulator: answer like AWS's internal error so clients retry/report, and keep the detail.
  const msg = e instanceof Error ? e.message : String(e);
  if (process.env.LAKEHOUSE_DEBUG) console.error(e);
  return new AwsError('InternalFailure', `local emulator internal error: ${msg}`, 500);
}
