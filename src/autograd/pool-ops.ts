import type { Pool2DOptions, PoolOp } from '../kernels/kernel-backend.js';
import type { Graph, Input } from './graph.js';
import type { Variable } from './variable.js';

// Pooling over NHWC windows. Max sends each window's gradient to its first maximum; average
// spreads it over the window's real (unpadded) cells.

/** Max pooling. @example `g.maxPool2d(h, { poolSize: 2 })` */
export function maxPool2d(g: Graph, x: Input, options: Pool2DOptions): Variable {
  return pool(g, 'max', x, options);
}

/** Average pooling. @example `g.avgPool2d(h, { poolSize: 3, strides: 2, padding: 'same' })` */
export function avgPool2d(g: Graph, x: Input, options: Pool2DOptions): Variable {
  return pool(g, 'avg', x, options);
}

function pool(g: Graph, op: PoolOp, x: Input, options: Pool2DOptions): Variable {
  const xv = g.lift(x);
  const k = g.backend;
  const out = g.node(`${op}Pool2d`, k.pool2d(op, xv.value, options), xv);
  if (out.requiresGrad) out.backwardFn = (gy) => g.accumulate(xv, k.pool2dGrad(op, xv.value, gy, options));
  return out;
}
