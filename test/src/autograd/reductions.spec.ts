import { describe, expect, it } from 'vitest';
import { Tensor } from '../../../src/tensor/tensor.js';
import { expectGradientsMatch, jsGraph, randomTensor } from './grad-helpers.js';

const g = jsGraph();

/** Axis variants of a rank-3 input: all, one, negative, several, non-contiguous. */
const axisCases: Array<number | number[] | undefined> = [undefined, 0, 1, -1, [0, 2], [1, 2]];

/** Distinct values (a shuffled grid, step 0.1) so max/min have no ties within eps. */
function distinct(shape: number[], seed: number): Tensor {
  const t = randomTensor(shape, seed);
  const order = Array.from(t.data.keys()).sort((i, j) => t.data[i]! - t.data[j]!);
  order.forEach((idx, rank) => (t.data[idx] = -1 + 0.1 * rank));
  return t;
}

describe('reduction gradients along axes', () => {
  for (const axes of axisCases) {
    for (const keepDims of [false, true]) {
      const label = `axes ${JSON.stringify(axes)} keepDims ${keepDims}`;
      it(`sum ${label}`, () => expectGradientsMatch(g, (x) => g.sum(x, axes, keepDims), [randomTensor([2, 3, 4], 1)]));
      it(`mean ${label}`, () => expectGradientsMatch(g, (x) => g.mean(x, axes, keepDims), [randomTensor([2, 3, 4], 2)]));
      it(`max ${label}`, () => expectGradientsMatch(g, (x) => g.max(x, axes, keepDims), [distinct([2, 3, 4], 3)]));
      it(`min ${label}`, () => expectGradientsMatch(g, (x) => g.min(x, axes, keepDims), [distinct([2, 3, 4], 4)]));
    }
  }

  it('shares the gradient of a tied max equally', () => {
    const x = g.variable(Tensor.from([[3, 1, 3], [0, 2, 1]]));
    g.backward(g.sum(g.max(x, 1)));
    expect(x.grad?.toArray()).toEqual([[0.5, 0, 0.5], [0, 1, 0]]);
  });

  it('gives the exact mean gradient 1/n', () => {
    const x = g.variable(Tensor.zeros([2, 4]));
    g.backward(g.mean(x));
    expect(Array.from(x.grad!.data)).toEqual(new Array(8).fill(0.125));
  });
});
