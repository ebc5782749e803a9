import type { Variable } from '../autograd/variable.js';
import { ConfigError, ShapeError } from '../errors.js';
import type { Rng } from '../random/rng.js';
import type { Shape } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import { Layer, formatBatchShape, snakeCase, type ForwardContext, type LayerConfig, type LayerOptions } from './layer.js';
import { LayerOptionsCheck as Check } from './layer-options.js';
import type { Param } from './param.js';

/** Options of {@link LayerNormalization}. */
export interface LayerNormalizationOptions extends LayerOptions {
  /** Axes of the batch tensor normalized together (default -1: the last). Never the batch axis. */
  readonly axis?: number | readonly number[];
  /** Added to the variance before the square root (default 1e-3, as in Keras). */
  readonly epsilon?: number;
  /** Learn an offset `beta` (default true). */
  readonly center?: boolean;
  /** Learn a scale `gamma` (default true). */
  readonly scale?: boolean;
}

/**
 * Layer normalization (Ba et al., 2016): normalizes each example over its feature axes with its
 * own mean and variance, then scales by `gamma` and shifts by `beta` (both shaped like the
 * normalized axes). Same in training and inference; no running statistics.
 *
 * @example
 * ```ts
 * new Sequential([new Dense(64), new LayerNormalization(), new ReLU()]);
 * new LayerNormalization({ axis: [1, 2, 3] });   // a whole NHWC image per example
 * ```
 */
export class LayerNormalization extends Layer {
  readonly className = 'LayerNormalization';
  readonly axis: readonly number[];
  readonly epsilon: number;
  readonly center: boolean;
  readonly scale: boolean;
  private gammaParam: Param | null = null;
  private betaParam: Param | null = null;
  private axes: number[] = [];

  constructor(options: LayerNormalizationOptions = {}) {
    super(options);
    const where = `LayerNormalization '${options.name ?? snakeCase('LayerNormalization')}'`;
    const axis = options.axis ?? -1;
    this.axis = typeof axis === 'number' ? [axis] : [...axis];
    if (this.axis.length === 0 || !this.axis.every((a) => Number.isInteger(a))) throw new ConfigError(`${where}: axis must be an integer or a non-empty list of them, got ${JSON.stringify(axis)}`);
    this.epsilon = options.epsilon ?? 1e-3;
    if (!(this.epsilon > 0) || !Number.isFinite(this.epsilon)) throw new ConfigError(`${where}: epsilon must be a positive finite number, got ${this.epsilon}`);
    this.center = options.center ?? true;
    this.scale = options.scale ?? true;
  }

  /** Rebuilds a LayerNormalization from its `getConfig()` output. */
  static fromConfig(config: LayerConfig): LayerNormalization {
    const axis = config['axis'];
    const epsilon = Check.configNumber(config, 'epsilon');
    const center = Check.configBool(config, 'center');
    const scale = Check.configBool(config, 'scale');
    return new LayerNormalization({
      name: config.name,
      trainable: config.trainable,
      ...(Array.isArray(axis) ? { axis: axis as number[] } : {}),
      ...(epsilon !== undefined ? { epsilon } : {}),
      ...(center !== undefined ? { center } : {}),
      ...(scale !== undefined ? { scale } : {}),
    });
  }

  protected buildLayer(inputShape: Shape, _rng: Rng): number[] {
    const rank = inputShape.length + 1;
    const axes = this.axis.map((a) => (a < 0 ? a + rank : a));
    if (axes.some((a) => a < 1 || a >= rank) || new Set(axes).size !== axes.length) {
      throw new ShapeError(`${this.label}: axis ${JSON.stringify(this.axis)} must name distinct feature axes of input ${formatBatchShape(inputShape)} (not the batch axis)`);
    }
    this.axes = [...axes].sort((a, b) => a - b);
    const paramShape = inputShape.map((d, i) => (this.axes.includes(i + 1) ? d : 1)).slice(this.axes[0]! - 1);
    if (paramShape.includes(-1)) throw new ShapeError(`${this.label}: the normalized axes of input ${formatBatchShape(inputShape)} must be known`);
    if (this.scale) this.gammaParam = this.addParam('gamma', Tensor.ones(paramShape));
    if (this.center) this.betaParam = this.addParam('beta', Tensor.zeros(paramShape));
    return [...inputShape];
  }

  protected call(x: Variable, ctx: ForwardContext): Variable {
    const g = ctx.graph;
    let y = g.standardize(x, this.axes, this.epsilon).output;
    if (this.gammaParam !== null) y = g.mul(y, this.gammaParam);
    if (this.betaParam !== null) y = g.add(y, this.betaParam);
    return y;
  }

  override getConfig(): LayerConfig {
    return { ...super.getConfig(), axis: [...this.axis], epsilon: this.epsilon, center: this.center, scale: this.scale };
  }
}
