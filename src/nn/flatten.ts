import type { Variable } from '../autograd/variable.js';
import { ShapeError } from '../errors.js';
import type { Shape } from '../tensor/shape.js';
import { shapeSize } from '../tensor/shape.js';
import { Layer, formatBatchShape, type ForwardContext } from './layer.js';

/**
 * Flattens everything but the batch axis: [batch, h, w, c] -> [batch, h·w·c], in row-major
 * (NHWC) order, as Keras does with channels-last data, so dense weights imported from tfjs line up.
 * A copy-free reshape.
 *
 * @example
 * ```ts
 * new Sequential([new Conv2D(8, 3), new Flatten(), new Dense(10)]);
 * ```
 */
export class Flatten extends Layer {
  readonly className = 'Flatten';

  protected buildLayer(inputShape: Shape): number[] {
    if (inputShape.includes(-1)) {
      throw new ShapeError(`${this.label}: needs every input extent known to size the output, got input shape ${formatBatchShape(inputShape)}`);
    }
    return [shapeSize(inputShape)];
  }

  protected call(x: Variable, ctx: ForwardContext): Variable {
    return ctx.graph.reshape(x, [x.shape[0]!, this.outputShape[0]!]);
  }
}
