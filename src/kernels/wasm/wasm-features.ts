import { WasmModuleBuilder } from './wasm-module-builder.js';
import { ValType } from './wasm-types.js';
import { webAssemblyApi } from './wasm-api.js';

/**
 * Feature probes: each builds a tiny module that uses the feature and asks the engine to
 * validate it, so the answer is the engine's own (Node 20 validates SIMD128 and threads, but
 * relaxed SIMD only behind `--experimental-wasm-relaxed-simd`).
 *
 * @example
 * ```ts
 * const fused = WasmFeatures.relaxedSimd(); // false on a plain Node 20
 * WasmFeatures.backendAvailability('wasm:threads'); // { available: true, reason: '' }
 * ```
 */
export const WasmFeatures = {
  simd: () => validates('f32x4.mul'),
  relaxedSimd: () => validates('f32x4.relaxed_madd'),
  /** Shared memories and SharedArrayBuffer, needed for worker threads. */
  threads: sharedMemory,
  backendAvailability,
} as const;

/**
 * Whether `WasmBackend` can run here (`wasm` needs SIMD128; `wasm:threads` also shared memory),
 * in the `{ available, reason }` form `backendAvailability` of create-backend uses.
 */
function backendAvailability(name: 'wasm' | 'wasm:threads'): { readonly available: boolean; readonly reason: string } {
  if (typeof (globalThis as { WebAssembly?: unknown }).WebAssembly !== 'object') return { available: false, reason: 'this JavaScript engine has no WebAssembly' };
  if (!validates('f32x4.mul')) return { available: false, reason: 'this engine does not validate WebAssembly SIMD128 (Node >= 16.4 does)' };
  if (name === 'wasm:threads' && !sharedMemory()) return { available: false, reason: 'this engine has no shared WebAssembly memory (SharedArrayBuffer), needed for worker threads' };
  return { available: true, reason: '' };
}

function validates(op: 'f32x4.mul' | 'f32x4.relaxed_madd'): boolean {
  const builder = new WasmModuleBuilder();
  const fn = builder.addFunction('probe', [ValType.v128, ValType.v128, ValType.v128], [ValType.v128], { exported: true });
  if (op === 'f32x4.mul') fn.code.get(0).get(1).op('f32x4.mul').get(2).op('f32x4.add');
  else fn.code.get(0).get(1).get(2).op('f32x4.relaxed_madd');
  return webAssemblyApi().validate(builder.toBytes());
}

function sharedMemory(): boolean {
  if (typeof SharedArrayBuffer !== 'function') return false;
  try {
    const memory = new (webAssemblyApi().Memory)({ initial: 1, maximum: 1, shared: true });
    return memory.buffer instanceof SharedArrayBuffer;
  } catch {
    return false;
  }
}
