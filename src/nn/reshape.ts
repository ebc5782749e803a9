import type { Variable } from '../autograd/variable.js';
import { ConfigError, ShapeError, formatShape } from '../errors.js';
import type { Shape } from '../tensor/shape.js';
import { shapeSize } from '../tensor/shape.js';
import { Layer, formatBatchShape, type ForwardContext, type LayerConfig, type LayerOptions } from './layer.js';

/**
 * Gives each example a new shape with the same number of values (the batch axis is kept);
 * one extent of `targetShape` may be -1, inferred at build. A copy-free reshape.
 *
 * @example
 * ```ts
 * new Reshape([7, 7, 64]);   // [batch, 3136] -> [batch, 7, 7, 64], e.g. in a DCGAN generator
 * ```
 */
export class Reshape extends Layer {
  readonly className = 'Reshape';
  readonly targetShape: readonly number[];

  constructor(targetShape: readonly number[], options: LayerOptions = {}) {
    super(options);
    const inferred = targetShape.filter((d) => d === -1).length;
    if (targetShape.length === 0 || inferred > 1 || targetShape.some((d) => !Number.isInteger(d) || (d < 1 && d !== -1))) {
      throw new ConfigError(`Reshape '${options.name ?? 'reshape'}': targetShape must hold positive integers and at most one -1, got ${formatShape(targetShape)}`);
    }
    this.targetShape = [...targetShape];
  }

  /** Rebuilds a Reshape from its `getConfig()` output. */
  static fromConfig(config: LayerConfig): Reshape {
    const target = config['targetShape'];
    if (!Array.isArray(target)) throw new ConfigError(`Reshape config '${config.name}': targetShape must be an array of extents`);
    return new Reshape(target as number[], { name: config.name, trainable: config.trainable });
  }

  protected buildLayer(inputShape: Shape): number[] {
    const size = shapeSize(inputShape);
    const known = shapeSize(this.targetShape.filter((d) => d !== -1));
    const fits = !inputShape.includes(-1) && (this.targetShape.includes(-1) ? size % known === 0 : size === known);
    if (!fits) {
      throw new ShapeError(`${this.label}: cannot reshape input ${formatBatchShape(inputShape)} (${size} values per example) to ${formatBatchShape(this.targetShape)}`);
    }
    return this.targetShape.map((d) => (d === -1 ? size / known : d));
  }

  protected call(x: Variable, ctx: ForwardContext): Variable {
    return ctx.graph.reshape(x, [x.shape[0]!, ...this.outputShape]);
  }

  override getConfig(): LayerConfig {
    return { ...super.getConfig(), targetShape: [...this.targetShape] };
  }
}
