import type { WasmModule } from './wasm-api.js';
import type { WasmCode } from './wasm-code.js';
import { WasmLoops } from './wasm-loops.js';
import { WasmModuleBuilder, type WasmFunction } from './wasm-module-builder.js';
import { ValType } from './wasm-types.js';

/**
 * An elementwise op as two code fragments that push the result of one step: on f32x4 lanes and,
 * for the tail, on one f32. Operands are locals (`x`, and `y` for binary ops); `param` is an f64
 * local for the scalar-parameter ops. Every op here rounds exactly as the js reference does (one
 * correctly rounded float32 operation, or the double computation rounded once), so results match
 * the js backend bit for bit.
 *
 * @example
 * ```ts
 * const negate: ElementwiseOp = { simd: (c, x) => void c.get(x).op('f32x4.neg'), scalar: (c, x) => void c.get(x).op('f32.neg') };
 * ```
 */
export interface ElementwiseOp {
  simd(code: WasmCode, x: number, y: number, param: number, fn: WasmFunction): void;
  scalar(code: WasmCode, x: number, y: number, param: number): void;
}

const f32x4Zero = (code: WasmCode): WasmCode => code.f32x4Const([0, 0, 0, 0]);
const f32x4One = (code: WasmCode): WasmCode => code.f32x4Const([1, 1, 1, 1]);

/** 1 where the mask is set, else 0 (masks are all-ones lanes). */
function maskToOne(code: WasmCode): void {
  f32x4One(code).op('v128.and');
}

/**
 * x (f32 lanes) op param in double precision, rounded once to f32: promote both halves, apply,
 * demote, and put the halves back together.
 */
function viaDouble(code: WasmCode, x: number, param: number, fn: WasmFunction, op: 'f64x2.mul' | 'f64x2.add'): void {
  const high = Array.from({ length: 16 }, (_, i) => 8 + (i % 8));
  const joined = [0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23];
  const p = fn.local(ValType.v128);
  code.get(param).op('f64x2.splat').set(p);
  code.get(x).op('f64x2.promote_low_f32x4').get(p).op(op).op('f32x4.demote_f64x2_zero');
  code.get(x).get(x).shuffle(high).op('f64x2.promote_low_f32x4').get(p).op(op).op('f32x4.demote_f64x2_zero');
  code.shuffle(joined);
}

function scalarViaDouble(code: WasmCode, x: number, param: number, op: 'f64.mul' | 'f64.add'): void {
  code.get(x).op('f64.promote_f32').get(param).op(op).op('f32.demote_f64');
}

/**
 * Unary ops without a parameter.
 *
 * @example
 * ```ts
 * UNARY_OPS.relu.simd(code, x, -1, -1, fn); // pushes pmax(0, x)
 * ```
 */
export const UNARY_OPS = {
  neg: { simd: (c, x) => void c.get(x).op('f32x4.neg'), scalar: (c, x) => void c.get(x).op('f32.neg') },
  abs: { simd: (c, x) => void c.get(x).op('f32x4.abs'), scalar: (c, x) => void c.get(x).op('f32.abs') },
  square: { simd: (c, x) => void c.get(x).get(x).op('f32x4.mul'), scalar: (c, x) => void c.get(x).get(x).op('f32.mul') },
  sqrt: { simd: (c, x) => void c.get(x).op('f32x4.sqrt'), scalar: (c, x) => void c.get(x).op('f32.sqrt') },
  reciprocal: { simd: (c, x) => void f32x4One(c).get(x).op('f32x4.div'), scalar: (c, x) => void c.f32Const(1).get(x).op('f32.div') },
  // x > 0 ? x : 0 (NaN and -0 give +0): pmax(0, x) = 0 < x ? x : 0.
  relu: { simd: (c, x) => void f32x4Zero(c).get(x).op('f32x4.pmax'), scalar: (c, x) => void c.get(x).f32Const(0).get(x).f32Const(0).op('f32.gt').op('select') },
  step: {
    simd: (c, x) => void (c.get(x), f32x4Zero(c).op('f32x4.gt'), maskToOne(c)),
    scalar: (c, x) => void c.f32Const(1).f32Const(0).get(x).f32Const(0).op('f32.gt').op('select'),
  },
} as const satisfies Record<string, ElementwiseOp>;

