import type { GPU } from 'gpu.js';
import { ConfigError } from '../errors.js';
import { AutoBackend } from './auto/auto-backend.js';
import type { AutoThresholds } from './auto/auto-thresholds.js';
import { GpuBackend } from './gpu/gpu-backend.js';
import { gpuModeAvailability, type GpuMode } from './gpu/gpu-modes.js';
import { JsBackend } from './js/js-backend.js';
import type { KernelBackend } from './kernel-backend.js';
import { WasmBackend } from './wasm/wasm-backend.js';
import { WasmFeatures } from './wasm/wasm-features.js';

/**
 * Names accepted by {@link createBackend}. `gpu` is `gpu:webasm`. `wasm` is the SIMD128
 * WebAssembly backend on one thread; `wasm:threads` splits large products over worker threads
 * (bit-identical results).
 */
export type BackendName = 'js' | 'wasm' | 'wasm:threads' | 'gpu' | 'gpu:webasm' | 'gpu:cpu' | 'gpu:headlessgl' | 'gpu:webgpu' | 'auto';

/** All backend names, in the order `availableBackends()` lists them. */
export const BACKEND_NAMES: readonly BackendName[] = Object.freeze(['js', 'wasm', 'wasm:threads', 'gpu', 'gpu:webasm', 'gpu:cpu', 'gpu:headlessgl', 'gpu:webgpu', 'auto'] as const);

/** Options of {@link createBackend}. */
export interface CreateBackendOptions {
  /** A `GPU` to build gpu kernels on (from DI); otherwise one is created in the named mode. */
  readonly gpu?: GPU;
  /** Worker-pool size for threaded async webasm matmuls. */
  readonly poolSize?: number;
  /** `auto` only: routing table (default: AutoBackend.defaultThresholds). */
  readonly thresholds?: AutoThresholds;
  /** `auto` only: a thresholds JSON file saved by `AutoBackend.saveThresholds`; wins over `thresholds`. */
  readonly thresholdsPath?: string;
}

/**
 * Creates a kernel backend by name. `auto` routes between js, wasm and gpu.js webasm. An unknown name,
 * or a gpu mode this machine cannot run, throws a `ConfigError` that says why.
 *
 * @example
 * ```ts
 * const backend = createBackend('auto', { thresholdsPath: 'thresholds.json' });
 * const fallback = createBackend('js');
 * ```
 */
export function createBackend(name: BackendName, options: CreateBackendOptions = {}): KernelBackend {
  switch (name) {
    case 'js':
      return new JsBackend();
    case 'wasm':
      return new WasmBackend();
    case 'wasm:threads':
      return new WasmBackend({ threads: 'auto' });
    case 'gpu':
    case 'gpu:webasm':
    case 'gpu:cpu':
    case 'gpu:headlessgl':
    case 'gpu:webgpu':
      return createGpuBackend(name === 'gpu' ? 'webasm' : (name.slice(4) as GpuMode), options);
    case 'auto': {
      const auto = new AutoBackend({
        backends: {
          js: new JsBackend(),
          ...(WasmFeatures.backendAvailability('wasm').available ? { wasm: new WasmBackend() } : {}),
          gpu: createGpuBackend('webasm', options),
        },
        ...(options.thresholds !== undefined ? { thresholds: options.thresholds } : {}),
      });
      if (options.thresholdsPath !== undefined) auto.loadThresholds(options.thresholdsPath);
      return auto;
    }
    default:
      throw new ConfigError(`createBackend: unknown backend '${String(name)}'; known backends: ${BACKEND_NAMES.join(', ')}`);
  }
}

function createGpuBackend(mode: GpuMode, options: CreateBackendOptions): GpuBackend {
  if (options.gpu !== undefined) return new GpuBackend(options.gpu);
  return new GpuBackend({ mode, ...(options.poolSize !== undefined ? { poolSize: options.poolSize } : {}) });
}

/**
 * Whether `createBackend(name)` can work on this machine, and if not why (without building anything).
 *
 * @example
 * ```ts
 * backendAvailability('gpu:headlessgl').reason; // 'gpu:headlessgl is unavailable: ...'
 * ```
 */
export function backendAvailability(name: BackendName): { readonly available: boolean; readonly reason: string } {
  switch (name) {
    case 'js':
      return { available: true, reason: '' };
    case 'wasm':
    case 'wasm:threads':
      return WasmFeatures.backendAvailability(name);
    case 'gpu':
    case 'auto':
      return gpuModeAvailability('webasm');
    default:
      if (name.startsWith('gpu:')) return gpuModeAvailability(name.slice(4) as GpuMode);
      throw new ConfigError(`backendAvailability: unknown backend '${String(name)}'; known backends: ${BACKEND_NAMES.join(', ')}`);
  }
}

/**
 * The backend names that can be created on this machine.
 *
 * @example
 * ```ts
 * availableBackends(); // ['js', 'wasm', 'wasm:threads', 'gpu', 'gpu:webasm', 'gpu:cpu', 'auto'] here
 * ```
 */
export function availableBackends(): BackendName[] {
  return BACKEND_NAMES.filter((name) => backendAvailability(name).available);
}
