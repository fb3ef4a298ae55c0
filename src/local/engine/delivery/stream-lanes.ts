// One lane per delivery stream: a stream's delivery work runs one step at a time and in order (its shards'
// checkpoints advance as before), while other streams' lanes run beside it, so a destination that answers
// slowly (an HTTP endpoint has 3 minutes) or a batch inside its retry window delays only its own stream.
export class StreamLanes {
  private readonly tails = new Map<string, Promise<unknown>>();
  /** Lanes with a pass queued that has not started yet: further wake-ups join it. */
  private readonly queued = new Set<string>();

  /** Run fn on the stream's lane, after everything queued there before it. */
  run<T>(stream: string, fn: () => Promise<T>): Promise<T> {
    const run = (this.tails.get(stream) ?? Promise.resolve()).then(fn);
    const tail = run.catch(() => undefined);
    this.tails.set(stream, tail);
    void tail.then(() => {
      if (this.tails.get(stream) === tail) this.tails.delete(stream);
    });
    return run;
  }

  /** Queue fn unless a pass is already waiting on this lane (a burst of wake-ups costs one pass). */
  once(stream: string, fn: () => Promise<void>): void {
    if (this.queued.has(stream)) return;
    this.queued.add(stream);
    void this.run(stream, () => {
      this.queued.delete(stream);
      return fn();
    }).catch(() => undefined);
  }

  /** Resolves when no lane has work left. */
  async idle(): Promise<void> {
    while (this.tails.size) await Promise.all(this.tails.values());
  }
}
