import { ShapeError } from '../errors.js';
import type { JsonBound, Space } from './space.js';

/**
 * The array a `flatten` call writes into: `out` when given (checked to have room for
 * `space.flatDim` values at `offset`), else a new zeroed array of length `flatDim`.
 */
export function flatOutput(space: Space<unknown>, out: Float32Array | undefined, offset: number): Float32Array {
  if (out === undefined) {
    if (offset !== 0) throw new ShapeError(`${space.toString()}.flatten: offset ${offset} given without an output array`);
    return new Float32Array(space.flatDim);
  }
  if (!Number.isInteger(offset) || offset < 0 || offset + space.flatDim > out.length) {
    throw new ShapeError(
      `${space.toString()}.flatten: output of length ${out.length} has no room for ${space.flatDim} values at offset ${offset}`,
    );
  }
  return out;
}

/** A number as a JSON bound (infinities as strings). */
export function toJsonBound(x: number): JsonBound {
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  return x;
}

/** Python-like number text for `toString`: `1.0`, `-inf`, `0.41887903`. */
export function formatNumber(x: number): string {
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  if (Number.isInteger(x)) return `${x}.0`;
  return String(Number(x.toPrecision(8)));
}
