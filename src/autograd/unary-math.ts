import type { KernelBackend, UnaryOp } from '../kernels/kernel-backend.js';
import type { Tensor } from '../tensor/tensor.js';
import type { Graph, Input } from './graph.js';
import type { Variable } from './variable.js';

// Elementwise functions of one tensor. Each op names its kernel and, right below, the gradient
// rule `dx = f(gy, x, y, param)` in terms of the output gradient gy, the input x and output y.

/** Computes the input gradient of a unary op from the output gradient. */
type UnaryGrad = (k: KernelBackend, gy: Tensor, x: Tensor, y: Tensor, param: number) => Tensor;

function unaryOp(g: Graph, op: UnaryOp, x: Input, param: number, grad: UnaryGrad): Variable {
  const xv = g.lift(x);
  const k = g.backend;
  const y = k.unary(op, xv.value, param);
  const out = g.node(op, y, xv);
  if (out.requiresGrad) out.backwardFn = (gy) => g.accumulate(xv, grad(k, gy, xv.value, y, param));
  return out;
}

/** e^x. @example `g.exp(logStd)` */
export function exp(g: Graph, x: Input): Variable {
  return unaryOp(g, 'exp', x, 0, expGrad);
}
function expGrad(k: KernelBackend, gy: Tensor, _x: Tensor, y: Tensor): Tensor {
  return k.binary('mul', gy, y);
}

/** Natural log. @example `g.log(probs)` */
export function log(g: Graph, x: Input): Variable {
  return unaryOp(g, 'log', x, 0, logGrad);
}
function logGrad(k: KernelBackend, gy: Tensor, x: Tensor): Tensor {
  return k.binary('div', gy, x);
}

/** Square root. @example `g.sqrt(variance)` */
export function sqrt(g: Graph, x: Input): Variable {
  return unaryOp(g, 'sqrt', x, 0, sqrtGrad);
}
function sqrtGrad(k: KernelBackend, gy: Tensor, _x: Tensor, y: Tensor): Tensor {
  // d sqrt(x) = 1 / (2 sqrt(x))
  return k.unary('mulScalar', k.binary('div', gy, y), 0.5);
}

/** x². @example `g.square(g.sub(pred, target))` */
export function square(g: Graph, x: Input): Variable {
  return unaryOp(g, 'square', x, 0, squareGrad);
}
function squareGrad(k: KernelBackend, gy: Tensor, x: Tensor): Tensor {
  return k.binary('mul', gy, k.unary('mulScalar', x, 2));
}

/** x ** exponent for a constant exponent. @example `g.powScalar(x, 3)` */
export function powScalar(g: Graph, x: Input, exponent: number): Variable {
  return unaryOp(g, 'powScalar', x, exponent, powScalarGrad);
}
function powScalarGrad(k: KernelBackend, gy: Tensor, x: Tensor, _y: Tensor, p: number): Tensor {
  return k.binary('mul', gy, k.unary('mulScalar', k.unary('powScalar', x, p - 1), p));
}

/** |x|; the gradient at 0 is 0. @example `g.abs(tdError)` */
export function abs(g: Graph, x: Input): Variable {
  return unaryOp(g, 'abs', x, 0, absGrad);
}
function absGrad(k: KernelBackend, gy: Tensor, x: Tensor): Tensor {
  return k.binary('mul', gy, k.unary('sign', x));
}

/** Hyperbolic tangent. @example `g.tanh(g.matmul(x, w))` */
export function tanh(g: Graph, x: Input): Variable {
  return unaryOp(g, 'tanh', x, 0, tanhGrad);
}
function tanhGrad(k: KernelBackend, gy: Tensor, _x: Tensor, y: Tensor): Tensor {
  // gy * (1 - y²) = gy - gy * y²
  return k.binary('sub', gy, k.binary('mul', gy, k.unary('square', y)));
}

/** Logistic sigmoid 1 / (1 + e^-x). @example `g.sigmoid(logits)` */
export function sigmoid(g: Graph, x: Input): Variable {
  return unaryOp(g, 'sigmoid', x, 0, sigmoidGrad);
}
function sigmoidGrad(k: KernelBackend, gy: Tensor, _x: Tensor, y: Tensor): Tensor {
  // y (1 - y) = y - y²
  return k.binary('mul', gy, k.binary('sub', y, k.unary('square', y)));
}

/** max(x, 0); the gradient at 0 is 0. @example `g.relu(h)` */
export function relu(g: Graph, x: Input): Variable {
  return unaryOp(g, 'relu', x, 0, reluGrad);
}
function reluGrad(k: KernelBackend, gy: Tensor, x: Tensor): Tensor {
  return k.binary('mul', gy, k.unary('step', x));
}

/** x > 0 ? x : alpha * x. @example `g.leakyRelu(h, 0.2)` */
export function leakyRelu(g: Graph, x: Input, alpha = 0.01): Variable {
  return unaryOp(g, 'leakyRelu', x, alpha, leakyReluGrad);
}
function leakyReluGrad(k: KernelBackend, gy: Tensor, x: Tensor, _y: Tensor, alpha: number): Tensor {
  // slope = step(x) * (1 - alpha) + alpha: 1 for x > 0, alpha otherwise.
  const slope = k.unary('addScalar', k.unary('mulScalar', k.unary('step', x), 1 - alpha), alpha);
  return k.binary('mul', gy, slope);
}

/** x > 0 ? x : alpha * (e^x - 1). @example `g.elu(h)` */
export function elu(g: Graph, x: Input, alpha = 1): Variable {
  return unaryOp(g, 'elu', x, alpha, eluGrad);
}
function eluGrad(k: KernelBackend, gy: Tensor, x: Tensor, y: Tensor, alpha: number): Tensor {
  // slope = 1 for x > 0, alpha e^x = y + alpha otherwise: slope = s + (1 - s)(y + alpha), s = step(x).
  const s = k.unary('step', x);
  const negative = k.unary('addScalar', y, alpha);
  const slope = k.binary('add', negative, k.binary('mul', s, k.unary('addScalar', k.unary('neg', negative), 1)));
  return k.binary('mul', gy, slope);
}

/** log(1 + e^x), computed stably by the kernel. @example `g.softplus(rawStd)` */
export function softplus(g: Graph, x: Input): Variable {
  return unaryOp(g, 'softplus', x, 0, softplusGrad);
}
function softplusGrad(k: KernelBackend, gy: Tensor, x: Tensor): Tensor {
  return k.binary('mul', gy, k.unary('sigmoid', x));
}

/**
 * Clamps into [low, high]. The gradient passes where the value was not changed (inside the
 * interval, bounds included) and is 0 where it was clamped.
 * @example `g.clip(ratio, 1 - eps, 1 + eps)`
 */
export function clip(g: Graph, x: Input, low: number, high: number): Variable {
  const xv = g.lift(x);
  const k = g.backend;
  const y = k.clip(xv.value, low, high);
  const out = g.node('clip', y, xv);
  if (out.requiresGrad) out.backwardFn = (gy) => g.accumulate(xv, k.binary('mul', gy, k.binary('equal', xv.value, y)));
  return out;
}
