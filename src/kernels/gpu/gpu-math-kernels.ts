import type { IKernelFunctionThis } from 'gpu.js';
import { broadcastOffset } from './gpu-elementwise-kernels.js';

/*
 * gpu.js kernel functions for matmul, reductions, softmax and index maps. Same rules as the
 * elementwise kernels: top-level `function`s, `this.constants` read directly (gpu.js does not
 * follow aliases), flat 1-D outputs indexed by `this.thread.x`.
 */

/** Matmul sizes and element strides: A[i, p] = a[i*aRow + p*aCol], B[p, j] = b[p*bRow + j*bCol]. */
export interface MatmulConstants {
  readonly n: number;
  readonly k: number;
  readonly aRow: number;
  readonly aCol: number;
  readonly bRow: number;
  readonly bCol: number;
}

/** A tensor viewed as [outer, extent, inner] around the reduced or softmax axis. */
export interface AxisConstants {
  readonly extent: number;
  readonly inner: number;
  /** 1 for sum, 1/extent for mean. */
  readonly scale: number;
}

/** Softmax lanes: the axis extent, the inner block size and the number of lanes (outer·inner). */
export interface SoftmaxConstants {
  readonly extent: number;
  readonly inner: number;
  readonly rows: number;
}

/** A rank-4 index map: output extents d1..d3 (d0 implied) and the input stride per output axis. */
export interface IndexMapConstants {
  readonly d1: number;
  readonly d2: number;
  readonly d3: number;
  readonly s0: number;
  readonly s1: number;
  readonly s2: number;
  readonly s3: number;
}

/** Gather along an axis: the source extent, the number of indices and the inner block size. */
export interface GatherConstants {
  readonly extent: number;
  readonly count: number;
  readonly inner: number;
}

/** One output cell of C = op(A)·op(B); transposes are just different strides. */
function matmulKernel(this: IKernelFunctionThis<MatmulConstants>, a: Float32Array, b: Float32Array): number {
  const row = Math.floor(this.thread.x / this.constants.n);
  const col = this.thread.x - row * this.constants.n;
  let sum = 0;
  for (let p = 0; p < this.constants.k; p++) {
    sum += a[row * this.constants.aRow + p * this.constants.aCol]! * b[p * this.constants.bRow + col * this.constants.bCol]!;
  }
  return sum;
}

function reduceSumKernel(this: IKernelFunctionThis<AxisConstants>, x: Float32Array): number {
  const outer = Math.floor(this.thread.x / this.constants.inner);
  const base = outer * this.constants.extent * this.constants.inner + (this.thread.x - outer * this.constants.inner);
  let sum = 0;
  for (let r = 0; r < this.constants.extent; r++) sum += x[base + r * this.constants.inner]!;
  return sum * this.constants.scale;
}

function reduceMaxKernel(this: IKernelFunctionThis<AxisConstants>, x: Float32Array): number {
  const outer = Math.floor(this.thread.x / this.constants.inner);
  const base = outer * this.constants.extent * this.constants.inner + (this.thread.x - outer * this.constants.inner);
  let best = x[base]!;
  for (let r = 1; r < this.constants.extent; r++) best = Math.max(best, x[base + r * this.constants.inner]!);
  return best;
}

function reduceMinKernel(this: IKernelFunctionThis<AxisConstants>, x: Float32Array): number {
  const outer = Math.floor(this.thread.x / this.constants.inner);
  const base = outer * this.constants.extent * this.constants.inner + (this.thread.x - outer * this.constants.inner);
  let best = x[base]!;
  for (let r = 1; r < this.constants.extent; r++) best = Math.min(best, x[base + r * this.constants.inner]!);
  return best;
}

/** Index of the first maximum along the axis (strict > keeps the first on ties). */
function argMaxKernel(this: IKernelFunctionThis<AxisConstants>, x: Float32Array): number {
  const outer = Math.floor(this.thread.x / this.constants.inner);
  const base = outer * this.constants.extent * this.constants.inner + (this.thread.x - outer * this.constants.inner);
  let best = x[base]!;
  let index = 0;
  for (let r = 1; r < this.constants.extent; r++) {
    const v = x[base + r * this.constants.inner]!;
    if (v > best) {
      best = v;
      index = r;
    }
  }
  return index;
}

