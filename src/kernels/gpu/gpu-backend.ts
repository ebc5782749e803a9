import type { GPU, IKernelRunShortcut, KernelFunction } from 'gpu.js';
import { ConfigError } from '../../errors.js';
import { shapeSize, stridesOf } from '../../tensor/shape.js';
import { Tensor } from '../../tensor/tensor.js';
import { JsBackend } from '../js/js-backend.js';
import { ConvLowering } from '../conv-lowering.js';
import type { BinaryOp, Conv2DOptions, Im2ColOptions, KernelBackend, MatmulOptions, Pool2DOptions, PoolOp, ReduceOp, UnaryOp } from '../kernel-backend.js';
import { KernelShapes } from '../kernel-shapes.js';
import { GpuConv } from './gpu-conv.js';
import { GpuElementwiseKernels, broadcastOffset } from './gpu-elementwise-kernels.js';
import { GpuKernelCache } from './gpu-kernel-cache.js';
import { GpuMathKernels, laneIndex } from './gpu-math-kernels.js';
import { createGpu, type GpuMode } from './gpu-modes.js';

/** Options of {@link GpuBackend} when it creates its own `GPU`. */
export interface GpuBackendOptions {
  /** gpu.js mode; default `webasm`. */
  readonly mode?: GpuMode;
  /** Worker-pool size for the threaded {@link GpuBackend.matmulAsync} on webasm; default: the core count. */
  readonly poolSize?: number;
}

/**
 * Index arithmetic inside kernels runs in float32, exact below 2^24; bigger tensors go to js.
 */
const MAX_GPU_ELEMENTS = 1 << 24;

/**
 * The kernels as gpu.js kernels over one `GPU` instance (mode webasm, cpu, headlessgl).
 *
 * Each kernel is compiled once per (kernel, shape) and cached; `dispose()` destroys them, and the
 * `GPU` too when this backend created it (an injected `GPU` belongs to its container). Every call
 * uploads its inputs and reads back a fresh Float32Array, so gpu.js pays off only for large ops:
 * use `AutoBackend` to route small ones to js.
 *
 * Delegated to the js kernels, by design: concat, slice, scatterAdd, pick and pickGrad (pure
 * memory copies, or scatters that gpu.js cannot express without atomics — a gpu.js kernel
 * would only add an upload and a readback to the same copy), transposes and broadcasts of rank
 * above 4 after merging axes, empty tensors, and tensors of 2^24 elements or more.
 *
 * @example
 * ```ts
 * const gpu = new GpuBackend({ mode: 'webasm' });   // or new GpuBackend(injectedGpu)
 * const c = gpu.matmul(a, b);                       // compiled on first use for this shape
 * const d = await gpu.matmulAsync(a, b);            // webasm: split across worker threads
 * gpu.dispose();
 * ```
 */
export class GpuBackend implements KernelBackend {
  readonly name: string;
  private readonly gpu: GPU;
  private readonly ownsGpu: boolean;
  private readonly poolSize: number | undefined;
  private readonly kernels: GpuKernelCache;
  private readonly js = new JsBackend();
  private readonly windows: GpuConv;
  private disposed = false;

  constructor(gpuOrOptions: GPU | GpuBackendOptions = {}) {
    if (isGpu(gpuOrOptions)) {
      if (gpuOrOptions.mode === 'async' || gpuOrOptions.mode === 'webgpu') {
        throw new ConfigError(
          `GpuBackend: the injected GPU is in mode '${gpuOrOptions.mode}', whose kernels return Promises; KernelBackend is synchronous (use webasm, cpu or headlessgl)`,
        );
      }
      this.gpu = gpuOrOptions;
      this.ownsGpu = false;
      this.poolSize = undefined;
    } else {
      this.gpu = createGpu(gpuOrOptions.mode ?? 'webasm');
      this.ownsGpu = true;
      this.poolSize = gpuOrOptions.poolSize;
    }
    this.name = `gpu:${this.gpu.mode}`;
    this.kernels = new GpuKernelCache(this.gpu, this.name);
    this.windows = new GpuConv(this.kernels, this.js);
  }

