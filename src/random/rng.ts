import { ConfigError } from '../errors.js';

/**
 * Serializable state of an {@link Rng}: enough to continue the exact same stream later.
 * Plain numbers only, so it round-trips through JSON.
 */
export interface RngState {
  /** The four 32-bit words of the xoshiro128** state. */
  readonly s: readonly [number, number, number, number];
  /** The 128-bit key the generator was seeded with; children derive their keys from it. */
  readonly key: readonly [number, number, number, number];
  /** A cached second normal deviate from the last Box-Muller pair, or null. */
  readonly spareNormal: number | null;
}

const TWO_POW_32 = 4294967296;
const TWO_POW_53 = 9007199254740992;

/** Murmur3's 32-bit finalizer: a bijective avalanche mix. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** FNV-1a over the UTF-16 code units of a string. */
function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Expands a 128-bit key into a non-zero xoshiro state with a splitmix-style sequence. */
function stateFromKey(key: readonly number[]): [number, number, number, number] {
  const s: [number, number, number, number] = [0, 0, 0, 0];
  let acc = 0x9e3779b9;
  for (let i = 0; i < 4; i++) {
    acc = (acc + 0x9e3779b9 + key[i]!) >>> 0;
    s[i] = fmix32(acc ^ fmix32(key[(i + 1) & 3]! + i));
  }
  if ((s[0] | s[1] | s[2] | s[3]) === 0) s[0] = 1;
  return s;
}

function keyFromSeed(seed: number): [number, number, number, number] {
  if (!Number.isSafeInteger(seed) || seed < 0) {
    throw new ConfigError(`Rng seed must be a non-negative safe integer, got ${String(seed)}`);
  }
  const lo = seed >>> 0;
  const hi = Math.floor(seed / TWO_POW_32) >>> 0;
  return [fmix32(lo ^ 0x243f6a88), fmix32(hi ^ 0x85a308d3), fmix32((lo + 0x13198a2e) >>> 0), fmix32((hi + 0x03707344) >>> 0)];
}

/**
 * The one seedable pseudo-random generator of neuroloop: xoshiro128** (Blackman & Vigna, 2018),
 * 32-bit arithmetic only, so the same seed gives the same stream on every machine and Node version.
 *
 * Streams split by name: `rng.child('env')` derives a new generator from this generator's seed key
 * and the name alone. It does not consume or depend on the parent's draws, so adding a draw in one
 * component never shifts the numbers another component sees. The same name gives the same child.
 *
 * @example
 * ```ts
 * const rng = new Rng(42);
 * const envRng = rng.child('env');
 * const u = rng.uniform();          // [0, 1)
 * const z = rng.normal(0, 1);
 * const saved = rng.getState();     // JSON-safe
 * const again = Rng.fromState(saved);
 * ```
 */
export class Rng {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;
  private readonly key: [number, number, number, number];
  private spareNormal: number | null = null;

  /** @param seed a non-negative safe integer. */
  constructor(seed: number) {
    this.key = keyFromSeed(seed);
    [this.s0, this.s1, this.s2, this.s3] = stateFromKey(this.key);
  }

  /** Restores a generator exactly where {@link Rng.getState} left it. */
  static fromState(state: RngState): Rng {
    const rng = new Rng(0);
    rng.setState(state);
    return rng;
  }

  /**
   * A generator seeded directly with a xoshiro128** state, for known-answer tests against the
   * reference implementation. The key is the state itself.
   */
  static fromRawState(s: readonly [number, number, number, number]): Rng {
    return Rng.fromState({ s, key: s, spareNormal: null });
  }

  /** An independent child stream named `name` (deterministic in this generator's seed and the name). */
  child(name: string): Rng {
    const h = hashString(name);
    const key: [number, number, number, number] = [
      fmix32(this.key[0] ^ h),
      fmix32((this.key[1] + fmix32(h ^ 0x5bd1e995)) >>> 0),
      fmix32(this.key[2] ^ fmix32((h + 0x27d4eb2f) >>> 0)),
      fmix32((this.key[3] + h + 0x165667b1) >>> 0),
    ];
    const rng = new Rng(0);
    rng.setState({ s: stateFromKey(key), key, spareNormal: null });
    return rng;
  }

  /** A JSON-safe snapshot of the full state (see {@link RngState}). */
  getState(): RngState {
    return { s: [this.s0 >>> 0, this.s1 >>> 0, this.s2 >>> 0, this.s3 >>> 0], key: [...this.key], spareNormal: this.spareNormal };
  }

