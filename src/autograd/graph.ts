import { ConfigError, ShapeError, formatShape } from '../errors.js';
import type { Conv2DOptions, KernelBackend, MatmulOptions, Pool2DOptions } from '../kernels/kernel-backend.js';
import { shapesEqual } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import { add, addScalar, div, maximum, minimum, mul, neg, pow, scale, sub } from './arithmetic.js';
import { checkFinite } from './check-finite.js';
import { conv2d, conv2dTranspose } from './conv-ops.js';
import { logSoftmax, matmul, softmax } from './nn-ops.js';
import { standardize, type Standardized } from './norm-ops.js';
import { avgPool2d, maxPool2d } from './pool-ops.js';
import { max, mean, min, sum, type Axes } from './reductions.js';
import { concat, gather, pick, reshape, slice, stopGradient, transpose, type Indices } from './shape-ops.js';
import { split } from './split-ops.js';
import { abs, clip, elu, exp, leakyRelu, log, powScalar, relu, sigmoid, softplus, sqrt, square, tanh } from './unary-math.js';
import { Variable } from './variable.js';

/** An op operand: a variable, or a tensor taken as a constant. */
export type Input = Variable | Tensor;

/** Options of a {@link Graph}. */
export interface GraphOptions {
  /**
   * Check every op output and every backward gradient for NaN/Inf and throw a
   * `NonFiniteError` naming the op (a debugging aid: one extra pass over each tensor).
   */
  readonly checkFinite?: boolean;
}

/** Result of {@link Graph.valueAndGrad}. */
export interface ValueAndGrad {
  readonly value: Tensor;
  readonly grads: Tensor[];
}

/**
 * Reverse-mode automatic differentiation over one {@link KernelBackend}. Every op runs its
 * forward kernel immediately and, when an input requires a gradient and recording is on, links
 * its output to its inputs with a backward closure. `backward(loss)` walks those links from the
 * loss in reverse topological order. Nothing is global: the graph holds its backend and its
 * grad-mode switch, and the recorded nodes are plain objects freed with the loss.
 *
 * @example
 * ```ts
 * const g = new Graph(new JsBackend());
 * const w = g.variable(Tensor.from([[0.5], [-1]]));
 * const loss = g.mean(g.square(g.sub(g.matmul(x, w), y)));
 * g.backward(loss);           // w.grad now holds dloss/dw
 * const q = g.noGrad(() => g.matmul(x, w));   // records nothing
 * ```
 */
export class Graph {
  readonly backend: KernelBackend;
  readonly checkFinite: boolean;
  private recording = true;

  constructor(backend: KernelBackend, options: GraphOptions = {}) {
    this.backend = backend;
    this.checkFinite = options.checkFinite ?? false;
  }

  /** Whether ops currently record their backward (false inside {@link Graph.noGrad}). */
  get gradEnabled(): boolean {
    return this.recording;
  }

  /** Runs `fn` without recording (inference, target networks); restores the mode afterwards. */
  noGrad<T>(fn: () => T): T {
    const previous = this.recording;
    this.recording = false;
    try {
      return fn();
    } finally {
      this.recording = previous;
    }
  }

  /** A leaf that gradients flow into. */
  variable(value: Tensor, requiresGrad = true): Variable {
    return new Variable(value, { requiresGrad });
  }

  /** A leaf without gradient. */
  constant(value: Tensor): Variable {
    return new Variable(value, { op: 'constant' });
  }

  /** The operand as a variable (tensors become constants). */
  lift(x: Input): Variable {
    return x instanceof Variable ? x : new Variable(x, { op: 'constant' });
  }

  /**
   * The output of op `op` with inputs `a` (and `b`): tracked when recording and an input requires
   * a gradient. The op sets `backwardFn` on a tracked output. For op implementations.
   */
  node(op: string, value: Tensor, a: Variable, b?: Variable): Variable {
    if (this.checkFinite) checkFinite(value, `output of op '${op}'`);
    const tracked = this.recording && (a.requiresGrad || (b !== undefined && b.requiresGrad));
    if (!tracked) return new Variable(value, { op });
    return new Variable(value, { op, requiresGrad: true }, b === undefined ? [a] : [a, b]);
  }

