import type { Variable } from '../autograd/variable.js';
import { ConfigError, ShapeError } from '../errors.js';
import type { Rng } from '../random/rng.js';
import type { Shape } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import { Layer, formatBatchShape, snakeCase, type ForwardContext, type LayerConfig, type LayerOptions } from './layer.js';
import { LayerOptionsCheck as Check } from './layer-options.js';
import type { Param } from './param.js';

/** Options of {@link BatchNormalization}. */
export interface BatchNormalizationOptions extends LayerOptions {
  /** The feature (channel) axis of the batch tensor (default -1: NHWC channels, or Dense features). */
  readonly axis?: number;
  /** Weight of the old value in the moving averages (default 0.99, as in Keras). */
  readonly momentum?: number;
  /** Added to the variance before the square root (default 1e-3, as in Keras). */
  readonly epsilon?: number;
  /** Learn an offset `beta` (default true). */
  readonly center?: boolean;
  /** Learn a scale `gamma` (default true). */
  readonly scale?: boolean;
}

/**
 * Batch normalization (Ioffe & Szegedy, 2015): normalizes each feature over the batch (and, for
 * images, over height and width), then scales by `gamma` and shifts by `beta`.
 *
 * - Training (`ctx.training` and the layer trainable): uses the batch's mean and biased variance,
 *   and moves `moving_mean` / `moving_variance` toward them:
 *   moving = momentum·moving + (1 − momentum)·batch.
 * - Inference (`ctx.training` false, or the layer frozen): uses the moving statistics. A frozen
 *   layer runs in inference mode even while the rest of the model trains, as in Keras >= 2.1.3,
 *   so fine-tuning on a small dataset does not destroy the pretrained statistics.
 *
 * The moving statistics are non-trainable `state` params: saved and loaded with the weights
 * (`moving_mean`, `moving_variance`, Keras' names), never updated by optimizers.
 *
 * @example
 * ```ts
 * const model = new Sequential([new Conv2D(32, 3), new BatchNormalization(), new ReLU()]);
 * model.forward(x, { graph: g, training: true });    // batch statistics, moving averages updated
 * model.predict(g, x);                               // moving statistics
 * ```
 */
export class BatchNormalization extends Layer {
  readonly className = 'BatchNormalization';
  readonly axis: number;
  readonly momentum: number;
  readonly epsilon: number;
  readonly center: boolean;
  readonly scale: boolean;
  private gammaParam: Param | null = null;
  private betaParam: Param | null = null;
  private movingMeanParam: Param | null = null;
  private movingVarianceParam: Param | null = null;

  constructor(options: BatchNormalizationOptions = {}) {
    super(options);
    const where = `BatchNormalization '${options.name ?? snakeCase('BatchNormalization')}'`;
    this.axis = options.axis ?? -1;
    if (!Number.isInteger(this.axis)) throw new ConfigError(`${where}: axis must be an integer, got ${this.axis}`);
    this.momentum = options.momentum ?? 0.99;
    if (!(this.momentum >= 0 && this.momentum <= 1)) throw new ConfigError(`${where}: momentum must be in [0, 1], got ${this.momentum}`);
    this.epsilon = options.epsilon ?? 1e-3;
    if (!(this.epsilon > 0) || !Number.isFinite(this.epsilon)) throw new ConfigError(`${where}: epsilon must be a positive finite number, got ${this.epsilon}`);
    this.center = options.center ?? true;
    this.scale = options.scale ?? true;
  }

  /** Rebuilds a BatchNormalization from its `getConfig()` output. */
  static fromConfig(config: LayerConfig): BatchNormalization {
    const pick = <T>(key: string, value: T | undefined): { [k: string]: T } => (value === undefined ? {} : { [key]: value });
    return new BatchNormalization({
      name: config.name,
      trainable: config.trainable,
      ...pick('axis', Check.configNumber(config, 'axis')),
      ...pick('momentum', Check.configNumber(config, 'momentum')),
      ...pick('epsilon', Check.configNumber(config, 'epsilon')),
      ...pick('center', Check.configBool(config, 'center')),
      ...pick('scale', Check.configBool(config, 'scale')),
    });
  }

