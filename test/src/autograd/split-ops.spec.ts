import { describe, expect, it } from 'vitest';
import { ShapeError } from '../../../src/errors.js';
import { Tensor } from '../../../src/tensor/tensor.js';
import { expectGradientsMatch, jsGraph, randomTensor } from './grad-helpers.js';

describe('split op', () => {
  it('returns equal pieces along the axis', () => {
    const g = jsGraph();
    const pieces = g.split(Tensor.from([[1, 2, 3, 4], [5, 6, 7, 8]]), 2, 1);
    expect(pieces.map((p) => p.value.toArray())).toEqual([[[1, 2], [5, 6]], [[3, 4], [7, 8]]]);
    expect(g.split(Tensor.from([[1, 2]]), 1, 0)[0]!.value.toArray()).toEqual([[1, 2]]);
  });

  it('has the gradient of the pieces, in place, with zeros for unused pieces and sums for reused ones', () => {
    const g = jsGraph();
    expectGradientsMatch(g, (x) => {
      const [a, , c] = g.split(x, 3, 1);
      return g.add(g.mul(a!, c!), g.square(c!));
    }, [randomTensor([2, 6, 3], 1)]);
    expectGradientsMatch(g, (x) => g.concat(g.split(x, 4, -1).reverse(), -1), [randomTensor([3, 8], 2)]);
  });

  it('accumulates into a leaf over two backward calls like any op', () => {
    const g = jsGraph();
    const x = g.variable(Tensor.from([1, 2, 3, 4]));
    const loss = (): ReturnType<typeof g.sum> => g.sum(g.mul(g.split(x, 2, 0)[1]!, Tensor.from([10, 20])));
    g.backward(loss());
    g.backward(loss());
    expect(Array.from(x.grad!.data)).toEqual([0, 0, 20, 40]);
  });

  it('throws a ShapeError when the extent does not divide', () => {
    expect(() => jsGraph().split(new Tensor([2, 5]), 2, 1)).toThrow(ShapeError);
    expect(() => jsGraph().split(new Tensor([2, 5]), 2, 1)).toThrow('split: cannot split x [2, 5] into 2 equal pieces along axis 1');
  });
});
