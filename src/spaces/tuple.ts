import { ConfigError } from '../errors.js';
import type { Rng } from '../random/rng.js';
import { describeType } from './discrete.js';
import { Space, type TupleJSON } from './space.js';
import { flatOutput } from './space-utils.js';

/** The member spaces of a `Tuple<T>`, one per position. */
export type TupleSpaces<T extends readonly unknown[]> = { readonly [K in keyof T]: Space<T[K]> };

/**
 * A fixed-length product of spaces (Gymnasium `spaces.Tuple`). Members are arrays with one
 * member of each part, in order. `sample` draws the parts in order from the same `Rng`.
 *
 * @example
 * ```ts
 * const space = new Tuple<[number, Float32Array]>([new Discrete(3), new Box(-1, 1, [2])]);
 * const [choice, vector] = space.sample(new Rng(0));
 * ```
 */
export class Tuple<T extends readonly unknown[]> extends Space<T> {
  readonly shape = null;
  readonly dtype = 'object' as const;
  readonly flatDim: number;
  readonly spaces: TupleSpaces<T>;

  constructor(spaces: TupleSpaces<T>) {
    super();
    const list = spaces as readonly unknown[];
    list.forEach((s, i) => {
      if (!(s instanceof Space)) throw new ConfigError(`Tuple: part ${i} is a ${describeType(s)}, not a Space`);
    });
    this.spaces = Object.freeze([...list]) as unknown as TupleSpaces<T>;
    this.flatDim = this.parts().reduce((sum, s) => sum + s.flatDim, 0);
  }

  /** The parts as a plain array of spaces. */
  parts(): readonly Space<unknown>[] {
    return this.spaces as unknown as readonly Space<unknown>[];
  }

  sample(rng: Rng): T {
    return this.parts().map((s) => s.sample(rng)) as unknown as T;
  }

  explainMismatch(x: unknown): string | null {
    const parts = this.parts();
    if (!Array.isArray(x)) return `expected an array of ${parts.length} parts, got a ${describeType(x)}`;
    if (x.length !== parts.length) return `expected ${parts.length} parts, got ${x.length}`;
    for (let i = 0; i < parts.length; i++) {
      const why = parts[i]!.explainMismatch(x[i]);
      if (why !== null) return `part ${i}: ${why}`;
    }
    return null;
  }

  equals(other: Space<unknown>): boolean {
    if (!(other instanceof Tuple)) return false;
    const a = this.parts();
    const b = other.parts();
    return a.length === b.length && a.every((s, i) => s.equals(b[i]!));
  }

  toJSON(): TupleJSON {
    return { type: 'Tuple', spaces: this.parts().map((s) => s.toJSON()) };
  }

  toString(): string {
    return `Tuple(${this.parts().map((s) => s.toString()).join(', ')})`;
  }

  flatten(x: T, out?: Float32Array, offset = 0): Float32Array {
    const target = flatOutput(this, out, offset);
    let at = offset;
    this.parts().forEach((s, i) => {
      s.flatten(x[i], target, at);
      at += s.flatDim;
    });
    return target;
  }
}