  matmul(a: Tensor, b: Tensor, options: MatmulOptions = {}): Tensor {
    const { m, n, k } = KernelShapes.matmul(a, b, options);
    if (!this.fits(m * n, a.size, b.size) || k === 0) return this.js.matmul(a, b, options);
    return this.output([m, n], this.matmulKernel(m, n, k, options, false)(a.data, b.data));
  }

  /**
   * {@link matmul} under gpu.js's async contract. On webasm, outputs of 4096+ cells are split
   * across a worker pool sharing one WebAssembly memory; other modes resolve the sync result.
   */
  async matmulAsync(a: Tensor, b: Tensor, options: MatmulOptions = {}): Promise<Tensor> {
    const { m, n, k } = KernelShapes.matmul(a, b, options);
    if (!this.fits(m * n, a.size, b.size) || k === 0) return this.js.matmul(a, b, options);
    const result = await (this.matmulKernel(m, n, k, options, true)(a.data, b.data) as unknown as Promise<unknown>);
    return this.output([m, n], result);
  }

  unary(op: UnaryOp, x: Tensor, param = 0): Tensor {
    const fn = GpuElementwiseKernels.unary[op];
    if (fn === undefined) throw new ConfigError(`unary: unknown op '${String(op)}'`);
    if (!this.fits(x.size)) return this.js.unary(op, x, param);
    const withParam = GpuElementwiseKernels.unaryWithParam.has(op);
    const kernel = this.kernels.get(`unary:${op}|${x.size}`, fn as KernelFunction, {
      output: [x.size],
      argumentTypes: withParam ? { x: 'Array', param: 'Float' } : { x: 'Array' },
    });
    return this.output(x.shape, withParam ? kernel(x.data, param) : kernel(x.data));
  }

  binary(op: BinaryOp, a: Tensor, b: Tensor): Tensor {
    const fn = GpuElementwiseKernels.binary[op];
    if (fn === undefined) throw new ConfigError(`binary: unknown op '${String(op)}'`);
    const layout = KernelShapes.binary(op, a.shape, b.shape);
    const size = shapeSize(layout.outShape);
    if (!this.fits(size, a.size, b.size) || layout.dims.length > 4) return this.js.binary(op, a, b);
    const pad = 4 - layout.dims.length;
    const d = [...new Array<number>(pad).fill(1), ...layout.dims];
    const sa = [...new Array<number>(pad).fill(0), ...layout.stridesA];
    const sb = [...new Array<number>(pad).fill(0), ...layout.stridesB];
    const kernel = this.kernels.get(`binary:${op}|${d.join(',')}|${sa.join(',')}|${sb.join(',')}|${a.size},${b.size}`, fn as KernelFunction, {
      output: [size],
      functions: [broadcastOffset],
      constants: {
        d1: d[1], d2: d[2], d3: d[3],
        sa0: sa[0], sa1: sa[1], sa2: sa[2], sa3: sa[3],
        sb0: sb[0], sb1: sb[1], sb2: sb[2], sb3: sb[3],
      },
    });
    return this.output(layout.outShape, kernel(a.data, b.data));
  }

  clip(x: Tensor, low: number, high: number): Tensor {
    if (!(low <= high)) throw new ConfigError(`clip: low (${low}) must be <= high (${high})`);
    if (!this.fits(x.size)) return this.js.clip(x, low, high);
    const kernel = this.kernels.get(`clip|${x.size}`, GpuElementwiseKernels.clip as KernelFunction, {
      output: [x.size],
      argumentTypes: { x: 'Array', low: 'Float', high: 'Float' },
    });
    return this.output(x.shape, kernel(x.data, low, high));
  }

