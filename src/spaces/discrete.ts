import { ConfigError } from '../errors.js';
import type { Rng } from '../random/rng.js';
import { Space, type DiscreteJSON } from './space.js';
import { flatOutput } from './space-utils.js';

/**
 * The integers `{start, start + 1, ..., start + n - 1}` (Gymnasium `spaces.Discrete`).
 * Members are plain numbers; `flatten` gives a one-hot vector of length `n`.
 *
 * @example
 * ```ts
 * const actions = new Discrete(2);          // CartPole: 0 = push left, 1 = push right
 * actions.sample(new Rng(1));               // 0 or 1
 * new Discrete(3, -1).contains(-1);         // true: {-1, 0, 1}
 * ```
 */
export class Discrete extends Space<number> {
  readonly shape: readonly number[] = Object.freeze([]);
  readonly dtype = 'int32' as const;
  readonly flatDim: number;

  /**
   * @param n number of elements, a positive integer.
   * @param start the smallest element (an integer, default 0).
   */
  constructor(
    readonly n: number,
    readonly start = 0,
  ) {
    super();
    if (!Number.isSafeInteger(n) || n <= 0) throw new ConfigError(`Discrete: n must be a positive integer, got ${String(n)}`);
    if (!Number.isSafeInteger(start)) throw new ConfigError(`Discrete: start must be an integer, got ${String(start)}`);
    this.flatDim = n;
  }

  sample(rng: Rng): number {
    return this.start + rng.int(this.n);
  }

  explainMismatch(x: unknown): string | null {
    if (typeof x === 'number' && Number.isInteger(x) && x >= this.start && x < this.start + this.n) return null;
    const got = typeof x === 'number' ? String(x) : `a ${describeType(x)}`;
    return `expected an integer in [${this.start}, ${this.start + this.n}), got ${got}`;
  }

  equals(other: Space<unknown>): boolean {
    return other instanceof Discrete && other.n === this.n && other.start === this.start;
  }

  toJSON(): DiscreteJSON {
    return { type: 'Discrete', n: this.n, start: this.start };
  }

  toString(): string {
    return this.start === 0 ? `Discrete(${this.n})` : `Discrete(${this.n}, start=${this.start})`;
  }

  flatten(x: number, out?: Float32Array, offset = 0): Float32Array {
    const target = flatOutput(this, out, offset);
    target.fill(0, offset, offset + this.n);
    target[offset + x - this.start] = 1;
    return target;
  }
}

/** A short type name for error messages: `string`, `Float64Array`, `array`, `null`... */
export function describeType(x: unknown): string {
  if (x === null) return 'null';
  if (Array.isArray(x)) return 'array';
  if (ArrayBuffer.isView(x)) return x.constructor.name;
  return typeof x;
}
