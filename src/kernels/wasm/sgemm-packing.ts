import type { SgemmConfig } from './sgemm-config.js';
import { WasmLoops } from './wasm-loops.js';
import type { WasmFunction } from './wasm-module-builder.js';
import { ValType } from './wasm-types.js';

/**
 * Packs an A block (rows x depth, element (i, p) at src + i*rs + p*cs bytes) into panels of mr
 * rows: panel r holds depth steps of mr consecutive values, zero-padded past `rows`.
 * Params: src, rs, cs (bytes), rows, depth, dst.
 *
 * @example
 * ```ts
 * emitPackA(builder.addFunction('packA', new Array(6).fill(ValType.i32), []), config);
 * ```
 */
export function emitPackA(fn: WasmFunction, config: SgemmConfig): void {
  const [src, rs, cs, rows, depth, dst] = [0, 1, 2, 3, 4, 5];
  emitPanelPack(fn, config.mr, { src, panelStride: rs, depthStride: cs, count: rows, depth, dst });
}

/**
 * Packs op(B) columns [j0, j1) for all depth blocks. Params: b, rsB, csB (elements), k, n, j0, j1, dst.
 *
 * @example
 * ```ts
 * emitPackB(builder.addFunction('packB', new Array(8).fill(ValType.i32), [], { exported: true }), config);
 * ```
 */
export function emitPackB(fn: WasmFunction, config: SgemmConfig): void {
  const { nr, kc } = config;
  const [b, rsB, csB, k, n, j0, j1, dst] = [0, 1, 2, 3, 4, 5, 6, 7];
  const rsBytes = fn.local(ValType.i32);
  const csBytes = fn.local(ValType.i32);
  const nPad = fn.local(ValType.i32);
  const pc = fn.local(ValType.i32);
  const kcb = fn.local(ValType.i32);
  const panelSrc = fn.local(ValType.i32);
  const panelDst = fn.local(ValType.i32);
  const cols = fn.local(ValType.i32);
  const code = fn.code;
  code.get(rsB).i32Const(2).op('i32.shl').set(rsBytes);
  code.get(csB).i32Const(2).op('i32.shl').set(csBytes);
  code.get(n).i32Const(nr - 1).op('i32.add').i32Const(nr).op('i32.div_u').i32Const(nr).op('i32.mul').set(nPad);
  code.i32Const(0).set(pc);
  WasmLoops.whileLess(code, pc, k, () => {
    WasmLoops.minOf(fn.code, kcb, { local: k }, pc, kc);
    // The loop below walks panels; each call packs nr columns (or the ragged last ones) of this block.
    const jr = fn.local(ValType.i32);
    code.get(j0).set(jr);
    WasmLoops.whileLess(code, jr, j1, () => {
      code.get(b).get(pc).get(rsB).op('i32.mul').get(jr).get(csB).op('i32.mul').op('i32.add').i32Const(2).op('i32.shl').op('i32.add').set(panelSrc);
      code.get(dst).get(pc).get(nPad).op('i32.mul').get(jr).get(kcb).op('i32.mul').op('i32.add').i32Const(2).op('i32.shl').op('i32.add').set(panelDst);
      WasmLoops.minOf(fn.code, cols, { local: n }, jr, nr);
      emitPanelPack(fn, nr, { src: panelSrc, panelStride: csBytes, depthStride: rsBytes, count: cols, depth: kcb, dst: panelDst });
    }, nr);
  }, kc);
}

interface PanelPackLocals {
  readonly src: number;
  /** Bytes between consecutive values of one depth step (rows of A, columns of B). */
  readonly panelStride: number;
  /** Bytes between depth steps. */
  readonly depthStride: number;
  /** Valid lanes of the panel; the rest of the `width` lanes are zero. */
  readonly count: number;
  readonly depth: number;
  readonly dst: number;
}

/**
 * Packs `ceil(count / width)` panels of `width` lanes, each depth step `width` consecutive floats,
 * zero lanes padding the last panel. Three copy loops, picked at run time from the strides:
 * lanes adjacent in memory (A stored [k, m], B stored [k, n]) copy whole depth steps with v128
 * loads and stores; a lane contiguous along depth (A stored [m, k], B stored [n, k]) is read four
 * depth steps at a time and scattered with `v128.store32_lane`; anything else goes value by value.
 */
function emitPanelPack(fn: WasmFunction, width: number, l: PanelPackLocals): void {
  const code = fn.code;
  const [panel, panelDst, lanesHere, lane, s, d, p, depth4] = Array.from({ length: 8 }, () => fn.local(ValType.i32)) as [
    number, number, number, number, number, number, number, number,
  ];
  const vec = fn.local(ValType.v128);
  const widthLocal = fn.local(ValType.i32);
  const step = width * 4;
  code.i32Const(width).set(widthLocal);
  code.get(l.depth).i32Const(-4).op('i32.and').set(depth4);
  code.i32Const(0).set(panel);
  code.get(l.dst).set(panelDst);
  WasmLoops.whileLess(code, panel, l.count, () => {
    WasmLoops.minOf(code, lanesHere, { local: l.count }, panel, width);
    code.get(l.src).get(panel).get(l.panelStride).op('i32.mul').op('i32.add').set(s);
    code.get(panelDst).set(d);
    code.i32Const(0).set(p);
    code.get(l.panelStride).i32Const(4).op('i32.eq').get(lanesHere).i32Const(width).op('i32.eq').op('i32.and').if();
    // Whole depth steps: width adjacent floats each.
    WasmLoops.whileLess(code, p, l.depth, () => {
      for (let v = 0; v + 4 <= width; v += 4) code.get(d).get(s).mem('v128.load', v * 4).mem('v128.store', v * 4);
      for (let v = width - (width % 4); v < width; v++) code.get(d).get(s).mem('f32.load', v * 4).mem('f32.store', v * 4);
      WasmLoops.addTo(code, s, { local: l.depthStride });
      WasmLoops.addTo(code, d, step);
    }, 1);
    code.else();
    code.i32Const(0).set(lane);
    WasmLoops.whileLess(code, lane, widthLocal, () => {
      code.get(panelDst).get(lane).i32Const(2).op('i32.shl').op('i32.add').set(d);
      code.get(l.src).get(panel).get(lane).op('i32.add').get(l.panelStride).op('i32.mul').op('i32.add').set(s);
      code.i32Const(0).set(p);
      code.get(lane).get(lanesHere).op('i32.lt_s').if();
      code.get(l.depthStride).i32Const(4).op('i32.eq').if();
      // Four contiguous depth steps per load, scattered lane by lane.
      WasmLoops.whileLess(code, p, depth4, () => {
        code.get(s).mem('v128.load').set(vec);
        for (let q = 0; q < 4; q++) code.get(d).get(vec).memLane('v128.store32_lane', q * step, q);
        WasmLoops.addTo(code, s, 16);
        WasmLoops.addTo(code, d, 4 * step);
      }, 4);
      code.end();
      WasmLoops.whileLess(code, p, l.depth, () => {
        code.get(d).get(s).mem('f32.load').mem('f32.store');
        WasmLoops.addTo(code, s, { local: l.depthStride });
        WasmLoops.addTo(code, d, step);
      }, 1);
      code.else();
      WasmLoops.whileLess(code, p, l.depth, () => {
        code.get(d).f32Const(0).mem('f32.store');
        WasmLoops.addTo(code, d, step);
      }, 1);
      code.end();
    }, 1);
    code.end();
    code.get(panelDst).get(l.depth).i32Const(step).op('i32.mul').op('i32.add').set(panelDst);
  }, width);
}
