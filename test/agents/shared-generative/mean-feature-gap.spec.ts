import { describe, expect, it } from 'vitest';
import { meanFeatureGap } from '../../../agents/shared-generative/mean-feature-gap.js';
import { ShapeError } from '../../../src/errors.js';
import { Tensor } from '../../../src/tensor/tensor.js';

describe('meanFeatureGap', () => {
  it('averages the absolute gaps between per-feature means, for sets of different sizes', () => {
    expect(meanFeatureGap(Tensor.from([[0, 2], [2, 2]]), Tensor.from([[1, 1]]))).toBe(0.5);
    expect(meanFeatureGap(Tensor.from([[1, -1]]), Tensor.from([[1, -1], [1, -1]]))).toBe(0);
  });

  it('refuses sets of different example shapes', () => {
    expect(() => meanFeatureGap(new Tensor([2, 3]), new Tensor([2, 4]))).toThrow(ShapeError);
  });
});
