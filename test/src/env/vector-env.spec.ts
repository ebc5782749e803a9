import { describe, expect, it } from 'vitest';
import { Env, type ResetResult, type StepResult } from '../../../src/env/env.js';
import { InvalidActionError, ResetNeededError } from '../../../src/env/env-errors.js';
import { VectorEnv } from '../../../src/env/vector-env.js';
import { RecordEpisodeStatistics } from '../../../src/env/wrappers/record-episode-statistics.js';
import { TimeLimit } from '../../../src/env/wrappers/time-limit.js';
import { Box } from '../../../src/spaces/box.js';
import { Discrete } from '../../../src/spaces/discrete.js';
import { WalkEnv } from './test-envs.js';

describe('VectorEnv', () => {
  it('seeds copy i with seed + i and stacks Box observations', () => {
    const venv = VectorEnv.fromFactory(3, () => new WalkEnv());
    const { observations, observationBatch, infos } = venv.reset({ seed: 10 });
    const singles = [10, 11, 12].map((seed) => new WalkEnv().reset({ seed }).observation);
    expect(observations.map((o) => Array.from(o))).toEqual(singles.map((o) => Array.from(o)));
    expect(Array.from(observationBatch!)).toEqual(singles.flatMap((o) => Array.from(o)));
    expect(infos).toEqual([{ resets: 1 }, { resets: 1 }, { resets: 1 }]);
    expect(venv.observationSize).toBe(2);
  });

  it('first reset without a seed seeds copies 0..n-1 so they differ; later ones continue the streams', () => {
    const a = VectorEnv.fromFactory(2, () => new WalkEnv());
    const b = VectorEnv.fromFactory(2, () => new WalkEnv());
    const first = a.reset().observations;
    expect(first.map((o) => o[1])).toEqual(b.reset({ seed: 0 }).observations.map((o) => o[1]));
    expect(first[0]![1]).not.toBe(first[1]![1]);
    expect(a.reset().observations.map((o) => o[1])).toEqual(b.reset().observations.map((o) => o[1]));
  });

  it('autoresets on the same step: observation is the new episode, the final one is in info', () => {
    const venv = new VectorEnv([new WalkEnv(1), new WalkEnv(5)]);
    venv.reset({ seed: 0 });
    const step = venv.step([1, 1]);
    expect(step.terminated).toEqual([true, false]);
    expect(Array.from(step.rewards)).toEqual([1, 1]);
    const info0 = step.infos[0]!;
    expect(info0.finalObservation![0]).toBe(1);
    expect(step.observations[0]![0]).toBe(0);
    expect(info0.resetInfo).toEqual({ resets: 2 });
    expect(info0['position']).toBe(1);
    expect(step.infos[1]!.finalObservation).toBeUndefined();
    expect(step.observations[1]![0]).toBe(1);
    expect(Array.from(step.observationBatch!.subarray(0, 2))).toEqual(Array.from(step.observations[0]!));
  });

  it('autoresets on truncation too and carries RecordEpisodeStatistics into the final info', () => {
    const venv = VectorEnv.fromFactory(2, () => new RecordEpisodeStatistics(new TimeLimit(new WalkEnv(100), 2)));
    venv.reset({ seed: 1 });
    venv.step([1, 0]);
    const step = venv.step([1, 0]);
    expect(step.truncated).toEqual([true, true]);
    expect(step.infos.map((i) => i['episode'])).toEqual([{ return: 2, length: 2 }, { return: 0, length: 2 }]);
    expect(step.infos.map((i) => i.finalObservation![0])).toEqual([2, -2]);
    expect(step.observations.map((o) => o[0])).toEqual([0, 0]);
  });

  it('is equivalent to stepping the copies by hand with manual resets (reference oracle)', () => {
    const venv = VectorEnv.fromFactory(3, (i) => new WalkEnv(2 + i));
    const manual = [0, 1, 2].map((i) => new WalkEnv(2 + i));
    venv.reset({ seed: 5 });
    manual.forEach((env, i) => env.reset({ seed: 5 + i }));
    for (let t = 0; t < 30; t++) {
      const actions = [t % 2, (t >> 1) % 2, 1];
      const step = venv.step(actions);
      manual.forEach((env, i) => {
        let r = env.step(actions[i]!);
        expect(step.rewards[i]).toBe(r.reward);
        expect(step.terminated[i]).toBe(r.terminated);
        if (r.terminated) {
          expect(Array.from(step.infos[i]!.finalObservation!)).toEqual(Array.from(r.observation));
          r = { ...r, observation: env.reset().observation };
        }
        expect(Array.from(step.observations[i]!)).toEqual(Array.from(r.observation));
      });
    }
  });

  it('rejects misuse with clear errors', () => {
    const venv = VectorEnv.fromFactory(2, () => new WalkEnv());
    expect(() => venv.step([0, 0])).toThrow(ResetNeededError);
    venv.reset();
    expect(() => venv.step([0])).toThrow('VectorEnv: step() needs 2 actions (one per copy), got 1');
    expect(() => venv.step([0, 3])).toThrow(new InvalidActionError('VectorEnv copy 1 (WalkEnv): action 3 is not in the action space Discrete(2): expected an integer in [0, 2), got 3'));
    expect(() => venv.reset({ seed: [1] })).toThrow('VectorEnv: reset() got 1 seeds for 2 copies');
    venv.close();
    expect(venv.envs.every((e) => (e as WalkEnv).closed)).toBe(true);
    expect(() => venv.reset()).toThrow('VectorEnv: used after close()');
  });

  it('refuses copies with different spaces or a shared instance', () => {
    class Other extends Env<Float32Array, number> {
      readonly observationSpace = new Box(-1, 1, [2]);
      readonly actionSpace = new Discrete(2);
      reset(): ResetResult<Float32Array> {
        return { observation: new Float32Array(2), info: {} };
      }
      step(): StepResult<Float32Array> {
        return { observation: new Float32Array(2), reward: 0, terminated: false, truncated: false, info: {} };
      }
    }
    expect(() => new VectorEnv<Float32Array, number>([new WalkEnv(), new Other()])).toThrow('VectorEnv: copy 1 (Other) has spaces Box(-1.0, 1.0, (2,), float32) / Discrete(2)');
    const same = new WalkEnv();
    expect(() => new VectorEnv([same, same])).toThrow('the same env instance appears twice');
  });
});