  /** {@link Graph.node} for ops with any number of inputs. */
  nodeOf(op: string, value: Tensor, inputs: readonly Variable[]): Variable {
    if (this.checkFinite) checkFinite(value, `output of op '${op}'`);
    const tracked = this.recording && inputs.some((v) => v.requiresGrad);
    return tracked ? new Variable(value, { op, requiresGrad: true }, inputs) : new Variable(value, { op });
  }

  /** Adds `grad` into `v.grad` (no-op unless `v` requires a gradient). For op backward closures. */
  accumulate(v: Variable, grad: Tensor): void {
    if (!v.requiresGrad) return;
    if (!shapesEqual(grad.shape, v.shape)) {
      throw new ShapeError(`backward: gradient of shape ${formatShape(grad.shape)} for '${v.op}' of shape ${formatShape(v.shape)}`);
    }
    v.grad = v.grad === null ? grad : this.backend.binary('add', v.grad, grad);
  }

  /**
   * Back-propagates from `loss`: adds d(seed · loss)/dleaf into the `grad` of every leaf that
   * requires a gradient. `seed` defaults to 1 and is required for a loss with more than one value.
   * Leaves keep accumulating over calls until zeroed; may be called more than once per graph.
   */
  backward(loss: Variable, seed?: Tensor): void {
    if (!loss.requiresGrad) {
      throw new ConfigError(`backward: the loss (op '${loss.op}') depends on nothing that requires a gradient (or was computed under noGrad)`);
    }
    if (seed === undefined) {
      if (loss.size !== 1) {
        throw new ShapeError(`backward: a loss of shape ${formatShape(loss.shape)} needs an explicit seed gradient; only one-value losses default to 1`);
      }
      seed = Tensor.full(loss.shape, 1);
    } else if (!shapesEqual(seed.shape, loss.shape)) {
      throw new ShapeError(`backward: seed of shape ${formatShape(seed.shape)} for a loss of shape ${formatShape(loss.shape)}`);
    }
    const order = topologicalOrder(loss);
    for (const node of order) if (!node.isLeaf) node.grad = null;
    this.accumulate(loss, seed);
    for (let i = order.length - 1; i >= 0; i--) {
      const node = order[i]!;
      if (node.isLeaf) continue;
      const grad = node.grad;
      // A node all of whose consumers lie outside the loss's graph gets no gradient.
      if (grad !== null && node.backwardFn !== null) {
        node.backwardFn(grad);
        if (this.checkFinite) {
          for (const p of node.parents) if (p.grad !== null) checkFinite(p.grad, `gradient from the backward of op '${node.op}'`);
        }
      }
      // Op outputs get a fresh gradient per call; dropping it early frees memory.
      node.grad = null;
    }
  }

  /**
   * A function returning the gradients of `fn` (a one-value result) w.r.t. its inputs. Leaves that
   * `fn` reaches besides its arguments (parameters) accumulate gradients as in {@link Graph.backward}.
   *
   * @example
   * ```ts
   * const dSquare = g.grad((x) => g.sum(g.square(x)));
   * dSquare(Tensor.from([1, 2]))[0]!.toArray();   // [2, 4]
   * ```
   */
  grad(fn: (...inputs: Variable[]) => Variable): (...inputs: Tensor[]) => Tensor[] {
    const both = this.valueAndGrad(fn);
    return (...inputs) => both(...inputs).grads;
  }

  /** Like {@link Graph.grad}, also returning the value of `fn`. */
  valueAndGrad(fn: (...inputs: Variable[]) => Variable): (...inputs: Tensor[]) => ValueAndGrad {
    return (...inputs) => {
      const leaves = inputs.map((t) => new Variable(t, { requiresGrad: true }));
      const previous = this.recording;
      this.recording = true;
      let out: Variable;
      try {
        out = fn(...leaves);
      } finally {
        this.recording = previous;
      }
      if (out.requiresGrad) this.backward(out);
      return { value: out.value, grads: leaves.map((l) => l.grad ?? new Tensor(l.shape)) };
    };
  }

  // The ops, one line each; their forward and backward live in the op family files.