/**
 * Unary ops with a double parameter (x > 0 ? x : param x, x + param, x * param).
 *
 * @example
 * ```ts
 * PARAM_OPS.mulScalar.scalar(code, x, -1, param); // pushes f32(f64(x) * param)
 * ```
 */
export const PARAM_OPS = {
  leakyRelu: {
    simd: (c, x, _y, param, fn) => {
      c.get(x);
      viaDouble(c, x, param, fn, 'f64x2.mul');
      c.get(x);
      f32x4Zero(c).op('f32x4.gt').op('v128.bitselect');
    },
    scalar: (c, x, _y, param) => {
      c.get(x);
      scalarViaDouble(c, x, param, 'f64.mul');
      c.get(x).f32Const(0).op('f32.gt').op('select');
    },
  },
  addScalar: { simd: (c, x, _y, param, fn) => viaDouble(c, x, param, fn, 'f64x2.add'), scalar: (c, x, _y, param) => scalarViaDouble(c, x, param, 'f64.add') },
  mulScalar: { simd: (c, x, _y, param, fn) => viaDouble(c, x, param, fn, 'f64x2.mul'), scalar: (c, x, _y, param) => scalarViaDouble(c, x, param, 'f64.mul') },
} as const satisfies Record<string, ElementwiseOp>;

/**
 * The same ops for a parameter that float32 represents exactly: then a single float32 operation
 * rounds exactly as the double one does (a float32 product is exact in double, and double has
 * more than 2 x 24 + 2 bits, so rounding a double sum to float32 equals rounding the exact sum),
 * which saves the promote / demote round trip.
 *
 * @example
 * ```ts
 * PARAM_OPS_F32.mulScalar.simd(code, x, -1, param, fn); // pushes x * splat(param)
 * ```
 */
export const PARAM_OPS_F32 = {
  leakyRelu: {
    simd: (c, x, _y, param) => void c.get(x).get(x).get(param).op('f32x4.splat').op('f32x4.mul').get(x).f32x4Const([0, 0, 0, 0]).op('f32x4.gt').op('v128.bitselect'),
    scalar: (c, x, _y, param) => void c.get(x).get(x).get(param).op('f32.mul').get(x).f32Const(0).op('f32.gt').op('select'),
  },
  addScalar: {
    simd: (c, x, _y, param) => void c.get(x).get(param).op('f32x4.splat').op('f32x4.add'),
    scalar: (c, x, _y, param) => void c.get(x).get(param).op('f32.add'),
  },
  mulScalar: {
    simd: (c, x, _y, param) => void c.get(x).get(param).op('f32x4.splat').op('f32x4.mul'),
    scalar: (c, x, _y, param) => void c.get(x).get(param).op('f32.mul'),
  },
} as const satisfies Record<keyof typeof PARAM_OPS, ElementwiseOp>;

const compare = (simdOp: 'f32x4.gt' | 'f32x4.ge' | 'f32x4.eq', scalarOp: 'f32.gt' | 'f32.ge' | 'f32.eq'): ElementwiseOp => ({
  simd: (c, x, y) => void (c.get(x).get(y).op(simdOp), maskToOne(c)),
  scalar: (c, x, y) => void c.f32Const(1).f32Const(0).get(x).get(y).op(scalarOp).op('select'),
});

const arithmetic = (simdOp: 'f32x4.add' | 'f32x4.sub' | 'f32x4.mul' | 'f32x4.div' | 'f32x4.max' | 'f32x4.min', scalarOp: 'f32.add' | 'f32.sub' | 'f32.mul' | 'f32.div' | 'f32.max' | 'f32.min'): ElementwiseOp => ({
  simd: (c, x, y) => void c.get(x).get(y).op(simdOp),
  scalar: (c, x, y) => void c.get(x).get(y).op(scalarOp),
});

/**
 * Binary ops (Math.max / Math.min and wasm max / min agree on NaN and signed zeros).
 *
 * @example
 * ```ts
 * BINARY_OPS.add.simd(code, x, y, -1, fn); // pushes x + y
 * ```
 */
