import { ConfigError } from '../../errors.js';
import { shapesEqual } from '../../tensor/shape.js';
import { Tensor } from '../../tensor/tensor.js';
import type { BinaryOp, UnaryOp } from '../kernel-backend.js';
import { KernelShapes } from '../kernel-shapes.js';

/**
 * Elementwise kernels on plain typed arrays. The op is dispatched once per call (or once per
 * contiguous run for broadcasts), never per element, so each inner loop is monomorphic.
 *
 * @example
 * ```ts
 * JsElementwise.unary('relu', Tensor.from([-1, 2]));                        // [0, 2]
 * JsElementwise.binary('add', Tensor.from([[1], [2]]), Tensor.from([10, 20])); // [[11, 21], [12, 22]]
 * ```
 */
export const JsElementwise = { unary, binary, clip } as const;

function unary(op: UnaryOp, x: Tensor, param = 0): Tensor {
  const out = new Float32Array(x.size);
  unaryInto(op, x.data, out, param);
  return new Tensor(x.shape, out);
}

/** Applies a unary op from `x` into `out` (same length). Exported for reuse by other backends. */
export function unaryInto(op: UnaryOp, x: Float32Array, out: Float32Array, param: number): void {
  const n = x.length;
  switch (op) {
    case 'neg': for (let i = 0; i < n; i++) out[i] = -x[i]!; return;
    case 'abs': for (let i = 0; i < n; i++) out[i] = Math.abs(x[i]!); return;
    case 'sign': for (let i = 0; i < n; i++) out[i] = Math.sign(x[i]!); return;
    case 'square': for (let i = 0; i < n; i++) { const v = x[i]!; out[i] = v * v; } return;
    case 'sqrt': for (let i = 0; i < n; i++) out[i] = Math.sqrt(x[i]!); return;
    case 'rsqrt': for (let i = 0; i < n; i++) out[i] = 1 / Math.sqrt(x[i]!); return;
    case 'exp': for (let i = 0; i < n; i++) out[i] = Math.exp(x[i]!); return;
    case 'log': for (let i = 0; i < n; i++) out[i] = Math.log(x[i]!); return;
    case 'log1p': for (let i = 0; i < n; i++) out[i] = Math.log1p(x[i]!); return;
    case 'tanh': for (let i = 0; i < n; i++) out[i] = Math.tanh(x[i]!); return;
    case 'sigmoid':
      // Split by sign so exp never overflows: for v < 0 use e^v / (1 + e^v).
      for (let i = 0; i < n; i++) {
        const v = x[i]!;
        if (v >= 0) out[i] = 1 / (1 + Math.exp(-v));
        else { const e = Math.exp(v); out[i] = e / (1 + e); }
      }
      return;
    case 'relu': for (let i = 0; i < n; i++) { const v = x[i]!; out[i] = v > 0 ? v : 0; } return;
    case 'step': for (let i = 0; i < n; i++) out[i] = x[i]! > 0 ? 1 : 0; return;
    case 'leakyRelu': for (let i = 0; i < n; i++) { const v = x[i]!; out[i] = v > 0 ? v : param * v; } return;
    case 'elu': for (let i = 0; i < n; i++) { const v = x[i]!; out[i] = v > 0 ? v : param * Math.expm1(v); } return;
    case 'softplus':
      // log(1 + e^v) = max(v, 0) + log1p(e^-|v|): exact for large |v| without overflow.
      for (let i = 0; i < n; i++) { const v = x[i]!; out[i] = Math.max(v, 0) + Math.log1p(Math.exp(-Math.abs(v))); }
      return;
    case 'reciprocal': for (let i = 0; i < n; i++) out[i] = 1 / x[i]!; return;
    case 'powScalar': for (let i = 0; i < n; i++) out[i] = Math.pow(x[i]!, param); return;
    case 'addScalar': for (let i = 0; i < n; i++) out[i] = x[i]! + param; return;
    case 'mulScalar': for (let i = 0; i < n; i++) out[i] = x[i]! * param; return;
    default: throw new ConfigError(`unary: unknown op '${String(op)}'`);
  }
}

