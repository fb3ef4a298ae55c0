// Ends a streamed response whose reader has stopped reading: S3's rule (a connection neither read from nor
// written to for 20 s is closed) applied to the write side. Only backpressure counts as a stall: a source
// with nothing to send yet (a Kinesis SubscribeToShard event stream waiting for records) is not one, so
// a plain socket inactivity timeout would be wrong here.
import { Transform } from 'node:stream';

/** A pass-through to put between the body and the response; `stop()` when the pipeline is done. */
export function stallGuard(idleMs: number, onStall: () => void): { meter: Transform; stop(): void } {
  let passed = 0;
  let seen = 0;
  let stuckSince: number | undefined;
  const meter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      passed += chunk.length;
      done(null, chunk);
    },
  });
  const timer = setInterval(() => {
    // Data waits in the meter (the response took no more) and nothing moved since the last look.
    const waiting = meter.readableLength + meter.writableLength > 0;
    if (!waiting || passed !== seen) {
      seen = passed;
      stuckSince = undefined;
      return;
    }
    stuckSince ??= Date.now();
    if (Date.now() - stuckSince >= idleMs) {
      clearInterval(timer);
      onStall();
    }
  }, Math.max(25, Math.min(1000, idleMs / 4)));
  timer.unref();
  return { meter, stop: () => clearInterval(timer) };
}
