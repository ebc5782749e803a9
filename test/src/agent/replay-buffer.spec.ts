import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ReplayBuffer } from '../../../src/agent/replay-buffer.js';
import { ShapeError } from '../../../src/errors.js';
import { Rng } from '../../../src/random/rng.js';

function filled(count: number, capacity = 4): ReplayBuffer {
  const buffer = new ReplayBuffer({ capacity, observationShape: [2], rng: new Rng(3) });
  for (let i = 0; i < count; i++) buffer.add(Float32Array.of(i, -i), i % 3, i / 2, Float32Array.of(i + 1, -i - 1), i % 2 === 0);
  return buffer;
}

describe('ReplayBuffer', () => {
  it('stores transitions row by row and overwrites the oldest once full', () => {
    const buffer = filled(6);
    expect(buffer.size).toBe(4);
    // Rows 0 and 1 now hold transitions 4 and 5.
    const batch = buffer.gather(Int32Array.of(0, 1, 2, 3));
    expect(Array.from(batch.observations.data)).toEqual([4, -4, 5, -5, 2, -2, 3, -3]);
    expect(Array.from(batch.nextObservations.data)).toEqual([5, -5, 6, -6, 3, -3, 4, -4]);
    expect(Array.from(batch.actions.data)).toEqual([1, 2, 2, 0]);
    expect(Array.from(batch.rewards.data)).toEqual([2, 2.5, 1, 1.5]);
    expect(Array.from(batch.terminated.data)).toEqual([1, 0, 1, 0]);
    expect(batch.observations.shape).toEqual([4, 2]);
    expect(batch.actions.shape).toEqual([4]);
  });

  it('samples only filled rows, reproducibly from its Rng', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 16 }), (count, batchSize) => {
        const a = filled(count, 6).sample(batchSize);
        const b = filled(count, 6).sample(batchSize);
        expect(a.indices).toEqual(b.indices);
        expect(Array.from(a.indices).every((i) => i >= 0 && i < Math.min(count, 6))).toBe(true);
      }),
      { numRuns: 40 },
    );
  });

  it('restores contents, position and sampling stream exactly', () => {
    const source = filled(5, 8);
    const copy = new ReplayBuffer({ capacity: 8, observationShape: [2], rng: new Rng(999) });
    const state = source.getState();
    copy.setState({ json: JSON.parse(JSON.stringify(state.json)), tensors: state.tensors });
    expect(copy.sample(7).indices).toEqual(source.sample(7).indices);
    for (const buffer of [source, copy]) buffer.add(Float32Array.of(9, 9), 1, 1, Float32Array.of(9, 9), true);
    expect(copy.getState()).toEqual(source.getState());
    expect(() => new ReplayBuffer({ capacity: 4, observationShape: [2], rng: new Rng(0) }).setState(source.getState())).toThrow(/capacity 8, this buffer 4/);
  });

  it('names the value that does not fit the stored shape', () => {
    const buffer = new ReplayBuffer({ capacity: 2, observationShape: [3], rng: new Rng(0) });
    expect(() => buffer.add(Float32Array.of(1, 2), 0, 0, Float32Array.of(1, 2, 3), false)).toThrow(ShapeError);
    expect(() => buffer.add(Float32Array.of(1, 2), 0, 0, Float32Array.of(1, 2, 3), false)).toThrow(/observation has 2 values, expected 3/);
    expect(() => buffer.sample(1)).toThrow(/empty/);
  });
});
