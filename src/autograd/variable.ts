import type { Tensor } from '../tensor/tensor.js';

/**
 * Propagates the gradient of a node's output to its parents (adds into their `grad`).
 * Built by each op right next to its forward math.
 */
export type BackwardFn = (outputGrad: Tensor) => void;

/** Parents of nodes that record nothing; shared because it is never written. */
const NO_PARENTS: readonly Variable[] = Object.freeze([]);

/** Options of the {@link Variable} constructor. */
export interface VariableOptions {
  /** Track gradients into this leaf (default false: a constant). */
  readonly requiresGrad?: boolean;
  /** Op name shown in errors (default `'leaf'`). */
  readonly op?: string;
}

/**
 * A node of the autograd graph: a tensor value, its gradient, and (for op outputs) how to send
 * that gradient to the inputs. Leaves (no parents) with `requiresGrad` keep accumulating into
 * `grad` over several `backward` calls until zeroed; op outputs get a fresh gradient each call.
 *
 * Values and gradients are read-only by contract: ops return new tensors, and a gradient tensor
 * may be shared by several variables (an `add` passes the same gradient to both inputs). Only
 * optimizers and weight loading write parameter values, in place, between steps.
 *
 * @example
 * ```ts
 * const w = new Variable(Tensor.from([1, 2]), { requiresGrad: true });
 * const loss = g.sum(g.square(w));
 * g.backward(loss);
 * w.grad?.toArray();   // [2, 4]
 * ```
 */
export class Variable {
  value: Tensor;
  /** Gradient of the last backward's loss (accumulated over calls for leaves); null until then. */
  grad: Tensor | null = null;
  /** Whether gradients flow into this variable. */
  requiresGrad: boolean;
  /** The op that produced this value (`'leaf'` for inputs and parameters). */
  readonly op: string;
  /** Inputs of the op, for tracked op outputs; empty otherwise. */
  readonly parents: readonly Variable[];
  /** Set by the op when this output is tracked. */
  backwardFn: BackwardFn | null = null;

  constructor(value: Tensor, options: VariableOptions = {}, parents: readonly Variable[] = NO_PARENTS) {
    this.value = value;
    this.requiresGrad = options.requiresGrad ?? false;
    this.op = options.op ?? 'leaf';
    this.parents = parents;
  }

  get shape(): readonly number[] {
    return this.value.shape;
  }

  get size(): number {
    return this.value.size;
  }

  get rank(): number {
    return this.value.rank;
  }

  /** True for inputs and parameters (nothing recorded before them). */
  get isLeaf(): boolean {
    return this.parents.length === 0;
  }

  /** The single value of a one-element variable. */
  item(): number {
    return this.value.item();
  }

  /** Drops the accumulated gradient. */
  zeroGrad(): void {
    this.grad = null;
  }

  toString(): string {
    return `Variable(${this.op}, ${this.value.toString()})`;
  }
}