  reduce(op: ReduceOp, x: Tensor, axes?: number | readonly number[], keepDims = false): Tensor {
    const { axes: list, outShape } = KernelShapes.reduceAxes(op, x.shape, axes, keepDims);
    if (!this.fits(x.size) || list.length === 0) return this.js.reduce(op, x, axes, keepDims);
    const fn = op === 'max' ? GpuMathKernels.reduceMax : op === 'min' ? GpuMathKernels.reduceMin : op === 'sum' || op === 'mean' ? GpuMathKernels.reduceSum : undefined;
    if (fn === undefined) throw new ConfigError(`reduce: unknown op '${String(op)}'`);
    // Reduced axes that are not one contiguous block are moved to the end first.
    let source = x;
    let first = list[0]!;
    let last = list[list.length - 1]!;
    if (last - first + 1 !== list.length) {
      const kept = Array.from({ length: x.rank }, (_, i) => i).filter((i) => !list.includes(i));
      source = this.transpose(x, [...kept, ...list]);
      first = kept.length;
      last = x.rank - 1;
    }
    const extent = shapeSize(source.shape.slice(first, last + 1));
    const inner = shapeSize(source.shape.slice(last + 1));
    const outSize = shapeSize(outShape);
    if (extent === 0 || outSize === 0) return this.js.reduce(op, x, axes, keepDims);
    const scale = op === 'mean' ? 1 / extent : 1;
    const kernel = this.kernels.get(`reduce:${op === 'mean' ? 'sum' : op}|${outSize},${extent},${inner},${scale}`, fn as KernelFunction, {
      output: [outSize],
      constants: { extent, inner, scale },
      loopMaxIterations: extent + 1,
    });
    return this.output(outShape, kernel(source.data));
  }

  argMax(x: Tensor, axis: number): Tensor {
    const ax = KernelShapes.axis(axis, x.rank, 'argMax');
    const { outer, extent, inner } = KernelShapes.around(x.shape, ax);
    if (!this.fits(x.size) || extent === 0 || outer * inner === 0) return this.js.argMax(x, axis);
    const kernel = this.kernels.get(`argMax|${outer},${extent},${inner}`, GpuMathKernels.argMax as KernelFunction, {
      output: [outer * inner],
      constants: { extent, inner, scale: 1 },
      loopMaxIterations: extent + 1,
    });
    return this.output(x.shape.filter((_, i) => i !== ax), kernel(x.data));
  }

  softmax(x: Tensor, axis = -1): Tensor {
    return this.softmaxImpl('softmax', x, axis);
  }

  logSoftmax(x: Tensor, axis = -1): Tensor {
    return this.softmaxImpl('logSoftmax', x, axis);
  }

  transpose(x: Tensor, perm?: readonly number[]): Tensor {
    const p = KernelShapes.transposePerm(x.shape, perm);
    if (!this.fits(x.size) || x.rank > 4) return this.js.transpose(x, perm);
    const outShape = p.map((axis) => x.shape[axis]!);
    const inStrides = stridesOf(x.shape);
    const pad = 4 - x.rank;
    const d = [...new Array<number>(pad).fill(1), ...outShape];
    const s = [...new Array<number>(pad).fill(0), ...p.map((axis) => inStrides[axis]!)];
    const kernel = this.kernels.get(`transpose|${d.join(',')}|${s.join(',')}`, GpuMathKernels.indexMap as KernelFunction, {
      output: [x.size],
      functions: [broadcastOffset],
      constants: { d1: d[1], d2: d[2], d3: d[3], s0: s[0], s1: s[1], s2: s[2], s3: s[3] },
    });
    return this.output(outShape, kernel(x.data));
  }

  concat(xs: readonly Tensor[], axis: number): Tensor {
    return this.js.concat(xs, axis);
  }

  slice(x: Tensor, begin: readonly number[], size: readonly number[]): Tensor {
    return this.js.slice(x, begin, size);
  }

  gather(x: Tensor, indices: Int32Array, axis: number): Tensor {
    const ax = KernelShapes.axis(axis, x.rank, 'gather');
    const { outer, extent, inner } = KernelShapes.around(x.shape, ax);
    KernelShapes.indices('gather', indices, extent);
    const count = indices.length;
    const outSize = outer * count * inner;
    if (!this.fits(outSize, x.size)) return this.js.gather(x, indices, axis);
    const kernel = this.kernels.get(`gather|${outer},${extent},${count},${inner}`, GpuMathKernels.gather as KernelFunction, {
      output: [outSize],
      constants: { extent, count, inner },
    });
    const outShape = [...x.shape];
    outShape[ax] = count;
    return this.output(outShape, kernel(x.data, Float32Array.from(indices)));
  }

