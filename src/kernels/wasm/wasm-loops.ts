import type { WasmCode } from './wasm-code.js';

/**
 * Structured loops over i32 locals for the kernel generators, so generated code reads like the
 * C it replaces. Comparisons are signed: generated kernels keep every index and byte address
 * below 2^31 (the memory maximum is 2 GiB).
 *
 * @example
 * ```ts
 * code.i32Const(0).set(i);
 * WasmLoops.whileLess(code, i, n, () => { ... }, 1); // for (; i < n; i++) { ... }
 * ```
 */
export const WasmLoops = {
  whileLess,
  countDown,
  addTo,
  minOf,
} as const;

/** `while (counter < limit) { body(); counter += step }`; `limit` is a local, `step` a constant or a local. */
function whileLess(code: WasmCode, counter: number, limit: number, body: () => void, step: number | { local: number }): void {
  const exit = code.block();
  const top = code.loop();
  code.get(counter).get(limit).op('i32.ge_s').brIf(exit);
  body();
  addTo(code, counter, step);
  code.br(top);
  code.end();
  code.end();
}

/** `while (counter >= step) { body(); counter -= step }` for a constant step. */
function countDown(code: WasmCode, counter: number, step: number, body: () => void): void {
  const exit = code.block();
  const top = code.loop();
  code.get(counter).i32Const(step).op('i32.lt_s').brIf(exit);
  body();
  code.get(counter).i32Const(step).op('i32.sub').set(counter);
  code.br(top);
  code.end();
  code.end();
}

/** `local += step` for a constant or another local. */
function addTo(code: WasmCode, local: number, step: number | { local: number }): void {
  code.get(local);
  if (typeof step === 'number') code.i32Const(step);
  else code.get(step.local);
  code.op('i32.add').set(local);
}

/** `out = min(limit - base, cap)` for locals limit, base and a constant cap. */
function minOf(code: WasmCode, out: number, limit: { local: number }, base: number, cap: number): void {
  code.get(limit.local).get(base).op('i32.sub').set(out);
  code.get(out).i32Const(cap).op('i32.gt_s').if();
  code.i32Const(cap).set(out);
  code.end();
}
