import { describe, expect, it } from 'vitest';
import { ShapeError } from '../../../src/errors.js';
import { Tensor } from '../../../src/tensor/tensor.js';
import { expectGradientsMatch, jsGraph, randomTensor } from './grad-helpers.js';

const g = jsGraph();

describe('shape op gradients', () => {
  it('reshape (with an inferred extent)', () =>
    expectGradientsMatch(g, (x) => g.mul(g.reshape(x, [3, -1]), randomTensor([3, 4], 9)), [randomTensor([2, 6], 1)]));

  it('transpose: default reversal and an explicit permutation', () => {
    expectGradientsMatch(g, (x) => g.transpose(x), [randomTensor([2, 3], 2)]);
    expectGradientsMatch(g, (x) => g.transpose(x, [1, 2, 0]), [randomTensor([2, 3, 4], 3)]);
    expectGradientsMatch(g, (x) => g.transpose(x, [-1, 0, 1]), [randomTensor([2, 3, 4], 4)]);
  });

  it('concat along each axis, including a negative one', () => {
    expectGradientsMatch(g, (x, y, z) => g.concat([x, y, z], 0), [randomTensor([1, 3], 5), randomTensor([2, 3], 6), randomTensor([1, 3], 7)]);
    expectGradientsMatch(g, (x, y) => g.concat([x, y], 1), [randomTensor([2, 1], 16), randomTensor([2, 3], 17)]);
    expectGradientsMatch(g, (x, y) => g.concat([x, y], -1), [randomTensor([2, 2, 1], 18), randomTensor([2, 2, 2], 19)]);
  });

  it('concat with a constant operand sends gradients only to variables', () => {
    const x = g.variable(Tensor.from([[1, 2]]));
    g.backward(g.sum(g.concat([Tensor.from([[5, 6]]), x], 0)));
    expect(x.grad?.toArray()).toEqual([[1, 1]]);
  });

  it('slice: interior block, to-the-end sizes, full axes', () => {
    expectGradientsMatch(g, (x) => g.slice(x, [1, 1], [2, 2]), [randomTensor([4, 5], 8)]);
    expectGradientsMatch(g, (x) => g.slice(x, [0, 2], [-1, -1]), [randomTensor([3, 4], 9)]);
    expectGradientsMatch(g, (x) => g.slice(x, [1, 0, 1], [1, 3, 2]), [randomTensor([2, 3, 4], 10)]);
  });

  it('gather along axis 0 (embedding rows, repeated indices) and axis 1', () => {
    expectGradientsMatch(g, (x) => g.gather(x, [2, 0, 2, 2], 0), [randomTensor([3, 4], 11)]);
    expectGradientsMatch(g, (x) => g.gather(x, Int32Array.of(1, 1, 0), 1), [randomTensor([2, 3, 2], 12)]);
  });

  it('gather accumulates repeated indices exactly', () => {
    const table = g.variable(Tensor.zeros([3, 2]));
    g.backward(g.sum(g.gather(table, [1, 1, 2], 0)));
    expect(table.grad?.toArray()).toEqual([[0, 0], [2, 2], [1, 1]]);
  });

  it('pick: Q(s, a) per row', () => {
    expectGradientsMatch(g, (x) => g.pick(x, [2, 0, 1, 2]), [randomTensor([4, 3], 13)]);
    const q = g.variable(Tensor.from([[1, 2], [3, 4]]));
    const picked = g.pick(q, [1, 0]);
    expect(picked.value.toArray()).toEqual([2, 3]);
    g.backward(g.sum(picked));
    expect(q.grad?.toArray()).toEqual([[0, 1], [1, 0]]);
  });

  it('pick rejects a non-2-D input with both shapes named', () => {
    expect(() => g.pick(Tensor.zeros([2, 2, 2]), [0, 1])).toThrow(ShapeError);
  });

  it('stopGradient passes the value and blocks the gradient', () => {
    const x = g.variable(Tensor.from([3]));
    // d/dx [x * stop(x)] = stop(x) = 3, not 2x = 6
    const y = g.sum(g.mul(x, g.stopGradient(x)));
    g.backward(y);
    expect(x.grad?.toArray()).toEqual([3]);
    const a = g.variable(Tensor.from([1, 2]));
    const b = g.variable(Tensor.from([3, 4]));
    g.backward(g.sum(g.mul(g.stopGradient(a), b)));
    expect(a.grad).toBeNull();
    expect(b.grad?.toArray()).toEqual([1, 2]);
  });
});
