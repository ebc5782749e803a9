/**
 * Typings for the parts of the global `WebAssembly` API the wasm backend uses. The project's
 * `lib` (ES2023, no DOM) does not declare `WebAssembly`, and a global declaration here would
 * clash with lib.dom if it were ever added, so the API is read from `globalThis` through these
 * local types instead.
 *
 * @example
 * ```ts
 * const wasm = webAssemblyApi();
 * const memory = new wasm.Memory({ initial: 1, maximum: 16, shared: true });
 * ```
 */
export interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  readonly Module: new (bytes: Uint8Array) => WasmModule;
  readonly Instance: new (module: WasmModule, imports: Record<string, Record<string, unknown>>) => WasmInstance;
  readonly Memory: new (descriptor: { initial: number; maximum?: number; shared?: boolean }) => WasmMemory;
}

/**
 * A compiled module (opaque; it can be posted to worker threads).
 *
 * @example
 * ```ts
 * const module: WasmModule = new (webAssemblyApi().Module)(bytes);
 * ```
 */
export interface WasmModule {
  readonly __wasmModule?: never;
}

/**
 * An instantiated module.
 *
 * @example
 * ```ts
 * const { gemm } = new wasm.Instance(module, { env: { memory } }).exports;
 * ```
 */
export interface WasmInstance {
  readonly exports: Record<string, unknown>;
}

/**
 * A linear memory; `buffer` is a SharedArrayBuffer when the memory is shared.
 *
 * @example
 * ```ts
 * const previousPages = memory.grow(16); // memory.buffer is a new buffer now
 * ```
 */
export interface WasmMemory {
  readonly buffer: ArrayBuffer | SharedArrayBuffer;
  /** Grows by `pages` of 64 KiB and returns the previous size in pages. */
  grow(pages: number): number;
}

/**
 * The engine's `WebAssembly` object.
 *
 * @example
 * ```ts
 * const module = new (webAssemblyApi().Module)(bytes);
 * ```
 */
export function webAssemblyApi(): WasmApi {
  const api = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;
  if (api === undefined) throw new Error('WebAssembly is not available in this JavaScript engine');
  return api;
}

/**
 * Bytes per WebAssembly memory page.
 *
 * @example
 * ```ts
 * memory.grow(Math.ceil(bytes / WASM_PAGE_BYTES));
 * ```
 */
export const WASM_PAGE_BYTES = 65536;