  add(a: Input, b: Input): Variable { return add(this, a, b); }
  sub(a: Input, b: Input): Variable { return sub(this, a, b); }
  mul(a: Input, b: Input): Variable { return mul(this, a, b); }
  div(a: Input, b: Input): Variable { return div(this, a, b); }
  pow(a: Input, b: Input): Variable { return pow(this, a, b); }
  maximum(a: Input, b: Input): Variable { return maximum(this, a, b); }
  minimum(a: Input, b: Input): Variable { return minimum(this, a, b); }
  neg(x: Input): Variable { return neg(this, x); }
  scale(x: Input, factor: number): Variable { return scale(this, x, factor); }
  addScalar(x: Input, offset: number): Variable { return addScalar(this, x, offset); }

  exp(x: Input): Variable { return exp(this, x); }
  log(x: Input): Variable { return log(this, x); }
  sqrt(x: Input): Variable { return sqrt(this, x); }
  square(x: Input): Variable { return square(this, x); }
  powScalar(x: Input, exponent: number): Variable { return powScalar(this, x, exponent); }
  abs(x: Input): Variable { return abs(this, x); }
  tanh(x: Input): Variable { return tanh(this, x); }
  sigmoid(x: Input): Variable { return sigmoid(this, x); }
  relu(x: Input): Variable { return relu(this, x); }
  leakyRelu(x: Input, alpha = 0.01): Variable { return leakyRelu(this, x, alpha); }
  elu(x: Input, alpha = 1): Variable { return elu(this, x, alpha); }
  softplus(x: Input): Variable { return softplus(this, x); }
  clip(x: Input, low: number, high: number): Variable { return clip(this, x, low, high); }

  sum(x: Input, axes?: Axes, keepDims = false): Variable { return sum(this, x, axes, keepDims); }
  mean(x: Input, axes?: Axes, keepDims = false): Variable { return mean(this, x, axes, keepDims); }
  max(x: Input, axes?: Axes, keepDims = false): Variable { return max(this, x, axes, keepDims); }
  min(x: Input, axes?: Axes, keepDims = false): Variable { return min(this, x, axes, keepDims); }

  reshape(x: Input, shape: readonly number[]): Variable { return reshape(this, x, shape); }
  transpose(x: Input, perm?: readonly number[]): Variable { return transpose(this, x, perm); }
  concat(xs: readonly Input[], axis: number): Variable { return concat(this, xs, axis); }
  slice(x: Input, begin: readonly number[], size: readonly number[]): Variable { return slice(this, x, begin, size); }
  gather(x: Input, indices: Indices, axis = 0): Variable { return gather(this, x, indices, axis); }
  pick(x: Input, indices: Indices): Variable { return pick(this, x, indices); }
  stopGradient(x: Input): Variable { return stopGradient(this, x); }

  matmul(a: Input, b: Input, options?: MatmulOptions): Variable { return matmul(this, a, b, options); }
  softmax(x: Input, axis = -1): Variable { return softmax(this, x, axis); }
  logSoftmax(x: Input, axis = -1): Variable { return logSoftmax(this, x, axis); }

  conv2d(x: Input, filter: Input, options?: Conv2DOptions): Variable { return conv2d(this, x, filter, options); }
  conv2dTranspose(x: Input, filter: Input, options?: Conv2DOptions, outputShape?: readonly number[]): Variable { return conv2dTranspose(this, x, filter, options, outputShape); }
  maxPool2d(x: Input, options: Pool2DOptions): Variable { return maxPool2d(this, x, options); }
  avgPool2d(x: Input, options: Pool2DOptions): Variable { return avgPool2d(this, x, options); }
  standardize(x: Input, axes: Axes, epsilon: number): Standardized { return standardize(this, x, axes, epsilon); }
  split(x: Input, count: number, axis: number): Variable[] { return split(this, x, count, axis); }
}

/** Nodes reachable from `root` through tracked inputs, each after all of its inputs. */
function topologicalOrder(root: Variable): Variable[] {
  const order: Variable[] = [];
  const visited = new Set<Variable>([root]);
  // Iterative depth-first search: deep graphs (unrolled RNNs) must not overflow the call stack.
  const stack: Variable[] = [root];
  const next: number[] = [0];
  while (stack.length > 0) {
    const top = stack.length - 1;
    const node = stack[top]!;
    const i = next[top]!;
    if (i < node.parents.length) {
      next[top] = i + 1;
      const parent = node.parents[i]!;
      if (parent.requiresGrad && !visited.has(parent)) {
        visited.add(parent);
        stack.push(parent);
        next.push(0);
      }
    } else {
      order.push(node);
      stack.pop();
      next.pop();
    }
  }
  return order;
}
