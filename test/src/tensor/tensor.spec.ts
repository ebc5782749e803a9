import { describe, expect, it } from 'vitest';
import { Tensor } from '../../../src/tensor/tensor.js';
import { broadcastShapes, normalizeAxes, shapeSize, stridesOf } from '../../../src/tensor/shape.js';
import { ShapeError } from '../../../src/errors.js';

describe('Tensor', () => {
  it('builds from nested arrays row-major and reads values back', () => {
    const t = Tensor.from([[1, 2, 3], [4, 5, 6]]);
    expect(t.shape).toEqual([2, 3]);
    expect(Array.from(t.data)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(t.get(1, 2)).toBe(6);
    expect(t.toArray()).toEqual([[1, 2, 3], [4, 5, 6]]);
    expect(Tensor.scalar(3).toArray()).toBe(3);
    expect(Tensor.from([1, 2, 3, 4], [2, 2]).get(1, 0)).toBe(3);
  });

  it('reshape infers -1 and copies', () => {
    const t = Tensor.from([[1, 2, 3], [4, 5, 6]]);
    const r = t.reshape([3, -1]);
    expect(r.shape).toEqual([3, 2]);
    r.data[0] = 99;
    expect(t.data[0]).toBe(1);
  });

  it('names both shapes on mismatch', () => {
    expect(() => new Tensor([2, 3], new Float32Array(5))).toThrow('Tensor data has 5 values but shape [2, 3] needs 6');
    expect(() => Tensor.from([1, 2, 3]).reshape([2, 2])).toThrow(/\[3\].*\[2, 2\]/);
    expect(() => Tensor.from([[1, 2], [3]])).toThrow(ShapeError);
    expect(() => Tensor.from([1, 2]).get(2)).toThrow(/out of range/);
    expect(() => Tensor.zeros([2]).assertShape([3], 'observation')).toThrow('observation: expected shape [3], got [2]');
    expect(() => new Tensor([2, -1])).toThrow(/non-negative integers/);
  });

  it('shape helpers', () => {
    expect(shapeSize([])).toBe(1);
    expect(shapeSize([2, 0, 3])).toBe(0);
    expect(stridesOf([2, 3, 4])).toEqual([12, 4, 1]);
    expect(broadcastShapes([4, 1, 3], [5, 1])).toEqual([4, 5, 3]);
    expect(broadcastShapes([], [2, 2])).toEqual([2, 2]);
    expect(() => broadcastShapes([2, 3], [4, 3], 'add')).toThrow('add: shapes [2, 3] and [4, 3] do not broadcast (axis 0: 2 vs 4)');
    expect(normalizeAxes(-1, 3)).toEqual([2]);
    expect(normalizeAxes(undefined, 2)).toEqual([0, 1]);
    expect(() => normalizeAxes([0, -3], 3, 'sum')).toThrow('sum: axis -3 is repeated');
    expect(() => normalizeAxes(3, 3, 'sum')).toThrow(/out of range/);
  });
});
