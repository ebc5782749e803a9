import type { Tensor } from '../../tensor/tensor.js';
import type { BinaryOp, KernelBackend, MatmulOptions, ReduceOp, UnaryOp } from '../kernel-backend.js';
import { JsElementwise } from './js-elementwise.js';
import { JsLayout } from './js-layout.js';
import { jsMatmul } from './js-matmul.js';
import { JsReduce } from './js-reduce.js';

/**
 * The plain typed-array backend: the reference every other backend is tested against, and the
 * fastest path for the tiny ops of RL-sized networks (no compilation, no transfer, ~no per-call
 * overhead). Stateless: `dispose()` is a no-op and the backend stays usable.
 *
 * @example
 * ```ts
 * const backend = new JsBackend();
 * const y = backend.matmul(x, w, { transposeB: true });
 * const p = backend.softmax(y);
 * ```
 */
export class JsBackend implements KernelBackend {
  readonly name = 'js';

  matmul(a: Tensor, b: Tensor, options?: MatmulOptions): Tensor {
    return jsMatmul(a, b, options);
  }

  unary(op: UnaryOp, x: Tensor, param?: number): Tensor {
    return JsElementwise.unary(op, x, param);
  }

  binary(op: BinaryOp, a: Tensor, b: Tensor): Tensor {
    return JsElementwise.binary(op, a, b);
  }

  clip(x: Tensor, low: number, high: number): Tensor {
    return JsElementwise.clip(x, low, high);
  }

  reduce(op: ReduceOp, x: Tensor, axes?: number | readonly number[], keepDims = false): Tensor {
    return JsReduce.reduce(op, x, axes, keepDims);
  }

  argMax(x: Tensor, axis: number): Tensor {
    return JsReduce.argMax(x, axis);
  }

  softmax(x: Tensor, axis = -1): Tensor {
    return JsReduce.softmax(x, axis);
  }

  logSoftmax(x: Tensor, axis = -1): Tensor {
    return JsReduce.logSoftmax(x, axis);
  }

  transpose(x: Tensor, perm?: readonly number[]): Tensor {
    return JsLayout.transpose(x, perm);
  }

  concat(xs: readonly Tensor[], axis: number): Tensor {
    return JsLayout.concat(xs, axis);
  }

  slice(x: Tensor, begin: readonly number[], size: readonly number[]): Tensor {
    return JsLayout.slice(x, begin, size);
  }

  gather(x: Tensor, indices: Int32Array, axis: number): Tensor {
    return JsLayout.gather(x, indices, axis);
  }

  scatterAdd(shape: readonly number[], indices: Int32Array, updates: Tensor, axis: number): Tensor {
    return JsLayout.scatterAdd(shape, indices, updates, axis);
  }

  pick(x: Tensor, indices: Int32Array): Tensor {
    return JsLayout.pick(x, indices);
  }

  pickGrad(grad: Tensor, indices: Int32Array, k: number): Tensor {
    return JsLayout.pickGrad(grad, indices, k);
  }

  dispose(): void {
    // Nothing to free: the js kernels hold no compiled state.
  }
}
