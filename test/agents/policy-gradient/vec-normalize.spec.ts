import { describe, expect, it } from 'vitest';
import { VecNormalize } from '../../../agents/policy-gradient/vec-normalize.js';

/** SB3's RunningMeanStd.update_from_moments, the oracle for the sequential updates. */
function batchMoments(prior: { mean: number; var: number; count: number }, xs: readonly number[]): { mean: number; var: number; count: number } {
  const n = xs.length;
  const batchMean = xs.reduce((a, b) => a + b, 0) / n;
  const batchVar = xs.reduce((a, b) => a + (b - batchMean) ** 2, 0) / n;
  const delta = batchMean - prior.mean;
  const total = prior.count + n;
  const m2 = prior.var * prior.count + batchVar * n + (delta * delta * prior.count * n) / total;
  return { mean: prior.mean + (delta * n) / total, var: m2 / total, count: total };
}

describe('VecNormalize', () => {
  const options = { observationSize: 2, numEnvs: 2, normalizeObservation: true, normalizeReward: true, gamma: 0.5, clipObservation: 10, clipReward: 10 };

  it('normalizes observations with statistics shared by all copies (SB3 VecNormalize)', () => {
    const norm = new VecNormalize(options);
    const out = norm.observations(Float32Array.of(1, 2, 3, 4), true);
    const prior = { mean: 0, var: 1, count: 1e-4 };
    const d0 = batchMoments(prior, [1, 3]);
    const d1 = batchMoments(prior, [2, 4]);
    const expected = [(1 - d0.mean) / Math.sqrt(d0.var + 1e-8), (2 - d1.mean) / Math.sqrt(d1.var + 1e-8), (3 - d0.mean) / Math.sqrt(d0.var + 1e-8), (4 - d1.mean) / Math.sqrt(d1.var + 1e-8)];
    expect(Array.from(out)).toEqual(expected.map((v) => expect.closeTo(v, 5)));
    // Frozen statistics (evaluation) leave the state unchanged; far values are clipped.
    const before = norm.getState();
    expect(Array.from(norm.observations(Float32Array.of(1000, -1000), false))).toEqual([10, -10]);
    expect(norm.getState()).toEqual(before);
  });

  it('scales rewards by the std of the running discounted return and resets it at episode ends', () => {
    const norm = new VecNormalize(options);
    const first = norm.rewards([1, 2], [false, true]);
    let stats = batchMoments({ mean: 0, var: 1, count: 1e-4 }, [1, 2]);
    expect(Array.from(first)).toEqual([1, 2].map((r) => expect.closeTo(r / Math.sqrt(stats.var + 1e-8), 6)));
    // Copy 0 keeps its return (1 * 0.5 + 1); copy 1's episode ended, so it restarts at 3.
    const second = norm.rewards([1, 3], [false, false]);
    stats = batchMoments(stats, [1.5, 3]);
    expect(Array.from(second)).toEqual([1, 3].map((r) => expect.closeTo(r / Math.sqrt(stats.var + 1e-8), 6)));
    expect(norm.getState().returns).toEqual([1.5, 3]);
  });

  it('passes data through when off, and restores its state exactly', () => {
    const off = new VecNormalize({ ...options, normalizeObservation: false, normalizeReward: false });
    const batch = Float32Array.of(5, 6);
    expect(off.observations(batch, true)).toBe(batch);
    expect(off.rewards([7, 8], [true, true])).toEqual([7, 8]);
    const a = new VecNormalize(options);
    a.observations(Float32Array.of(1, 2, 3, 4), true);
    a.rewards([1, -1], [false, false]);
    const b = new VecNormalize(options);
    b.setState(JSON.parse(JSON.stringify(a.getState())));
    expect(b.observations(Float32Array.of(0.5, 0.5), false)).toEqual(a.observations(Float32Array.of(0.5, 0.5), false));
    expect(b.rewards([2, 2], [false, false])).toEqual(a.rewards([2, 2], [false, false]));
    expect(() => b.setState({ ...a.getState(), returns: [0] })).toThrow(/2 numbers \(one per env copy\)/);
  });
});
