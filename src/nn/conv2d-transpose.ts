import type { Variable } from '../autograd/variable.js';
import { ConvShapes } from '../kernels/conv-geometry.js';
import type { Size2D } from '../kernels/kernel-backend.js';
import type { Rng } from '../random/rng.js';
import type { Shape } from '../tensor/shape.js';
import { activate } from './activations.js';
import { Conv2D, convOptionsOf, imageChannels, type Conv2DLayerOptions } from './conv2d.js';
import type { ForwardContext, LayerConfig } from './layer.js';
import { LayerOptionsCheck as Check } from './layer-options.js';

/**
 * A transposed convolution ("deconvolution"): the input gradient of a convolution used as a
 * forward op, the learnable upsampling of DCGAN generators and decoders. NHWC like
 * {@link Conv2D}; the kernel is `[kernelHeight, kernelWidth, filters, inChannels]` (Keras and
 * tfjs order: the convolution it transposes maps `filters` channels back to `inChannels`).
 * Output height is Keras': input·stride with `'same'`, input·stride + max(kernel − stride, 0)
 * with `'valid'` (dilated kernel), width alike.
 *
 * @example
 * ```ts
 * const up = new Conv2DTranspose(32, 4, { strides: 2, padding: 'same', activation: 'relu' });
 * up.build([7, 7, 64], rng);                                 // kernel [4, 4, 32, 64]
 * up.forward(z, ctx).shape;                                  // [batch, 14, 14, 32]
 * ```
 */
export class Conv2DTranspose extends Conv2D {
  override readonly className: string = 'Conv2DTranspose';

  constructor(filters: number, kernelSize: Size2D, options: Conv2DLayerOptions = {}) {
    super(filters, kernelSize, options);
  }

  /** Rebuilds a Conv2DTranspose from its `getConfig()` output. */
  static override fromConfig(config: LayerConfig): Conv2DTranspose {
    const filters = Check.required(config, 'filters', Check.configNumber(config, 'filters'));
    return new Conv2DTranspose(filters, Check.required(config, 'kernelSize', Check.configPair(config, 'kernelSize')), convOptionsOf(config));
  }

  protected override buildLayer(inputShape: Shape, rng: Rng): number[] {
    const channels = imageChannels(this.label, inputShape);
    this.kernelParam = this.addParam('kernel', this.kernelInitializer.init([...this.kernelSize, this.filters, channels], rng.child('kernel')));
    if (this.useBias) this.biasParam = this.addParam('bias', this.biasInitializer.init([this.filters], rng.child('bias')));
    return [this.outputExtent(inputShape[0]!, 0), this.outputExtent(inputShape[1]!, 1), this.filters];
  }

  protected override call(x: Variable, ctx: ForwardContext): Variable {
    const g = ctx.graph;
    const outputShape = [x.shape[0]!, this.outputExtent(x.shape[1]!, 0), this.outputExtent(x.shape[2]!, 1), this.filters];
    let y = Check.relabel(this.label, () => g.conv2dTranspose(x, this.kernel, this.kernelOptions(), outputShape));
    if (this.biasParam !== null) y = g.add(y, this.biasParam);
    return activate(g, this.activation, y);
  }

  private outputExtent(input: number, axis: 0 | 1): number {
    if (input === -1) return -1;
    return ConvShapes.transposeOutputSize(input, this.kernelSize[axis], this.strides[axis], this.dilationRate[axis], this.padding);
  }
}
