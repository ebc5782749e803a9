import { ShapeError } from '../errors.js';

/**
 * Checks that every entry of `indices` is an integer example index in `[0, size)` and returns them
 * as an `Int32Array` (a copy, so later changes to the caller's array cannot leak into a dataset).
 * Shared by every `Dataset.batch` so that all of them reject bad indices with the same message.
 *
 * @example
 * ```ts
 * const rows = checkBatchIndices([3, 0, 7], dataset.size, 'mnist/train');
 * ```
 */
export function checkBatchIndices(indices: ArrayLike<number>, size: number, what: string): Int32Array {
  const out = new Int32Array(indices.length);
  for (let i = 0; i < indices.length; i++) {
    const index = indices[i]!;
    if (!Number.isInteger(index) || index < 0 || index >= size) {
      throw new ShapeError(`${what}: batch index ${String(index)} (position ${i}) is out of range; expected an integer in [0, ${size})`);
    }
    out[i] = index;
  }
  return out;
}
