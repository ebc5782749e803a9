import type { GPU, IGPUKernelSettings, IKernelRunShortcut, KernelFunction } from 'gpu.js';
import { NeuroloopError } from '../../errors.js';

/** gpu.js accepts `loopMaxIterations` per kernel but its typings omit it. */
export type GpuKernelSettings = IGPUKernelSettings & { readonly loopMaxIterations?: number };

/**
 * The compiled gpu.js kernels of one backend, one per key (kernel + shape): gpu.js compiles on a
 * kernel's first call and bakes sizes and constants into it, so a kernel is reused only for the
 * exact shape it was built for.
 *
 * @example
 * ```ts
 * const cache = new GpuKernelCache(gpu, 'gpu:webasm');
 * const relu = cache.get(`relu|${n}`, reluKernel, { output: [n] });
 * const y = cache.read(relu(x), n);
 * cache.destroy();
 * ```
 */
export class GpuKernelCache {
  private readonly kernels = new Map<string, IKernelRunShortcut>();
  private destroyed = false;

  constructor(
    private readonly gpu: GPU,
    /** Backend name used in error messages. */
    private readonly owner: string,
  ) {}

  /** Number of compiled kernels held. */
  get size(): number {
    return this.kernels.size;
  }

  /** The kernel for `key`, created on first use with float32 precision and `settings`. */
  get(key: string, fn: KernelFunction, settings: GpuKernelSettings): IKernelRunShortcut {
    if (this.destroyed) throw new NeuroloopError(`${this.owner}: the backend was disposed; create a new one`);
    let kernel = this.kernels.get(key);
    if (kernel === undefined) {
      kernel = this.gpu.createKernel(fn, { precision: 'single', ...settings });
      this.kernels.set(key, kernel);
    }
    return kernel;
  }

  /** A kernel's 1-D result as a Float32Array of exactly `size` values (copied only if needed). */
  read(result: unknown, size: number): Float32Array {
    if (result instanceof Float32Array) return result.length === size ? result : result.slice(0, size);
    if (Array.isArray(result) && result.length === size) return Float32Array.from(result as number[]);
    throw new NeuroloopError(`${this.owner}: a kernel returned ${Object.prototype.toString.call(result)} where ${size} float32 values were expected`);
  }

  /** Destroys every kernel; later `get` calls throw. */
  destroy(): void {
    this.destroyed = true;
    // gpu.js destroy() returns a Promise that only settles internal cleanup; nothing waits on it.
    for (const kernel of this.kernels.values()) void Promise.resolve(kernel.destroy()).catch(() => undefined);
    this.kernels.clear();
  }
}
