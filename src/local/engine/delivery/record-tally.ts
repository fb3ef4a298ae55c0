// What every shard buffer keeps of the records it took, whatever it does with them: how many, the oldest
// arrival (the buffering interval runs from it) and the sequence range (part of the batch's identity).
import type { StoredRecord } from '../../types.js';

export class RecordTally {
  count = 0;
  oldestArrival = Infinity;
  firstSequence?: string;
  /** The last record taken; its sequence number is read only when asked. */
  private last?: StoredRecord;

  get lastSequence(): string | undefined {
    return this.last?.sequenceNumber;
  }

  /** Counts a record in (its bytes are the buffer's own business: SizeInMBs applies per partition). */
  protected tally(r: StoredRecord): void {
    this.count++;
    if (r.arrival < this.oldestArrival) this.oldestArrival = r.arrival;
    this.firstSequence ??= r.sequenceNumber;
    this.last = r;
  }
}
