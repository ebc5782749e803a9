import { Tensor } from '../../../src/tensor/tensor.js';
import { broadcastShapes, normalizeAxes, shapeSize, stridesOf } from '../../../src/tensor/shape.js';
import type { BinaryOp, ReduceOp, UnaryOp } from '../../../src/kernels/kernel-backend.js';

/*
 * Deliberately naive kernels (multi-index loops, no fast paths) used as the oracle for the js
 * backend, which in turn is the reference for every other backend.
 */

function unravel(flat: number, shape: readonly number[]): number[] {
  const index = new Array<number>(shape.length);
  for (let d = shape.length - 1; d >= 0; d--) {
    index[d] = flat % shape[d]!;
    flat = Math.floor(flat / shape[d]!);
  }
  return index;
}

function ravel(index: readonly number[], shape: readonly number[]): number {
  const strides = stridesOf(shape);
  return index.reduce((s, v, d) => s + v * strides[d]!, 0);
}

export function naiveMatmul(a: Tensor, b: Tensor, tA: boolean, tB: boolean): Tensor {
  const m = tA ? a.shape[1]! : a.shape[0]!;
  const k = tA ? a.shape[0]! : a.shape[1]!;
  const n = tB ? b.shape[0]! : b.shape[1]!;
  const out = new Tensor([m, n]);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += (tA ? a.get(p, i) : a.get(i, p)) * (tB ? b.get(j, p) : b.get(p, j));
      out.data[i * n + j] = s;
    }
  }
  return out;
}

export const NAIVE_UNARY: Record<UnaryOp, (x: number, p: number) => number> = {
  neg: (x) => -x,
  abs: Math.abs,
  sign: Math.sign,
  square: (x) => x * x,
  sqrt: Math.sqrt,
  rsqrt: (x) => 1 / Math.sqrt(x),
  exp: Math.exp,
  log: Math.log,
  log1p: Math.log1p,
  tanh: Math.tanh,
  sigmoid: (x) => 1 / (1 + Math.exp(-x)),
  relu: (x) => Math.max(x, 0),
  step: (x) => (x > 0 ? 1 : 0),
  leakyRelu: (x, p) => (x > 0 ? x : p * x),
  elu: (x, p) => (x > 0 ? x : p * (Math.exp(x) - 1)),
  softplus: (x) => Math.log(1 + Math.exp(x)),
  reciprocal: (x) => 1 / x,
  powScalar: (x, p) => x ** p,
  addScalar: (x, p) => x + p,
  mulScalar: (x, p) => x * p,
};

export const NAIVE_BINARY: Record<BinaryOp, (a: number, b: number) => number> = {
  add: (a, b) => a + b,
  sub: (a, b) => a - b,
  mul: (a, b) => a * b,
  div: (a, b) => a / b,
  pow: (a, b) => a ** b,
  maximum: Math.max,
  minimum: Math.min,
  greater: (a, b) => (a > b ? 1 : 0),
  greaterEqual: (a, b) => (a >= b ? 1 : 0),
  equal: (a, b) => (a === b ? 1 : 0),
};

export function naiveUnary(op: UnaryOp, x: Tensor, param = 0): Tensor {
  return new Tensor(x.shape, x.data.map((v) => NAIVE_UNARY[op](v, param)));
}

export function naiveBinary(op: BinaryOp, a: Tensor, b: Tensor): Tensor {
  const shape = broadcastShapes(a.shape, b.shape);
  const out = new Tensor(shape);
  for (let f = 0; f < out.size; f++) {
    const index = unravel(f, shape);
    const ia = a.shape.map((d, i) => (d === 1 ? 0 : index[shape.length - a.rank + i]!));
    const ib = b.shape.map((d, i) => (d === 1 ? 0 : index[shape.length - b.rank + i]!));
    out.data[f] = NAIVE_BINARY[op](a.data[ravel(ia, a.shape)]!, b.data[ravel(ib, b.shape)]!);
  }
  return out;
}

export function naiveReduce(op: ReduceOp, x: Tensor, axes: number | number[] | undefined, keepDims: boolean): Tensor {
  const list = normalizeAxes(axes, x.rank);
  const outShape = x.shape.flatMap((d, i) => (list.includes(i) ? (keepDims ? [1] : []) : [d]));
  const groups = new Map<number, number[]>();
  for (let f = 0; f < x.size; f++) {
    const index = unravel(f, x.shape);
    const kept = index.flatMap((v, i) => (list.includes(i) ? (keepDims ? [0] : []) : [v]));
    const key = ravel(kept, outShape);
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key)!.push(x.data[f]!);
  }
  const out = new Tensor(outShape);
  for (const [key, values] of groups) {
    const sum = values.reduce((s, v) => s + v, 0);
    out.data[key] = op === 'sum' ? sum : op === 'mean' ? sum / values.length : op === 'max' ? Math.max(...values) : Math.min(...values);
  }
  return out;
}

