import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/errors.js';
import { Tensor } from '../../../src/tensor/tensor.js';
import { expectGradientsMatch, jsGraph, randomTensor } from './grad-helpers.js';

describe('standardize op', () => {
  it('gives zero mean and unit variance over the axes, and returns the statistics', () => {
    const g = jsGraph();
    const x = Tensor.from([[1, 2], [3, 6], [5, 10]]);
    const { output, mean, variance } = g.standardize(x, 0, 1e-6);
    expect(mean.toArray()).toEqual([[3, 6]]);
    // Biased variances: ((−2)² + 0 + 2²) / 3 and ((−4)² + 0 + 4²) / 3.
    expect(variance.data[0]).toBeCloseTo(8 / 3, 5);
    expect(variance.data[1]).toBeCloseTo(32 / 3, 5);
    const y = output.value;
    expect(y.get(0, 0)).toBeCloseTo(-2 / Math.sqrt(8 / 3), 5);
    expect(y.get(2, 1)).toBeCloseTo(4 / Math.sqrt(32 / 3), 5);
  });

  it.each([
    ['batch-norm axes [0, 1, 2] of NHWC', [3, 2, 2, 3], [0, 1, 2]],
    ['layer-norm last axis', [4, 5], [-1]],
  ])('gradient matches central differences (%s)', (_, shape, axes) => {
    const g = jsGraph();
    expectGradientsMatch(g, (x) => g.standardize(x, axes, 1e-3).output, [randomTensor(shape, 3, -2, 2)], { eps: 1e-3, atol: 2e-3 });
  });

  it('rejects a non-positive epsilon', () => {
    expect(() => jsGraph().standardize(Tensor.ones([2, 2]), 0, 0)).toThrow(ConfigError);
  });
});
