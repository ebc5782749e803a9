import { ConfigError } from '../errors.js';
import type { Rng } from '../random/rng.js';
import { describeType } from './discrete.js';
import { Space, type MultiDiscreteJSON } from './space.js';
import { flatOutput } from './space-utils.js';

/**
 * A vector of independent discrete choices: entry `i` lies in `[start[i], start[i] + nvec[i])`
 * (Gymnasium `spaces.MultiDiscrete`, one-dimensional `nvec`). Members are `Int32Array`s.
 *
 * @example
 * ```ts
 * // A game pad: arrow keys (5 choices), button A (2), button B (2).
 * const pad = new MultiDiscrete([5, 2, 2]);
 * pad.contains(Int32Array.of(4, 1, 0));   // true
 * pad.flatDim;                            // 9: one-hot per entry
 * ```
 */
export class MultiDiscrete extends Space<Int32Array> {
  readonly shape: readonly number[];
  readonly dtype = 'int32' as const;
  readonly flatDim: number;
  /** Number of choices per entry. */
  readonly nvec: readonly number[];
  /** Smallest value per entry (zeros by default). */
  readonly start: readonly number[];

  /**
   * @param nvec positive integers, one per entry.
   * @param start the smallest value per entry; zeros when omitted.
   */
  constructor(nvec: ArrayLike<number>, start?: ArrayLike<number>) {
    super();
    this.nvec = Object.freeze(Array.from(nvec));
    this.start = Object.freeze(start === undefined ? this.nvec.map(() => 0) : Array.from(start));
    if (this.nvec.length === 0) throw new ConfigError('MultiDiscrete: nvec must not be empty');
    this.nvec.forEach((n, i) => {
      if (!Number.isSafeInteger(n) || n <= 0) throw new ConfigError(`MultiDiscrete: nvec[${i}] must be a positive integer, got ${n}`);
    });
    if (this.start.length !== this.nvec.length) {
      throw new ConfigError(`MultiDiscrete: start has ${this.start.length} entries but nvec has ${this.nvec.length}`);
    }
    this.start.forEach((s, i) => {
      if (!Number.isSafeInteger(s)) throw new ConfigError(`MultiDiscrete: start[${i}] must be an integer, got ${s}`);
    });
    this.shape = Object.freeze([this.nvec.length]);
    this.flatDim = this.nvec.reduce((a, b) => a + b, 0);
  }

  sample(rng: Rng): Int32Array {
    const out = new Int32Array(this.nvec.length);
    for (let i = 0; i < out.length; i++) out[i] = this.start[i]! + rng.int(this.nvec[i]!);
    return out;
  }

  explainMismatch(x: unknown): string | null {
    if (!(x instanceof Int32Array)) return `expected an Int32Array of length ${this.nvec.length}, got a ${describeType(x)}`;
    if (x.length !== this.nvec.length) return `expected an Int32Array of length ${this.nvec.length}, got length ${x.length}`;
    for (let i = 0; i < x.length; i++) {
      const lo = this.start[i]!;
      if (x[i]! < lo || x[i]! >= lo + this.nvec[i]!) return `value ${x[i]} at index ${i} is outside [${lo}, ${lo + this.nvec[i]!})`;
    }
    return null;
  }

  equals(other: Space<unknown>): boolean {
    return (
      other instanceof MultiDiscrete &&
      other.nvec.length === this.nvec.length &&
      other.nvec.every((n, i) => n === this.nvec[i]) &&
      other.start.every((s, i) => s === this.start[i])
    );
  }

  toJSON(): MultiDiscreteJSON {
    return { type: 'MultiDiscrete', nvec: [...this.nvec], start: [...this.start] };
  }

  toString(): string {
    return `MultiDiscrete([${this.nvec.join(' ')}])`;
  }

  flatten(x: Int32Array, out?: Float32Array, offset = 0): Float32Array {
    const target = flatOutput(this, out, offset);
    target.fill(0, offset, offset + this.flatDim);
    let base = offset;
    for (let i = 0; i < this.nvec.length; i++) {
      target[base + x[i]! - this.start[i]!] = 1;
      base += this.nvec[i]!;
    }
    return target;
  }
}
