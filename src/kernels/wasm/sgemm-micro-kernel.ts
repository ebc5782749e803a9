import type { SgemmConfig } from './sgemm-config.js';
import { WasmLoops } from './wasm-loops.js';
import type { WasmFunction } from './wasm-module-builder.js';
import { ValType } from './wasm-types.js';

/**
 * The register-blocked micro-kernel: C tile (mr x nr) (+)= A panel (mr x kc) * B panel (kc x nr).
 * Params: kc, ap, aStride, bp, bStride (bytes per depth step), cp, ldc (bytes), beta (add into C).
 *
 * @example
 * ```ts
 * emitMicroKernel(builder.addFunction('microPacked', new Array(8).fill(ValType.i32), []), config, true);
 * ```
 */
export function emitMicroKernel(fn: WasmFunction, config: SgemmConfig, packedStrides: boolean): void {
  const { mr, nr } = config;
  const unroll = Math.max(1, config.unroll);
  const nv = nr / 4;
  const [kc, ap, aStride, bp, bStride, cp, ldc, beta] = [0, 1, 2, 3, 4, 5, 6, 7];
  const acc = Array.from({ length: mr * nv }, () => fn.local(ValType.v128));
  const bv = Array.from({ length: nv }, () => fn.local(ValType.v128));
  const av = fn.local(ValType.v128);
  // The depth counter, or with unroll 1 the end of the A panel.
  const p = fn.local(ValType.i32);
  const row = fn.local(ValType.i32);
  const code = fn.code;
  for (const x of acc) code.f32x4Const([0, 0, 0, 0]).set(x);
  // One depth step. With packed panels the strides are the constants mr*4 and nr*4, so `u` steps
  // of an unrolled body fold into load offsets and the pointers move once per iteration.
  const step = (u: number): void => {
    const aOffset = packedStrides ? u * mr * 4 : 0;
    const bOffset = packedStrides ? u * nr * 4 : 0;
    for (let v = 0; v < nv; v++) code.get(bp).mem('v128.load', bOffset + 16 * v).set(bv[v]!);
    for (let i = 0; i < mr; i++) {
      code.get(ap).mem('v128.load32_splat', aOffset + 4 * i).set(av);
      for (let v = 0; v < nv; v++) {
        const x = acc[i * nv + v]!;
        if (config.relaxedSimd) code.get(av).get(bv[v]!).get(x).op('f32x4.relaxed_madd').set(x);
        else code.get(x).get(av).get(bv[v]!).op('f32x4.mul').op('f32x4.add').set(x);
      }
    }
    if (!packedStrides) {
      WasmLoops.addTo(code, ap, { local: aStride });
      WasmLoops.addTo(code, bp, { local: bStride });
    }
  };
  const advance = (steps: number): void => {
    if (!packedStrides) return;
    WasmLoops.addTo(code, ap, steps * mr * 4);
    WasmLoops.addTo(code, bp, steps * nr * 4);
  };
  if (unroll === 1) {
    // A do-while ending when ap reaches its end: no separate depth counter to maintain.
    const skip = code.block();
    code.get(kc).op('i32.eqz').brIf(skip);
    code.get(ap).get(kc).get(aStride).op('i32.mul').op('i32.add').set(p);
    const top = code.loop();
    step(0);
    advance(1);
    code.get(ap).get(p).op('i32.ne').brIf(top);
    code.end();
    code.end();
  } else {
    code.get(kc).set(p);
    WasmLoops.countDown(code, p, unroll, () => {
      for (let u = 0; u < unroll; u++) step(u);
      advance(unroll);
    });
    WasmLoops.countDown(code, p, 1, () => {
      step(0);
      advance(1);
    });
  }
  // Store (or add into) C row by row; C + acc in this operand order, as the edge path does.
  code.get(beta).if();
  emitTileStore(fn, cp, ldc, row, acc, mr, nv, true);
  code.else();
  emitTileStore(fn, cp, ldc, row, acc, mr, nv, false);
  code.end();
}

function emitTileStore(fn: WasmFunction, cp: number, ldc: number, row: number, acc: number[], mr: number, nv: number, add: boolean): void {
  const code = fn.code;
  code.get(cp).set(row);
  for (let i = 0; i < mr; i++) {
    for (let v = 0; v < nv; v++) {
      code.get(row);
      if (add) code.get(row).mem('v128.load', 16 * v).get(acc[i * nv + v]!).op('f32x4.add');
      else code.get(acc[i * nv + v]!);
      code.mem('v128.store', 16 * v);
    }
    if (i + 1 < mr) WasmLoops.addTo(code, row, { local: ldc });
  }
}

/**
 * Copies the valid mr x nr part of a full tile computed into scratch: (tile, cp, mr, nr, ldc bytes, beta).
 *
 * @example
 * ```ts
 * emitEdge(builder.addFunction('edge', [i32, i32, i32, i32, i32, i32], []), config);
 * ```
 */
export function emitEdge(fn: WasmFunction, config: SgemmConfig): void {
  const [tile, cp, mr, nr, ldc, beta] = [0, 1, 2, 3, 4, 5];
  const i = fn.local(ValType.i32);
  const j = fn.local(ValType.i32);
  const src = fn.local(ValType.i32);
  const dst = fn.local(ValType.i32);
  const code = fn.code;
  const copy = (add: boolean): void => {
    code.i32Const(0).set(i);
    WasmLoops.whileLess(code, i, mr, () => {
      code.get(tile).get(i).i32Const(config.nr * 4).op('i32.mul').op('i32.add').set(src);
      code.get(cp).get(i).get(ldc).op('i32.mul').op('i32.add').set(dst);
      code.i32Const(0).set(j);
      WasmLoops.whileLess(code, j, nr, () => {
        code.get(dst);
        // C + acc, in the micro-kernel's operand order.
        if (add) code.get(dst).mem('f32.load').get(src).mem('f32.load').op('f32.add');
        else code.get(src).mem('f32.load');
        code.mem('f32.store');
        WasmLoops.addTo(code, src, 4);
        WasmLoops.addTo(code, dst, 4);
      }, 1);
    }, 1);
  };
  code.get(beta).if();
  copy(true);
  code.else();
  copy(false);
  code.end();
}
