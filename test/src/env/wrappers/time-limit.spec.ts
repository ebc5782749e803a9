import { describe, expect, it } from 'vitest';
import { TimeLimit } from '../../../../src/env/wrappers/time-limit.js';
import { WalkEnv } from '../test-envs.js';

describe('TimeLimit', () => {
  it('truncates on the step that reaches the limit and restarts the count on reset', () => {
    const env = new TimeLimit(new WalkEnv(100), 3);
    env.reset();
    expect([env.step(1), env.step(0), env.step(1)].map((r) => r.truncated)).toEqual([false, false, true]);
    expect(env.elapsedSteps).toBe(3);
    env.reset();
    expect(env.elapsedSteps).toBe(0);
    expect(env.step(1).truncated).toBe(false);
  });

  it('keeps terminated and sets truncated when both happen on the same step', () => {
    const env = new TimeLimit(new WalkEnv(1), 1);
    env.reset();
    const r = env.step(1);
    expect([r.terminated, r.truncated]).toEqual([true, true]);
  });

  it('rejects a non-positive limit naming the env', () => {
    expect(() => new TimeLimit(new WalkEnv(), 0)).toThrow('TimeLimit(WalkEnv): maxEpisodeSteps must be a positive integer, got 0');
  });

  it('forwards seeding, spaces, render and close to the wrapped env', () => {
    const inner = new WalkEnv();
    const env = new TimeLimit(inner, 5);
    env.reset({ seed: 4 });
    expect(env.rngSeed).toBe(4);
    expect(env.rng).toBe(inner.rng);
    expect(env.observationSpace).toBe(inner.observationSpace);
    expect(env.metadata.renderModes).toEqual(['ansi']);
    expect(env.render()).toBe('position 0');
    env.close();
    expect(inner.closed).toBe(true);
    expect(env.findWrapper(TimeLimit)).toBe(env);
  });
});