  /** The moving mean [features]; throws before build. */
  get movingMean(): Param {
    return this.built ? this.movingMeanParam! : this.notBuilt();
  }

  /** The moving variance [features]; throws before build. */
  get movingVariance(): Param {
    return this.built ? this.movingVarianceParam! : this.notBuilt();
  }

  /** The scale [features], or null with `scale: false`. */
  get gamma(): Param | null {
    return this.gammaParam;
  }

  /** The offset [features], or null with `center: false`. */
  get beta(): Param | null {
    return this.betaParam;
  }

  protected buildLayer(inputShape: Shape, _rng: Rng): number[] {
    const axis = this.featureAxis(inputShape.length + 1) - 1;
    if (axis < 0) throw new ShapeError(`${this.label}: axis ${this.axis} is the batch axis; it must be a feature axis of input ${formatBatchShape(inputShape)}`);
    const features = inputShape[axis]!;
    if (features === -1) throw new ShapeError(`${this.label}: the feature axis ${this.axis} of input ${formatBatchShape(inputShape)} must be known`);
    if (this.scale) this.gammaParam = this.addParam('gamma', Tensor.ones([features]));
    if (this.center) this.betaParam = this.addParam('beta', Tensor.zeros([features]));
    this.movingMeanParam = this.addParam('moving_mean', Tensor.zeros([features]), { state: true });
    this.movingVarianceParam = this.addParam('moving_variance', Tensor.ones([features]), { state: true });
    return [...inputShape];
  }

  protected call(x: Variable, ctx: ForwardContext): Variable {
    const g = ctx.graph;
    const axis = this.featureAxis(x.rank);
    // gamma, beta and the statistics as [1, ..., features, ..., 1] so they broadcast against x.
    const broadcast = x.shape.map((d, i) => (i === axis ? d : 1));
    const shaped = (p: Param): Variable => g.reshape(p, broadcast);
    if (ctx.training && this.trainable) {
      const reduced = x.shape.map((_, i) => i).filter((i) => i !== axis);
      const { output, mean, variance } = g.standardize(x, reduced, this.epsilon);
      this.updateMoving(this.movingMean, mean);
      this.updateMoving(this.movingVariance, variance);
      let y = output;
      if (this.gammaParam !== null) y = g.mul(y, shaped(this.gammaParam));
      if (this.betaParam !== null) y = g.add(y, shaped(this.betaParam));
      return y;
    }
    // Inference: y = x·s + t with s = gamma / sqrt(moving_var + eps), t = beta − moving_mean·s,
    // built from graph ops so gamma and beta still get gradients when asked for.
    const invStd = new Tensor(broadcast, this.movingVariance.value.data.map((v) => 1 / Math.sqrt(v + this.epsilon)));
    const s = this.gammaParam === null ? g.constant(invStd) : g.mul(shaped(this.gammaParam), invStd);
    // A copy: the moving mean is updated in place by later training passes.
    const meanTimesS = g.mul(new Tensor(broadcast, this.movingMean.value.data.slice()), s);
    const t = this.betaParam === null ? g.neg(meanTimesS) : g.sub(shaped(this.betaParam), meanTimesS);
    return g.add(g.mul(x, s), t);
  }

  override getConfig(): LayerConfig {
    return { ...super.getConfig(), axis: this.axis, momentum: this.momentum, epsilon: this.epsilon, center: this.center, scale: this.scale };
  }

  /** The feature axis in a batch tensor of `rank`, or a ShapeError naming the layer. */
  private featureAxis(rank: number): number {
    const axis = this.axis < 0 ? this.axis + rank : this.axis;
    if (axis < 0 || axis >= rank) throw new ShapeError(`${this.label}: axis ${this.axis} is out of range for inputs of rank ${rank}`);
    return axis;
  }

  private updateMoving(param: Param, batch: Tensor): void {
    const m = this.momentum;
    const data = param.value.data;
    for (let i = 0; i < data.length; i++) data[i] = m * data[i]! + (1 - m) * batch.data[i]!;
  }

  private notBuilt(): never {
    throw new ConfigError(`${this.label} is not built: it has no moving statistics yet`);
  }
}
