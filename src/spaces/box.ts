import { ConfigError, ShapeError, formatShape } from '../errors.js';
import type { Rng } from '../random/rng.js';
import { shapeSize, shapesEqual } from '../tensor/shape.js';
import { describeType } from './discrete.js';
import { Space, type BoxJSON } from './space.js';
import { flatOutput, formatNumber, toJsonBound } from './space-utils.js';

/**
 * A (possibly unbounded) box in R^n of float32 values (Gymnasium `spaces.Box` with
 * `dtype=np.float32`). Members are `Float32Array`s of length `size`, row-major for `shape`.
 *
 * Bounds are stored as float32, as Gymnasium casts them to the dtype, so `contains` compares a
 * float32 observation against float32 bounds. `-Infinity` / `Infinity` mark unbounded sides.
 *
 * Sampling follows Gymnasium: a dimension bounded on both sides is uniform in `[low, high]`,
 * bounded below only is `low + Exp(1)`, bounded above only is `high - Exp(1)`, unbounded is
 * `N(0, 1)`; the result is rounded to float32.
 *
 * @example
 * ```ts
 * const torque = new Box(-2, 2, [1]);                          // Pendulum's action space
 * const obs = new Box([-1, -1, -8], [1, 1, 8]);                // shape inferred: [3]
 * torque.contains(Float32Array.of(0.5));                       // true
 * torque.contains([0.5]);                                      // false: must be a Float32Array
 * ```
 */
export class Box extends Space<Float32Array> {
  readonly shape: readonly number[];
  readonly dtype = 'float32' as const;
  /** Number of values in a member (product of `shape`). */
  readonly size: number;
  /** Lower bounds, float32, length `size` (read-only by convention: do not write). */
  readonly low: Float32Array;
  /** Upper bounds, float32, length `size` (read-only by convention: do not write). */
  readonly high: Float32Array;
  readonly flatDim: number;

  /**
   * @param low a number (same bound everywhere) or one bound per value (flat, row-major).
   * @param high like `low`.
   * @param shape required when both bounds are numbers; defaults to `[length]` of an array bound.
   */
  constructor(low: number | ArrayLike<number>, high: number | ArrayLike<number>, shape?: readonly number[]) {
    super();
    const resolved = shape ?? (typeof low !== 'number' ? [low.length] : typeof high !== 'number' ? [high.length] : null);
    if (resolved === null) throw new ConfigError('Box: shape is required when low and high are both numbers');
    if (resolved.some((d) => !Number.isInteger(d) || d < 0)) {
      throw new ShapeError(`Box: shape ${formatShape(resolved)} must hold non-negative integers`);
    }
    this.shape = Object.freeze([...resolved]);
    this.size = shapeSize(resolved);
    this.flatDim = this.size;
    this.low = toBounds(low, this.size, 'low', resolved);
    this.high = toBounds(high, this.size, 'high', resolved);
    for (let i = 0; i < this.size; i++) {
      const lo = this.low[i]!;
      const hi = this.high[i]!;
      if (Number.isNaN(lo) || Number.isNaN(hi)) throw new ConfigError(`Box: bound ${i} is NaN`);
      if (lo > hi) throw new ConfigError(`Box: low[${i}] = ${lo} is above high[${i}] = ${hi}`);
      if (lo === Infinity || hi === -Infinity) throw new ConfigError(`Box: bounds [${lo}, ${hi}] at ${i} hold no value`);
    }
  }

  /** True when every dimension has a finite bound on the given side(s) (Gymnasium `is_bounded`). */
  isBounded(manner: 'both' | 'below' | 'above' = 'both'): boolean {
    const below = this.low.every((v) => v > -Infinity);
    const above = this.high.every((v) => v < Infinity);
    return manner === 'both' ? below && above : manner === 'below' ? below : above;
  }

  sample(rng: Rng): Float32Array {
    const out = new Float32Array(this.size);
    for (let i = 0; i < this.size; i++) {
      const lo = this.low[i]!;
      const hi = this.high[i]!;
      const below = lo > -Infinity;
      const above = hi < Infinity;
      let v: number;
      if (below && above) v = rng.uniform(lo, hi);
      else if (below) v = lo + exponential(rng);
      else if (above) v = hi - exponential(rng);
      else v = rng.normal();
      out[i] = v;
      // Rounding to float32 can step just past a bound: clamp so samples always lie inside.
      if (out[i]! > hi) out[i] = hi;
      if (out[i]! < lo) out[i] = lo;
    }
    return out;
  }

  explainMismatch(x: unknown): string | null {
    if (!(x instanceof Float32Array)) {
      return `expected a Float32Array of shape ${formatShape(this.shape)}, got a ${describeType(x)}`;
    }
    if (x.length !== this.size) {
      return `expected a Float32Array of shape ${formatShape(this.shape)} (${this.size} values), got ${x.length} values`;
    }
    for (let i = 0; i < this.size; i++) {
      const v = x[i]!;
      if (!(v >= this.low[i]! && v <= this.high[i]!)) {
        return `value ${v} at index ${i} is outside [${this.low[i]}, ${this.high[i]}]`;
      }
    }
    return null;
  }

  equals(other: Space<unknown>): boolean {
    if (!(other instanceof Box) || !shapesEqual(other.shape, this.shape)) return false;
    for (let i = 0; i < this.size; i++) {
      if (!Object.is(other.low[i], this.low[i]) || !Object.is(other.high[i], this.high[i])) return false;
    }
    return true;
  }

  toJSON(): BoxJSON {
    return { type: 'Box', shape: [...this.shape], low: Array.from(this.low, toJsonBound), high: Array.from(this.high, toJsonBound) };
  }

  toString(): string {
    const shapeText = `(${this.shape.join(', ')}${this.shape.length === 1 ? ',' : ''})`;
    return `Box(${boundText(this.low)}, ${boundText(this.high)}, ${shapeText}, float32)`;
  }

  flatten(x: Float32Array, out?: Float32Array, offset = 0): Float32Array {
    const target = flatOutput(this, out, offset);
    target.set(x.subarray(0, this.size), offset);
    return target;
  }
}

/** Gymnasium prints a single number when all bounds agree, else the array. */
function boundText(bounds: Float32Array): string {
  if (bounds.length > 0 && bounds.every((v) => v === bounds[0])) return formatNumber(bounds[0]!);
  return `[${Array.from(bounds, formatNumber).join(' ')}]`;
}

function toBounds(bound: number | ArrayLike<number>, size: number, name: string, shape: readonly number[]): Float32Array {
  if (typeof bound === 'number') return new Float32Array(size).fill(bound);
  if (bound.length !== size) {
    throw new ShapeError(`Box: ${name} has ${bound.length} values but shape ${formatShape(shape)} needs ${size}`);
  }
  return Float32Array.from(bound);
}

/** Exp(1) by inversion; 1 - u is in (0, 1], so the log is finite. */
function exponential(rng: Rng): number {
  return -Math.log(1 - rng.nextFloat());
}
