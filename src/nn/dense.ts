import type { Variable } from '../autograd/variable.js';
import { ConfigError, ShapeError, formatShape } from '../errors.js';
import type { Rng } from '../random/rng.js';
import type { Shape } from '../tensor/shape.js';
import { activate, checkActivation, type ActivationName } from './activations.js';
import { toInitializer, type Initializer, type InitializerConfig, type InitializerName } from './initializers.js';
import { Layer, type ForwardContext, type LayerConfig, type LayerOptions } from './layer.js';
import type { Param } from './param.js';

/** Options of {@link Dense}. */
export interface DenseOptions extends LayerOptions {
  /** Applied after the affine map (default `'linear'`). */
  readonly activation?: ActivationName;
  /** Add a bias vector (default true). */
  readonly useBias?: boolean;
  /** Default glorotUniform, as in Keras. */
  readonly kernelInitializer?: Initializer | InitializerName | InitializerConfig;
  /** Default zeros. */
  readonly biasInitializer?: Initializer | InitializerName | InitializerConfig;
}

/**
 * A fully connected layer: `activation(x · kernel + bias)` with kernel [inFeatures, units] and
 * bias [units], applied along the last axis (inputs of rank > 2 are treated as a batch of rows).
 *
 * @example
 * ```ts
 * const layer = new Dense(64, { activation: 'relu', kernelInitializer: orthogonal(Math.SQRT2) });
 * layer.build([4], rng);
 * const h = layer.forward(x, { graph: g, training: true });   // x [batch, 4] -> [batch, 64]
 * ```
 */
export class Dense extends Layer {
  readonly className = 'Dense';
  readonly units: number;
  readonly activation: ActivationName;
  readonly useBias: boolean;
  readonly kernelInitializer: Initializer;
  readonly biasInitializer: Initializer;
  private kernelParam: Param | null = null;
  private biasParam: Param | null = null;

  constructor(units: number, options: DenseOptions = {}) {
    super(options);
    if (!Number.isInteger(units) || units <= 0) throw new ConfigError(`Dense: units must be a positive integer, got ${units}`);
    this.units = units;
    this.activation = checkActivation(options.activation ?? 'linear', `Dense '${options.name ?? 'dense'}'`);
    this.useBias = options.useBias ?? true;
    this.kernelInitializer = toInitializer(options.kernelInitializer ?? 'glorotUniform');
    this.biasInitializer = toInitializer(options.biasInitializer ?? 'zeros');
  }

  /** Rebuilds a Dense layer from {@link Dense.getConfig}'s output. */
  static fromConfig(config: LayerConfig): Dense {
    const { name, trainable, units, activation, useBias, kernelInitializer, biasInitializer } = config;
    if (typeof units !== 'number') throw new ConfigError(`Dense config '${name}': units must be a number`);
    return new Dense(units, {
      name,
      trainable,
      activation: checkActivation(String(activation ?? 'linear'), `Dense config '${name}'`),
      useBias: useBias !== false,
      kernelInitializer: kernelInitializer as InitializerConfig,
      biasInitializer: biasInitializer as InitializerConfig,
    });
  }

  /** The [inFeatures, units] weight matrix; throws before build. */
  get kernel(): Param {
    if (this.kernelParam === null) throw new ConfigError(`${this.label} is not built: it has no kernel yet`);
    return this.kernelParam;
  }

  /** The [units] bias, or null with `useBias: false`. */
  get bias(): Param | null {
    return this.biasParam;
  }

  protected buildLayer(inputShape: Shape, rng: Rng): number[] {
    const features = inputShape[inputShape.length - 1];
    if (features === undefined || features === -1) {
      throw new ShapeError(`${this.label}: needs a known last input extent, got input shape ${formatShape(inputShape)}`);
    }
    this.kernelParam = this.addParam('kernel', this.kernelInitializer.init([features, this.units], rng.child('kernel')));
    if (this.useBias) this.biasParam = this.addParam('bias', this.biasInitializer.init([this.units], rng.child('bias')));
    return [...inputShape.slice(0, -1), this.units];
  }

  protected call(x: Variable, ctx: ForwardContext): Variable {
    const g = ctx.graph;
    const rows = x.rank === 2 ? x : g.reshape(x, [-1, x.shape[x.rank - 1]!]);
    let y = g.matmul(rows, this.kernel);
    if (this.biasParam !== null) y = g.add(y, this.biasParam);
    if (x.rank !== 2) y = g.reshape(y, [...x.shape.slice(0, -1), this.units]);
    return activate(g, this.activation, y);
  }

  override getConfig(): LayerConfig {
    return {
      ...super.getConfig(),
      units: this.units,
      activation: this.activation,
      useBias: this.useBias,
      kernelInitializer: this.kernelInitializer.getConfig(),
      biasInitializer: this.biasInitializer.getConfig(),
    };
  }
}