export const BINARY_OPS = {
  add: arithmetic('f32x4.add', 'f32.add'),
  sub: arithmetic('f32x4.sub', 'f32.sub'),
  mul: arithmetic('f32x4.mul', 'f32.mul'),
  div: arithmetic('f32x4.div', 'f32.div'),
  maximum: arithmetic('f32x4.max', 'f32.max'),
  minimum: arithmetic('f32x4.min', 'f32.min'),
  greater: compare('f32x4.gt', 'f32.gt'),
  greaterEqual: compare('f32x4.ge', 'f32.ge'),
  equal: compare('f32x4.eq', 'f32.eq'),
} as const satisfies Record<string, ElementwiseOp>;

/**
 * Folds of a reduction: `x` is the running value, `y` the next element. max / min keep the js
 * reference's rule `if (v > acc || isNaN(v)) acc = v`.
 *
 * @example
 * ```ts
 * REDUCE_OPS.max.simd(code, acc, next, -1, fn); // pushes next > acc || isNaN(next) ? next : acc
 * ```
 */
export const REDUCE_OPS = {
  sum: arithmetic('f32x4.add', 'f32.add'),
  max: keepIf('f32x4.gt', 'f32.gt'),
  min: keepIf('f32x4.lt', 'f32.lt'),
} as const satisfies Record<string, ElementwiseOp>;

function keepIf(simdOp: 'f32x4.gt' | 'f32x4.lt', scalarOp: 'f32.gt' | 'f32.lt'): ElementwiseOp {
  return {
    simd: (c, x, y) => void c.get(y).get(x).get(y).get(x).op(simdOp).get(y).get(y).op('f32x4.ne').op('v128.or').op('v128.bitselect'),
    scalar: (c, x, y) => void c.get(y).get(x).get(y).get(x).op(scalarOp).get(y).get(y).op('f32.ne').op('i32.or').op('select'),
  };
}

/**
 * Byte offsets of binary operands: inner extent contiguous (`v`) or one value per row (`s`).
 *
 * @example
 * ```ts
 * exports[`add_${'vs' satisfies BinaryVariant}`](a, bias, out, rows, cols, cols, 0); // a [rows, cols] + b [rows, 1]
 * ```
 */
export type BinaryVariant = 'vv' | 'vs' | 'sv';

/**
 * Generates the elementwise module. Exports (pointers in bytes, counts in elements):
 * - `<unary>(src, dst, n)` for {@link UNARY_OPS}, `<paramOp>(src, dst, n, param: f64)` for {@link PARAM_OPS}
 *   and `<paramOp>F32(src, dst, n, param: f32)` for {@link PARAM_OPS_F32};
 * - `clip(src, dst, n, lowCmp, lowOut, highCmp, highOut: f32)`: `x < lowCmp ? lowOut : x > highCmp ? highOut : x`;
 * - `divScalar(src, dst, n, divisor: f32)`;
 * - `<binary>_<variant>(a, b, dst, rows, cols, aRowStride, bRowStride)` for {@link BINARY_OPS}: a 2-D
 *   broadcast where each operand is contiguous along the row (`v`) or one value per row (`s`);
 * - `reduce_<op>(x, dst, outer, extent, inner)` for {@link REDUCE_OPS}: folds the middle axis of
 *   [outer, extent, inner] in order, as the js reference does.
 *
 * @example
 * ```ts
 * const module = buildElementwiseModule();
 * ```
 */
