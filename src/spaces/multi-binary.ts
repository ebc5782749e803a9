import { ConfigError } from '../errors.js';
import type { Rng } from '../random/rng.js';
import { describeType } from './discrete.js';
import { Space, type MultiBinaryJSON } from './space.js';
import { flatOutput } from './space-utils.js';

/**
 * Binary vectors of length `n` (Gymnasium `spaces.MultiBinary` with an integer `n`).
 * Members are `Int8Array`s holding 0 or 1 (int8, like Gymnasium).
 *
 * @example
 * ```ts
 * const switches = new MultiBinary(3);
 * switches.contains(Int8Array.of(1, 0, 1));   // true
 * switches.contains(Int8Array.of(2, 0, 1));   // false
 * ```
 */
export class MultiBinary extends Space<Int8Array> {
  readonly shape: readonly number[];
  readonly dtype = 'int8' as const;
  readonly flatDim: number;

  /** @param n the vector length, a positive integer. */
  constructor(readonly n: number) {
    super();
    if (!Number.isSafeInteger(n) || n <= 0) throw new ConfigError(`MultiBinary: n must be a positive integer, got ${String(n)}`);
    this.shape = Object.freeze([n]);
    this.flatDim = n;
  }

  sample(rng: Rng): Int8Array {
    const out = new Int8Array(this.n);
    for (let i = 0; i < this.n; i++) out[i] = rng.int(2);
    return out;
  }

  explainMismatch(x: unknown): string | null {
    if (!(x instanceof Int8Array)) return `expected an Int8Array of length ${this.n}, got a ${describeType(x)}`;
    if (x.length !== this.n) return `expected an Int8Array of length ${this.n}, got length ${x.length}`;
    for (let i = 0; i < x.length; i++) if (x[i] !== 0 && x[i] !== 1) return `value ${x[i]} at index ${i} is not 0 or 1`;
    return null;
  }

  equals(other: Space<unknown>): boolean {
    return other instanceof MultiBinary && other.n === this.n;
  }

  toJSON(): MultiBinaryJSON {
    return { type: 'MultiBinary', n: this.n };
  }

  toString(): string {
    return `MultiBinary(${this.n})`;
  }

  flatten(x: Int8Array, out?: Float32Array, offset = 0): Float32Array {
    const target = flatOutput(this, out, offset);
    for (let i = 0; i < this.n; i++) target[offset + i] = x[i]!;
    return target;
  }
}