/** Values along `axis` for every other index, as [outFlatIndex, positions in x]. */
function lanes(shape: readonly number[], axis: number): number[][] {
  const outShape = shape.filter((_, i) => i !== axis);
  const result: number[][] = Array.from({ length: shapeSize(outShape) }, () => []);
  for (let f = 0; f < shapeSize(shape); f++) {
    const index = unravel(f, shape);
    result[ravel(index.filter((_, i) => i !== axis), outShape)]!.push(f);
  }
  return result;
}

export function naiveArgMax(x: Tensor, axis: number): Tensor {
  const ax = axis < 0 ? axis + x.rank : axis;
  const out = new Tensor(x.shape.filter((_, i) => i !== ax));
  lanes(x.shape, ax).forEach((positions, o) => {
    const values = positions.map((p) => x.data[p]!);
    out.data[o] = values.indexOf(Math.max(...values));
  });
  return out;
}

export function naiveSoftmax(x: Tensor, axis: number, log: boolean): Tensor {
  const ax = axis < 0 ? axis + x.rank : axis;
  const out = new Tensor(x.shape);
  for (const positions of lanes(x.shape, ax)) {
    const max = Math.max(...positions.map((p) => x.data[p]!));
    const lse = max + Math.log(positions.reduce((s, p) => s + Math.exp(x.data[p]! - max), 0));
    for (const p of positions) out.data[p] = log ? x.data[p]! - lse : Math.exp(x.data[p]! - lse);
  }
  return out;
}

export function naiveTranspose(x: Tensor, perm: number[]): Tensor {
  const outShape = perm.map((p) => x.shape[p]!);
  const out = new Tensor(outShape);
  for (let f = 0; f < out.size; f++) {
    const index = unravel(f, outShape);
    const source = new Array<number>(x.rank);
    perm.forEach((p, i) => (source[p] = index[i]!));
    out.data[f] = x.data[ravel(source, x.shape)]!;
  }
  return out;
}

export function naiveGather(x: Tensor, indices: Int32Array, axis: number): Tensor {
  const ax = axis < 0 ? axis + x.rank : axis;
  const outShape = [...x.shape];
  outShape[ax] = indices.length;
  const out = new Tensor(outShape);
  for (let f = 0; f < out.size; f++) {
    const index = unravel(f, outShape);
    index[ax] = indices[index[ax]!]!;
    out.data[f] = x.data[ravel(index, x.shape)]!;
  }
  return out;
}

export function naiveScatterAdd(shape: number[], indices: Int32Array, updates: Tensor, axis: number): Tensor {
  const ax = axis < 0 ? axis + shape.length : axis;
  const out = new Tensor(shape);
  for (let f = 0; f < updates.size; f++) {
    const index = unravel(f, updates.shape);
    index[ax] = indices[index[ax]!]!;
    out.data[ravel(index, shape)]! += updates.data[f]!;
  }
  return out;
}

export function naiveSlice(x: Tensor, begin: number[], size: number[]): Tensor {
  const outShape = size.map((s, i) => (s === -1 ? x.shape[i]! - begin[i]! : s));
  const out = new Tensor(outShape);
  for (let f = 0; f < out.size; f++) {
    const index = unravel(f, outShape).map((v, i) => v + begin[i]!);
    out.data[f] = x.data[ravel(index, x.shape)]!;
  }
  return out;
}

export function naiveConcat(xs: Tensor[], axis: number): Tensor {
  const ax = axis < 0 ? axis + xs[0]!.rank : axis;
  const outShape = [...xs[0]!.shape];
  outShape[ax] = xs.reduce((s, x) => s + x.shape[ax]!, 0);
  const out = new Tensor(outShape);
  for (let f = 0; f < out.size; f++) {
    const index = unravel(f, outShape);
    let t = 0;
    while (index[ax]! >= xs[t]!.shape[ax]!) index[ax]! -= xs[t++]!.shape[ax]!;
    out.data[f] = xs[t]!.data[ravel(index, xs[t]!.shape)]!;
  }
  return out;
}
