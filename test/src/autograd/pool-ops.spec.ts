import { describe, expect, it } from 'vitest';
import { Rng } from '../../../src/random/rng.js';
import { Tensor } from '../../../src/tensor/tensor.js';
import { expectGradientsMatch, jsGraph, randomTensor } from './grad-helpers.js';

/** Distinct values 0.05 apart in random order, so no two cells of a window are within eps of a tie. */
function distinct(shape: number[], seed: number): Tensor {
  const t = new Tensor(shape);
  const order = new Rng(seed).permutation(t.size);
  for (let i = 0; i < t.size; i++) t.data[i] = (order[i]! - t.size / 2) * 0.05;
  return t;
}

describe('pooling ops', () => {
  it.each([
    ['2x2 valid', { poolSize: 2 }],
    ['3x3 stride 2 same', { poolSize: 3, strides: 2, padding: 'same' as const }],
  ])('max pooling gradient matches central differences (%s)', (_, options) => {
    const g = jsGraph();
    expectGradientsMatch(g, (x) => g.maxPool2d(x, options), [distinct([2, 5, 6, 2], 1)], { eps: 1e-3 });
  });

  it.each([
    ['2x2 valid', { poolSize: 2 }],
    ['3x3 stride 2 same', { poolSize: 3, strides: 2, padding: 'same' as const }],
  ])('average pooling gradient matches central differences (%s)', (_, options) => {
    const g = jsGraph();
    expectGradientsMatch(g, (x) => g.avgPool2d(x, options), [randomTensor([2, 5, 6, 2], 2)]);
  });

  it('max pooling of a constant image sends each window gradient to one cell only', () => {
    const g = jsGraph();
    const x = g.variable(Tensor.ones([1, 2, 2, 1]));
    g.backward(g.sum(g.maxPool2d(x, { poolSize: 2 })));
    expect(Array.from(x.grad!.data)).toEqual([1, 0, 0, 0]);
  });
});
