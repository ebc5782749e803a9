import type { Dataset } from '../../src/data/data-source.js';
import { ConfigError, ShapeError, formatShape } from '../../src/errors.js';
import { shapeSize } from '../../src/tensor/shape.js';
import { Tensor } from '../../src/tensor/tensor.js';

/** Examples read per batch while measuring a dataset. */
const CHUNK = 1024;

/**
 * A fixed standardization of vector data, x' = (x − mean) / scale, with a per-feature mean and one
 * scale for all features (the square root of the mean per-feature variance), so distances keep
 * their proportions: a grid stays a square grid. Generative models train in the normalized space
 * and map their samples back with {@link DataNormalizer.denormalize}; it puts data of any range
 * (grid-25 spans [-4, 4]) at the scale where freshly initialized layers have their resolution.
 *
 * @example
 * ```ts
 * const normalizer = DataNormalizer.fit(grid25().train);
 * normalizer.denormalize(normalizer.normalize(batch.inputs));   // the batch again
 * ```
 */
export class DataNormalizer {
  private constructor(
    /** Per-feature mean `[features]`. */
    readonly mean: Float32Array,
    /** The common scale (> 0). */
    readonly scale: number,
  ) {}

  /** Measures `dataset`'s per-feature mean and common scale (in float64). */
  static fit(dataset: Dataset): DataNormalizer {
    const features = shapeSize(dataset.inputShape);
    if (dataset.size < 2) throw new ConfigError(`DataNormalizer: needs at least 2 examples to measure a spread, the dataset has ${dataset.size}`);
    const sum = new Float64Array(features);
    const sumSquares = new Float64Array(features);
    for (let start = 0; start < dataset.size; start += CHUNK) {
      const rows = Math.min(CHUNK, dataset.size - start);
      const { data } = dataset.batch(Int32Array.from({ length: rows }, (_, i) => start + i)).inputs;
      for (let i = 0; i < rows * features; i++) {
        sum[i % features] += data[i]!;
        sumSquares[i % features] += data[i]! ** 2;
      }
    }
    const mean = new Float32Array(features);
    let variance = 0;
    for (let f = 0; f < features; f++) {
      const m = sum[f]! / dataset.size;
      mean[f] = m;
      variance += Math.max(sumSquares[f]! / dataset.size - m * m, 0);
    }
    const scale = Math.sqrt(variance / features);
    if (!(scale > 0)) throw new ConfigError('DataNormalizer: every example is the same; there is no spread to normalize by');
    return new DataNormalizer(mean, scale);
  }

  /** A normalizer with this mean and scale (e.g. restored from a checkpoint). */
  static of(mean: Float32Array, scale: number): DataNormalizer {
    if (!(scale > 0) || !Number.isFinite(scale)) throw new ConfigError(`DataNormalizer: scale must be a positive number, got ${scale}`);
    return new DataNormalizer(Float32Array.from(mean), scale);
  }

  /** (x − mean) / scale for a batch `[n, ...]` of `mean.length` values per example. */
  normalize(x: Tensor): Tensor {
    return this.map(x, (v, f) => (v - this.mean[f]!) / this.scale);
  }

  /** x·scale + mean: the inverse of {@link DataNormalizer.normalize}. */
  denormalize(x: Tensor): Tensor {
    return this.map(x, (v, f) => v * this.scale + this.mean[f]!);
  }

  private map(x: Tensor, fn: (value: number, feature: number) => number): Tensor {
    const features = this.mean.length;
    if (x.rank < 1 || x.size !== (x.shape[0] ?? 0) * features) {
      throw new ShapeError(`DataNormalizer: expected a batch of examples with ${features} values each, got ${formatShape(x.shape)}`);
    }
    const out = new Tensor(x.shape);
    for (let i = 0; i < x.size; i++) out.data[i] = fn(x.data[i]!, i % features);
    return out;
  }
}
