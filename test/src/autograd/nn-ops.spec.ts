import { describe, expect, it } from 'vitest';
import { Tensor } from '../../../src/tensor/tensor.js';
import { expectGradientsMatch, jsGraph, randomTensor } from './grad-helpers.js';

const g = jsGraph();

describe('matmul gradients for every transpose combination', () => {
  // op(a) is [2, 3] and op(b) is [3, 4] in every case; stored shapes follow the flags.
  for (const transposeA of [false, true]) {
    for (const transposeB of [false, true]) {
      it(`transposeA=${transposeA} transposeB=${transposeB}`, () => {
        const a = randomTensor(transposeA ? [3, 2] : [2, 3], 1);
        const b = randomTensor(transposeB ? [4, 3] : [3, 4], 2);
        expectGradientsMatch(g, (x, y) => g.matmul(x, y, { transposeA, transposeB }), [a, b]);
      });
    }
  }

  it('matches the closed form dW = xᵀ·gy for a small case', () => {
    const x = Tensor.from([[1, 2], [3, 4]]);
    const w = g.variable(Tensor.from([[1], [1]]));
    g.backward(g.sum(g.matmul(x, w)));
    expect(w.grad?.toArray()).toEqual([[4], [6]]);
  });
});

describe('softmax and logSoftmax gradients', () => {
  for (const axis of [-1, 0, 1]) {
    it(`softmax axis ${axis}`, () => expectGradientsMatch(g, (x) => g.softmax(x, axis), [randomTensor([3, 4], 3, -2, 2)]));
    it(`logSoftmax axis ${axis}`, () =>
      expectGradientsMatch(g, (x) => g.logSoftmax(x, axis), [randomTensor([3, 4], 4, -2, 2)]));
  }

  it('the gradient of sum(softmax) is zero (the outputs always sum to one)', () => {
    const x = g.variable(randomTensor([2, 5], 5));
    g.backward(g.sum(g.softmax(x)));
    for (const v of x.grad!.data) expect(Math.abs(v)).toBeLessThan(1e-6);
  });
});
