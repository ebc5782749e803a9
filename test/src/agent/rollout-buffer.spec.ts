import { describe, expect, it } from 'vitest';
import { RolloutBuffer } from '../../../src/agent/rollout-buffer.js';
import { Rng } from '../../../src/random/rng.js';

/** Two envs, three steps; rows are step-major. Hand-computed GAE with gamma 0.9, lambda 0.8. */
function example(): RolloutBuffer {
  const buffer = new RolloutBuffer({ numSteps: 3, numEnvs: 2, observationShape: [2], gamma: 0.9, gaeLambda: 0.8 });
  const env0 = { rewards: [1, 0, 2], values: [0.5, 1.0, 1.5], dones: [false, true, false] };
  const env1 = { rewards: [0, 0, 0], values: [1, 1, 1], dones: [false, false, true] };
  for (let t = 0; t < 3; t++) {
    for (const [e, env] of [env0, env1].entries()) {
      buffer.add({ observation: Float32Array.of(t, e), action: e, reward: env.rewards[t]!, done: env.dones[t]!, value: env.values[t]!, logProb: -t });
    }
  }
  return buffer;
}

describe('RolloutBuffer', () => {
  it('computes GAE(lambda) advantages and returns as worked out by hand', () => {
    const buffer = example();
    expect(buffer.full).toBe(true);
    buffer.computeReturnsAndAdvantages([2.0, 5.0]);
    // env 0: t2: 2 + .9*2 - 1.5 = 2.3 | t1 (done): 0 - 1 = -1 | t0: 1 + .9*1 - .5 + .72*(-1) = 0.68
    // env 1: t2 (done): -1 | t1: .9 - 1 + .72*(-1) = -0.82 | t0: -0.1 + .72*(-0.82) = -0.6904
    const expectedAdvantages = [0.68, -0.6904, -1.0, -0.82, 2.3, -1.0];
    const expectedReturns = [1.18, 0.3096, 0.0, 0.18, 3.8, 0.0];
    Array.from(buffer.advantages).forEach((a, i) => expect(a).toBeCloseTo(expectedAdvantages[i]!, 6));
    Array.from(buffer.returns).forEach((r, i) => expect(r).toBeCloseTo(expectedReturns[i]!, 6));
  });

  it('lambda 1 gives discounted returns minus values; lambda 0 gives one-step TD errors', () => {
    for (const gaeLambda of [0, 1]) {
      const buffer = new RolloutBuffer({ numSteps: 4, numEnvs: 1, observationShape: [], gamma: 0.5, gaeLambda });
      const rewards = [1, 2, 3, 4];
      const values = [0.1, 0.2, 0.3, 0.4];
      rewards.forEach((reward, t) => buffer.add({ observation: t, action: 0, reward, done: false, value: values[t]!, logProb: 0 }));
      buffer.computeReturnsAndAdvantages([8]);
      const next = [...values.slice(1), 8];
      const expected =
        gaeLambda === 0
          ? rewards.map((r, t) => r + 0.5 * next[t]! - values[t]!)
          : rewards.map((_, t) => rewards.slice(t).reduce((acc, r, k) => acc + r * 0.5 ** k, 0) + 8 * 0.5 ** (4 - t) - values[t]!);
      Array.from(buffer.advantages).forEach((a, t) => expect(a).toBeCloseTo(expected[t]!, 5));
    }
  });

  it('yields every row once per pass, in seeded shuffled minibatches', () => {
    const buffer = example();
    buffer.computeReturnsAndAdvantages([2.0, 5.0]);
    const batches = [...buffer.minibatches(4, new Rng(1))];
    expect(batches.map((b) => b.observations.shape)).toEqual([[4, 2], [2, 2]]);
    const rows = batches.flatMap((b) => Array.from({ length: b.actions.size }, (_, i) => `${b.observations.data[2 * i]},${b.observations.data[2 * i + 1]}`));
    expect(rows.sort()).toEqual(['0,0', '0,1', '1,0', '1,1', '2,0', '2,1']);
    const again = [...buffer.minibatches(4, new Rng(1))];
    expect(again[0]!.advantages.data).toEqual(batches[0]!.advantages.data);
    // Columns stay aligned: advantage + value = return on every row.
    for (const b of batches) for (let i = 0; i < b.values.size; i++) expect(b.advantages.data[i]! + b.values.data[i]!).toBeCloseTo(b.returns.data[i]!, 6);
  });

  it('refuses misuse: overfilling, advantages before computing, wrong lastValues', () => {
    const buffer = example();
    expect(() => buffer.add({ observation: Float32Array.of(0, 0), action: 0, reward: 0, done: false, value: 0, logProb: 0 })).toThrow(/full/);
    expect(() => buffer.advantages).toThrow(/call computeReturnsAndAdvantages/);
    expect(() => buffer.computeReturnsAndAdvantages([1])).toThrow(/lastValues has 1 values, expected one per env \(2\)/);
    buffer.reset();
    expect(buffer.size).toBe(0);
    expect(() => new RolloutBuffer({ numSteps: 0, numEnvs: 1, observationShape: [], gamma: 0.9, gaeLambda: 0.9 })).toThrow(/numSteps must be a positive integer/);
  });

  it('round-trips a partial rollout through getState/setState', () => {
    const source = new RolloutBuffer({ numSteps: 3, numEnvs: 2, observationShape: [2], gamma: 0.9, gaeLambda: 0.8 });
    source.add({ observation: Float32Array.of(1, 2), action: 1, reward: 0.5, done: true, value: 0.25, logProb: -0.7 });
    const copy = new RolloutBuffer({ numSteps: 3, numEnvs: 2, observationShape: [2], gamma: 0.9, gaeLambda: 0.8 });
    copy.setState(source.getState());
    expect(copy.size).toBe(1);
    expect(copy.getState()).toEqual(source.getState());
  });
});
