import type { Input } from '../autograd/graph.js';
import type { Variable } from '../autograd/variable.js';
import { ConfigError, ShapeError, formatShape } from '../errors.js';
import { ConvShapes } from '../kernels/conv-geometry.js';
import type { Conv2DOptions as KernelConvOptions, Padding, Size2D } from '../kernels/kernel-backend.js';
import type { Rng } from '../random/rng.js';
import type { Shape } from '../tensor/shape.js';
import { activate, checkActivation, type ActivationName } from './activations.js';
import { toInitializer, type Initializer, type InitializerConfig, type InitializerName } from './initializers.js';
import { Layer, formatBatchShape, snakeCase, type ForwardContext, type LayerConfig, type LayerOptions } from './layer.js';
import { LayerOptionsCheck as Check } from './layer-options.js';
import type { Param } from './param.js';

/** Options of {@link Conv2D} (and, for the shared ones, {@link Conv2DTranspose}). */
export interface Conv2DLayerOptions extends LayerOptions {
  /** Step between windows (default 1). */
  readonly strides?: Size2D;
  /** `'valid'` (default) or `'same'` (TensorFlow's arithmetic: output = ceil(input / stride)). */
  readonly padding?: Padding;
  /** Spacing between filter taps (default 1). */
  readonly dilationRate?: Size2D;
  /** Applied after the convolution and bias (default `'linear'`). */
  readonly activation?: ActivationName;
  /** Add a per-filter bias (default true). */
  readonly useBias?: boolean;
  /** Default glorotUniform, as in Keras (fans include the receptive field). */
  readonly kernelInitializer?: Initializer | InitializerName | InitializerConfig;
  /** Default zeros. */
  readonly biasInitializer?: Initializer | InitializerName | InitializerConfig;
}

/**
 * A 2-D convolution layer: `activation(conv2d(x, kernel) + bias)`.
 *
 * Layout is **NHWC** everywhere, as in TensorFlow.js: inputs are `[batch, height, width,
 * channels]`, the kernel is `[kernelHeight, kernelWidth, inChannels, filters]` and the output
 * `[batch, outHeight, outWidth, filters]`. `padding: 'same'` follows TensorFlow (output =
 * ceil(input / stride); an odd total pad puts the extra row/column at the bottom/right), so
 * weights imported from tfjs give the same outputs. Height and width may be -1 (unknown until
 * forward) for fully convolutional models; channels must be known.
 *
 * @example
 * ```ts
 * const conv = new Conv2D(16, 3, { activation: 'relu', padding: 'same' });
 * conv.build([28, 28, 1], rng);                              // kernel [3, 3, 1, 16]
 * const h = conv.forward(images, { graph: g, training: true }); // [batch, 28, 28, 16]
 * ```
 */
export class Conv2D extends Layer {
  readonly className: string = 'Conv2D';
  readonly filters: number;
  readonly kernelSize: [number, number];
  readonly strides: [number, number];
  readonly padding: Padding;
  readonly dilationRate: [number, number];
  readonly activation: ActivationName;
  readonly useBias: boolean;
  readonly kernelInitializer: Initializer;
  readonly biasInitializer: Initializer;
  protected kernelParam: Param | null = null;
  protected biasParam: Param | null = null;

  constructor(filters: number, kernelSize: Size2D, options: Conv2DLayerOptions = {}) {
    super(options);
    const where = `${new.target.name} '${options.name ?? snakeCase(new.target.name)}'`;
    this.filters = Check.positiveInt(filters, `${where}: filters`);
    this.kernelSize = Check.pair(kernelSize, `${where}: kernelSize`);
    this.strides = Check.pair(options.strides ?? 1, `${where}: strides`);
    this.padding = Check.padding(options.padding ?? 'valid', where);
    this.dilationRate = Check.pair(options.dilationRate ?? 1, `${where}: dilationRate`);
    this.activation = checkActivation(options.activation ?? 'linear', where);
    this.useBias = options.useBias ?? true;
    this.kernelInitializer = toInitializer(options.kernelInitializer ?? 'glorotUniform');
    this.biasInitializer = toInitializer(options.biasInitializer ?? 'zeros');
  }

  /** Rebuilds a Conv2D from {@link Conv2D.getConfig}'s output. */
  static fromConfig(config: LayerConfig): Conv2D {
    const filters = Check.required(config, 'filters', Check.configNumber(config, 'filters'));
    return new Conv2D(filters, Check.required(config, 'kernelSize', Check.configPair(config, 'kernelSize')), convOptionsOf(config));
  }

  /** The [kh, kw, inChannels, filters] kernel; throws before build. */
  get kernel(): Param {
    if (this.kernelParam === null) throw new ConfigError(`${this.label} is not built: it has no kernel yet`);
    return this.kernelParam;
  }

