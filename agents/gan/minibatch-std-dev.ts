import type { Variable } from '../../src/autograd/variable.js';
import { ShapeError, formatShape } from '../../src/errors.js';
import { Layer, type ForwardContext, type LayerOptions } from '../../src/nn/layer.js';
import type { Shape } from '../../src/tensor/shape.js';
import { Tensor } from '../../src/tensor/tensor.js';

/**
 * Minibatch standard deviation (Karras et al., 2018, "Progressive Growing of GANs",
 * arXiv:1710.10196, sec. 3): the standard deviation of every feature (and position) across the
 * batch, averaged into one number, appended to each example as one more feature (vectors
 * `[batch, f] -> [batch, f + 1]`) or channel (images `[batch, h, w, c] -> [batch, h, w, c + 1]`).
 * A discriminator with it sees how varied a batch is, so a generator that collapses onto a few
 * modes is easy to catch. Batches of one example get a standard deviation of 0.
 *
 * @example
 * ```ts
 * const discriminator = new Sequential([new Dense(128), new LeakyReLU({ alpha: 0.2 }), new MinibatchStdDev(), new Dense(1)]);
 * ```
 */
export class MinibatchStdDev extends Layer {
  readonly className = 'MinibatchStdDev';

  constructor(options: LayerOptions = {}) {
    super(options);
  }

  protected buildLayer(inputShape: Shape): number[] {
    const last = inputShape[inputShape.length - 1];
    if (last === undefined || last === -1 || inputShape.includes(-1)) {
      throw new ShapeError(`${this.label}: needs a known input shape, got ${formatShape(inputShape)}`);
    }
    return [...inputShape.slice(0, -1), last + 1];
  }

  protected call(x: Variable, ctx: ForwardContext): Variable {
    const g = ctx.graph;
    const deviations = g.sub(x, g.mean(x, 0, true));
    // 1e-8 keeps sqrt differentiable for a feature that is constant across the batch.
    const std = g.sqrt(g.addScalar(g.mean(g.square(deviations), 0), 1e-8));
    const average = g.mean(std);
    const feature = g.mul(Tensor.full([...x.shape.slice(0, -1), 1], 1), average);
    return g.concat([x, feature], x.rank - 1);
  }
}
