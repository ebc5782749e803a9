import { ConfigError } from '../errors.js';
import type { Rng } from '../random/rng.js';
import { describeType } from './discrete.js';
import { Space, type DictJSON } from './space.js';
import { flatOutput } from './space-utils.js';

/** The member spaces of a `Dict<T>`, one per key. */
export type DictSpaces<T extends Record<string, unknown>> = { readonly [K in keyof T]: Space<T[K]> };

/**
 * A product of named spaces (Gymnasium `spaces.Dict`). Members are plain objects with exactly
 * the space's keys. Keys are kept sorted, as Gymnasium sorts a plain dict's keys, so `sample`,
 * `flatten` and `toJSON` visit them in one deterministic order whatever order they were given in.
 *
 * @example
 * ```ts
 * const space = new Dict<{ position: Float32Array; goal: number }>({
 *   position: new Box(-1, 1, [2]),
 *   goal: new Discrete(4),
 * });
 * space.keys;                        // ['goal', 'position']
 * const { position, goal } = space.sample(new Rng(0));
 * ```
 */
export class Dict<T extends Record<string, unknown>> extends Space<T> {
  readonly shape = null;
  readonly dtype = 'object' as const;
  readonly flatDim: number;
  readonly spaces: DictSpaces<T>;
  /** The keys, sorted. */
  readonly keys: readonly string[];

  constructor(spaces: DictSpaces<T>) {
    super();
    const keys = Object.keys(spaces).sort();
    const sorted: Record<string, Space<unknown>> = {};
    for (const key of keys) {
      const s = (spaces as Record<string, unknown>)[key];
      if (!(s instanceof Space)) throw new ConfigError(`Dict: entry '${key}' is a ${describeType(s)}, not a Space`);
      sorted[key] = s;
    }
    this.keys = Object.freeze(keys);
    this.spaces = Object.freeze(sorted) as DictSpaces<T>;
    this.flatDim = keys.reduce((sum, k) => sum + sorted[k]!.flatDim, 0);
  }

  /** The space under `key`. */
  get(key: string): Space<unknown> {
    const s = (this.spaces as Record<string, Space<unknown>>)[key];
    if (s === undefined) throw new ConfigError(`Dict: no key '${key}' (keys: ${this.keys.join(', ')})`);
    return s;
  }

  sample(rng: Rng): T {
    const out: Record<string, unknown> = {};
    for (const key of this.keys) out[key] = this.get(key).sample(rng);
    return out as T;
  }

  explainMismatch(x: unknown): string | null {
    if (typeof x !== 'object' || x === null || Array.isArray(x) || ArrayBuffer.isView(x)) {
      return `expected an object with keys ${this.keys.join(', ')}, got a ${describeType(x)}`;
    }
    const record = x as Record<string, unknown>;
    const extra = Object.keys(record).filter((k) => !this.keys.includes(k));
    if (extra.length > 0) return `unexpected key(s) ${extra.join(', ')} (expected ${this.keys.join(', ')})`;
    for (const key of this.keys) {
      if (!(key in record)) return `missing key '${key}'`;
      const why = this.get(key).explainMismatch(record[key]);
      if (why !== null) return `key '${key}': ${why}`;
    }
    return null;
  }

  equals(other: Space<unknown>): boolean {
    if (!(other instanceof Dict) || other.keys.length !== this.keys.length) return false;
    return this.keys.every((k, i) => other.keys[i] === k && this.get(k).equals(other.get(k)));
  }

  toJSON(): DictJSON {
    const spaces: Record<string, ReturnType<Space<unknown>['toJSON']>> = {};
    for (const key of this.keys) spaces[key] = this.get(key).toJSON();
    return { type: 'Dict', spaces };
  }

  toString(): string {
    return `Dict(${this.keys.map((k) => `'${k}': ${this.get(k).toString()}`).join(', ')})`;
  }

  flatten(x: T, out?: Float32Array, offset = 0): Float32Array {
    const target = flatOutput(this, out, offset);
    let at = offset;
    for (const key of this.keys) {
      const s = this.get(key);
      s.flatten(x[key], target, at);
      at += s.flatDim;
    }
    return target;
  }
}
