import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Rng } from '../../../src/random/rng.js';
import { Discrete } from '../../../src/spaces/discrete.js';
import { spaceFromJSON } from '../../../src/spaces/space-from-json.js';

describe('Discrete', () => {
  it('holds exactly the integers start .. start + n - 1', () => {
    const space = new Discrete(3, -1);
    expect([-1, 0, 1].map((x) => space.contains(x))).toEqual([true, true, true]);
    expect([-2, 2, 0.5, NaN, '0', null, [0]].map((x) => space.contains(x))).toEqual([false, false, false, false, false, false, false]);
  });

  it('explains mismatches with the expected range', () => {
    expect(new Discrete(2).explainMismatch(2)).toBe('expected an integer in [0, 2), got 2');
    expect(new Discrete(2).explainMismatch('1')).toBe('expected an integer in [0, 2), got a string');
    expect(new Discrete(2).explainMismatch(1)).toBeNull();
  });

  it('samples every element, uniformly, and only elements', () => {
    const space = new Discrete(4, 10);
    const rng = new Rng(3);
    const counts = new Map<number, number>();
    for (let i = 0; i < 4000; i++) {
      const x = space.sample(rng);
      counts.set(x, (counts.get(x) ?? 0) + 1);
    }
    expect([...counts.keys()].sort()).toEqual([10, 11, 12, 13]);
    for (const c of counts.values()) expect(Math.abs(c - 1000)).toBeLessThan(150);
  });

  it('samples deterministically from a seeded Rng', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 50 }), fc.integer({ min: -5, max: 5 }), fc.nat(1000), (n, start, seed) => {
        const space = new Discrete(n, start);
        const r1 = new Rng(seed);
        const r2 = new Rng(seed);
        const xs = Array.from({ length: 5 }, () => space.sample(r1));
        expect(xs).toEqual(Array.from({ length: 5 }, () => space.sample(r2)));
        expect(xs.every((x) => space.contains(x))).toBe(true);
      }),
      { numRuns: 50 },
    );
  });

  it('flattens to one-hot', () => {
    expect(Array.from(new Discrete(3, 1).flatten(2))).toEqual([0, 1, 0]);
    const out = new Float32Array(5).fill(9);
    new Discrete(3).flatten(0, out, 1);
    expect(Array.from(out)).toEqual([9, 1, 0, 0, 9]);
  });

  it('compares, prints and round-trips through JSON', () => {
    const space = new Discrete(5, 2);
    expect(space.equals(new Discrete(5, 2))).toBe(true);
    expect(space.equals(new Discrete(5))).toBe(false);
    expect(new Discrete(2).toString()).toBe('Discrete(2)');
    expect(space.toString()).toBe('Discrete(5, start=2)');
    expect(spaceFromJSON(JSON.parse(JSON.stringify(space))).equals(space)).toBe(true);
    expect(space.shape).toEqual([]);
    expect(space.flatDim).toBe(5);
  });

  it('rejects invalid parameters', () => {
    expect(() => new Discrete(0)).toThrow('Discrete: n must be a positive integer, got 0');
    expect(() => new Discrete(2.5)).toThrow('positive integer');
    expect(() => new Discrete(2, 0.5)).toThrow('start must be an integer');
  });
});
