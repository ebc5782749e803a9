import { ConfigError } from '../../errors.js';
import { Tensor } from '../../tensor/tensor.js';
import type { ReduceOp } from '../kernel-backend.js';
import { KernelShapes } from '../kernel-shapes.js';
import { JsLayout } from './js-layout.js';

/**
 * Reductions, argMax and (log-)softmax on plain typed arrays. Each works on the tensor viewed as
 * [outer, extent, inner] around the reduced axis, so the innermost loop stays contiguous.
 *
 * @example
 * ```ts
 * JsReduce.reduce('sum', Tensor.from([[1, 2], [3, 4]]), 1);   // [3, 7]
 * JsReduce.softmax(Tensor.from([0, 0]));                      // [0.5, 0.5]
 * ```
 */
export const JsReduce = { reduce, argMax, softmax, logSoftmax } as const;

function reduce(op: ReduceOp, x: Tensor, axes?: number | readonly number[], keepDims = false): Tensor {
  const { axes: list, outShape } = KernelShapes.reduceAxes(op, x.shape, axes, keepDims);
  if (!['sum', 'mean', 'max', 'min'].includes(op)) throw new ConfigError(`reduce: unknown op '${String(op)}'`);
  // No axes to reduce: a copy, in the requested shape.
  if (list.length === 0) return new Tensor(outShape, x.data.slice());
  const rank = x.rank;
  // A contiguous block of axes is one [outer, extent, inner] pass; otherwise move the reduced
  // axes to the end first (one copy) so they form one block.
  let source = x;
  let first = list[0]!;
  let last = list[list.length - 1]!;
  if (last - first + 1 !== list.length) {
    const kept = Array.from({ length: rank }, (_, i) => i).filter((i) => !list.includes(i));
    source = JsLayout.transpose(x, [...kept, ...list]);
    first = kept.length;
    last = rank - 1;
  }
  const outer = shapeProduct(source.shape, 0, first);
  const extent = shapeProduct(source.shape, first, last + 1);
  const inner = shapeProduct(source.shape, last + 1, rank);
  const out = new Float32Array(outer * inner);
  if (extent === 0) {
    if (op === 'sum') return new Tensor(outShape, out);
    throw new ConfigError(`reduce: cannot take the ${op} over empty axes of x [${x.shape.join(', ')}]`);
  }
  reduceBlocks(op, source.data, out, outer, extent, inner);
  return new Tensor(outShape, out);
}

function shapeProduct(shape: readonly number[], from: number, to: number): number {
  let p = 1;
  for (let i = from; i < to; i++) p *= shape[i]!;
  return p;
}

function reduceBlocks(op: ReduceOp, x: Float32Array, out: Float32Array, outer: number, extent: number, inner: number): void {
  if (inner === 1) {
    reduceRows(op, x, out, outer, extent);
    return;
  }
  for (let o = 0; o < outer; o++) {
    const base = o * extent * inner;
    const ob = o * inner;
    out.set(x.subarray(base, base + inner), ob);
    for (let r = 1; r < extent; r++) {
      const xr = base + r * inner;
      switch (op) {
        case 'sum':
        case 'mean':
          for (let i = 0; i < inner; i++) out[ob + i] = out[ob + i]! + x[xr + i]!;
          break;
        case 'max':
          for (let i = 0; i < inner; i++) { const v = x[xr + i]!; if (v > out[ob + i]! || Number.isNaN(v)) out[ob + i] = v; }
          break;
        case 'min':
          for (let i = 0; i < inner; i++) { const v = x[xr + i]!; if (v < out[ob + i]! || Number.isNaN(v)) out[ob + i] = v; }
          break;
      }
    }
  }
  if (op === 'mean') for (let i = 0; i < out.length; i++) out[i] = out[i]! / extent;
}

/** Reducing the last axis (inner = 1): each output is one contiguous row, kept in a local. */
function reduceRows(op: ReduceOp, x: Float32Array, out: Float32Array, rows: number, extent: number): void {
  for (let o = 0, base = 0; o < rows; o++, base += extent) {
    let acc = x[base]!;
    const end = base + extent;
    switch (op) {
      case 'sum':
      case 'mean':
        for (let p = base + 1; p < end; p++) acc += x[p]!;
        out[o] = op === 'mean' ? acc / extent : acc;
        break;
      case 'max':
        for (let p = base + 1; p < end; p++) { const v = x[p]!; if (v > acc || Number.isNaN(v)) acc = v; }
        out[o] = acc;
        break;
      case 'min':
        for (let p = base + 1; p < end; p++) { const v = x[p]!; if (v < acc || Number.isNaN(v)) acc = v; }
        out[o] = acc;
        break;
    }
  }
}

function argMax(x: Tensor, axis: number): Tensor {
  const ax = KernelShapes.axis(axis, x.rank, 'argMax');
  const { outer, extent, inner } = KernelShapes.around(x.shape, ax);
  if (extent === 0) throw new ConfigError(`argMax: axis ${ax} of x [${x.shape.join(', ')}] is empty`);
  const out = new Float32Array(outer * inner);
  const best = new Float32Array(inner);
  const data = x.data;
  for (let o = 0; o < outer; o++) {
    const base = o * extent * inner;
    const ob = o * inner;
    best.set(data.subarray(base, base + inner));
    for (let r = 1; r < extent; r++) {
      const xr = base + r * inner;
      for (let i = 0; i < inner; i++) {
        const v = data[xr + i]!;
        // Strict > keeps the first maximum on ties.
        if (v > best[i]!) { best[i] = v; out[ob + i] = r; }
      }
    }
  }
  return new Tensor(x.shape.filter((_, i) => i !== ax), out);
}

function softmax(x: Tensor, axis = -1): Tensor {
  return softmaxImpl('softmax', x, axis, false);
}

function logSoftmax(x: Tensor, axis = -1): Tensor {
  return softmaxImpl('logSoftmax', x, axis, true);
}

/** Subtracts the max before exp (stability); log form is x - max - log Σ exp(x - max). */
function softmaxImpl(op: string, x: Tensor, axis: number, log: boolean): Tensor {
  if (x.rank === 0) throw new ConfigError(`${op}: x must have rank >= 1, got a scalar`);
  const ax = KernelShapes.axis(axis, x.rank, op);
  const { outer, extent, inner } = KernelShapes.around(x.shape, ax);
  const data = x.data;
  const out = new Float32Array(data.length);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = o * extent * inner + i;
      let max = -Infinity;
      for (let r = 0, p = base; r < extent; r++, p += inner) if (data[p]! > max) max = data[p]!;
      if (max === -Infinity) max = 0;
      let sum = 0;
      for (let r = 0, p = base; r < extent; r++, p += inner) {
        const e = Math.exp(data[p]! - max);
        sum += e;
        if (!log) out[p] = e;
      }
      if (log) {
        const shift = max + Math.log(sum);
        for (let r = 0, p = base; r < extent; r++, p += inner) out[p] = data[p]! - shift;
      } else {
        const inv = 1 / sum;
        for (let r = 0, p = base; r < extent; r++, p += inner) out[p] = out[p]! * inv;
      }
    }
  }
  return new Tensor(x.shape, out);
}
