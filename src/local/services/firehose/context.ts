// State shared by the Firehose actions: the registry, the delivery engine and the DirectPut logs.
import type { Neighbours, ServiceEnv } from '../../service.js';
import { DirectPutLog } from '../../engine/delivery/direct-put-log.js';
import type { DeliveryEngine } from '../../engine/delivery/engine.js';
import { notFound } from './errors.js';
import { statusOf, transitionMs, type DeliveryStreamRecord, type DeliveryStreamStore, type Status } from './store.js';

export class FirehoseContext {
  private readonly logs = new Map<string, DirectPutLog>();
  engine!: DeliveryEngine;

  readonly transitionMs: number;

  constructor(
    readonly env: ServiceEnv,
    readonly store: DeliveryStreamStore,
    /** The Kinesis a KinesisStreamAsSource stream reads. */
    readonly kinesis: Neighbours['kinesis'],
    /** Where Direct PUT reports its AWS/Firehose metrics. */
    readonly metrics: Neighbours['metrics'],
    /** The catalog an Iceberg destination's tables are checked against. */
    readonly glue: Neighbours['glue'],
  ) {
    this.transitionMs = transitionMs(env.settings);
  }

  status(rec: DeliveryStreamRecord): Status {
    return statusOf(rec, this.env.now(), this.transitionMs);
  }

  /** A stream that exists (deleted streams vanish once their DELETING time is over). */
  find(name: string): DeliveryStreamRecord | undefined {
    const rec = this.store.get(name);
    if (rec && this.status(rec) === 'GONE') {
      this.purge(rec.name);
      return undefined;
    }
    return rec;
  }

  require(name: unknown): DeliveryStreamRecord {
    const rec = typeof name === 'string' ? this.find(name) : undefined;
    if (!rec) throw notFound(String(name), this.env.accountId);
    return rec;
  }

  list(): DeliveryStreamRecord[] {
    return this.store.all().filter((r) => this.find(r.name));
  }

  /** The emulator is closing: release the DirectPut logs' open files. */
  closeLogs(): void {
    for (const log of this.logs.values()) log.close();
  }

  directLog(name: string): DirectPutLog {
    let log = this.logs.get(name);
    if (!log) {
      log = new DirectPutLog(this.env.dataDir, name);
      this.logs.set(name, log);
    }
    return log;
  }

  /** Forget a deleted stream entirely: registry entry, DirectPut log, checkpoints. */
  purge(name: string): void {
    this.store.remove(name);
    this.directLog(name).remove();
    this.logs.delete(name);
    void this.engine.drop(name);
  }
}
