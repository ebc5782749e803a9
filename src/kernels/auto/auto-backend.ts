import { ConfigError } from '../../errors.js';
import { broadcastShapes, shapeSize } from '../../tensor/shape.js';
import type { Tensor } from '../../tensor/tensor.js';
import { ConvShapes } from '../conv-geometry.js';
import { ConvLowering } from '../conv-lowering.js';
import type { BinaryOp, Conv2DOptions, Im2ColOptions, KernelBackend, MatmulOptions, Pool2DOptions, PoolOp, ReduceOp, UnaryOp } from '../kernel-backend.js';
import { KernelShapes } from '../kernel-shapes.js';
import {
  readThresholdsFile,
  validateThresholds,
  writeThresholdsFile,
  type AutoThresholds,
  type KernelFamily,
} from './auto-thresholds.js';
import { calibrate, type CalibrateOptions } from './calibrate.js';

/** Options of {@link AutoBackend}. */
export interface AutoBackendOptions {
  /** Candidate backends by name, e.g. `{ js, gpu }`; thresholds refer to these names. */
  readonly backends: Readonly<Record<string, KernelBackend>>;
  /** Routing table; default {@link AutoBackend.defaultThresholds}. */
  readonly thresholds?: AutoThresholds;
  /**
   * Backend for sizes below the first crossover, families without one, and the data-movement
   * kernels (concat, slice, scatterAdd, pick, pickGrad). Default `js` when present, else the first.
   */
  readonly defaultBackend?: string;
  /** Whether `dispose()` also disposes the candidate backends; default true. */
  readonly ownsBackends?: boolean;
}

/**
 * Routes each kernel call to one of several backends by kernel family and size: tiny RL-sized
 * ops to js (no per-call overhead), large ones to gpu.js, per the thresholds. Thresholds come
 * from defaults, from {@link AutoBackend.calibrate} on this machine, or from a saved JSON file.
 *
 * @example
 * ```ts
 * const auto = new AutoBackend({ backends: { js: new JsBackend(), gpu: new GpuBackend() } });
 * auto.setThresholds(AutoBackend.calibrate(auto.backends));
 * auto.saveThresholds('thresholds.json');      // later: auto.loadThresholds('thresholds.json')
 * auto.matmul(a, b);                            // js or gpu, by m·n·k
 * ```
 */
export class AutoBackend implements KernelBackend {
  readonly name = 'auto';
  readonly backends: Readonly<Record<string, KernelBackend>>;
  private readonly defaultName: string;
  private readonly ownsBackends: boolean;
  private table: AutoThresholds;

  /**
   * Routing before any calibration: everything to the default backend (js), except matmuls of
   * m·n·k >= 16³ and elementwise/reduce ops of 4096+ values when a `wasm` candidate is present,
   * and matmuls of m·n·k >= 256³ when a candidate runs gpu.js on a real GPU (name
   * `gpu:headlessgl`, `gpu:webgl` or `gpu:webgl2`). gpu.js webasm and cpu modes get no default route: measured on a 2-core
   * machine they lose to js at every size (see bench/kernels.ts); calibrate to check yours.
   */
  static defaultThresholds(backends: Readonly<Record<string, KernelBackend>>): AutoThresholds {
    const onGpu = Object.entries(backends).find(([, b]) => /^gpu:(headlessgl|webgl2?)$/.test(b.name));
    const onWasm = Object.entries(backends).find(([, b]) => /^wasm(:threads)?$/.test(b.name));
    const matmul = [];
    // The SIMD sgemm beats plain loops from about 16³ up (bench/wasm.ts); a real GPU wins past 256³.
    if (onWasm !== undefined) matmul.push({ from: 16 * 16 * 16, backend: onWasm[0] });
    if (onGpu !== undefined) matmul.push({ from: 256 * 256 * 256, backend: onGpu[0] });
    if (onWasm === undefined) return matmul.length === 0 ? {} : { matmul };
    // The wasm backend keeps small or bit-sensitive elementwise ops in js by itself.
    return { matmul, elementwise: [{ from: 4096, backend: onWasm[0] }], reduce: [{ from: 4096, backend: onWasm[0] }] };
  }

  /** Measures per-family crossovers on this machine; see {@link calibrate}. */
  static calibrate(backends: Readonly<Record<string, KernelBackend>>, options?: CalibrateOptions): AutoThresholds {
    return calibrate(backends, options);
  }

  constructor(options: AutoBackendOptions) {
    const names = Object.keys(options.backends);
    if (names.length === 0) throw new ConfigError('AutoBackend: options.backends must hold at least one backend');
    this.backends = { ...options.backends };
    this.defaultName = options.defaultBackend ?? (names.includes('js') ? 'js' : names[0]!);
    if (!names.includes(this.defaultName)) {
      throw new ConfigError(`AutoBackend: defaultBackend '${this.defaultName}' is not among the backends (${names.join(', ')})`);
    }
    this.ownsBackends = options.ownsBackends ?? true;
    this.table = validateThresholds(options.thresholds ?? AutoBackend.defaultThresholds(this.backends), names, 'AutoBackend thresholds');
  }

