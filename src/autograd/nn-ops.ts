import type { MatmulOptions } from '../kernels/kernel-backend.js';
import type { Graph, Input } from './graph.js';
import type { Variable } from './variable.js';

// The ops networks are made of: matrix product and (log-)softmax.

/**
 * 2-D matrix product [m, k] x [k, n] -> [m, n]; `transposeA` / `transposeB` use a stored
 * transpose without copying it.
 * @example `g.matmul(x, kernel)`, `g.matmul(x, w, { transposeB: true })`
 */
export function matmul(g: Graph, a: Input, b: Input, options: MatmulOptions = {}): Variable {
  const av = g.lift(a);
  const bv = g.lift(b);
  const k = g.backend;
  const out = g.node('matmul', k.matmul(av.value, bv.value, options), av, bv);
  if (out.requiresGrad) {
    const tA = options.transposeA === true;
    const tB = options.transposeB === true;
    out.backwardFn = (gy) => {
      // With Y = op(A) op(B): dop(A) = gy op(B)ᵀ and dop(B) = op(A)ᵀ gy; when an operand is
      // stored transposed its gradient is the transpose of that, which the flags express directly.
      if (av.requiresGrad) {
        const dA = tA
          ? k.matmul(bv.value, gy, { transposeA: tB, transposeB: true })
          : k.matmul(gy, bv.value, { transposeB: !tB });
        g.accumulate(av, dA);
      }
      if (bv.requiresGrad) {
        const dB = tB
          ? k.matmul(gy, av.value, { transposeA: true, transposeB: tA })
          : k.matmul(av.value, gy, { transposeA: !tA });
        g.accumulate(bv, dB);
      }
    };
  }
  return out;
}

/** Softmax along `axis` (default last). @example `g.softmax(logits)` */
export function softmax(g: Graph, x: Input, axis = -1): Variable {
  const xv = g.lift(x);
  const k = g.backend;
  const y = k.softmax(xv.value, axis);
  const out = g.node('softmax', y, xv);
  if (out.requiresGrad) {
    out.backwardFn = (gy) => {
      // dx = y * (gy - sum(gy * y, axis))
      const dot = k.reduce('sum', k.binary('mul', gy, y), axis, true);
      g.accumulate(xv, k.binary('mul', y, k.binary('sub', gy, dot)));
    };
  }
  return out;
}

/** Log-softmax along `axis` (default last), numerically stable. @example `g.logSoftmax(logits)` */
export function logSoftmax(g: Graph, x: Input, axis = -1): Variable {
  const xv = g.lift(x);
  const k = g.backend;
  const y = k.logSoftmax(xv.value, axis);
  const out = g.node('logSoftmax', y, xv);
  if (out.requiresGrad) {
    out.backwardFn = (gy) => {
      // dx = gy - softmax(x) * sum(gy, axis), with softmax(x) = exp(y)
      const total = k.reduce('sum', gy, axis, true);
      g.accumulate(xv, k.binary('sub', gy, k.binary('mul', k.unary('exp', y), total)));
    };
  }
  return out;
}
