import type { Tensor } from '../../tensor/tensor.js';
import { ConvLowering } from '../conv-lowering.js';
import type { BinaryOp, Conv2DOptions, Im2ColOptions, KernelBackend, MatmulOptions, Pool2DOptions, PoolOp, ReduceOp, UnaryOp } from '../kernel-backend.js';
import { JsConv } from './js-conv.js';
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

  conv2d(x: Tensor, filter: Tensor, options?: Conv2DOptions): Tensor {
    return ConvLowering.conv2d(this, x, filter, options);
  }

  conv2dBackpropInput(dy: Tensor, filter: Tensor, inputShape: readonly number[], options?: Conv2DOptions): Tensor {
    return ConvLowering.conv2dBackpropInput(this, dy, filter, inputShape, options);
  }

  conv2dBackpropFilter(x: Tensor, dy: Tensor, filterShape: readonly number[], options?: Conv2DOptions): Tensor {
    return ConvLowering.conv2dBackpropFilter(this, x, dy, filterShape, options);
  }

  im2col(x: Tensor, options: Im2ColOptions): Tensor {
    return JsConv.im2col(x, options);
  }

  col2im(cols: Tensor, inputShape: readonly number[], options: Im2ColOptions): Tensor {
    return JsConv.col2im(cols, inputShape, options);
  }

  pool2d(op: PoolOp, x: Tensor, options: Pool2DOptions): Tensor {
    return JsConv.pool2d(op, x, options);
  }

  pool2dGrad(op: PoolOp, x: Tensor, dy: Tensor, options: Pool2DOptions): Tensor {
    return JsConv.pool2dGrad(op, x, dy, options);
  }

  dispose(): void {
    // Nothing to free: the js kernels hold no compiled state.
  }
}
