import type { ReduceOp } from '../kernels/kernel-backend.js';
import { normalizeAxes } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import { expandTo, keptShape, reducedCount } from './broadcast.js';
import type { Graph, Input } from './graph.js';
import type { Variable } from './variable.js';

// Reductions along axes (all axes when omitted; negative axes count from the end). Their
// backward broadcasts the output gradient back over the reduced axes.

/** Axes to reduce: one axis, a list, or all when omitted. */
export type Axes = number | readonly number[] | undefined;

/** Sum along axes. @example `g.sum(x, -1, true)` */
export function sum(g: Graph, x: Input, axes?: Axes, keepDims = false): Variable {
  return reduction(g, 'sum', x, axes, keepDims);
}

/** Mean along axes. @example `g.mean(g.square(err))` (a scalar) */
export function mean(g: Graph, x: Input, axes?: Axes, keepDims = false): Variable {
  return reduction(g, 'mean', x, axes, keepDims);
}

/** Maximum along axes; tied maxima share the gradient equally. @example `g.max(q, 1)` */
export function max(g: Graph, x: Input, axes?: Axes, keepDims = false): Variable {
  return reduction(g, 'max', x, axes, keepDims);
}

/** Minimum along axes; tied minima share the gradient equally. @example `g.min(g.concat([a, b], 1), 1)` */
export function min(g: Graph, x: Input, axes?: Axes, keepDims = false): Variable {
  return reduction(g, 'min', x, axes, keepDims);
}

function reduction(g: Graph, op: ReduceOp, x: Input, axes: Axes, keepDims: boolean): Variable {
  const xv = g.lift(x);
  const k = g.backend;
  const y = k.reduce(op, xv.value, axes, keepDims);
  const out = g.node(op, y, xv);
  if (!out.requiresGrad) return out;
  const list = normalizeAxes(axes, xv.rank, op);
  const kept = keptShape(xv.shape, list);
  out.backwardFn = (gy) => {
    // The output gradient with the reduced axes kept as 1, so it broadcasts against x.
    const gyKept = keepDims ? gy : new Tensor(kept, gy.data);
    if (op === 'sum') {
      g.accumulate(xv, expandTo(k, gyKept, xv.shape));
    } else if (op === 'mean') {
      const n = reducedCount(xv.shape, list);
      g.accumulate(xv, expandTo(k, k.unary('mulScalar', gyKept, 1 / n), xv.shape));
    } else {
      // max / min: the gradient goes to the entries equal to the result, split among ties.
      const winners = k.binary('equal', xv.value, keepDims ? y : new Tensor(kept, y.data));
      const count = k.reduce('sum', winners, list, true);
      g.accumulate(xv, k.binary('mul', winners, k.binary('div', gyKept, count)));
    }
  };
  return out;
}