export function buildElementwiseModule(): WasmModule {
  const builder = new WasmModuleBuilder();
  builder.importMemory({ module: 'env', name: 'memory', initialPages: 1, maximumPages: 32768 });
  const { i32, f32, f64 } = ValType;
  for (const [name, op] of Object.entries(UNARY_OPS)) emitMap(builder.addFunction(name, [i32, i32, i32], [], { exported: true }), op, -1);
  for (const [name, op] of Object.entries(PARAM_OPS)) emitMap(builder.addFunction(name, [i32, i32, i32, f64], [], { exported: true }), op, 3);
  for (const [name, op] of Object.entries(PARAM_OPS_F32)) emitMap(builder.addFunction(`${name}F32`, [i32, i32, i32, f32], [], { exported: true }), op, 3);
  emitClip(builder.addFunction('clip', [i32, i32, i32, f32, f32, f32, f32], [], { exported: true }));
  const divide: ElementwiseOp = {
    simd: (c, x, _y, param) => void c.get(x).get(param).op('f32x4.splat').op('f32x4.div'),
    scalar: (c, x, _y, param) => void c.get(x).get(param).op('f32.div'),
  };
  emitMap(builder.addFunction('divScalar', [i32, i32, i32, f32], [], { exported: true }), divide, 3);
  for (const [name, op] of Object.entries(BINARY_OPS)) {
    for (const variant of ['vv', 'vs', 'sv'] as const) {
      emitBinary(builder.addFunction(`${name}_${variant}`, [i32, i32, i32, i32, i32, i32, i32], [], { exported: true }), op, variant);
    }
  }
  for (const [name, op] of Object.entries(REDUCE_OPS)) emitReduce(builder.addFunction(`reduce_${name}`, [i32, i32, i32, i32, i32], [], { exported: true }), op);
  return builder.compile();
}

/** dst[i] = op(src[i]) for i < n: four lanes at a time, then a scalar tail. Params: src, dst, n[, param]. */
function emitMap(fn: WasmFunction, op: ElementwiseOp, param: number): void {
  const code = fn.code;
  const [src, dst, n] = [0, 1, 2];
  const i = fn.local(ValType.i32);
  const end4 = fn.local(ValType.i32);
  const end = fn.local(ValType.i32);
  const xv = fn.local(ValType.v128);
  const xs = fn.local(ValType.f32);
  code.get(n).i32Const(-4).op('i32.and').i32Const(2).op('i32.shl').set(end4);
  code.get(n).i32Const(2).op('i32.shl').set(end);
  code.i32Const(0).set(i);
  WasmLoops.whileLess(code, i, end4, () => {
    code.get(src).get(i).op('i32.add').mem('v128.load').set(xv);
    code.get(dst).get(i).op('i32.add');
    op.simd(code, xv, -1, param, fn);
    code.mem('v128.store');
  }, 16);
  WasmLoops.whileLess(code, i, end, () => {
    code.get(src).get(i).op('i32.add').mem('f32.load').set(xs);
    code.get(dst).get(i).op('i32.add');
    op.scalar(code, xs, -1, param);
    code.mem('f32.store');
  }, 4);
}

function emitClip(fn: WasmFunction): void {
  const [lowCmp, lowOut, highCmp, highOut] = [3, 4, 5, 6];
  const op: ElementwiseOp = {
    simd: (c, x) => {
      // x > highCmp ? highOut : x, then x < lowCmp ? lowOut : that.
      c.get(lowOut).op('f32x4.splat');
      c.get(highOut).op('f32x4.splat').get(x).get(x).get(highCmp).op('f32x4.splat').op('f32x4.gt').op('v128.bitselect');
      c.get(x).get(lowCmp).op('f32x4.splat').op('f32x4.lt').op('v128.bitselect');
    },
    scalar: (c, x) => {
      c.get(lowOut);
      c.get(highOut).get(x).get(x).get(highCmp).op('f32.gt').op('select');
      c.get(x).get(lowCmp).op('f32.lt').op('select');
    },
  };
  emitMap(fn, op, -1);
}

