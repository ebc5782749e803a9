import { ConfigError } from '../../errors.js';
import { broadcastShapes, shapeSize } from '../../tensor/shape.js';
import type { Tensor } from '../../tensor/tensor.js';
import type { BinaryOp, KernelBackend, MatmulOptions, ReduceOp, UnaryOp } from '../kernel-backend.js';
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
   * m·n·k >= 256³ when a candidate runs gpu.js on a real GPU (name `gpu:headlessgl`, `gpu:webgl`
   * or `gpu:webgl2`). gpu.js webasm and cpu modes get no default route: measured on a 2-core
   * machine they lose to js at every size (see bench/kernels.ts); calibrate to check yours.
   */
  static defaultThresholds(backends: Readonly<Record<string, KernelBackend>>): AutoThresholds {
    const onGpu = Object.entries(backends).find(([, b]) => /^gpu:(headlessgl|webgl2?)$/.test(b.name));
    return onGpu === undefined ? {} : { matmul: [{ from: 256 * 256 * 256, backend: onGpu[0] }] };
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

  /** Disposes the candidate backends unless constructed with `ownsBackends: false`. */
  dispose(): void {
    if (!this.ownsBackends) return;
    for (const backend of Object.values(this.backends)) backend.dispose();
  }

  private get fallback(): KernelBackend {
    return this.backends[this.defaultName]!;
  }
}
