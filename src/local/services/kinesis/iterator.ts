// Shard iterators: opaque base64 strings naming the stream (and its incarnation), the shard, the
// position (read records with a counter above it) and when the iterator was issued (valid 5 minutes).
import { AwsError } from '../../types.js';
import { invalidArgument } from './errors.js';

export const ITERATOR_TTL_MS = 300_000;

export interface IteratorState {
  stream: string;
  streamCreatedMs: number;
  shardId: string;
  /** Records with a counter strictly greater than this are next. */
  after: number;
  issuedMs: number;
}

export function encodeIterator(s: IteratorState): string {
  return Buffer.from(`AAAAAAAAAAE|${s.issuedMs}|${s.streamCreatedMs}|${s.shardId}|${s.after}|${s.stream}`, 'utf8').toString('base64');
}

/** AWS's timestamp style in the expiry message, e.g. "Thu Jan 22 01:22:02 UTC 2015". */
function amzUtc(ms: number): string {
  const p = new Date(ms).toUTCString().split(' '); // "Thu, 22 Jan 2015 01:22:02 GMT"
  return [p[0]!.slice(0, 3), p[2], p[1], p[4], 'UTC', p[3]].join(' ');
}

export function decodeIterator(iterator: string, now: number): IteratorState {
  const parts = Buffer.from(iterator, 'base64').toString('utf8').split('|');
  if (parts.length !== 6 || parts[0] !== 'AAAAAAAAAAE') throw invalidArgument('Invalid ShardIterator.');
  const [, issued, created, shardId, after, stream] = parts as [string, string, string, string, string, string];
  const state = { stream, streamCreatedMs: Number(created), shardId, after: Number(after), issuedMs: Number(issued) };
  if (![state.streamCreatedMs, state.after, state.issuedMs].every(Number.isFinite)) throw invalidArgument('Invalid ShardIterator.');
  if (now - state.issuedMs > ITERATOR_TTL_MS) {
    throw new AwsError(
      'ExpiredIteratorException',
      `Iterator expired. The iterator was created at time ${amzUtc(state.issuedMs)} while right now it is ${amzUtc(now)} ` +
        `which is further in the future than the tolerated delay of ${ITERATOR_TTL_MS} milliseconds.`,
    );
  }
  return state;
}
