import { describe, expect, it } from 'vitest';
import { filterByLabel, randomSubset, subset } from '../../../src/data/subset.js';
import { TensorDataset } from '../../../src/data/tensor-dataset.js';
import { ConfigError, ShapeError } from '../../../src/errors.js';
import { Rng } from '../../../src/random/rng.js';

// Example i has input [i] and label i % 5.
const base = new TensorDataset({
  inputs: Float32Array.from({ length: 20 }, (_, i) => i),
  inputShape: [1],
  labels: Int32Array.from({ length: 20 }, (_, i) => i % 5),
  numClasses: 5,
});

describe('subset', () => {
  it('is a view of the given rows in the given order', () => {
    const s = subset(base, [7, 2, 7]);
    expect(s.size).toBe(3);
    expect(s.inputShape).toEqual([1]);
    expect(s.numClasses).toBe(5);
    expect(Array.from(s.labels!)).toEqual([2, 2, 2]);
    expect(Array.from(s.batch([2, 0, 1]).inputs.data)).toEqual([7, 7, 2]);
  });

  it('composes (a subset of a subset) and checks indices at both levels', () => {
    const s = subset(subset(base, [10, 11, 12, 13]), [3, 0]);
    expect(Array.from(s.batch([0, 1]).inputs.data)).toEqual([13, 10]);
    expect(() => subset(base, [20])).toThrow(ShapeError);
    expect(() => s.batch([2])).toThrow(/subset: batch index 2/);
  });
});

describe('filterByLabel', () => {
  it('keeps the examples with the given labels, in original order', () => {
    const s = filterByLabel(base, [3, 1]);
    expect(s.size).toBe(8);
    expect(Array.from(s.batch([0, 1, 2, 3]).inputs.data)).toEqual([1, 3, 6, 8]);
    expect(Array.from(s.labels!)).toEqual([1, 3, 1, 3, 1, 3, 1, 3]);
    expect(s.numClasses).toBe(5);
  });

  it('remaps kept classes to 0..k-1 in the order given', () => {
    const s = filterByLabel(base, [3, 1], { remap: true });
    expect(s.numClasses).toBe(2);
    expect(Array.from(s.labels!.subarray(0, 2))).toEqual([1, 0]);
    const b = s.batch([0, 1]);
    expect(Array.from(b.inputs.data)).toEqual([1, 3]);
    expect(Array.from(b.labels!)).toEqual([1, 0]);
  });

  it('rejects unknown or repeated classes and unlabelled datasets', () => {
    expect(() => filterByLabel(base, [5])).toThrow(ConfigError);
    expect(() => filterByLabel(base, [1, 1])).toThrow(/twice/);
    const unlabelled = new TensorDataset({ inputs: new Float32Array(2), inputShape: [1] });
    expect(() => filterByLabel(unlabelled, [0])).toThrow(/no per-example labels/);
  });
});

describe('randomSubset', () => {
  it('draws distinct examples, reproducibly from the rng state', () => {
    const a = randomSubset(base, 6, new Rng(1).child('pick'));
    const b = randomSubset(base, 6, new Rng(1).child('pick'));
    const rowsA = Array.from(a.batch([0, 1, 2, 3, 4, 5]).inputs.data);
    expect(new Set(rowsA).size).toBe(6);
    expect(Array.from(b.batch([0, 1, 2, 3, 4, 5]).inputs.data)).toEqual(rowsA);
    const c = randomSubset(base, 6, new Rng(2).child('pick'));
    expect(Array.from(c.batch([0, 1, 2, 3, 4, 5]).inputs.data)).not.toEqual(rowsA);
    expect(() => randomSubset(base, 21, new Rng(0))).toThrow(/\[0, 20\]/);
  });
});