/**
 * Softmax statistics of every lane along the axis, in one output of 2·rows cells: cell r holds
 * the lane's max, cell rows + r the sum of exp(x - max). Kept apart (not folded into one
 * log-sum-exp) so `x - max` stays exact in float32 even for huge logits.
 */
function softmaxStatsKernel(this: IKernelFunctionThis<SoftmaxConstants>, x: Float32Array): number {
  let lane = this.thread.x;
  if (lane >= this.constants.rows) lane = lane - this.constants.rows;
  const outer = Math.floor(lane / this.constants.inner);
  const base = outer * this.constants.extent * this.constants.inner + (lane - outer * this.constants.inner);
  let max = x[base]!;
  for (let r = 1; r < this.constants.extent; r++) max = Math.max(max, x[base + r * this.constants.inner]!);
  if (this.thread.x < this.constants.rows) return max;
  let sum = 0;
  for (let r = 0; r < this.constants.extent; r++) sum += Math.exp(x[base + r * this.constants.inner]! - max);
  return sum;
}

/** Lane index (into the stats) of element `index` of x. */
export function laneIndex(index: number, extent: number, inner: number): number {
  const outer = Math.floor(index / (extent * inner));
  const within = index - Math.floor(index / inner) * inner;
  return outer * inner + within;
}

function softmaxApplyKernel(this: IKernelFunctionThis<SoftmaxConstants>, x: Float32Array, stats: Float32Array): number {
  const lane = laneIndex(this.thread.x, this.constants.extent, this.constants.inner);
  return Math.exp(x[this.thread.x]! - stats[lane]!) / stats[lane + this.constants.rows]!;
}

function logSoftmaxApplyKernel(this: IKernelFunctionThis<SoftmaxConstants>, x: Float32Array, stats: Float32Array): number {
  const lane = laneIndex(this.thread.x, this.constants.extent, this.constants.inner);
  return x[this.thread.x]! - stats[lane]! - Math.log(stats[lane + this.constants.rows]!);
}

/** Output cell -> input offset through per-axis input strides (transpose of rank <= 4). */
function indexMapKernel(this: IKernelFunctionThis<IndexMapConstants>, x: Float32Array): number {
  return x[broadcastOffset(this.thread.x, this.constants.d1, this.constants.d2, this.constants.d3, this.constants.s0, this.constants.s1, this.constants.s2, this.constants.s3)]!;
}

/** out[o, t, i] = x[o, indices[t], i]; indices arrive as float32 (exact below 2^24). */
function gatherKernel(this: IKernelFunctionThis<GatherConstants>, x: Float32Array, indices: Float32Array): number {
  const block = this.constants.count * this.constants.inner;
  const outer = Math.floor(this.thread.x / block);
  const rest = this.thread.x - outer * block;
  const t = Math.floor(rest / this.constants.inner);
  const i = rest - t * this.constants.inner;
  return x[(outer * this.constants.extent + indices[t]!) * this.constants.inner + i]!;
}

/**
 * The gpu.js kernel functions of the matmul, reduction, softmax and index-map families, plus
 * the helpers they call (pass them through `functions`).
 *
 * @example
 * ```ts
 * const k = gpu.createKernel(GpuMathKernels.matmul, { output: [m * n], constants: { n, k, aRow: k, aCol: 1, bRow: n, bCol: 1 } });
 * ```
 */
export const GpuMathKernels = {
  matmul: matmulKernel,
  reduceSum: reduceSumKernel,
  reduceMax: reduceMaxKernel,
  reduceMin: reduceMinKernel,
  argMax: argMaxKernel,
  softmaxStats: softmaxStatsKernel,
  softmaxApply: softmaxApplyKernel,
  logSoftmaxApply: logSoftmaxApplyKernel,
  indexMap: indexMapKernel,
  gather: gatherKernel,
} as const;
