import type { Variable } from '../autograd/variable.js';
import { ConfigError } from '../errors.js';
import type { Shape } from '../tensor/shape.js';
import { Layer, type ForwardContext, type LayerConfig, type LayerOptions } from './layer.js';

// Parameter-free activation layers, for models written as a list of layers
// (`[new Dense(64), new ReLU(), ...]`). Dense's `activation` option does the same inline.

/** Base of the activation layers: output shape = input shape, no params. */
abstract class ActivationLayer extends Layer {
  protected buildLayer(inputShape: Shape): number[] {
    return [...inputShape];
  }
}

/** max(x, 0). @example `new ReLU()` */
export class ReLU extends ActivationLayer {
  readonly className = 'ReLU';
  protected call(x: Variable, ctx: ForwardContext): Variable {
    return ctx.graph.relu(x);
  }
}

/** tanh(x). @example `new Tanh()` */
export class Tanh extends ActivationLayer {
  readonly className = 'Tanh';
  protected call(x: Variable, ctx: ForwardContext): Variable {
    return ctx.graph.tanh(x);
  }
}

/** 1 / (1 + e^-x). @example `new Sigmoid()` */
export class Sigmoid extends ActivationLayer {
  readonly className = 'Sigmoid';
  protected call(x: Variable, ctx: ForwardContext): Variable {
    return ctx.graph.sigmoid(x);
  }
}

/** log(1 + e^x). @example `new Softplus()` */
export class Softplus extends ActivationLayer {
  readonly className = 'Softplus';
  protected call(x: Variable, ctx: ForwardContext): Variable {
    return ctx.graph.softplus(x);
  }
}

/** Options of {@link LeakyReLU} and {@link ELU}. */
export interface AlphaOptions extends LayerOptions {
  readonly alpha?: number;
}

/** x > 0 ? x : alpha·x (default alpha 0.01). @example `new LeakyReLU({ alpha: 0.2 })` */
export class LeakyReLU extends ActivationLayer {
  readonly className = 'LeakyReLU';
  readonly alpha: number;
  constructor(options: AlphaOptions = {}) {
    super(options);
    this.alpha = finite(options.alpha ?? 0.01, 'LeakyReLU alpha');
  }
  protected call(x: Variable, ctx: ForwardContext): Variable {
    return ctx.graph.leakyRelu(x, this.alpha);
  }
  override getConfig(): LayerConfig {
    return { ...super.getConfig(), alpha: this.alpha };
  }
}

/** x > 0 ? x : alpha·(e^x − 1) (default alpha 1). @example `new ELU()` */
export class ELU extends ActivationLayer {
  readonly className = 'ELU';
  readonly alpha: number;
  constructor(options: AlphaOptions = {}) {
    super(options);
    this.alpha = finite(options.alpha ?? 1, 'ELU alpha');
  }
  protected call(x: Variable, ctx: ForwardContext): Variable {
    return ctx.graph.elu(x, this.alpha);
  }
  override getConfig(): LayerConfig {
    return { ...super.getConfig(), alpha: this.alpha };
  }
}

/** Options of {@link Softmax}. */
export interface SoftmaxOptions extends LayerOptions {
  /** Axis of the batch tensor to normalize (default -1, the last). */
  readonly axis?: number;
}

/** Softmax along an axis. @example `new Softmax()` */
export class Softmax extends ActivationLayer {
  readonly className = 'Softmax';
  readonly axis: number;
  constructor(options: SoftmaxOptions = {}) {
    super(options);
    this.axis = options.axis ?? -1;
    if (!Number.isInteger(this.axis)) throw new ConfigError(`Softmax: axis must be an integer, got ${this.axis}`);
  }
  protected call(x: Variable, ctx: ForwardContext): Variable {
    return ctx.graph.softmax(x, this.axis);
  }
  override getConfig(): LayerConfig {
    return { ...super.getConfig(), axis: this.axis };
  }
}

function finite(value: number, what: string): number {
  if (!Number.isFinite(value)) throw new ConfigError(`${what} must be a finite number, got ${value}`);
  return value;
}
