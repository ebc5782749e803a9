import { describe, expect, it } from 'vitest';
import { DataNormalizer } from '../../../agents/shared-generative/data-normalizer.js';
import { TensorDataset } from '../../../src/data/tensor-dataset.js';
import { ConfigError, ShapeError } from '../../../src/errors.js';
import { Tensor } from '../../../src/tensor/tensor.js';

describe('DataNormalizer', () => {
  it('measures per-feature means and one common scale, and inverts exactly', () => {
    // Feature 0: {0, 2, 4} -> mean 2, variance 8/3; feature 1: {1, 1, 4} -> mean 2, variance 2.
    const data = new TensorDataset({ inputs: Float32Array.of(0, 1, 2, 1, 4, 4), inputShape: [2] });
    const normalizer = DataNormalizer.fit(data);
    expect(Array.from(normalizer.mean)).toEqual([2, 2]);
    expect(normalizer.scale).toBeCloseTo(Math.sqrt((8 / 3 + 2) / 2), 12);
    const x = Tensor.from([[4, 0]]);
    const z = normalizer.normalize(x);
    expect(z.data[0]).toBeCloseTo(2 / normalizer.scale, 6);
    expect(z.data[1]).toBeCloseTo(-2 / normalizer.scale, 6);
    Array.from(normalizer.denormalize(z).data).forEach((v, i) => expect(v).toBeCloseTo(x.data[i]!, 5));
  });

  it('refuses data without spread and batches of the wrong width', () => {
    expect(() => DataNormalizer.fit(new TensorDataset({ inputs: Float32Array.of(1, 1, 1, 1), inputShape: [2] }))).toThrow(ConfigError);
    const normalizer = DataNormalizer.of(Float32Array.of(0, 0), 1);
    expect(() => normalizer.normalize(new Tensor([2, 3]))).toThrow(ShapeError);
  });
});
