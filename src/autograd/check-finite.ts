import { NonFiniteError } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';

/** Index of the first NaN or ±Infinity in `data`, or -1 when all values are finite. */
export function findNonFinite(data: ArrayLike<number>): number {
  for (let i = 0; i < data.length; i++) {
    // x - x is 0 for finite x and NaN for NaN and ±Infinity: one subtraction per value.
    const x = data[i]!;
    if (x - x !== 0) return i;
  }
  return -1;
}

/**
 * Throws a {@link NonFiniteError} if `tensor` holds a NaN or infinite value. `what` names the
 * value for the message (a loss, a parameter's gradient, an op's output), `where` adds context
 * such as the training step.
 *
 * @example
 * ```ts
 * checkFinite(loss.value, "loss (op 'mean')", 'at step 120');
 * // NonFiniteError: loss (op 'mean') is NaN at index 0 at step 120
 * ```
 */
export function checkFinite(tensor: Tensor, what: string, where = ''): void {
  const i = findNonFinite(tensor.data);
  if (i < 0) return;
  const value = tensor.data[i]!;
  const at = tensor.size === 1 ? '' : ` at index ${i} of ${tensor.size}`;
  throw new NonFiniteError(`${what} is ${String(value)}${at}${where ? ` ${where}` : ''}`);
}
