import { NeuroloopError } from '../../errors.js';
import { Tensor } from '../../tensor/tensor.js';
import { JsBackend } from '../js/js-backend.js';
import { ConvLowering } from '../conv-lowering.js';
import type { BinaryOp, Conv2DOptions, Im2ColOptions, KernelBackend, MatmulOptions, Pool2DOptions, PoolOp, ReduceOp, UnaryOp } from '../kernel-backend.js';
import { KernelShapes } from '../kernel-shapes.js';
import { WasmElementwise } from './wasm-elementwise.js';
import { WasmSgemm, type WasmSgemmOptions } from './wasm-sgemm.js';

/**
 * Options of {@link WasmBackend}: the sgemm's, plus the backend that runs everything else.
 *
 * @example
 * ```ts
 * new WasmBackend({ threads: 2, elementwiseMinSize: 1024 });
 * ```
 */
export interface WasmBackendOptions extends WasmSgemmOptions {
  /** Runs the kernels wasm does not accelerate; default a new `JsBackend`. Disposed with this backend. */
  readonly fallback?: KernelBackend;
  /**
   * Elementwise ops, clip and non-last-axis reductions run in wasm from this many values on
   * (default 1024; `Infinity` leaves them all to the fallback).
   */
  readonly elementwiseMinSize?: number;
}

/**
 * Kernels on generated WebAssembly SIMD128 code: matmul runs on {@link WasmSgemm} (packed,
 * register-blocked, optionally multi-threaded); large elementwise ops, clip and reductions over a
 * non-last axis run on {@link WasmElementwise}, bit-identical to the js reference; everything else
 * (transcendentals, softmax, layout ops, im2col / pooling, small tensors) is delegated to the js
 * reference backend, where the copies into and out of wasm memory would cost more than SIMD saves
 * (bench/wasm.ts). Convolutions are lowered to im2col + the wasm matmul.
 *
 * Named `wasm`, or `wasm:threads` when `threads > 1`. Construction is synchronous (the module is
 * compiled with `new WebAssembly.Module`); worker threads, if any, boot in the background and take
 * work once ready. Results do not depend on the thread count.
 *
 * @example
 * ```ts
 * const backend = new WasmBackend({ threads: 2 });
 * const y = backend.matmul(x, w);               // wasm
 * const z = backend.unary('relu', y);           // js
 * backend.dispose();                            // terminates the workers
 * ```
 */
export class WasmBackend implements KernelBackend {
  readonly name: string;
  /** The matrix-product engine (exposed for accumulate-into-C products, e.g. conv gradients). */
  readonly sgemm: WasmSgemm;
  private readonly fallback: KernelBackend;
  private readonly elementwise: WasmElementwise;
  private disposed = false;

  constructor(options: WasmBackendOptions = {}) {
    const { fallback, elementwiseMinSize, ...sgemmOptions } = options;
    this.sgemm = new WasmSgemm(sgemmOptions);
    this.elementwise = new WasmElementwise(elementwiseMinSize !== undefined ? { minSize: elementwiseMinSize } : {});
    this.fallback = fallback ?? new JsBackend();
    this.name = this.sgemm.threads > 1 ? 'wasm:threads' : 'wasm';
  }

  matmul(a: Tensor, b: Tensor, options: MatmulOptions = {}): Tensor {
    this.live();
    const { m, n, k } = KernelShapes.matmul(a, b, options);
    return new Tensor([m, n], this.sgemm.gemm(a.data, b.data, m, n, k, options));
  }

  unary(op: UnaryOp, x: Tensor, param?: number): Tensor {
    this.live();
    return this.elementwise.unary(op, x, param) ?? this.fallback.unary(op, x, param);
  }

  binary(op: BinaryOp, a: Tensor, b: Tensor): Tensor {
    this.live();
    return this.elementwise.binary(op, a, b) ?? this.fallback.binary(op, a, b);
  }

  clip(x: Tensor, low: number, high: number): Tensor {
    this.live();
    return this.elementwise.clip(x, low, high) ?? this.fallback.clip(x, low, high);
  }

  reduce(op: ReduceOp, x: Tensor, axes?: number | readonly number[], keepDims?: boolean): Tensor {
    this.live();
    return this.elementwise.reduce(op, x, axes, keepDims ?? false) ?? this.fallback.reduce(op, x, axes, keepDims);
  }

  argMax(x: Tensor, axis: number): Tensor {
    this.live();
    return this.fallback.argMax(x, axis);
  }

  softmax(x: Tensor, axis?: number): Tensor {
    this.live();
    return this.fallback.softmax(x, axis);
  }

  logSoftmax(x: Tensor, axis?: number): Tensor {
    this.live();
    return this.fallback.logSoftmax(x, axis);
  }

  transpose(x: Tensor, perm?: readonly number[]): Tensor {
    this.live();
    return this.fallback.transpose(x, perm);
  }

  concat(xs: readonly Tensor[], axis: number): Tensor {
    this.live();
    return this.fallback.concat(xs, axis);
  }

  slice(x: Tensor, begin: readonly number[], size: readonly number[]): Tensor {
    this.live();
    return this.fallback.slice(x, begin, size);
  }

  gather(x: Tensor, indices: Int32Array, axis: number): Tensor {
    this.live();
    return this.fallback.gather(x, indices, axis);
  }

  scatterAdd(shape: readonly number[], indices: Int32Array, updates: Tensor, axis: number): Tensor {
    this.live();
    return this.fallback.scatterAdd(shape, indices, updates, axis);
  }

  pick(x: Tensor, indices: Int32Array): Tensor {
    this.live();
    return this.fallback.pick(x, indices);
  }

  pickGrad(grad: Tensor, indices: Int32Array, k: number): Tensor {
    this.live();
    return this.fallback.pickGrad(grad, indices, k);
  }

  /** Lowered to im2col + the wasm matmul (see `ConvLowering`). */
  conv2d(x: Tensor, filter: Tensor, options?: Conv2DOptions): Tensor {
    this.live();
    return ConvLowering.conv2d(this, x, filter, options);
  }

  conv2dBackpropInput(dy: Tensor, filter: Tensor, inputShape: readonly number[], options?: Conv2DOptions): Tensor {
    this.live();
    return ConvLowering.conv2dBackpropInput(this, dy, filter, inputShape, options);
  }

  conv2dBackpropFilter(x: Tensor, dy: Tensor, filterShape: readonly number[], options?: Conv2DOptions): Tensor {
    this.live();
    return ConvLowering.conv2dBackpropFilter(this, x, dy, filterShape, options);
  }

  im2col(x: Tensor, options: Im2ColOptions): Tensor {
    this.live();
    return this.fallback.im2col(x, options);
  }

  col2im(cols: Tensor, inputShape: readonly number[], options: Im2ColOptions): Tensor {
    this.live();
    return this.fallback.col2im(cols, inputShape, options);
  }

  pool2d(op: PoolOp, x: Tensor, options: Pool2DOptions): Tensor {
    this.live();
    return this.fallback.pool2d(op, x, options);
  }

  pool2dGrad(op: PoolOp, x: Tensor, dy: Tensor, options: Pool2DOptions): Tensor {
    this.live();
    return this.fallback.pool2dGrad(op, x, dy, options);
  }

  /** Terminates the sgemm's worker threads and disposes the fallback backend. Idempotent. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.sgemm.dispose();
    this.fallback.dispose();
  }

  private live(): void {
    if (this.disposed) throw new NeuroloopError(`${this.name}: the backend was disposed`);
  }
}
