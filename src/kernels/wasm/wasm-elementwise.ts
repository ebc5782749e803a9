import { shapesEqual } from '../../tensor/shape.js';
import { Tensor } from '../../tensor/tensor.js';
import type { BinaryOp, ReduceOp, UnaryOp } from '../kernel-backend.js';
import { KernelShapes } from '../kernel-shapes.js';
import { BINARY_OPS, buildElementwiseModule, PARAM_OPS, UNARY_OPS, type BinaryVariant } from './elementwise-codegen.js';
import { webAssemblyApi, WASM_PAGE_BYTES } from './wasm-api.js';
import { WasmArena } from './wasm-arena.js';

/**
 * Options of {@link WasmElementwise}.
 *
 * @example
 * ```ts
 * new WasmElementwise({ minSize: 1024 });
 * ```
 */
export interface WasmElementwiseOptions {
  /**
   * Outputs (or reduction inputs) smaller than this many values are left to the caller's
   * fallback (default 1024): around there wasm, copies included, starts to beat the js loops
   * (1.2-2x at 1k values, 2-10x from 4k in bench/wasm.ts); below, the copies eat the gain.
   */
  readonly minSize?: number;
}

type Export = (...args: number[]) => void;

/**
 * SIMD128 elementwise ops, broadcasts of up to two merged axes, clip, and reductions over a
 * non-last axis, each bit-identical to the js reference (same float32 roundings, same order).
 * Every method returns `undefined` for a case it does not take (an op without a bit-exact SIMD
 * form such as exp, a broadcast needing three or more loops, a last-axis reduction, a small
 * tensor); the caller then runs its fallback, which also produces the error for bad input.
 *
 * @example
 * ```ts
 * const ew = new WasmElementwise();
 * const y = ew.unary('relu', x) ?? js.unary('relu', x);
 * ```
 */
export class WasmElementwise {
  readonly minSize: number;
  private readonly arena: WasmArena;
  private readonly ex: Record<string, Export>;

  constructor(options: WasmElementwiseOptions = {}) {
    this.minSize = options.minSize ?? 1024;
    const wasm = webAssemblyApi();
    const memory = new wasm.Memory({ initial: 16, maximum: 32768 });
    this.arena = new WasmArena(memory, 64, 32768 * WASM_PAGE_BYTES);
    this.ex = new wasm.Instance(buildElementwiseModule(), { env: { memory } }).exports as Record<string, Export>;
  }

  unary(op: UnaryOp, x: Tensor, param = 0): Tensor | undefined {
    if (x.size < this.minSize) return undefined;
    if (op in UNARY_OPS) return this.map(x, (src, dst) => this.ex[op]!(src, dst, x.size));
    if (op in PARAM_OPS) {
      const name = Math.fround(param) === param ? `${op}F32` : op;
      return this.map(x, (src, dst) => this.ex[name]!(src, dst, x.size, param));
    }
    return undefined;
  }

  /** x < low ? low : x > high ? high : x, with the double bounds compared and stored as js does. */
  clip(x: Tensor, low: number, high: number): Tensor | undefined {
    if (x.size < this.minSize || !(low <= high)) return undefined;
    // For a float32 x, x < low holds exactly when x < (smallest float32 >= low); likewise for high.
    return this.map(x, (src, dst) => this.ex.clip!(src, dst, x.size, float32AtLeast(low), Math.fround(low), float32AtMost(high), Math.fround(high)));
  }