  /** The routing table in use. */
  get thresholds(): AutoThresholds {
    return this.table;
  }

  /** Replaces the routing table (validated against the candidate backends). */
  setThresholds(thresholds: AutoThresholds): void {
    this.table = validateThresholds(thresholds, Object.keys(this.backends), 'AutoBackend thresholds');
  }

  /** Writes the routing table to `path` as JSON (atomically). */
  saveThresholds(path: string): void {
    writeThresholdsFile(path, this.table);
  }

  /** Replaces the routing table with the one in `path`; throws a `FileFormatError` on a bad file. */
  loadThresholds(path: string): void {
    this.table = readThresholdsFile(path, Object.keys(this.backends));
  }

  /** The backend a kernel of `family` and `size` goes to. */
  route(family: KernelFamily, size: number): KernelBackend {
    let name = this.defaultName;
    for (const crossover of this.table[family] ?? []) {
      if (size >= crossover.from) name = crossover.backend;
      else break;
    }
    return this.backends[name]!;
  }

  matmul(a: Tensor, b: Tensor, options?: MatmulOptions): Tensor {
    const { m, n, k } = KernelShapes.matmul(a, b, options);
    return this.route('matmul', m * n * k).matmul(a, b, options);
  }

  unary(op: UnaryOp, x: Tensor, param?: number): Tensor {
    return this.route('elementwise', x.size).unary(op, x, param);
  }

  binary(op: BinaryOp, a: Tensor, b: Tensor): Tensor {
    return this.route('elementwise', shapeSize(broadcastShapes(a.shape, b.shape, op))).binary(op, a, b);
  }

  clip(x: Tensor, low: number, high: number): Tensor {
    return this.route('elementwise', x.size).clip(x, low, high);
  }

  reduce(op: ReduceOp, x: Tensor, axes?: number | readonly number[], keepDims?: boolean): Tensor {
    return this.route('reduce', x.size).reduce(op, x, axes, keepDims);
  }

  argMax(x: Tensor, axis: number): Tensor {
    return this.route('reduce', x.size).argMax(x, axis);
  }

  softmax(x: Tensor, axis?: number): Tensor {
    return this.route('softmax', x.size).softmax(x, axis);
  }

  logSoftmax(x: Tensor, axis?: number): Tensor {
    return this.route('softmax', x.size).logSoftmax(x, axis);
  }

  transpose(x: Tensor, perm?: readonly number[]): Tensor {
    return this.route('transpose', x.size).transpose(x, perm);
  }

  concat(xs: readonly Tensor[], axis: number): Tensor {
    return this.fallback.concat(xs, axis);
  }

  slice(x: Tensor, begin: readonly number[], size: readonly number[]): Tensor {
    return this.fallback.slice(x, begin, size);
  }

  gather(x: Tensor, indices: Int32Array, axis: number): Tensor {
    const ax = KernelShapes.axis(axis, x.rank, 'gather');
    const { outer, inner } = KernelShapes.around(x.shape, ax);
    return this.route('gather', outer * indices.length * inner).gather(x, indices, axis);
  }

  scatterAdd(shape: readonly number[], indices: Int32Array, updates: Tensor, axis: number): Tensor {
    return this.fallback.scatterAdd(shape, indices, updates, axis);
  }

  pick(x: Tensor, indices: Int32Array): Tensor {
    return this.fallback.pick(x, indices);
  }

  pickGrad(grad: Tensor, indices: Int32Array, k: number): Tensor {
    return this.fallback.pickGrad(grad, indices, k);
  }

  /**
   * Convolutions are lowered here (im2col / col2im routed as the `window` family, the product as
   * `matmul`), so each part runs where it is fastest: patches in js, the product on a fast matmul.
   */
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
    const geo = ConvShapes.im2col('im2col', x.shape, options);
    const size = geo.batch * geo.outHeight * geo.outWidth * geo.kernelHeight * geo.kernelWidth * geo.channels;
    return this.route('window', size).im2col(x, options);
  }

  col2im(cols: Tensor, inputShape: readonly number[], options: Im2ColOptions): Tensor {
    return this.route('window', cols.size).col2im(cols, inputShape, options);
  }

  pool2d(op: PoolOp, x: Tensor, options: Pool2DOptions): Tensor {
    return this.route('window', x.size).pool2d(op, x, options);
  }

  pool2dGrad(op: PoolOp, x: Tensor, dy: Tensor, options: Pool2DOptions): Tensor {
    return this.route('window', x.size).pool2dGrad(op, x, dy, options);
  }

  /** Disposes the candidate backends unless constructed with `ownsBackends: false`. */
  dispose(): void {
    if (!this.ownsBackends) return;
    for (const backend of Object.values(this.backends)) backend.dispose();
  }

  private get fallback(): KernelBackend {
    return this.backends[this.defaultName]!;
  }
}
