import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { TensorDataset, checkLabels } from '../../../src/data/tensor-dataset.js';
import { ConfigError, ShapeError } from '../../../src/errors.js';

describe('TensorDataset', () => {
  const data = new TensorDataset({
    inputs: Float32Array.of(0, 1, 2, 3, 4, 5),
    inputShape: [2],
    labels: Int32Array.of(2, 0, 1),
    targets: Float32Array.of(10, 11, 12),
    targetShape: [1],
    name: 'tiny',
  });

  it('infers size and numClasses and batches rows in the requested order', () => {
    expect(data.size).toBe(3);
    expect(data.numClasses).toBe(3);
    const b = data.batch([2, 0, 2]);
    expect(b.inputs.shape).toEqual([3, 2]);
    expect(Array.from(b.inputs.data)).toEqual([4, 5, 0, 1, 4, 5]);
    expect(Array.from(b.labels!)).toEqual([1, 2, 1]);
    expect(b.targets!.shape).toEqual([3, 1]);
    expect(Array.from(b.targets!.data)).toEqual([12, 10, 12]);
  });

  it('returns copies: writing into a batch never changes the dataset', () => {
    const b = data.batch([0]);
    b.inputs.data[0] = 99;
    b.labels![0] = 7;
    expect(Array.from(data.batch([0]).inputs.data)).toEqual([0, 1]);
    expect(data.batch([0]).labels![0]).toBe(2);
  });

  it('keeps multi-axis example shapes (NHWC)', () => {
    const images = new TensorDataset({ inputs: Float32Array.from({ length: 2 * 2 * 3 * 1 }, (_, i) => i), inputShape: [2, 3, 1] });
    const b = images.batch([1]);
    expect(b.inputs.shape).toEqual([1, 2, 3, 1]);
    expect(b.inputs.get(0, 1, 2, 0)).toBe(11);
    expect(b.labels).toBeUndefined();
  });

  it('an empty index list gives an empty batch', () => {
    const b = data.batch([]);
    expect(b.inputs.shape).toEqual([0, 2]);
    expect(b.labels!.length).toBe(0);
  });

  it('rejects out-of-range and fractional indices, naming the dataset', () => {
    expect(() => data.batch([3])).toThrow(ShapeError);
    expect(() => data.batch([3])).toThrow(/tiny: batch index 3 .*\[0, 3\)/);
    expect(() => data.batch([0.5])).toThrow(ShapeError);
    expect(() => data.batch([-1])).toThrow(ShapeError);
  });

  it('rejects inconsistent inputs, labels and targets', () => {
    expect(() => new TensorDataset({ inputs: new Float32Array(5), inputShape: [2] })).toThrow(/5 input values .*\[2\]/);
    expect(() => new TensorDataset({ inputs: new Float32Array(4), inputShape: [2], labels: Int32Array.of(0) })).toThrow(/1 labels for 2 examples/);
    expect(() => new TensorDataset({ inputs: new Float32Array(4), inputShape: [2], labels: Int32Array.of(0, 3), numClasses: 3 })).toThrow(ConfigError);
    expect(() => new TensorDataset({ inputs: new Float32Array(4), inputShape: [2], targets: new Float32Array(2) })).toThrow(/together/);
    expect(() => new TensorDataset({ inputs: new Float32Array(4), inputShape: [2], targets: new Float32Array(3), targetShape: [1] })).toThrow(ShapeError);
    expect(() => new TensorDataset({ inputs: new Float32Array(4), inputShape: [0] })).toThrow(ShapeError);
  });

  it('batch(indices) equals gathering rows one by one (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 4 }),
        fc.array(fc.nat(), { maxLength: 8 }),
        (size, width, raw) => {
          const inputs = Float32Array.from({ length: size * width }, (_, i) => i * 0.5);
          const ds = new TensorDataset({ inputs, inputShape: [width] });
          const indices = raw.map((r) => r % size);
          const got = Array.from(ds.batch(indices).inputs.data);
          const want = indices.flatMap((r) => Array.from(inputs.subarray(r * width, (r + 1) * width)));
          expect(got).toEqual(want);
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe('checkLabels', () => {
  it('infers max + 1 and validates the range', () => {
    expect(checkLabels(Int32Array.of(0, 4, 1), undefined, 'x')).toBe(5);
    expect(checkLabels(Int32Array.of(0, 4, 1), 10, 'x')).toBe(10);
    expect(() => checkLabels(Int32Array.of(-1), undefined, 'x')).toThrow(/label -1 of example 0/);
    expect(() => checkLabels(Int32Array.of(0), 0, 'x')).toThrow(/numClasses/);
  });
});