  binary(op: BinaryOp, a: Tensor, b: Tensor): Tensor | undefined {
    if (!(op in BINARY_OPS)) return undefined;
    let outShape: readonly number[];
    let rows: number;
    let cols: number;
    let rowStrides: [number, number];
    let variant: BinaryVariant;
    if (shapesEqual(a.shape, b.shape)) {
      [outShape, rows, cols, rowStrides, variant] = [a.shape, 1, a.size, [0, 0], 'vv'];
    } else {
      const layout = KernelShapes.binary(op, a.shape, b.shape);
      const { dims, stridesA, stridesB } = layout;
      const last = dims.length - 1;
      if (dims.length > 2) return undefined;
      const inner: readonly [number, number] = [stridesA[last]!, stridesB[last]!];
      variant = inner[0] === 1 || dims[last] === 1 ? (inner[1] === 1 || dims[last] === 1 ? 'vv' : 'vs') : 'sv';
      outShape = layout.outShape;
      rows = dims.length === 2 ? dims[0]! : 1;
      cols = dims[last]!;
      rowStrides = dims.length === 2 ? [stridesA[0]!, stridesB[0]!] : [0, 0];
    }
    const size = rows * cols;
    if (size < this.minSize) return undefined;
    const arena = this.arena;
    arena.reset();
    const aOff = arena.alloc(a.size);
    const bOff = arena.alloc(b.size);
    const out = arena.alloc(size);
    arena.commit();
    arena.f32.set(a.data, aOff >> 2);
    arena.f32.set(b.data, bOff >> 2);
    this.ex[`${op}_${variant}`]!(aOff, bOff, out, rows, cols, rowStrides[0], rowStrides[1]);
    return new Tensor(outShape, arena.f32.slice(out >> 2, (out >> 2) + size));
  }

  /** sum / mean / max / min over one contiguous block of axes that is not the last. */
  reduce(op: ReduceOp, x: Tensor, axes: number | readonly number[] | undefined, keepDims: boolean): Tensor | undefined {
    if (x.size < this.minSize || !(op === 'sum' || op === 'mean' || op === 'max' || op === 'min')) return undefined;
    const { axes: list, outShape } = KernelShapes.reduceAxes(op, x.shape, axes, keepDims);
    if (list.length === 0) return undefined;
    const first = list[0]!;
    const last = list[list.length - 1]!;
    if (last - first + 1 !== list.length || last === x.rank - 1) return undefined;
    const outer = product(x.shape, 0, first);
    const extent = product(x.shape, first, last + 1);
    const inner = product(x.shape, last + 1, x.rank);
    if (extent === 0) return undefined;
    const arena = this.arena;
    arena.reset();
    const src = arena.alloc(x.size);
    const dst = arena.alloc(outer * inner);
    arena.commit();
    arena.f32.set(x.data, src >> 2);
    this.ex[`reduce_${op === 'mean' ? 'sum' : op}`]!(src, dst, outer, extent, inner);
    if (op === 'mean') this.ex.divScalar!(dst, dst, outer * inner, extent);
    return new Tensor(outShape, arena.f32.slice(dst >> 2, (dst >> 2) + outer * inner));
  }

  private map(x: Tensor, run: (src: number, dst: number) => void): Tensor {
    const arena = this.arena;
    arena.reset();
    const src = arena.alloc(x.size);
    const dst = arena.alloc(x.size);
    arena.commit();
    arena.f32.set(x.data, src >> 2);
    run(src, dst);
    return new Tensor(x.shape, arena.f32.slice(dst >> 2, (dst >> 2) + x.size));
  }
}

function product(shape: readonly number[], from: number, to: number): number {
  let p = 1;
  for (let i = from; i < to; i++) p *= shape[i]!;
  return p;
}

/**
 * The smallest float32 >= v (v itself when representable).
 *
 * @example
 * ```ts
 * float32AtLeast(0.1); // 0.10000000149011612 (fround(0.1) is already above 0.1)
 * ```
 */
export function float32AtLeast(v: number): number {
  const f = Math.fround(v);
  return f >= v ? f : nextFloat32(f, 1);
}

/**
 * The largest float32 <= v.
 *
 * @example
 * ```ts
 * float32AtMost(0.1); // 0.09999999403953552
 * ```
 */
export function float32AtMost(v: number): number {
  const f = Math.fround(v);
  return f <= v ? f : nextFloat32(f, -1);
}

/** The neighbouring float32 of a float32 `f` towards +Infinity (direction 1) or -Infinity (-1). */
function nextFloat32(f: number, direction: 1 | -1): number {
  if (f === 0) return direction * 2 ** -149;
  const bits = new Int32Array(new Float32Array([f]).buffer);
  bits[0]! += (f > 0) === (direction > 0) ? 1 : -1;
  return new Float32Array(bits.buffer)[0]!;
}
