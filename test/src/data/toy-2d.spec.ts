import { describe, expect, it } from 'vitest';
import { GRID_25, GRID_25_SIGMA, RING_8, RING_8_SIGMA, grid25, ring8, sampleToy2d, toy2dSource, type Toy2dDistribution } from '../../../src/data/toy-2d.js';
import { ConfigError } from '../../../src/errors.js';
import { Rng } from '../../../src/random/rng.js';

function nearestMode(x: number, y: number, centers: Toy2dDistribution['centers']): number {
  let best = 0;
  let bestDistance = Infinity;
  centers.forEach(([cx, cy], k) => {
    const d = (x - cx) ** 2 + (y - cy) ** 2;
    if (d < bestDistance) {
      bestDistance = d;
      best = k;
    }
  });
  return best;
}

describe('toy 2-D distributions', () => {
  it('ring-8 has 8 unit-circle modes 45 degrees apart, sigma 0.01', () => {
    expect(RING_8.sigma).toBe(RING_8_SIGMA);
    expect(RING_8_SIGMA).toBe(0.01);
    expect(RING_8.centers).toHaveLength(8);
    expect(RING_8.centers[0]).toEqual([1, 0]);
    expect(RING_8.centers[2]![0]).toBeCloseTo(0, 15);
    expect(RING_8.centers[2]![1]).toBe(1);
    expect(RING_8.centers[1]![0]).toBeCloseTo(Math.SQRT1_2, 15);
    for (const [x, y] of RING_8.centers) expect(Math.hypot(x, y)).toBeCloseTo(1, 15);
  });

  it('grid-25 has modes at {-4, -2, 0, 2, 4}^2, sigma 0.05', () => {
    expect(GRID_25_SIGMA).toBe(0.05);
    const want = [-4, -2, 0, 2, 4].flatMap((x) => [-4, -2, 0, 2, 4].map((y) => [x, y]));
    expect(GRID_25.centers.map((c) => [...c])).toEqual(want);
  });

  for (const distribution of [RING_8, GRID_25]) {
    it(`${distribution.id}: samples sit on their labelled mode with the right spread`, () => {
      const n = 4000;
      const { inputs, labels } = sampleToy2d(distribution, n, new Rng(1).child('sample'));
      expect(inputs.shape).toEqual([n, 2]);
      const { centers, sigma } = distribution;
      const counts = new Array<number>(centers.length).fill(0);
      let scaledSquares = 0;
      for (let i = 0; i < n; i++) {
        const mode = labels![i]!;
        counts[mode]!++;
        const [cx, cy] = centers[mode]!;
        const dx = inputs.data[2 * i]! - cx;
        const dy = inputs.data[2 * i + 1]! - cy;
        expect(Math.max(Math.abs(dx), Math.abs(dy))).toBeLessThan(6 * sigma);
        expect(nearestMode(inputs.data[2 * i]!, inputs.data[2 * i + 1]!, centers)).toBe(mode);
        scaledSquares += (dx * dx + dy * dy) / (sigma * sigma);
      }
      // (dx² + dy²) / sigma² is chi-square with 2 degrees of freedom: mean 2, sd of the mean 2/sqrt(n) ≈ 0.03.
      expect(scaledSquares / n).toBeGreaterThan(1.85);
      expect(scaledSquares / n).toBeLessThan(2.15);
      // Modes are chosen uniformly: every count within 5 sd of n / K.
      const expected = n / centers.length;
      const sd = Math.sqrt(n * (1 / centers.length) * (1 - 1 / centers.length));
      for (const count of counts) expect(Math.abs(count - expected)).toBeLessThan(5 * sd);
    });
  }

  it('sampling is a function of the rng state', () => {
    const a = sampleToy2d(RING_8, 10, new Rng(3));
    const b = sampleToy2d(RING_8, 10, new Rng(3));
    const c = sampleToy2d(RING_8, 10, new Rng(4));
    expect(Array.from(b.inputs.data)).toEqual(Array.from(a.inputs.data));
    expect(Array.from(c.inputs.data)).not.toEqual(Array.from(a.inputs.data));
    expect(() => sampleToy2d(RING_8, -1, new Rng(0))).toThrow(ConfigError);
  });
});

describe('toy 2-D sources', () => {
  it('hold a finite training set (10,000 by default) and an unbounded sample', () => {
    const source = ring8();
    expect(source.id).toBe('ring-8');
    expect(source.train.size).toBe(10_000);
    expect(source.train.inputShape).toEqual([2]);
    expect(source.train.numClasses).toBe(8);
    expect(source.test).toBeUndefined();
    const fresh = source.sample!(5, new Rng(0));
    expect(fresh.inputs.shape).toEqual([5, 2]);
    expect(grid25({ trainSize: 10 }).train.numClasses).toBe(25);
  });

  it('draw the training set from the named child of the seed, else of the rng passed', () => {
    const fromSeed = ring8({ trainSize: 20, seed: 5 });
    const expected = sampleToy2d(RING_8, 20, new Rng(5).child('ring-8/train'));
    expect(Array.from(fromSeed.train.batch(Array.from({ length: 20 }, (_, i) => i)).inputs.data)).toEqual(Array.from(expected.inputs.data));
    expect(Array.from(fromSeed.train.labels!)).toEqual(Array.from(expected.labels!));

    const rng = new Rng(8);
    const fromRng = toy2dSource(GRID_25, { trainSize: 20 }, rng);
    const fromRngAgain = toy2dSource(GRID_25, { trainSize: 20 }, new Rng(8));
    expect(Array.from(fromRng.train.batch([0, 19]).inputs.data)).toEqual(Array.from(fromRngAgain.train.batch([0, 19]).inputs.data));
    const direct = sampleToy2d(GRID_25, 20, new Rng(8).child('grid-25/train')).inputs;
    expect(Array.from(fromRng.train.batch([0, 19]).inputs.data)).toEqual([direct.get(0, 0), direct.get(0, 1), direct.get(19, 0), direct.get(19, 1)]);
    // An explicit seed wins over the rng; another seed gives other points.
    expect(Array.from(ring8({ trainSize: 20, seed: 5 }, new Rng(99)).train.labels!)).toEqual(Array.from(expected.labels!));
    expect(Array.from(ring8({ trainSize: 20, seed: 6 }).train.batch([0]).inputs.data)).not.toEqual(Array.from(fromSeed.train.batch([0]).inputs.data));
  });

  it('reject a bad training-set size', () => {
    expect(() => ring8({ trainSize: 0 })).toThrow(/ring-8: trainSize must be a positive integer/);
  });
});
