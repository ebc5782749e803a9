import { shapeSize, shapesEqual, type Shape } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import type { KernelBackend } from '../kernels/kernel-backend.js';

/**
 * Gradient helpers for broadcasting ops: the adjoint of broadcasting is a sum over the
 * broadcast axes, and the adjoint of a reduction is a broadcast back to the input shape.
 */

/**
 * Sums `grad` (shaped like a broadcast result) down to `shape` (one operand's shape): over the
 * leading axes the operand lacks and over the axes where it has extent 1.
 */
export function unbroadcast(backend: KernelBackend, grad: Tensor, shape: Shape): Tensor {
  if (shapesEqual(grad.shape, shape)) return grad;
  const lead = grad.rank - shape.length;
  const axes: number[] = [];
  for (let i = 0; i < grad.rank; i++) {
    if (i < lead || (shape[i - lead] === 1 && grad.shape[i] !== 1)) axes.push(i);
  }
  const summed = axes.length === 0 ? grad : backend.reduce('sum', grad, axes, true);
  // Same values in the same order: only the shape changes, so the buffer can be shared.
  return new Tensor(shape, summed.data);
}

/** Broadcasts `t` (of a shape that broadcasts to `shape`) up to `shape`. */
export function expandTo(backend: KernelBackend, t: Tensor, shape: Shape): Tensor {
  if (shapesEqual(t.shape, shape)) return t;
  // One value (e.g. the gradient of a mean loss): a fill needs no kernel.
  if (t.size === 1) return Tensor.full(shape, t.data[0]!);
  return backend.binary('add', t, new Tensor(shape));
}

/** The shape of `shape` reduced over `axes` with the reduced axes kept as extent 1. */
export function keptShape(shape: Shape, axes: readonly number[]): number[] {
  const out = [...shape];
  for (const ax of axes) out[ax] = 1;
  return out;
}

/** Number of elements reduced into each output of a reduction over `axes`. */
export function reducedCount(shape: Shape, axes: readonly number[]): number {
  return shapeSize(axes.map((ax) => shape[ax]!));
}
