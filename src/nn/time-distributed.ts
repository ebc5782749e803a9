import type { Variable } from '../autograd/variable.js';
import { ConfigError, ShapeError } from '../errors.js';
import type { Rng } from '../random/rng.js';
import type { Shape } from '../tensor/shape.js';
import { Layer, formatBatchShape, type ForwardContext, type LayerConfig, type LayerOptions } from './layer.js';
import type { LayerRegistry } from './layer-registry.js';

/**
 * Applies one layer to every step of a sequence with the same weights: [batch, time, ...inner]
 * is folded into [batch·time, ...inner], run through the wrapped layer, and unfolded into
 * [batch, time, ...innerOutput]. Works for any layer (a Dense head on LSTM outputs, a Conv2D
 * encoder over video frames); for Dense alone, `Dense` on a rank-3 input does the same directly.
 * The wrapped layer's params appear under its name (`time_distributed_1/dense/kernel`).
 *
 * @example
 * ```ts
 * new Sequential([new LSTM(64, { returnSequences: true }), new TimeDistributed(new Dense(vocabularySize))]);
 * ```
 */
export class TimeDistributed extends Layer {
  readonly className = 'TimeDistributed';
  readonly layer: Layer;

  constructor(layer: Layer, options: LayerOptions = {}) {
    super(options);
    this.layer = layer;
    if (!this.trainable) layer.trainable = false;
  }

  /** Rebuilds a TimeDistributed (and its wrapped layer, through `registry`) from its `getConfig()` output. */
  static fromConfig(config: LayerConfig, registry: LayerRegistry): TimeDistributed {
    const inner = config['layer'];
    if (typeof inner !== 'object' || inner === null || Array.isArray(inner)) {
      throw new ConfigError(`TimeDistributed config '${config.name}': layer must be a layer config`);
    }
    return new TimeDistributed(registry.fromConfig(inner as LayerConfig), { name: config.name, trainable: config.trainable });
  }

  protected override sublayers(): readonly Layer[] {
    return [this.layer];
  }

  protected buildLayer(inputShape: Shape, rng: Rng): number[] {
    if (inputShape.length < 2) {
      throw new ShapeError(`${this.label}: expects sequences [batch, time, ...features], got input shape ${formatBatchShape(inputShape)}`);
    }
    const inner = this.layer.build(inputShape.slice(1), rng.child(this.layer.name));
    return [inputShape[0]!, ...inner];
  }

  protected call(x: Variable, ctx: ForwardContext): Variable {
    const g = ctx.graph;
    const [batch, time] = x.shape as [number, number];
    const folded = g.reshape(x, [batch * time, ...x.shape.slice(2)]);
    const y = this.layer.forward(folded, ctx);
    return g.reshape(y, [batch, time, ...y.shape.slice(1)]);
  }

  override getConfig(): LayerConfig {
    return { ...super.getConfig(), layer: this.layer.getConfig() };
  }
}
