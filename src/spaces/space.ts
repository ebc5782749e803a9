import type { Rng } from '../random/rng.js';

/**
 * Element types of space members, named like NumPy dtypes so they read as in Gymnasium.
 * `'object'` marks composite spaces (Tuple, Dict) whose members are not one typed array.
 */
export type SpaceDType = 'float32' | 'int32' | 'int8' | 'object';

/** A JSON number, with infinities spelled as strings (JSON has no Infinity). */
export type JsonBound = number | 'inf' | '-inf';

/** JSON description of a {@link Discrete} space. */
export interface DiscreteJSON {
  readonly type: 'Discrete';
  readonly n: number;
  readonly start: number;
}

/** JSON description of a {@link Box} space; `low`/`high` are flat, row-major. */
export interface BoxJSON {
  readonly type: 'Box';
  readonly shape: readonly number[];
  readonly low: readonly JsonBound[];
  readonly high: readonly JsonBound[];
}

/** JSON description of a {@link MultiDiscrete} space. */
export interface MultiDiscreteJSON {
  readonly type: 'MultiDiscrete';
  readonly nvec: readonly number[];
  readonly start: readonly number[];
}

/** JSON description of a {@link MultiBinary} space. */
export interface MultiBinaryJSON {
  readonly type: 'MultiBinary';
  readonly n: number;
}

/** JSON description of a {@link Tuple} space. */
export interface TupleJSON {
  readonly type: 'Tuple';
  readonly spaces: readonly SpaceJSON[];
}

/** JSON description of a {@link Dict} space (keys in the space's own, sorted, order). */
export interface DictJSON {
  readonly type: 'Dict';
  readonly spaces: Readonly<Record<string, SpaceJSON>>;
}

/** The JSON description of any built-in space; `spaceFromJSON` turns it back into a space. */
export type SpaceJSON = DiscreteJSON | BoxJSON | MultiDiscreteJSON | MultiBinaryJSON | TupleJSON | DictJSON;

/**
 * The set a value (an observation or an action) must lie in; the Gymnasium `Space` contract.
 *
 * Sampling takes the `Rng` explicitly (`space.sample(rng)`) instead of owning a generator as
 * Gymnasium's `space.seed()` does: every random draw in neuroloop comes from a stream the
 * caller owns, so a space stays a plain immutable value that can be shared and compared.
 *
 * Members are typed arrays for array-like spaces (Box: `Float32Array`, MultiDiscrete:
 * `Int32Array`, MultiBinary: `Int8Array`), a number for Discrete, and arrays/objects of members
 * for Tuple/Dict. `contains` is strict about those types: a `number[]` is not in a Box.
 *
 * @example
 * ```ts
 * const space: Space<number> = new Discrete(3);
 * const a = space.sample(new Rng(0));   // 0, 1 or 2
 * space.contains(a);                    // true
 * space.explainMismatch(7);             // 'expected an integer in [0, 3), got 7'
 * spaceFromJSON(space.toJSON()).equals(space); // true
 * ```
 */
export abstract class Space<T> {
  /**
   * Shape of one member for array-like spaces (`[]` for Discrete, `[4]` for CartPole's Box);
   * `null` for composite spaces (Tuple, Dict).
   */
  abstract readonly shape: readonly number[] | null;

  /** Element type of a member (see {@link SpaceDType}). */
  abstract readonly dtype: SpaceDType;

  /**
   * Length of {@link Space.flatten}'s output: Box size, Discrete `n` (one-hot), MultiDiscrete
   * `sum(nvec)` (one-hot per entry), MultiBinary `n`, Tuple/Dict the sum over their parts.
   */
  abstract readonly flatDim: number;

  /** A uniformly random member (Box: see its docs for unbounded dimensions), drawn from `rng`. */
  abstract sample(rng: Rng): T;

  /**
   * Why `x` is not a member, as a short phrase for error messages, or `null` when it is one.
   * `contains(x)` is exactly `explainMismatch(x) === null`.
   */
  abstract explainMismatch(x: unknown): string | null;

  /** True when both describe the same set (same type, shape, bounds). */
  abstract equals(other: Space<unknown>): boolean;

  /** A JSON-safe description; `spaceFromJSON(space.toJSON())` equals `space`. */
  abstract toJSON(): SpaceJSON;

  /** Gymnasium-like text, e.g. `Discrete(2)` or `Box(-1.0, 1.0, (3,), float32)`. */
  abstract toString(): string;

  /**
   * A member as a flat float32 vector for networks (Gymnasium's `spaces.utils.flatten`):
   * Box copies its values, Discrete/MultiDiscrete become one-hot, Tuple/Dict concatenate.
   * Writes into `out` at `offset` when given (no allocation), else returns a new array.
   */
  abstract flatten(x: T, out?: Float32Array, offset?: number): Float32Array;

  /** True when `x` is a member of this space. */
  contains(x: unknown): x is T {
    return this.explainMismatch(x) === null;
  }
}
