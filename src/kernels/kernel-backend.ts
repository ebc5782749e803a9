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
 * Padding of a 2-D window op. `valid`: no padding, windows stay inside the input. `same`:
 * TensorFlow's same padding: the output has ceil(input / stride) positions and the input is
 * padded by max((out - 1)·stride + window - input, 0) in total, the odd one at the bottom/right.
 */
export type Padding = 'valid' | 'same';

/** A 2-D extent: one number for both axes, or [height, width]. */
export type Size2D = number | readonly [number, number];

/**
 * Options of the convolution kernels. Images are NHWC [batch, height, width, channels] and
 * filters [kernelHeight, kernelWidth, inChannels, outChannels], as in TensorFlow.js.
 */
export interface Conv2DOptions {
  /** Step between windows (default 1). */
  readonly strides?: Size2D;
  /** Default `'valid'`. */
  readonly padding?: Padding;
  /** Spacing between the taps of the filter (default 1: a dense window). */
  readonly dilations?: Size2D;
}

/** Options of {@link KernelBackend.im2col} and {@link KernelBackend.col2im}: a convolution window. */
export interface Im2ColOptions extends Conv2DOptions {
  /** The window [kernelHeight, kernelWidth]. */
  readonly kernelSize: Size2D;
}

/** Pooling reductions over a window. */
export type PoolOp = 'max' | 'avg';

/** Options of the pooling kernels (NHWC inputs). */
export interface Pool2DOptions {
  /** The window [height, width]. */
  readonly poolSize: Size2D;
  /** Step between windows (default: the pool size). */
  readonly strides?: Size2D;
  /** Default `'valid'`. With `'same'`, padded cells are ignored: max skips them, avg divides by the real cells only. */
  readonly padding?: Padding;
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

  /**
   * 2-D convolution (cross-correlation, as in every DL framework): x [n, h, w, inC] (NHWC) with
   * filter [kh, kw, inC, outC] -> [n, outH, outW, outC].
   */
  conv2d(x: Tensor, filter: Tensor, options?: Conv2DOptions): Tensor;

  /**
   * The gradient of {@link conv2d} w.r.t. its input: dy [n, outH, outW, outC] and the filter ->
   * dx of `inputShape` [n, h, w, inC]. As a forward op it is the transposed convolution.
   */
  conv2dBackpropInput(dy: Tensor, filter: Tensor, inputShape: readonly number[], options?: Conv2DOptions): Tensor;

  /** The gradient of {@link conv2d} w.r.t. its filter: x and dy -> dfilter of `filterShape` [kh, kw, inC, outC]. */
  conv2dBackpropFilter(x: Tensor, dy: Tensor, filterShape: readonly number[], options?: Conv2DOptions): Tensor;

  /**
   * The patches of a convolution as rows: x [n, h, w, c] -> [n·outH·outW, kh·kw·c], each row one
   * output position, its columns ordered (ky, kx, channel) like a [kh, kw, c, outC] filter
   * reshaped to [kh·kw·c, outC]; padded taps are 0. conv2d = im2col(x) · filter.
   */
  im2col(x: Tensor, options: Im2ColOptions): Tensor;

  /** The adjoint of {@link im2col}: rows [n·outH·outW, kh·kw·c] summed back into an image of `inputShape`. */
  col2im(cols: Tensor, inputShape: readonly number[], options: Im2ColOptions): Tensor;

  /** Max or average pooling of x [n, h, w, c] -> [n, outH, outW, c]. */
  pool2d(op: PoolOp, x: Tensor, options: Pool2DOptions): Tensor;

  /**
   * The gradient of {@link pool2d} w.r.t. x, given dy [n, outH, outW, c]. Max sends each window's
   * gradient to its first maximum (row-major scan); avg spreads it evenly over the window's real cells.
   */
  pool2dGrad(op: PoolOp, x: Tensor, dy: Tensor, options: Pool2DOptions): Tensor;

  /** Frees compiled kernels and other resources. The backend must not be used afterwards. */
  dispose(): void;
}