  /** Continues from a snapshot; throws if it is malformed. */
  setState(state: RngState): void {
    const words = [...state.s, ...state.key];
    if (state.s.length !== 4 || state.key.length !== 4 || words.some((w) => !Number.isInteger(w) || w < 0 || w >= TWO_POW_32)) {
      throw new ConfigError('Rng state must hold s and key as four unsigned 32-bit integers each');
    }
    if ((state.s[0] | state.s[1] | state.s[2] | state.s[3]) === 0) {
      throw new ConfigError('Rng state s must not be all zeros (xoshiro128** would emit zeros forever)');
    }
    [this.s0, this.s1, this.s2, this.s3] = state.s;
    this.key.splice(0, 4, ...state.key);
    this.spareNormal = state.spareNormal;
  }

  /** The next raw 32-bit output, an integer in [0, 2^32). */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** A double in [0, 1) with 53 random bits. */
  nextFloat(): number {
    const a = this.nextUint32() >>> 5;
    const b = this.nextUint32() >>> 6;
    return (a * 67108864 + b) / TWO_POW_53;
  }

  /** Uniform double in [low, high). */
  uniform(low = 0, high = 1): number {
    return low + (high - low) * this.nextFloat();
  }

  /** Normal deviate (Box-Muller, polar-free form; the second value of each pair is cached). */
  normal(mean = 0, std = 1): number {
    if (this.spareNormal !== null) {
      const z = this.spareNormal;
      this.spareNormal = null;
      return mean + std * z;
    }
    let u = this.nextFloat();
    while (u === 0) u = this.nextFloat();
    const v = this.nextFloat();
    const r = Math.sqrt(-2 * Math.log(u));
    const theta = 2 * Math.PI * v;
    this.spareNormal = r * Math.sin(theta);
    return mean + std * r * Math.cos(theta);
  }

  /** Uniform integer in [low, high) without modulo bias. `int(n)` draws from [0, n). */
  int(low: number, high?: number): number {
    if (high === undefined) {
      high = low;
      low = 0;
    }
    const span = high - low;
    if (!Number.isInteger(low) || !Number.isInteger(high) || span <= 0 || span > TWO_POW_32) {
      throw new ConfigError(`Rng.int needs integers low < high with high - low <= 2^32, got [${low}, ${high})`);
    }
    if (span === TWO_POW_32) return low + this.nextUint32();
    // Rejection sampling on the largest multiple of span below 2^32.
    const limit = TWO_POW_32 - (TWO_POW_32 % span);
    let x = this.nextUint32();
    while (x >= limit) x = this.nextUint32();
    return low + (x % span);
  }

  /** True with probability p. */
  bernoulli(p: number): boolean {
    return this.nextFloat() < p;
  }

  /** Shuffles `items` in place (Fisher-Yates) and returns it. */
  shuffle<T, A extends { length: number; [index: number]: T }>(items: A): A {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const tmp = items[i]!;
      items[i] = items[j]!;
      items[j] = tmp;
    }
    return items;
  }

  /** A random permutation of 0..n-1. */
  permutation(n: number): Int32Array {
    const p = new Int32Array(n);
    for (let i = 0; i < n; i++) p[i] = i;
    return this.shuffle(p);
  }

  /**
   * An index drawn with probability proportional to `weights` (which need not sum to 1).
   * Throws if the weights are negative, non-finite or all zero.
   */
  categorical(weights: ArrayLike<number>): number {
    let total = 0;
    for (let i = 0; i < weights.length; i++) {
      const w = weights[i]!;
      if (!(w >= 0) || !Number.isFinite(w)) {
        throw new ConfigError(`Rng.categorical: weight ${i} is ${w}; weights must be finite and non-negative`);
      }
      total += w;
    }
    if (total <= 0) throw new ConfigError('Rng.categorical: weights sum to zero');
    const target = this.nextFloat() * total;
    let acc = 0;
    for (let i = 0; i < weights.length; i++) {
      acc += weights[i]!;
      if (target < acc) return i;
    }
    // Rounding can leave target at the total: return the last index with positive weight.
    for (let i = weights.length - 1; i >= 0; i--) if (weights[i]! > 0) return i;
    return weights.length - 1;
  }

  /** A uniformly chosen element of a non-empty array. */
  choice<T>(items: readonly T[]): T {
    if (items.length === 0) throw new ConfigError('Rng.choice: cannot choose from an empty array');
    return items[this.int(items.length)]!;
  }

  /** Fills `out` with uniform values in [low, high) and returns it. */
  fillUniform<T extends Float32Array | Float64Array>(out: T, low = 0, high = 1): T {
    for (let i = 0; i < out.length; i++) out[i] = this.uniform(low, high);
    return out;
  }

  /** Fills `out` with normal values and returns it. */
  fillNormal<T extends Float32Array | Float64Array>(out: T, mean = 0, std = 1): T {
    for (let i = 0; i < out.length; i++) out[i] = this.normal(mean, std);
    return out;
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
