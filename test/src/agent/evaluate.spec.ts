import { describe, expect, it } from 'vitest';
import { evaluate } from '../../../src/agent/evaluate.js';
import { SlipperyCorridor } from '../loop/fixtures.js';

describe('evaluate', () => {
  it('runs greedy episodes and reports their returns with mean and population std', () => {
    const env = new SlipperyCorridor();
    const result = evaluate({ predict: () => 1 }, env, { episodes: 5, seed: 11 });
    expect(result.returns).toHaveLength(5);
    expect(env.resets).toBe(5);
    // Each episode ends at the goal: return = 1 - 0.1 * (length - 1).
    result.returns.forEach((r, i) => expect(r).toBeCloseTo(1 - 0.1 * (result.lengths[i]! - 1), 12));
    const mean = result.returns.reduce((a, b) => a + b) / 5;
    expect(result.meanReturn).toBeCloseTo(mean, 12);
    expect(result.stdReturn).toBeCloseTo(Math.sqrt(result.returns.reduce((a, r) => a + (r - mean) ** 2, 0) / 5), 12);
    expect(evaluate({ predict: () => 1 }, new SlipperyCorridor(), { episodes: 5, seed: 11 })).toEqual(result);
  });

  it('truncates at maxEpisodeSteps and validates its options', () => {
    const stuck = evaluate({ predict: () => 0 }, new SlipperyCorridor(), { episodes: 2, seed: 0, maxEpisodeSteps: 7 });
    expect(stuck.lengths).toEqual([7, 7]);
    expect(stuck.meanReturn).toBeCloseTo(-0.7, 12);
    expect(() => evaluate({ predict: () => 0 }, new SlipperyCorridor(), { episodes: 0, seed: 0 })).toThrow(/episodes must be a positive integer/);
  });
});
