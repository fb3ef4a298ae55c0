// Durable registry of delivery streams: one JSON file under <dataDir>/firehose/, rewritten atomically on
// every change (changes are rare: create, update, tag, delete).
import path from 'node:path';
import { readJson, writeJsonAtomic } from '../../engine/delivery/durable-file.js';
import type { DestinationKind } from './destinations.js';

export type DeliveryStreamType = 'DirectPut' | 'KinesisStreamAsSource';

export interface DeliveryStreamRecord {
  name: string;
  arn: string;
  type: DeliveryStreamType;
  /** ms since epoch (emulator clock). */
  createdAt: number;
  updatedAt?: number;
  /** Set by DeleteDeliveryStream; the stream disappears a short while later. */
  deletingAt?: number;
  versionId: number;
  source?: { streamArn: string; roleArn: string };
  /** The destination configuration as accepted, defaults filled in: ExtendedS3 (or S3), Iceberg (told by its
   * CatalogConfiguration), or the configuration of `destinationKind`. */
  destination: any;
  /** Set for Redshift, HTTP endpoint, Snowflake, Elasticsearch, OpenSearch (Serverless) and Splunk destinations. */
  destinationKind?: DestinationKind;
  tags: Array<{ Key: string; Value?: string }>;
  /** Start/StopDeliveryStreamEncryption's setting (absent: never enabled). */
  encryption?: { Status: 'ENABLED' | 'DISABLED'; KeyType?: string; KeyARN?: string };
}

interface StoreFile {
  streams: DeliveryStreamRecord[];
}

export class DeliveryStreamStore {
  private readonly file: string;
  private readonly streams = new Map<string, DeliveryStreamRecord>();

  constructor(dataDir: string) {
    this.file = path.join(dataDir, 'firehose', 'delivery-streams.json');
    for (const s of readJson<StoreFile>(this.file)?.streams ?? []) this.streams.set(s.name, s);
  }

  get(name: string): DeliveryStreamRecord | undefined {
    return this.streams.get(name);
  }

  all(): DeliveryStreamRecord[] {
    return [...this.streams.values()];
  }

  put(rec: DeliveryStreamRecord): void {
    this.streams.set(rec.name, rec);
    this.save();
  }

  remove(name: string): void {
    this.streams.delete(name);
    this.save();
  }

  save(): void {
    writeJsonAtomic(this.file, { streams: this.all() } satisfies StoreFile);
  }
}

const DEFAULT_TRANSITION_MS = 200;

/** How long CREATING and DELETING last (AWS takes seconds to minutes; locally short). */
export function transitionMs(settings: { firehoseTransitionMs?: number }): number {
  if (settings.firehoseTransitionMs !== undefined) return settings.firehoseTransitionMs;
  const v = Number(process.env.LAKEHOUSE_FIREHOSE_TRANSITION_MS);
  return process.env.LAKEHOUSE_FIREHOSE_TRANSITION_MS && Number.isFinite(v) && v >= 0 ? v : DEFAULT_TRANSITION_MS;
}

export type Status = 'CREATING' | 'ACTIVE' | 'DELETING' | 'GONE';

export function statusOf(rec: DeliveryStreamRecord, now: number, transition: number): Status {
  if (rec.deletingAt !== undefined) return now - rec.deletingAt >= transition ? 'GONE' : 'DELETING';
  return now - rec.createdAt >= transition ? 'ACTIVE' : 'CREATING';
}
