import type { Variable } from '../autograd/variable.js';
import { ConfigError } from '../errors.js';
import type { Shape } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import { Layer, snakeCase, type ForwardContext, type LayerConfig, type LayerOptions } from './layer.js';
import { LayerOptionsCheck as Check } from './layer-options.js';

/** Options of {@link Dropout}. */
export interface DropoutOptions extends LayerOptions {
  /** Fraction of values zeroed in training, in [0, 1) (default 0.5). */
  readonly rate?: number;
}

/**
 * Dropout (Srivastava et al., 2014), inverted: in training each value is zeroed with probability
 * `rate` and the survivors are scaled by 1 / (1 − rate), so inference is the identity. The mask
 * is drawn from the forward context's `rng`, so a seeded run drops the same units every time;
 * training without an `rng` throws a ConfigError.
 *
 * @example
 * ```ts
 * const model = new Sequential([new Dense(128, { activation: 'relu' }), new Dropout({ rate: 0.2 }), new Dense(10)]);
 * model.forward(x, { graph: g, training: true, rng: rng.child('dropout') });
 * ```
 */
export class Dropout extends Layer {
  readonly className = 'Dropout';
  readonly rate: number;

  constructor(options: DropoutOptions = {}) {
    super(options);
    this.rate = Check.fraction(options.rate ?? 0.5, `Dropout '${options.name ?? snakeCase('Dropout')}': rate`);
  }

  /** Rebuilds a Dropout from its `getConfig()` output. */
  static fromConfig(config: LayerConfig): Dropout {
    const rate = Check.configNumber(config, 'rate');
    return new Dropout({ name: config.name, trainable: config.trainable, ...(rate !== undefined ? { rate } : {}) });
  }

  protected buildLayer(inputShape: Shape): number[] {
    return [...inputShape];
  }

  protected call(x: Variable, ctx: ForwardContext): Variable {
    if (!ctx.training || this.rate === 0) return x;
    if (ctx.rng === undefined) {
      throw new ConfigError(`${this.label}: training mode needs an rng in the forward context to draw the dropout mask ({ graph, training: true, rng })`);
    }
    const keep = 1 - this.rate;
    const mask = new Tensor(x.shape);
    for (let i = 0; i < mask.size; i++) mask.data[i] = ctx.rng.nextFloat() < keep ? 1 / keep : 0;
    return ctx.graph.mul(x, mask);
  }

  override getConfig(): LayerConfig {
    return { ...super.getConfig(), rate: this.rate };
  }
}
