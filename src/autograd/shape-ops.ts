import { ShapeError, formatShape } from '../errors.js';
import { resolveReshape } from '../tensor/tensor.js';
import { Tensor } from '../tensor/tensor.js';
import type { Graph, Input } from './graph.js';
import { Variable } from './variable.js';

// Ops that move values without arithmetic: reshape, transpose, concat, slice, gather, pick.
// Their backward moves the gradient back the same way (gather <-> scatterAdd, slice <-> pad).

/** Integer indices: an Int32Array is used as is, a number array is converted once. */
export type Indices = Int32Array | readonly number[];

function toInt32(indices: Indices): Int32Array {
  return indices instanceof Int32Array ? indices : Int32Array.from(indices);
}

/**
 * Same values in a new shape (one extent may be -1). The output shares the input's buffer
 * (values are read-only), so a reshape costs no copy.
 * @example `g.reshape(images, [batch, -1])`
 */
export function reshape(g: Graph, x: Input, shape: readonly number[]): Variable {
  const xv = g.lift(x);
  const out = g.node('reshape', new Tensor(resolveReshape(xv.shape, shape), xv.value.data), xv);
  if (out.requiresGrad) out.backwardFn = (gy) => g.accumulate(xv, new Tensor(xv.shape, gy.data));
  return out;
}

/** Permutes axes (reverses them when `perm` is omitted). @example `g.transpose(x, [1, 0])` */
export function transpose(g: Graph, x: Input, perm?: readonly number[]): Variable {
  const xv = g.lift(x);
  const k = g.backend;
  const out = g.node('transpose', k.transpose(xv.value, perm), xv);
  if (out.requiresGrad) {
    const rank = xv.rank;
    const forward = perm ?? Array.from({ length: rank }, (_, i) => rank - 1 - i);
    const inverse = new Array<number>(rank);
    forward.forEach((p, i) => (inverse[p < 0 ? p + rank : p] = i));
    out.backwardFn = (gy) => g.accumulate(xv, k.transpose(gy, inverse));
  }
  return out;
}

/** Joins along an existing axis. @example `g.concat([mu, logStd], 1)` */
export function concat(g: Graph, xs: readonly Input[], axis: number): Variable {
  const vs = xs.map((x) => g.lift(x));
  const k = g.backend;
  const y = k.concat(
    vs.map((v) => v.value),
    axis,
  );
  const out = g.nodeOf('concat', y, vs);
  if (out.requiresGrad) {
    const ax = axis < 0 ? axis + y.rank : axis;
    out.backwardFn = (gy) => {
      const begin = new Array<number>(gy.rank).fill(0);
      for (const v of vs) {
        if (v.requiresGrad) g.accumulate(v, k.slice(gy, begin, v.shape));
        begin[ax]! += v.shape[ax]!;
      }
    };
  }
  return out;
}

/**
 * A contiguous block: `size[i]` values from `begin[i]` along each axis (-1 = to the end).
 * @example `g.slice(x, [0, 2], [-1, 3])`
 */
export function slice(g: Graph, x: Input, begin: readonly number[], size: readonly number[]): Variable {
  const xv = g.lift(x);
  const k = g.backend;
  const y = k.slice(xv.value, begin, size);
  const out = g.node('slice', y, xv);
  if (out.requiresGrad) {
    out.backwardFn = (gy) => {
      // Pad the gradient with zero blocks before and after the slice along each sliced axis.
      let padded = gy;
      for (let ax = 0; ax < xv.rank; ax++) {
        const before = begin[ax]!;
        const after = xv.shape[ax]! - before - y.shape[ax]!;
        if (before === 0 && after === 0) continue;
        const parts: Tensor[] = [];
        if (before > 0) parts.push(new Tensor(padded.shape.map((d, i) => (i === ax ? before : d))));
        parts.push(padded);
        if (after > 0) parts.push(new Tensor(padded.shape.map((d, i) => (i === ax ? after : d))));
        padded = k.concat(parts, ax);
      }
      g.accumulate(xv, padded);
    };
  }
  return out;
}

/**
 * Selects entries along `axis` (embedding lookup: `gather(table, tokenIds, 0)`); repeated
 * indices accumulate their gradients.
 * @example `g.gather(embeddings, [3, 1, 3], 0)`
 */
export function gather(g: Graph, x: Input, indices: Indices, axis = 0): Variable {
  const xv = g.lift(x);
  const k = g.backend;
  const ix = toInt32(indices);
  const out = g.node('gather', k.gather(xv.value, ix, axis), xv);
  if (out.requiresGrad) out.backwardFn = (gy) => g.accumulate(xv, k.scatterAdd(xv.shape, ix, gy, axis));
  return out;
}

/**
 * Per-row pick: x [n, k], indices [n] -> [n] with out[i] = x[i, indices[i]] (Q(s, a) in DQN).
 * @example `g.pick(qValues, actions)`
 */
export function pick(g: Graph, x: Input, indices: Indices): Variable {
  const xv = g.lift(x);
  const k = g.backend;
  const ix = toInt32(indices);
  if (xv.rank !== 2) throw new ShapeError(`pick: x must be 2-D [n, k], got ${formatShape(xv.shape)}`);
  const out = g.node('pick', k.pick(xv.value, ix), xv);
  if (out.requiresGrad) out.backwardFn = (gy) => g.accumulate(xv, k.pickGrad(gy, ix, xv.shape[1]!));
  return out;
}

/**
 * The same value, cut off from the graph: no gradient flows through it (targets in TD losses).
 * @example `g.stopGradient(targetQ)`
 */
export function stopGradient(g: Graph, x: Input): Variable {
  const xv = g.lift(x);
  return xv.requiresGrad ? new Variable(xv.value, { op: 'stopGradient' }) : xv;
}