/** Params: a, b, dst, rows, cols, aRowStride, bRowStride (elements). */
function emitBinary(fn: WasmFunction, op: ElementwiseOp, variant: BinaryVariant): void {
  const code = fn.code;
  const [a, b, dst, rows, cols, aRowStride, bRowStride] = [0, 1, 2, 3, 4, 5, 6];
  const [r, j, end4, end, pa, pb, pd] = Array.from({ length: 7 }, () => fn.local(ValType.i32)) as [number, number, number, number, number, number, number];
  const [xv, yv] = [fn.local(ValType.v128), fn.local(ValType.v128)];
  const [xs, ys] = [fn.local(ValType.f32), fn.local(ValType.f32)];
  const aScalar = variant === 'sv';
  const bScalar = variant === 'vs';
  code.get(cols).i32Const(-4).op('i32.and').i32Const(2).op('i32.shl').set(end4);
  code.get(cols).i32Const(2).op('i32.shl').set(end);
  code.get(a).set(pa);
  code.get(b).set(pb);
  code.get(dst).set(pd);
  code.i32Const(0).set(r);
  WasmLoops.whileLess(code, r, rows, () => {
    if (aScalar) code.get(pa).mem('f32.load').tee(xs).op('f32x4.splat').set(xv);
    if (bScalar) code.get(pb).mem('f32.load').tee(ys).op('f32x4.splat').set(yv);
    code.i32Const(0).set(j);
    WasmLoops.whileLess(code, j, end4, () => {
      if (!aScalar) code.get(pa).get(j).op('i32.add').mem('v128.load').set(xv);
      if (!bScalar) code.get(pb).get(j).op('i32.add').mem('v128.load').set(yv);
      code.get(pd).get(j).op('i32.add');
      op.simd(code, xv, yv, -1, fn);
      code.mem('v128.store');
    }, 16);
    WasmLoops.whileLess(code, j, end, () => {
      if (!aScalar) code.get(pa).get(j).op('i32.add').mem('f32.load').set(xs);
      if (!bScalar) code.get(pb).get(j).op('i32.add').mem('f32.load').set(ys);
      code.get(pd).get(j).op('i32.add');
      op.scalar(code, xs, ys, -1);
      code.mem('f32.store');
    }, 4);
    code.get(pa).get(aRowStride).i32Const(2).op('i32.shl').op('i32.add').set(pa);
    code.get(pb).get(bRowStride).i32Const(2).op('i32.shl').op('i32.add').set(pb);
    code.get(pd).get(end).op('i32.add').set(pd);
  }, 1);
}

/** Params: x, dst, outer, extent, inner. out[o, i] = fold over r of x[o, r, i], r ascending. */
function emitReduce(fn: WasmFunction, op: ElementwiseOp): void {
  const code = fn.code;
  const [x, dst, outer, extent, inner] = [0, 1, 2, 3, 4];
  const [o, r, j, end4, end, row, out] = Array.from({ length: 7 }, () => fn.local(ValType.i32)) as [number, number, number, number, number, number, number];
  const [accV, xV] = [fn.local(ValType.v128), fn.local(ValType.v128)];
  const [accS, xS] = [fn.local(ValType.f32), fn.local(ValType.f32)];
  code.get(inner).i32Const(-4).op('i32.and').i32Const(2).op('i32.shl').set(end4);
  code.get(inner).i32Const(2).op('i32.shl').set(end);
  code.get(x).set(row);
  code.get(dst).set(out);
  code.i32Const(0).set(o);
  WasmLoops.whileLess(code, o, outer, () => {
    // The first row starts the fold, then each further row is folded in.
    code.get(out).get(row).get(end).memoryCopy();
    WasmLoops.addTo(code, row, { local: end });
    code.i32Const(1).set(r);
    WasmLoops.whileLess(code, r, extent, () => {
      code.i32Const(0).set(j);
      WasmLoops.whileLess(code, j, end4, () => {
        code.get(out).get(j).op('i32.add').mem('v128.load').set(accV);
        code.get(row).get(j).op('i32.add').mem('v128.load').set(xV);
        code.get(out).get(j).op('i32.add');
        op.simd(code, accV, xV, -1, fn);
        code.mem('v128.store');
      }, 16);
      WasmLoops.whileLess(code, j, end, () => {
        code.get(out).get(j).op('i32.add').mem('f32.load').set(accS);
        code.get(row).get(j).op('i32.add').mem('f32.load').set(xS);
        code.get(out).get(j).op('i32.add');
        op.scalar(code, accS, xS, -1);
        code.mem('f32.store');
      }, 4);
      WasmLoops.addTo(code, row, { local: end });
    }, 1);
    WasmLoops.addTo(code, out, { local: end });
  }, 1);
}
