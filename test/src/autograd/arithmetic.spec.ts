import { describe, expect, it } from 'vitest';
import { Tensor } from '../../../src/tensor/tensor.js';
import { awayFromZero, expectGradientsMatch, gridTensor, jsGraph, randomTensor } from './grad-helpers.js';

const g = jsGraph();

/** Operand shape pairs covering same shape, row/column broadcasting, scalars and rank changes. */
const shapePairs: Array<[number[], number[]]> = [
  [[2, 3], [2, 3]],
  [[2, 3], [3]],
  [[3], [2, 3]],
  [[2, 1], [1, 3]],
  [[2, 3], []],
  [[], [4]],
  [[2, 1, 3], [4, 1]],
];

describe('binary arithmetic gradients (broadcasting)', () => {
  for (const [sa, sb] of shapePairs) {
    const label = `[${sa}] with [${sb}]`;
    it(`add ${label}`, () => expectGradientsMatch(g, (a, b) => g.add(a, b), [randomTensor(sa, 1), randomTensor(sb, 2)]));
    it(`sub ${label}`, () => expectGradientsMatch(g, (a, b) => g.sub(a, b), [randomTensor(sa, 3), randomTensor(sb, 4)]));
    it(`mul ${label}`, () => expectGradientsMatch(g, (a, b) => g.mul(a, b), [randomTensor(sa, 5), randomTensor(sb, 6)]));
    it(`div ${label}`, () =>
      expectGradientsMatch(g, (a, b) => g.div(a, b), [randomTensor(sa, 7), awayFromZero(sb, 8, 0.5, 1.5)]));
    it(`pow ${label}`, () =>
      expectGradientsMatch(g, (a, b) => g.pow(a, b), [randomTensor(sa, 9, 0.5, 2), randomTensor(sb, 10, -2, 2)]));
    it(`maximum ${label}`, () =>
      expectGradientsMatch(g, (a, b) => g.maximum(a, b), [gridTensor(sa, 11, 0), gridTensor(sb, 12, 0.1)]));
    it(`minimum ${label}`, () =>
      expectGradientsMatch(g, (a, b) => g.minimum(a, b), [gridTensor(sa, 13, 0.1), gridTensor(sb, 14, 0)]));
  }

  it('neg, scale and addScalar', () => {
    const x = randomTensor([3, 2], 20);
    expectGradientsMatch(g, (a) => g.neg(a), [x]);
    expectGradientsMatch(g, (a) => g.scale(a, -2.5), [x]);
    expectGradientsMatch(g, (a) => g.addScalar(a, 3), [x]);
  });

  it('sends the broadcast gradient back summed: d/db sum(a + b) counts the broadcast copies', () => {
    const a = g.variable(Tensor.zeros([4, 3]));
    const b = g.variable(Tensor.from([1, 2, 3]));
    g.backward(g.sum(g.add(a, b)));
    expect(b.grad?.toArray()).toEqual([4, 4, 4]);
    expect(a.grad?.shape).toEqual([4, 3]);
  });

  it('gives exact small gradients for mul and div', () => {
    const a = g.variable(Tensor.from([2, 3]));
    const b = g.variable(Tensor.from([4, 0.5]));
    g.backward(g.sum(g.div(g.mul(a, a), b)));
    // d/da a²/b = 2a/b, d/db a²/b = -a²/b²
    expect(a.grad?.toArray()).toEqual([1, 12]);
    expect(b.grad?.toArray()).toEqual([-0.25, -36]);
  });

  it('splits ties of maximum and minimum to the first operand only', () => {
    const a = g.variable(Tensor.from([1, 2]));
    const b = g.variable(Tensor.from([1, 1]));
    g.backward(g.sum(g.add(g.maximum(a, b), g.minimum(a, b))));
    // a=b at index 0: both max and min send their gradient to a.
    expect(a.grad?.toArray()).toEqual([2, 1]);
    expect(b.grad?.toArray()).toEqual([0, 1]);
  });
});
