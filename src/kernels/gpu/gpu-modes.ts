import { GPU } from 'gpu.js';
import { ConfigError } from '../../errors.js';

/** The gpu.js modes a {@link GpuBackend} can run in. */
export type GpuMode = 'webasm' | 'cpu' | 'headlessgl' | 'webgpu';

/** All gpu.js modes neuroloop knows, in order of preference for large ops on a GPU-less machine. */
export const GPU_MODES: readonly GpuMode[] = Object.freeze(['webasm', 'cpu', 'headlessgl', 'webgpu'] as const);

/** Whether a mode can run here and, when not, why and what would fix it. */
export interface GpuModeAvailability {
  readonly mode: GpuMode;
  readonly available: boolean;
  /** Empty when available. */
  readonly reason: string;
}

/**
 * Checks whether a gpu.js mode can back the synchronous `KernelBackend` on this machine, without
 * building anything.
 *
 * @example
 * ```ts
 * const { available, reason } = gpuModeAvailability('headlessgl');
 * if (!available) console.warn(reason);
 * ```
 */
export function gpuModeAvailability(mode: GpuMode): GpuModeAvailability {
  switch (mode) {
    case 'cpu':
      return { mode, available: true, reason: '' };
    case 'webasm':
      return GPU.isWebAssemblySupported
        ? { mode, available: true, reason: '' }
        : { mode, available: false, reason: 'gpu:webasm is unavailable: this runtime has no WebAssembly support (gpu.js GPU.isWebAssemblySupported is false); use Node >= 20.' };
    case 'headlessgl':
      return GPU.isHeadlessGLSupported
        ? { mode, available: true, reason: '' }
        : {
          mode,
          available: false,
          reason:
            'gpu:headlessgl is unavailable: gpu.js needs the `gl` package (headless-gl) built natively, which it is not here. ' +
            'Building it needs python3, a C++ toolchain and the X11/GL development libraries ' +
            '(e.g. apt-get install build-essential libxi-dev libglu1-mesa-dev libglew-dev pkg-config), then `npm rebuild gl` ' +
            'with install scripts allowed for `gl` (package.json allowScripts); at run time it needs a display or xvfb (`xvfb-run -a node ...`).',
        };
    case 'webgpu': {
      const surface = GPU.isWebGPUSupported
        ? ''
        : ' Also, navigator.gpu is missing: in Node it comes from the `webgpu` package (dawn.node, `globalThis.navigator = { gpu: create([]) }`), which needs a recent libstdc++ and a GPU driver.';
      return {
        mode,
        available: false,
        reason:
          'gpu:webgpu is unavailable: gpu.js webgpu kernels are asynchronous only (every call returns a Promise) while KernelBackend is synchronous.' +
          surface,
      };
    }
    default:
      throw new ConfigError(`gpu mode '${String(mode)}' is unknown; expected one of ${GPU_MODES.join(', ')}`);
  }
}

/**
 * Creates a `GPU` in `mode`, or throws a `ConfigError` saying why the mode cannot run here.
 *
 * @example
 * ```ts
 * const gpu = createGpu('webasm');
 * ```
 */
export function createGpu(mode: GpuMode): GPU {
  const { available, reason } = gpuModeAvailability(mode);
  if (!available) throw new ConfigError(reason);
  return new GPU({ mode });
}
