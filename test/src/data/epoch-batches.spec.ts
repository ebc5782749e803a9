import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { batchesPerEpoch, epochBatches } from '../../../src/data/epoch-batches.js';
import { TensorDataset } from '../../../src/data/tensor-dataset.js';
import { ConfigError } from '../../../src/errors.js';
import { Rng } from '../../../src/random/rng.js';

const dataset = (n: number) => new TensorDataset({ inputs: Float32Array.from({ length: n }, (_, i) => i), inputShape: [1] });
const order = (batches: Iterable<{ inputs: { data: Float32Array } }>) => [...batches].map((b) => Array.from(b.inputs.data));

describe('epochBatches', () => {
  it('without shuffling yields index order, last batch short', () => {
    expect(order(epochBatches(dataset(7), 3, new Rng(0), { shuffle: false }))).toEqual([[0, 1, 2], [3, 4, 5], [6]]);
    expect(order(epochBatches(dataset(7), 3, new Rng(0), { shuffle: false, dropLast: true }))).toEqual([[0, 1, 2], [3, 4, 5]]);
  });

  it('does not touch the rng when not shuffling', () => {
    const rng = new Rng(5);
    const before = rng.getState();
    order(epochBatches(dataset(4), 2, rng, { shuffle: false }));
    expect(rng.getState()).toEqual(before);
  });

  it('shuffles with the Fisher-Yates permutation of the rng (same state => same order)', () => {
    const got = order(epochBatches(dataset(10), 4, new Rng(3)));
    const perm = Array.from(new Rng(3).permutation(10));
    expect(got.flat()).toEqual(perm);
    expect(got.map((b) => b.length)).toEqual([4, 4, 2]);
    expect(order(epochBatches(dataset(10), 4, new Rng(3)))).toEqual(got);
    expect(order(epochBatches(dataset(10), 4, new Rng(4))).flat()).not.toEqual(got.flat());
  });

  it('draws the order when called, not when first iterated', () => {
    const rng = new Rng(9);
    const batches = epochBatches(dataset(10), 10, rng);
    const after = rng.getState();
    rng.nextUint32(); // an unrelated draw between creating and iterating
    expect(order(batches)[0]).toEqual(Array.from(new Rng(9).permutation(10)));
    expect(after).not.toEqual(new Rng(9).getState());
  });

  it('successive epochs from one rng differ', () => {
    const rng = new Rng(11);
    const first = order(epochBatches(dataset(20), 20, rng))[0];
    const second = order(epochBatches(dataset(20), 20, rng))[0];
    expect(second).not.toEqual(first);
  });

  it('visits every example exactly once per epoch (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 1, max: 12 }), fc.nat(), fc.boolean(), (n, batchSize, seed, dropLast) => {
        const got = order(epochBatches(dataset(n), batchSize, new Rng(seed), { dropLast }));
        expect(got.length).toBe(batchesPerEpoch(n, batchSize, dropLast));
        const flat = got.flat();
        if (!dropLast) expect([...flat].sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i));
        else expect(flat.length).toBe(Math.floor(n / batchSize) * batchSize);
        expect(new Set(flat).size).toBe(flat.length);
      }),
      { numRuns: 100 },
    );
  });

  it('rejects a bad batch size', () => {
    expect(() => epochBatches(dataset(3), 0, new Rng(0))).toThrow(ConfigError);
    expect(() => epochBatches(dataset(3), 1.5, new Rng(0))).toThrow(/batchSize/);
  });
});
