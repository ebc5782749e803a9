import type { Variable } from '../autograd/variable.js';
import type { Size2D } from '../kernels/kernel-backend.js';
import type { Shape } from '../tensor/shape.js';
import { imageChannels } from './conv2d.js';
import { Layer, snakeCase, type ForwardContext, type LayerConfig, type LayerOptions } from './layer.js';
import { LayerOptionsCheck as Check } from './layer-options.js';

/** Options of {@link UpSampling2D}. */
export interface UpSampling2DOptions extends LayerOptions {
  /** Repeat factor [rows, columns] (default 2). */
  readonly size?: Size2D;
}

/**
 * Nearest-neighbour upsampling of NHWC images: every pixel repeated `size` times along height and
 * width. Built from two gathers (rows, then columns), so its gradient is their scatter-adds:
 * each input pixel receives the sum of its copies' gradients.
 *
 * @example
 * ```ts
 * new UpSampling2D({ size: 2 });   // [batch, 7, 7, c] -> [batch, 14, 14, c]
 * ```
 */
export class UpSampling2D extends Layer {
  readonly className = 'UpSampling2D';
  readonly size: [number, number];
  private rowIndices: Int32Array = new Int32Array(0);
  private colIndices: Int32Array = new Int32Array(0);

  constructor(options: UpSampling2DOptions = {}) {
    super(options);
    this.size = Check.pair(options.size ?? 2, `UpSampling2D '${options.name ?? snakeCase('UpSampling2D')}': size`);
  }

  /** Rebuilds an UpSampling2D from its `getConfig()` output. */
  static fromConfig(config: LayerConfig): UpSampling2D {
    const size = Check.configPair(config, 'size');
    return new UpSampling2D({ name: config.name, trainable: config.trainable, ...(size !== undefined ? { size } : {}) });
  }

  protected buildLayer(inputShape: Shape): number[] {
    const channels = imageChannels(this.label, inputShape);
    const [h, w] = inputShape as [number, number, number];
    return [h === -1 ? -1 : h * this.size[0], w === -1 ? -1 : w * this.size[1], channels];
  }

  protected call(x: Variable, ctx: ForwardContext): Variable {
    const g = ctx.graph;
    this.rowIndices = repeatIndices(this.rowIndices, x.shape[1]!, this.size[0]);
    this.colIndices = repeatIndices(this.colIndices, x.shape[2]!, this.size[1]);
    return g.gather(g.gather(x, this.rowIndices, 1), this.colIndices, 2);
  }

  override getConfig(): LayerConfig {
    return { ...super.getConfig(), size: [...this.size] };
  }
}

/** [0, 0, 1, 1, ...] for `extent` and `factor`; reuses `cached` when it already fits. */
function repeatIndices(cached: Int32Array, extent: number, factor: number): Int32Array {
  if (cached.length === extent * factor) return cached;
  return Int32Array.from({ length: extent * factor }, (_, i) => Math.floor(i / factor));
}
