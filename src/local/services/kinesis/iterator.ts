// Shard iterators: opaque base64 strings naming the stream (and its incarnation), the shard, the
// position (read records with a counter above it) and when the iterator was issued (valid 5 minutes).
// Shaped like AWS's: 8 bytes 00..01, then the state, padded to 152 + a multiple of 16 bytes.
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

const HEADER = Buffer.from([0, 0, 0, 0, 0, 0, 0, 1]);

export function encodeIterator(s: IteratorState): string {
  const state = Buffer.from(`${s.issuedMs}|${s.streamCreatedMs}|${s.shardId}|${s.after}|${s.stream}`, 'utf8');
  const used = HEADER.length + state.length;
  const size = used <= 152 ? 152 : 152 + Math.ceil((used - 152) / 16) * 16;
  return Buffer.concat([HEADER, state, Buffer.alloc(size - used)]).toString('base64');
}

/** AWS's timestamp style in the expiry message, e.g. "Thu Jan 22 01:22:02 UTC 2015". */
function amzUtc(ms: number): string {
  const p = new Date(ms).toUTCString().split(' '); // "Thu, 22 Jan 2015 01:22:02 GMT"
  return [p[0]!.slice(0, 3), p[2], p[1], p[4], 'UTC', p[3]].join(' ');
}

export function decodeIterator(iterator: string, now: number): IteratorState {
  const raw = Buffer.from(iterator, 'base64');
  if (raw.length < 152 || !raw.subarray(0, 8).equals(HEADER)) throw invalidArgument('Invalid ShardIterator.');
  const end = raw.indexOf(0, 8);
  const parts = raw.toString('utf8', 8, end < 0 ? raw.length : end).split('|');
  if (parts.length !== 5) throw invalidArgument('Invalid ShardIterator.');
  const [issued, created, shardId, after, stream] = parts as [string, string, string, string, string];
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