  scatterAdd(shape: readonly number[], indices: Int32Array, updates: Tensor, axis: number): Tensor {
    return this.js.scatterAdd(shape, indices, updates, axis);
  }

  pick(x: Tensor, indices: Int32Array): Tensor {
    return this.js.pick(x, indices);
  }

  pickGrad(grad: Tensor, indices: Int32Array, k: number): Tensor {
    return this.js.pickGrad(grad, indices, k);
  }

  /** Convolutions run as im2col / col2im kernels plus this backend's matmul (see ConvLowering). */
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
    return this.windows.im2col(x, options);
  }

  col2im(cols: Tensor, inputShape: readonly number[], options: Im2ColOptions): Tensor {
    return this.windows.col2im(cols, inputShape, options);
  }

  pool2d(op: PoolOp, x: Tensor, options: Pool2DOptions): Tensor {
    return this.windows.pool2d(op, x, options);
  }

  pool2dGrad(op: PoolOp, x: Tensor, dy: Tensor, options: Pool2DOptions): Tensor {
    return this.windows.pool2dGrad(op, x, dy, options);
  }

  /** Destroys the compiled kernels (and the GPU when this backend created it). */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.kernels.destroy();
    if (this.ownsGpu) void Promise.resolve(this.gpu.destroy()).catch(() => undefined);
  }

  /** Number of compiled kernels held (for tests and diagnostics). */
  get compiledKernelCount(): number {
    return this.kernels.size;
  }

  private softmaxImpl(op: 'softmax' | 'logSoftmax', x: Tensor, axis: number): Tensor {
    if (x.rank === 0) throw new ConfigError(`${op}: x must have rank >= 1, got a scalar`);
    const ax = KernelShapes.axis(axis, x.rank, op);
    const { outer, extent, inner } = KernelShapes.around(x.shape, ax);
    if (!this.fits(x.size) || x.size === 0) return op === 'softmax' ? this.js.softmax(x, axis) : this.js.logSoftmax(x, axis);
    const rows = outer * inner;
    const constants = { extent, inner, rows };
    const stats = this.kernels.get(`softmaxStats|${outer},${extent},${inner}`, GpuMathKernels.softmaxStats as KernelFunction, {
      output: [2 * rows],
      constants,
      loopMaxIterations: extent + 1,
    });
    const apply = this.kernels.get(`${op}Apply|${outer},${extent},${inner}`, (op === 'softmax' ? GpuMathKernels.softmaxApply : GpuMathKernels.logSoftmaxApply) as KernelFunction, {
      output: [x.size],
      functions: [laneIndex],
      constants,
    });
    const laneStats = this.kernels.read(stats(x.data), 2 * rows);
    return this.output(x.shape, apply(x.data, laneStats));
  }

  private matmulKernel(m: number, n: number, k: number, options: MatmulOptions, async: boolean): IKernelRunShortcut {
    const tA = options.transposeA === true;
    const tB = options.transposeB === true;
    return this.kernels.get(`${async ? 'async:' : ''}matmul|${m},${n},${k}|${tA},${tB}`, GpuMathKernels.matmul as KernelFunction, {
      output: [m * n],
      constants: { n, k, aRow: tA ? 1 : k, aCol: tA ? m : 1, bRow: tB ? 1 : n, bCol: tB ? k : 1 },
      loopMaxIterations: k + 1,
      ...(async ? { asyncMode: true, ...(this.poolSize !== undefined ? { poolSize: this.poolSize } : {}) } : {}),
    });
  }

  /** True when every size can go through a gpu.js kernel (non-empty, float32-exact indices). */
  private fits(...sizes: number[]): boolean {
    return sizes.every((s) => s > 0 && s < MAX_GPU_ELEMENTS);
  }

  private output(shape: readonly number[], result: unknown): Tensor {
    return new Tensor(shape, this.kernels.read(result, shapeSize(shape)));
  }
}

function isGpu(value: GPU | GpuBackendOptions): value is GPU {
  return typeof (value as GPU).createKernel === 'function';
}