function clip(x: Tensor, low: number, high: number): Tensor {
  if (!(low <= high)) throw new ConfigError(`clip: low (${low}) must be <= high (${high})`);
  const src = x.data;
  const out = new Float32Array(src.length);
  for (let i = 0; i < src.length; i++) {
    const v = src[i]!;
    out[i] = v < low ? low : v > high ? high : v;
  }
  return new Tensor(x.shape, out);
}

function binary(op: BinaryOp, a: Tensor, b: Tensor): Tensor {
  if (shapesEqual(a.shape, b.shape)) {
    // The common case skips the broadcast layout: one contiguous run.
    const out = new Float32Array(a.size);
    binaryRun(op, a.data, 0, 1, b.data, 0, 1, out, 0, out.length);
    return new Tensor(a.shape, out);
  }
  const layout = KernelShapes.binary(op, a.shape, b.shape);
  const out = new Float32Array(layout.outShape.reduce((s, d) => s * d, 1));
  if (out.length === 0) return new Tensor(layout.outShape, out);
  const { dims, stridesA, stridesB } = layout;
  const rank = dims.length;
  const len = dims[rank - 1]!;
  const sa = stridesA[rank - 1]!;
  const sb = stridesB[rank - 1]!;
  if (rank === 1) {
    binaryRun(op, a.data, 0, sa, b.data, 0, sb, out, 0, len);
    return new Tensor(layout.outShape, out);
  }
  // Odometer over the outer merged axes; the innermost merged axis is one contiguous run.
  const counter = new Array<number>(rank - 1).fill(0);
  let ia = 0;
  let ib = 0;
  for (let o = 0; o < out.length; o += len) {
    binaryRun(op, a.data, ia, sa, b.data, ib, sb, out, o, len);
    for (let d = rank - 2; d >= 0; d--) {
      ia += stridesA[d]!;
      ib += stridesB[d]!;
      if (++counter[d]! < dims[d]!) break;
      ia -= stridesA[d]! * dims[d]!;
      ib -= stridesB[d]! * dims[d]!;
      counter[d] = 0;
    }
  }
  return new Tensor(layout.outShape, out);
}

/** out[o + j] = a[ia + j·sa] op b[ib + j·sb] for j < len (strides are 0 or 1 after merging). */
function binaryRun(
  op: BinaryOp, a: Float32Array, ia: number, sa: number, b: Float32Array, ib: number, sb: number,
  out: Float32Array, o: number, len: number,
): void {
  const end = o + len;
  switch (op) {
    case 'add': for (; o < end; o++, ia += sa, ib += sb) out[o] = a[ia]! + b[ib]!; return;
    case 'sub': for (; o < end; o++, ia += sa, ib += sb) out[o] = a[ia]! - b[ib]!; return;
    case 'mul': for (; o < end; o++, ia += sa, ib += sb) out[o] = a[ia]! * b[ib]!; return;
    case 'div': for (; o < end; o++, ia += sa, ib += sb) out[o] = a[ia]! / b[ib]!; return;
    case 'pow': for (; o < end; o++, ia += sa, ib += sb) out[o] = Math.pow(a[ia]!, b[ib]!); return;
    case 'maximum': for (; o < end; o++, ia += sa, ib += sb) out[o] = Math.max(a[ia]!, b[ib]!); return;
    case 'minimum': for (; o < end; o++, ia += sa, ib += sb) out[o] = Math.min(a[ia]!, b[ib]!); return;
    case 'greater': for (; o < end; o++, ia += sa, ib += sb) out[o] = a[ia]! > b[ib]! ? 1 : 0; return;
    case 'greaterEqual': for (; o < end; o++, ia += sa, ib += sb) out[o] = a[ia]! >= b[ib]! ? 1 : 0; return;
    case 'equal': for (; o < end; o++, ia += sa, ib += sb) out[o] = a[ia]! === b[ib]! ? 1 : 0; return;
    default: throw new ConfigError(`binary: unknown op '${String(op)}'`);
  }
}
