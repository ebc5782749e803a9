import type { Variable } from '../autograd/variable.js';
import { ShapeError } from '../errors.js';
import { ConvShapes } from '../kernels/conv-geometry.js';
import type { Padding, Pool2DOptions as KernelPoolOptions, PoolOp, Size2D } from '../kernels/kernel-backend.js';
import type { Shape } from '../tensor/shape.js';
import { imageChannels } from './conv2d.js';
import { Layer, formatBatchShape, snakeCase, type ForwardContext, type LayerConfig, type LayerOptions } from './layer.js';
import { LayerOptionsCheck as Check } from './layer-options.js';

// Pooling layers over NHWC images. They hold no params.

/** Options of {@link MaxPool2D} and {@link AvgPool2D}. */
export interface Pool2DLayerOptions extends LayerOptions {
  /** The window (default 2). */
  readonly poolSize?: Size2D;
  /** Step between windows (default: the pool size). */
  readonly strides?: Size2D;
  /** `'valid'` (default) or `'same'`; padded cells never count (max skips them, avg divides by the real cells). */
  readonly padding?: Padding;
}

/** The shared window arithmetic of the two pooling layers. */
abstract class Pool2D extends Layer {
  readonly poolSize: [number, number];
  readonly strides: [number, number];
  readonly padding: Padding;
  protected abstract readonly op: PoolOp;

  constructor(options: Pool2DLayerOptions) {
    super(options);
    const where = `${new.target.name} '${options.name ?? snakeCase(new.target.name)}'`;
    this.poolSize = Check.pair(options.poolSize ?? 2, `${where}: poolSize`);
    this.strides = Check.pair(options.strides ?? this.poolSize, `${where}: strides`);
    this.padding = Check.padding(options.padding ?? 'valid', where);
  }

  protected buildLayer(inputShape: Shape): number[] {
    const channels = imageChannels(this.label, inputShape);
    const out = [0, 1].map((axis) => {
      const extent = inputShape[axis]!;
      if (extent === -1) return -1;
      const size = ConvShapes.outputSize(extent, this.poolSize[axis]!, this.strides[axis]!, 1, this.padding);
      if (size === null) {
        throw new ShapeError(`${this.label}: the ${this.poolSize.join('x')} pool is larger than the input ${formatBatchShape(inputShape)} with padding 'valid'; use padding 'same' or a smaller pool`);
      }
      return size.out;
    });
    return [out[0]!, out[1]!, channels];
  }

  protected call(x: Variable, ctx: ForwardContext): Variable {
    const options: KernelPoolOptions = { poolSize: this.poolSize, strides: this.strides, padding: this.padding };
    return Check.relabel(this.label, () => (this.op === 'max' ? ctx.graph.maxPool2d(x, options) : ctx.graph.avgPool2d(x, options)));
  }

  override getConfig(): LayerConfig {
    return { ...super.getConfig(), poolSize: [...this.poolSize], strides: [...this.strides], padding: this.padding };
  }
}

function poolOptionsOf(config: LayerConfig): Pool2DLayerOptions {
  const poolSize = Check.configPair(config, 'poolSize');
  const strides = Check.configPair(config, 'strides');
  const padding = Check.configString(config, 'padding');
  return {
    name: config.name,
    trainable: config.trainable,
    ...(poolSize !== undefined ? { poolSize } : {}),
    ...(strides !== undefined ? { strides } : {}),
    ...(padding !== undefined ? { padding: padding as Padding } : {}),
  };
}

/**
 * The maximum of each window, per channel. Its gradient goes to the first maximum of each window.
 *
 * @example
 * ```ts
 * new Sequential([new Conv2D(16, 3, { activation: 'relu' }), new MaxPool2D({ poolSize: 2 })]);
 * ```
 */
export class MaxPool2D extends Pool2D {
  readonly className = 'MaxPool2D';
  protected readonly op = 'max';

  constructor(options: Pool2DLayerOptions = {}) {
    super(options);
  }

  /** Rebuilds a MaxPool2D from its `getConfig()` output. */
  static fromConfig(config: LayerConfig): MaxPool2D {
    return new MaxPool2D(poolOptionsOf(config));
  }
}

/**
 * The mean of each window, per channel (with `'same'` padding, of the window's real cells only).
 *
 * @example
 * ```ts
 * const pool = new AvgPool2D({ poolSize: 3, strides: 2, padding: 'same' });
 * ```
 */
export class AvgPool2D extends Pool2D {
  readonly className = 'AvgPool2D';
  protected readonly op = 'avg';

  constructor(options: Pool2DLayerOptions = {}) {
    super(options);
  }

  /** Rebuilds an AvgPool2D from its `getConfig()` output. */
  static fromConfig(config: LayerConfig): AvgPool2D {
    return new AvgPool2D(poolOptionsOf(config));
  }
}

/**
 * The mean over height and width: [batch, h, w, c] -> [batch, c], the usual bridge from
 * convolutions to a classifier head without a Flatten's parameters.
 *
 * @example
 * ```ts
 * new Sequential([new Conv2D(64, 3, { activation: 'relu' }), new GlobalAveragePooling2D(), new Dense(10)]);
 * ```
 */
export class GlobalAveragePooling2D extends Layer {
  readonly className = 'GlobalAveragePooling2D';

  protected buildLayer(inputShape: Shape): number[] {
    return [imageChannels(this.label, inputShape)];
  }

  protected call(x: Variable, ctx: ForwardContext): Variable {
    return ctx.graph.mean(x, [1, 2]);
  }
}
