import type { Graph, Input } from './graph.js';
import { unbroadcast } from './broadcast.js';
import type { Variable } from './variable.js';

// Elementwise arithmetic with NumPy broadcasting. Each backward sums the gradient over the axes
// an operand was broadcast along, so the gradient comes back in that operand's shape.
// Graph exposes every op as a method (g.add(a, b)); these functions are the implementations.

/** a + b, broadcasting. @example `g.add(g.matmul(x, w), bias)` */
export function add(g: Graph, a: Input, b: Input): Variable {
  const av = g.lift(a);
  const bv = g.lift(b);
  const k = g.backend;
  const out = g.node('add', k.binary('add', av.value, bv.value), av, bv);
  if (out.requiresGrad) {
    out.backwardFn = (gy) => {
      if (av.requiresGrad) g.accumulate(av, unbroadcast(k, gy, av.shape));
      if (bv.requiresGrad) g.accumulate(bv, unbroadcast(k, gy, bv.shape));
    };
  }
  return out;
}

/** a - b, broadcasting. @example `g.sub(q, target)` */
export function sub(g: Graph, a: Input, b: Input): Variable {
  const av = g.lift(a);
  const bv = g.lift(b);
  const k = g.backend;
  const out = g.node('sub', k.binary('sub', av.value, bv.value), av, bv);
  if (out.requiresGrad) {
    out.backwardFn = (gy) => {
      if (av.requiresGrad) g.accumulate(av, unbroadcast(k, gy, av.shape));
      if (bv.requiresGrad) g.accumulate(bv, unbroadcast(k, k.unary('neg', gy), bv.shape));
    };
  }
  return out;
}

/** a * b, broadcasting. @example `g.mul(mask, x)` */
export function mul(g: Graph, a: Input, b: Input): Variable {
  const av = g.lift(a);
  const bv = g.lift(b);
  const k = g.backend;
  const out = g.node('mul', k.binary('mul', av.value, bv.value), av, bv);
  if (out.requiresGrad) {
    out.backwardFn = (gy) => {
      if (av.requiresGrad) g.accumulate(av, unbroadcast(k, k.binary('mul', gy, bv.value), av.shape));
      if (bv.requiresGrad) g.accumulate(bv, unbroadcast(k, k.binary('mul', gy, av.value), bv.shape));
    };
  }
  return out;
}

/** a / b, broadcasting. @example `g.div(x, g.sum(x, -1, true))` */
export function div(g: Graph, a: Input, b: Input): Variable {
  const av = g.lift(a);
  const bv = g.lift(b);
  const k = g.backend;
  const y = k.binary('div', av.value, bv.value);
  const out = g.node('div', y, av, bv);
  if (out.requiresGrad) {
    out.backwardFn = (gy) => {
      const gOverB = k.binary('div', gy, bv.value);
      if (av.requiresGrad) g.accumulate(av, unbroadcast(k, gOverB, av.shape));
      // d(a/b)/db = -a/b² = -y/b
      if (bv.requiresGrad) g.accumulate(bv, unbroadcast(k, k.unary('neg', k.binary('mul', gOverB, y)), bv.shape));
    };
  }
  return out;
}

/** a ** b elementwise. The gradient w.r.t. b uses log(a), so it needs a > 0. */
export function pow(g: Graph, a: Input, b: Input): Variable {
  const av = g.lift(a);
  const bv = g.lift(b);
  const k = g.backend;
  const y = k.binary('pow', av.value, bv.value);
  const out = g.node('pow', y, av, bv);
  if (out.requiresGrad) {
    out.backwardFn = (gy) => {
      if (av.requiresGrad) {
        // d/da = b * a^(b - 1) = b * y / a, written without the division so a = 0 stays finite.
        const powBm1 = k.binary('pow', av.value, k.unary('addScalar', bv.value, -1));
        g.accumulate(av, unbroadcast(k, k.binary('mul', gy, k.binary('mul', bv.value, powBm1)), av.shape));
      }
      if (bv.requiresGrad) {
        const dB = k.binary('mul', gy, k.binary('mul', y, k.unary('log', av.value)));
        g.accumulate(bv, unbroadcast(k, dB, bv.shape));
      }
    };
  }
  return out;
}

/** Elementwise larger of a and b; on ties the gradient goes to a. */
export function maximum(g: Graph, a: Input, b: Input): Variable {
  return extremum(g, 'maximum', a, b);
}

/** Elementwise smaller of a and b; on ties the gradient goes to a. */
export function minimum(g: Graph, a: Input, b: Input): Variable {
  return extremum(g, 'minimum', a, b);
}

function extremum(g: Graph, op: 'maximum' | 'minimum', a: Input, b: Input): Variable {
  const av = g.lift(a);
  const bv = g.lift(b);
  const k = g.backend;
  const out = g.node(op, k.binary(op, av.value, bv.value), av, bv);
  if (out.requiresGrad) {
    out.backwardFn = (gy) => {
      // a wins where a >= b (maximum) or b >= a (minimum); b wins strictly elsewhere.
      const [hi, lo] = op === 'maximum' ? [av.value, bv.value] : [bv.value, av.value];
      if (av.requiresGrad) g.accumulate(av, unbroadcast(k, k.binary('mul', gy, k.binary('greaterEqual', hi, lo)), av.shape));
      if (bv.requiresGrad) g.accumulate(bv, unbroadcast(k, k.binary('mul', gy, k.binary('greater', lo, hi)), bv.shape));
    };
  }
  return out;
}

/** -x. */
export function neg(g: Graph, x: Input): Variable {
  const xv = g.lift(x);
  const k = g.backend;
  const out = g.node('neg', k.unary('neg', xv.value), xv);
  if (out.requiresGrad) out.backwardFn = (gy) => g.accumulate(xv, k.unary('neg', gy));
  return out;
}

/** x * factor for a constant number (one kernel, no broadcast). */
export function scale(g: Graph, x: Input, factor: number): Variable {
  const xv = g.lift(x);
  const k = g.backend;
  const out = g.node('scale', k.unary('mulScalar', xv.value, factor), xv);
  if (out.requiresGrad) out.backwardFn = (gy) => g.accumulate(xv, k.unary('mulScalar', gy, factor));
  return out;
}

/** x + offset for a constant number. */
export function addScalar(g: Graph, x: Input, offset: number): Variable {
  const xv = g.lift(x);
  const out = g.node('addScalar', g.backend.unary('addScalar', xv.value, offset), xv);
  if (out.requiresGrad) out.backwardFn = (gy) => g.accumulate(xv, gy);
  return out;
}
