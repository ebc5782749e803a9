import type { Tensor } from '../tensor/tensor.js';

/** Elementwise functions of one tensor. Ops that take a parameter read it from `param`. */
export type UnaryOp =
  | 'neg'
  | 'abs'
  | 'sign'
  | 'square'
  | 'sqrt'
  | 'rsqrt'
  | 'exp'
  | 'log'
  | 'log1p'
  | 'tanh'
  | 'sigmoid'
  | 'relu'
  /** 1 where x > 0 else 0: the derivative mask of relu. */
  | 'step'
  /** x > 0 ? x : param * x. */
  | 'leakyRelu'
  /** x > 0 ? x : param * (exp(x) - 1). */
  | 'elu'
  | 'softplus'
  | 'reciprocal'
  /** x ** param. */
  | 'powScalar'
  /** x + param. */
  | 'addScalar'
  /** x * param. */
  | 'mulScalar';

/** Elementwise functions of two tensors, with NumPy broadcasting. */
export type BinaryOp =
  | 'add'
  | 'sub'
  | 'mul'
  | 'div'
  | 'pow'
  | 'maximum'
  | 'minimum'
  /** 1 where a > b else 0. */
  | 'greater'
  /** 1 where a >= b else 0. */
  | 'greaterEqual'
  /** 1 where a == b else 0. */
  | 'equal';

/** Reductions along axes. */
export type ReduceOp = 'sum' | 'mean' | 'max' | 'min';

/** Options of {@link KernelBackend.matmul}. */
export interface MatmulOptions {
  /** Use Aᵀ: `a` is stored [k, m]. */
  readonly transposeA?: boolean;
  /** Use Bᵀ: `b` is stored [n, k]. */
  readonly transposeB?: boolean;
}

/**
 * The primitive kernels every backend implements. Kernels are pure: they allocate and return
 * their output and never modify their inputs. Shapes are checked and a mismatch throws a
 * `ShapeError` that names the kernel and the shapes.
 *
 * Backends: `js` (typed-array loops; the reference), `gpu` (gpu.js kernels in mode webasm | cpu |
 * headlessgl | webgpu), `auto` (routes per op and size). One spec suite runs on all of them.
 *
 * @example
 * ```ts
 * const backend: KernelBackend = new JsBackend();
 * const c = backend.matmul(a, b, { transposeB: true });
 * ```
 */
export interface KernelBackend {
  /** Identifies the backend in errors and benchmarks, e.g. `js`, `gpu:webasm`, `auto`. */
  readonly name: string;

  /** 2-D matrix product: [m, k] x [k, n] -> [m, n], with optional transposes of either operand. */
  matmul(a: Tensor, b: Tensor, options?: MatmulOptions): Tensor;

  /** Elementwise op with one operand; `param` is used by leakyRelu, elu, powScalar, addScalar, mulScalar. */
  unary(op: UnaryOp, x: Tensor, param?: number): Tensor;

  /** Elementwise op with NumPy broadcasting of `a` and `b`. */
  binary(op: BinaryOp, a: Tensor, b: Tensor): Tensor;

  /** Clamps every value into [low, high]. */
  clip(x: Tensor, low: number, high: number): Tensor;

  /**
   * Reduces along `axes` (all axes when omitted; negative axes count from the end).
   * With `keepDims` the reduced axes stay as extent 1.
   */
  reduce(op: ReduceOp, x: Tensor, axes?: number | readonly number[], keepDims?: boolean): Tensor;

  /** Index of the maximum along one axis (first one on ties); the axis is removed. Values are integers stored as float32. */
  argMax(x: Tensor, axis: number): Tensor;

  /** Softmax along one axis (default last), numerically stable. */
  softmax(x: Tensor, axis?: number): Tensor;

  /** Log-softmax along one axis (default last), numerically stable. */
  logSoftmax(x: Tensor, axis?: number): Tensor;

  /** Permutes axes: output axis i is input axis perm[i]. */
  transpose(x: Tensor, perm?: readonly number[]): Tensor;

  /** Joins tensors along an existing axis; all other extents must match. */
  concat(xs: readonly Tensor[], axis: number): Tensor;

  /** A contiguous block: `size[i]` values from `begin[i]` along each axis (-1 = to the end). */
  slice(x: Tensor, begin: readonly number[], size: readonly number[]): Tensor;

  /**
   * Selects entries along `axis`: the output has the shape of `x` with that axis replaced by
   * `indices.length`. Indices out of range throw.
   */
  gather(x: Tensor, indices: Int32Array, axis: number): Tensor;

  /**
   * The adjoint of {@link gather}: a zero tensor of `shape` into which slices of `updates` are
   * added at `indices` along `axis` (repeated indices accumulate).
   */
  scatterAdd(shape: readonly number[], indices: Int32Array, updates: Tensor, axis: number): Tensor;

  /** Per-row pick: x [n, k], indices [n] -> out[i] = x[i, indices[i]] (Q(s, a) in DQN). */
  pick(x: Tensor, indices: Int32Array): Tensor;

  /** The adjoint of {@link pick}: grad [n] -> [n, k] zero except at (i, indices[i]). */
  pickGrad(grad: Tensor, indices: Int32Array, k: number): Tensor;

  /** Frees compiled kernels and other resources. The backend must not be used afterwards. */
  dispose(): void;
}
