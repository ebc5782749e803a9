import { describe, expect, it } from 'vitest';
import { Env, type ResetResult, type StepResult } from '../../../../src/env/env.js';
import { NormalizeObservation } from '../../../../src/env/wrappers/normalize-observation.js';
import { NormalizeReward } from '../../../../src/env/wrappers/normalize-reward.js';
import { RunningMeanStd } from '../../../../src/env/wrappers/running-mean-std.js';
import { Box } from '../../../../src/spaces/box.js';
import { Discrete } from '../../../../src/spaces/discrete.js';

/** Emits a fixed list of observations and rewards. */
class ScriptEnv extends Env<Float32Array, number> {
  readonly observationSpace = new Box(-100, 100, [2]);
  readonly actionSpace = new Discrete(1);
  private t = 0;
  constructor(
    private readonly observations: number[][],
    private readonly rewards: number[] = [],
    private readonly terminateAt = -1,
  ) {
    super();
  }
  reset(): ResetResult<Float32Array> {
    this.t = 0;
    return { observation: Float32Array.from(this.observations[0]!), info: {} };
  }
  step(): StepResult<Float32Array> {
    this.t++;
    return { observation: Float32Array.from(this.observations[this.t]!), reward: this.rewards[this.t - 1] ?? 0, terminated: this.t === this.terminateAt, truncated: false, info: {} };
  }
}

/** Gymnasium's RunningMeanStd update on batches of one, written out as the reference. */
function reference(samples: number[]): { mean: number; var: number; count: number } {
  let mean = 0;
  let variance = 1;
  let count = 1e-4;
  for (const x of samples) {
    const delta = x - mean;
    const total = count + 1;
    const newMean = mean + (delta * 1) / total;
    const m2 = variance * count + 0 * 1 + ((delta * delta * count * 1) / total);
    mean = newMean;
    variance = m2 / total;
    count = total;
  }
  return { mean, var: variance, count };
}

describe('RunningMeanStd', () => {
  it('matches Gymnasium update_mean_var_count_from_moments and converges to the sample moments', () => {
    const samples = [3, -1, 4, 1, -5, 9, 2, 6];
    const rms = new RunningMeanStd(1);
    for (const x of samples) rms.update([x]);
    const ref = reference(samples);
    expect(rms.mean[0]).toBeCloseTo(ref.mean, 12);
    expect(rms.var[0]).toBeCloseTo(ref.var, 12);
    const mean = samples.reduce((a, b) => a + b) / samples.length;
    expect(rms.mean[0]).toBeCloseTo(mean, 3);
    expect(rms.var[0]).toBeCloseTo(samples.reduce((a, b) => a + (b - mean) ** 2, 0) / samples.length, 3);
  });
});

describe('NormalizeObservation', () => {
  it('updates first, then returns (obs - mean) / sqrt(var + eps) as float32', () => {
    const env = new NormalizeObservation(new ScriptEnv([[2, -4], [4, 0]]));
    const first = env.reset().observation;
    // After one sample x: mean = x * 1/(1 + 1e-4), var = 1e-4 / (1 + 1e-4) * (1 + x^2/(1 + 1e-4)).
    const c = 1e-4;
    const mean = (2 * 1) / (c + 1);
    const variance = (1 * c + (2 * 2 * c) / (c + 1)) / (c + 1);
    expect(first[0]).toBe(Math.fround((2 - mean) / Math.sqrt(variance + 1e-8)));
    expect(first).toBeInstanceOf(Float32Array);
    expect(env.observationSpace.toString()).toBe('Box(-inf, inf, (2,), float32)');
  });

  it('freezes with update = false and restores statistics with setStatistics', () => {
    const train = new NormalizeObservation(new ScriptEnv([[1, 1], [3, 5], [5, 9]]));
    train.reset();
    train.step(0);
    train.step(0);
    const state = JSON.parse(JSON.stringify(train.getStatistics()));
    const evalEnv = new NormalizeObservation(new ScriptEnv([[1, 1], [3, 5], [5, 9]]));
    evalEnv.setStatistics(state);
    evalEnv.update = false;
    const a = evalEnv.reset().observation;
    const b = evalEnv.reset().observation;
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(evalEnv.getStatistics()).toEqual(state);
    expect(() => evalEnv.setStatistics({ mean: [0], var: [1], count: 1 })).toThrow('NormalizeObservation(ScriptEnv).setState: expected mean and var of length 2, got 1 and 1');
  });
});

describe('NormalizeReward', () => {
  it('scales by the std of the discounted return, which termination resets', () => {
    const env = new NormalizeReward(new ScriptEnv([[0, 0], [0, 0], [0, 0], [0, 0]], [1, 2, 3], 2), 0.5);
    env.reset();
    const rms = new RunningMeanStd(1);
    const expected: number[] = [];
    let g = 0;
    [
      [1, false],
      [2, true],
      [3, false],
    ].forEach(([r, term]) => {
      g = g * 0.5 * (term ? 0 : 1) + (r as number);
      rms.update([g]);
      expected.push((r as number) / Math.sqrt(rms.var[0]! + 1e-8));
    });
    const got = [env.step(0).reward, env.step(0).reward, env.step(0).reward];
    expect(got).toEqual(expected);
    expect(env.getStatistics().discountedReturn).toBe(2 * 0.5 + 3);
  });

  it('round-trips its state and can freeze', () => {
    const env = new NormalizeReward(new ScriptEnv([[0, 0], [0, 0], [0, 0]], [2, 2]));
    env.reset();
    env.step(0);
    const state = env.getStatistics();
    env.update = false;
    const frozen = env.step(0).reward;
    expect(frozen).toBe(2 / Math.sqrt(state.var[0]! + 1e-8));
    env.setStatistics(state);
    expect(env.getStatistics()).toEqual(state);
    expect(() => new NormalizeReward(new ScriptEnv([[0, 0]]), 1.5)).toThrow('NormalizeReward(ScriptEnv): gamma must be in [0, 1], got 1.5');
  });
});
