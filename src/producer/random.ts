// A small, fast, seedable PRNG (sfc32) shared by Faker (as its Randomizer) and by our own uuid/pick
// generation, so one `--seed` makes the whole record stream reproducible.
import { randomBytes } from 'node:crypto';

export interface Rng {
  /** Uniform float in [0, 1). */
  next(): number;
  /** Uniform unsigned 32-bit integer. */
  nextU32(): number;
  seed(seed: number | number[]): void;
}

/** Seed words from a user seed: integers are used as is, other strings are hashed (FNV-1a variants). */
export function seedWords(seed: string | number): number[] {
  const s = String(seed);
  if (/^-?\d+$/.test(s) && Number.isSafeInteger(Number(s))) {
    const n = Number(s);
    return [n >>> 0, Math.floor(n / 2 ** 32) >>> 0];
  }
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193) >>> 0;
    h2 = Math.imul(h2 ^ c, 0x5bd1e995) >>> 0;
  }
  return [h1, h2];
}

export function createRng(seed?: string | number): Rng {
  let a = 0;
  let b = 0;
  let c = 0;
  let d = 0;
  const nextU32 = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  const rng: Rng = {
    nextU32,
    next: () => nextU32() / 4294967296,
    seed(s) {
      const w = Array.isArray(s) ? s : [s];
      a = 0x9e3779b9;
      b = (w[0] ?? 0) | 0;
      c = (w[1] ?? 0) | 0;
      d = (w[2] ?? 1) | 0;
      // Warm up so that nearby seeds diverge.
      for (let i = 0; i < 15; i++) nextU32();
    },
  };
  if (seed === undefined) {
    const buf = randomBytes(12);
    rng.seed([buf.readUInt32LE(0), buf.readUInt32LE(4), buf.readUInt32LE(8)]);
  } else {
    rng.seed(seedWords(seed));
  }
  return rng;
}

const HEX: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** A version-4 UUID drawn from `rng` (reproducible with a seeded rng). */
export function uuidFrom(rng: Rng): string {
  const w0 = rng.nextU32();
  const w1 = rng.nextU32();
  const w2 = rng.nextU32();
  const w3 = rng.nextU32();
  const b6 = ((w1 >>> 8) & 0x0f) | 0x40;
  const b8 = ((w2 >>> 24) & 0x3f) | 0x80;
  return (
    HEX[w0 >>> 24]! + HEX[(w0 >>> 16) & 255]! + HEX[(w0 >>> 8) & 255]! + HEX[w0 & 255]! + '-' +
    HEX[w1 >>> 24]! + HEX[(w1 >>> 16) & 255]! + '-' +
    HEX[b6]! + HEX[w1 & 255]! + '-' +
    HEX[b8]! + HEX[(w2 >>> 16) & 255]! + '-' +
    HEX[(w2 >>> 8) & 255]! + HEX[w2 & 255]! +
    HEX[w3 >>> 24]! + HEX[(w3 >>> 16) & 255]! + HEX[(w3 >>> 8) & 255]! + HEX[w3 & 255]!
  );
}
