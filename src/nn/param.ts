import { Variable } from '../autograd/variable.js';
import type { Tensor } from '../tensor/tensor.js';

/** Options of a {@link Param}. */
export interface ParamOptions {
  /** Whether optimizers update it and gradients flow into it (default true). */
  readonly trainable?: boolean;
  /**
   * A non-learned buffer saved with the weights, such as BatchNorm's moving averages: never
   * trainable, whatever `trainable` is set to (default false).
   */
  readonly state?: boolean;
}

/**
 * A named, persistent weight of a layer: a leaf {@link Variable} whose value optimizers update
 * in place and whose gradient accumulates over backward calls until zeroed. `trainable` is the
 * switch for gradients and updates; frozen params get no gradient, no update and no optimizer state.
 *
 * @example
 * ```ts
 * const bias = new Param('bias', Tensor.zeros([4]));
 * bias.trainable = false;      // frozen: backward skips it, optimizers skip it
 * ```
 */
export class Param extends Variable {
  /** Name within its layer (`kernel`, `bias`); models prefix the layer path (`dense_1/kernel`). */
  readonly name: string;
  /** True for non-learned buffers (see {@link ParamOptions.state}). */
  readonly isState: boolean;

  constructor(name: string, value: Tensor, options: ParamOptions = {}) {
    const isState = options.state ?? false;
    super(value, { requiresGrad: (options.trainable ?? true) && !isState, op: `param '${name}'` });
    this.name = name;
    this.isState = isState;
  }

  get trainable(): boolean {
    return this.requiresGrad;
  }

  set trainable(value: boolean) {
    this.requiresGrad = value && !this.isState;
    if (!this.requiresGrad) this.grad = null;
  }
}

/** Params by path (`{ 'dense_1/kernel': Param, ... }`), as returned by `model.namedParams()`. */
export type NamedParams = Readonly<Record<string, Param>>;
