import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Rng } from '../../../src/random/rng.js';
import { ConfigError } from '../../../src/errors.js';

describe('Rng', () => {
  it('matches the xoshiro128** reference vectors for state [1, 2, 3, 4]', () => {
    // From the reference C implementation (also rand_xoshiro's test vector).
    const rng = Rng.fromRawState([1, 2, 3, 4]);
    const got = Array.from({ length: 10 }, () => rng.nextUint32());
    expect(got).toEqual([11520, 0, 5927040, 70819200, 2031721883, 1637235492, 1287239034, 3734860849, 3729100597, 4258142804]);
  });

  it('is a pure function of its seed (pinned first outputs)', () => {
    const a = new Rng(42);
    const b = new Rng(42);
    const xs = Array.from({ length: 5 }, () => a.nextUint32());
    expect(xs).toEqual(Array.from({ length: 5 }, () => b.nextUint32()));
    // Pinned so that a change of the seeding scheme (which would change every experiment) is caught.
    expect(new Rng(42).uniform()).toBe(0.6217866699266862);
    expect(new Rng(0).nextUint32()).not.toBe(new Rng(1).nextUint32());
  });

  it('children depend on the name and the seed, not on the parent draws', () => {
    const parent = new Rng(7);
    const env1 = parent.child('env').nextUint32();
    parent.nextUint32();
    parent.normal();
    expect(parent.child('env').nextUint32()).toBe(env1);
    expect(parent.child('agent').nextUint32()).not.toBe(env1);
    expect(new Rng(8).child('env').nextUint32()).not.toBe(env1);
    // Nested children are distinct from flat ones.
    expect(parent.child('env').child('env').nextUint32()).not.toBe(env1);
  });

  it('child streams look independent (low correlation between siblings)', () => {
    const a = new Rng(3).child('a');
    const b = new Rng(3).child('b');
    const n = 20000;
    let sab = 0;
    let sa = 0;
    let sb = 0;
    for (let i = 0; i < n; i++) {
      const x = a.uniform() - 0.5;
      const y = b.uniform() - 0.5;
      sab += x * y;
      sa += x * x;
      sb += y * y;
    }
    expect(Math.abs(sab / Math.sqrt(sa * sb))).toBeLessThan(0.03);
  });

  it('save and restore continues the exact stream, including the cached normal', () => {
    const rng = new Rng(11);
    rng.normal();
    const state = JSON.parse(JSON.stringify(rng.getState()));
    const expected = [rng.normal(), rng.uniform(), rng.int(100), rng.nextUint32()];
    const restored = Rng.fromState(state);
    expect([restored.normal(), restored.uniform(), restored.int(100), restored.nextUint32()]).toEqual(expected);
    // A restored generator's children match the original's.
    expect(restored.child('x').nextUint32()).toBe(rng.child('x').nextUint32());
  });

  it('rejects malformed seeds and states', () => {
    expect(() => new Rng(-1)).toThrow(ConfigError);
    expect(() => new Rng(1.5)).toThrow(/non-negative safe integer/);
    expect(() => Rng.fromState({ s: [0, 0, 0, 0], key: [1, 2, 3, 4], spareNormal: null })).toThrow(/all zeros/);
    expect(() => Rng.fromState({ s: [1, 2, 3, 2 ** 32], key: [1, 2, 3, 4], spareNormal: null })).toThrow(/unsigned 32-bit/);
  });

  it('draws stay in range (property)', () => {
    fc.assert(
      fc.property(fc.nat(), fc.integer({ min: -1000, max: 1000 }), fc.integer({ min: 1, max: 5000 }), (seed, low, span) => {
        const rng = new Rng(seed);
        for (let i = 0; i < 20; i++) {
          const k = rng.int(low, low + span);
          if (k < low || k >= low + span || !Number.isInteger(k)) return false;
          const u = rng.uniform(low, low + span);
          if (u < low || u >= low + span) return false;
        }
        return true;
      }),
      { numRuns: 200 },
    );
  });

  it('int is unbiased and uniform/normal have the right moments', () => {
    const rng = new Rng(5);
    const counts = new Array(6).fill(0);
    const n = 60000;
    for (let i = 0; i < n; i++) counts[rng.int(6)]++;
    for (const c of counts) expect(Math.abs(c - n / 6)).toBeLessThan(5 * Math.sqrt(n / 6));
    let sum = 0;
    let sq = 0;
    for (let i = 0; i < n; i++) {
      const z = rng.normal(2, 3);
      sum += z;
      sq += z * z;
    }
    const mean = sum / n;
    expect(mean).toBeCloseTo(2, 1);
    expect(Math.sqrt(sq / n - mean * mean)).toBeCloseTo(3, 1);
  });

  it('categorical follows the weights and rejects bad ones', () => {
    const rng = new Rng(9);
    const counts = [0, 0, 0];
    for (let i = 0; i < 30000; i++) counts[rng.categorical([1, 0, 3])]!++;
    expect(counts[1]).toBe(0);
    expect(counts[2]! / counts[0]!).toBeGreaterThan(2.7);
    expect(counts[2]! / counts[0]!).toBeLessThan(3.3);
    expect(() => rng.categorical([0, 0])).toThrow(/sum to zero/);
    expect(() => rng.categorical([1, Number.NaN])).toThrow(/weight 1/);
  });

  it('shuffle and permutation produce permutations; choice picks members', () => {
    const rng = new Rng(1);
    const p = rng.permutation(50);
    expect([...p].sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    const items = ['a', 'b', 'c'];
    expect(items).toContain(rng.choice(items));
    expect(() => rng.choice([])).toThrow(/empty/);
    const arr = rng.shuffle([1, 2, 3, 4, 5]);
    expect([...arr].sort()).toEqual([1, 2, 3, 4, 5]);
  });
});