  /** The [filters] bias, or null with `useBias: false`. */
  get bias(): Param | null {
    return this.biasParam;
  }

  /** Checks the channel count first, so the message says what is wrong in convolution terms. */
  override forward(x: Input, ctx: ForwardContext): Variable {
    const channels = this.inputShape[2];
    if (x.shape.length === 4 && channels !== undefined && x.shape[3] !== channels) {
      throw new ShapeError(
        `${this.label}: input ${formatShape(x.shape)} has ${x.shape[3]} channels but the layer was built for ${channels} (NHWC input ${formatBatchShape(this.inputShape)})`,
      );
    }
    return super.forward(x, ctx);
  }

  protected buildLayer(inputShape: Shape, rng: Rng): number[] {
    const channels = imageChannels(this.label, inputShape);
    this.kernelParam = this.addParam('kernel', this.kernelInitializer.init([...this.kernelSize, channels, this.filters], rng.child('kernel')));
    if (this.useBias) this.biasParam = this.addParam('bias', this.biasInitializer.init([this.filters], rng.child('bias')));
    const [outHeight, outWidth] = this.spatialOutput(inputShape);
    return [outHeight, outWidth, this.filters];
  }

  protected call(x: Variable, ctx: ForwardContext): Variable {
    const g = ctx.graph;
    let y = Check.relabel(this.label, () => g.conv2d(x, this.kernel, this.kernelOptions()));
    if (this.biasParam !== null) y = g.add(y, this.biasParam);
    return activate(g, this.activation, y);
  }

  override getConfig(): LayerConfig {
    return {
      ...super.getConfig(),
      filters: this.filters,
      kernelSize: [...this.kernelSize],
      strides: [...this.strides],
      padding: this.padding,
      dilationRate: [...this.dilationRate],
      activation: this.activation,
      useBias: this.useBias,
      kernelInitializer: this.kernelInitializer.getConfig(),
      biasInitializer: this.biasInitializer.getConfig(),
    };
  }

  /** The options of the conv kernels. */
  protected kernelOptions(): KernelConvOptions {
    return { strides: this.strides, padding: this.padding, dilations: this.dilationRate };
  }

  /** Output height and width for an input shape (-1 stays -1); a 'valid' window larger than the input throws. */
  private spatialOutput(inputShape: Shape): [number, number] {
    const out: number[] = [];
    for (let axis = 0; axis < 2; axis++) {
      const extent = inputShape[axis]!;
      if (extent === -1) {
        out.push(-1);
        continue;
      }
      const size = ConvShapes.outputSize(extent, this.kernelSize[axis]!, this.strides[axis]!, this.dilationRate[axis]!, this.padding);
      if (size === null) {
        throw new ShapeError(
          `${this.label}: the ${this.kernelSize.join('x')} kernel (dilation ${this.dilationRate.join('x')}) is larger than the input ${formatBatchShape(inputShape)} with padding 'valid'; use padding 'same' or a smaller kernel`,
        );
      }
      out.push(size.out);
    }
    return [out[0]!, out[1]!];
  }
}

/**
 * The channel count of an NHWC per-example shape [height, width, channels], or a ShapeError naming the layer.
 * @example `imageChannels("Conv2D 'c'", [28, 28, 1]) // 1`
 */
export function imageChannels(label: string, inputShape: Shape): number {
  if (inputShape.length !== 3 || inputShape[2] === -1) {
    throw new ShapeError(`${label}: expects NHWC images [batch, height, width, channels] with known channels, got input shape ${formatBatchShape(inputShape)}`);
  }
  return inputShape[2]!;
}

/**
 * The shared options of Conv2D-like configs (what `getConfig` wrote).
 * @example `new Conv2D(filters, kernelSize, convOptionsOf(config))`
 */
export function convOptionsOf(config: LayerConfig): Conv2DLayerOptions {
  const activation = Check.configString(config, 'activation');
  return {
    name: config.name,
    trainable: config.trainable,
    ...optional('strides', Check.configPair(config, 'strides')),
    ...optional('padding', Check.configString(config, 'padding') as Padding | undefined),
    ...optional('dilationRate', Check.configPair(config, 'dilationRate')),
    ...optional('activation', activation === undefined ? undefined : checkActivation(activation, `${config.className} config '${config.name}'`)),
    ...optional('useBias', Check.configBool(config, 'useBias')),
    ...optional('kernelInitializer', config['kernelInitializer'] as InitializerConfig | undefined),
    ...optional('biasInitializer', config['biasInitializer'] as InitializerConfig | undefined),
  };
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
