import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SumTree } from '../../../agents/dqn/sum-tree.js';
import { ConfigError } from '../../../src/errors.js';
import { Rng } from '../../../src/random/rng.js';

/** The leaf a linear scan of prefix sums assigns to `mass` (the oracle of `find`). */
function scan(values: readonly number[], mass: number): number {
  let sum = 0;
  let last = -1;
  for (let i = 0; i < values.length; i++) {
    if (values[i]! === 0) continue;
    last = i;
    sum += values[i]!;
    if (mass < sum) return i;
  }
  return last;
}

describe('SumTree', () => {
  it('keeps the total and the minimum, and finds leaves by prefix sums', () => {
    const tree = new SumTree(5);
    [3, 0, 1, 4, 2].forEach((v, i) => tree.set(i, v));
    expect(tree.total).toBe(10);
    expect(tree.min).toBe(0);
    // Intervals: leaf 0 [0, 3), leaf 1 empty, leaf 2 [3, 4), leaf 3 [4, 8), leaf 4 [8, 10).
    expect([0, 2.999, 3, 3.5, 4, 7.99, 8, 9.99].map((m) => tree.find(m))).toEqual([0, 0, 2, 2, 3, 3, 4, 4]);
    // Rounding past the total lands on the last positive leaf, never an empty one.
    expect(tree.find(10)).toBe(4);
    tree.set(4, 0);
    expect(tree.find(9.5)).toBe(3);
    tree.set(1, 0.5);
    expect(tree.get(1)).toBe(0.5);
    expect(tree.total).toBe(8.5);
  });

  it('agrees with a linear scan and a plain minimum for any leaves (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.constant(0), fc.double({ min: 0.001, max: 100, noNaN: true })), { minLength: 1, maxLength: 40 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (values, u) => {
          const tree = new SumTree(values.length);
          values.forEach((v, i) => tree.set(i, v));
          const total = values.reduce((a, b) => a + b, 0);
          expect(tree.total).toBeCloseTo(total, 9);
          expect(tree.min).toBe(Math.min(...values));
          if (total === 0) {
            expect(() => tree.find(0)).toThrow(ConfigError);
            return;
          }
          const mass = u * tree.total;
          const leaf = tree.find(mass);
          expect(values[leaf]).toBeGreaterThan(0);
          // Float64 sums may put a mass that sits exactly on a boundary into either neighbour.
          const expected = scan(values, mass);
          if (leaf !== expected) expect(Math.abs(values.slice(0, Math.max(leaf, expected)).reduce((a, b) => a + b, 0) - mass)).toBeLessThan(1e-9);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('draws leaves in proportion to their values', () => {
    const values = [1, 2, 0, 5, 2];
    const tree = new SumTree(values.length);
    values.forEach((v, i) => tree.set(i, v));
    const rng = new Rng(4);
    const counts = new Array<number>(values.length).fill(0);
    const draws = 50_000;
    for (let i = 0; i < draws; i++) counts[tree.find(rng.nextFloat() * tree.total)]!++;
    // Binomial standard deviations are below 0.0022 here; 0.01 is 4.5 of them.
    counts.forEach((c, i) => expect(Math.abs(c / draws - values[i]! / 10)).toBeLessThan(0.01));
    expect(counts[2]).toBe(0);
  });

  it('refuses bad leaves and values', () => {
    expect(() => new SumTree(0)).toThrow(/capacity must be a positive integer/);
    const tree = new SumTree(3);
    expect(() => tree.set(3, 1)).toThrow(/leaf 3 is outside \[0, 3\)/);
    expect(() => tree.set(0, -1)).toThrow(/finite and >= 0/);
    expect(() => tree.set(0, NaN)).toThrow(ConfigError);
    expect(() => tree.find(0)).toThrow(/every leaf is 0/);
    tree.set(2, 1);
    tree.clear();
    expect(tree.total).toBe(0);
    expect(tree.min).toBe(Infinity);
  });
});
