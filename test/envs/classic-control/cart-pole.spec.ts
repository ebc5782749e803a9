import { describe, expect, it } from 'vitest';
import { ResetNeededError } from '../../../src/env/env-errors.js';
import { EnvRegistry } from '../../../src/env/registry.js';
import { ConfigError } from '../../../src/errors.js';
import { CartPoleEnv } from '../../../envs/classic-control/cart-pole.js';
import { registerBuiltinEnvs } from '../../../envs/index.js';

describe('CartPoleEnv', () => {
  it('has Gymnasium spaces', () => {
    const env = new CartPoleEnv();
    expect(env.actionSpace.n).toBe(2);
    expect(Array.from(env.observationSpace.high)).toEqual([4.8, Infinity, (12 * 2 * Math.PI) / 360 * 2, Infinity].map(Math.fround));
  });

  it('starts uniformly in (-0.05, 0.05), or from an exact state option', () => {
    const env = new CartPoleEnv();
    const obs = env.reset({ seed: 5 }).observation;
    expect(obs.every((v) => Math.abs(v) < 0.05)).toBe(true);
    env.reset({ options: { state: [0.1, 0.2, 0.03, -0.4] } });
    expect(env.state).toEqual([0.1, 0.2, 0.03, -0.4]);
    const wide = env.reset({ seed: 1, options: { low: 0.2, high: 0.3 } }).observation;
    expect(wide.every((v) => v >= Math.fround(0.2) && v <= Math.fround(0.3))).toBe(true);
  });

  it('validates the state option and bounds, naming the env', () => {
    const registry = new EnvRegistry();
    registerBuiltinEnvs(registry);
    const env = registry.make('CartPole-v1');
    expect(() => env.reset({ options: { state: [0, 0, 0] } })).toThrow("CartPole-v1: reset option 'state' must be 4 finite numbers [x, xDot, theta, thetaDot], got [0, 0, 0]");
    expect(() => env.reset({ options: { state: [0, 0, NaN, 0] } })).toThrow(ConfigError);
    expect(() => env.reset({ options: { low: 1, high: 0 } })).toThrow("CartPole-v1: reset option 'low' (1) must not be above 'high' (0)");
  });

  it('gives +1 per step including the terminating one, then 0 if stepped anyway (raw env)', () => {
    const env = new CartPoleEnv();
    env.reset({ options: { state: [0, 0, 0.2, 2] } });
    const r = env.step(1);
    expect([r.reward, r.terminated]).toEqual([1, true]);
    expect(env.step(1).reward).toBe(0);
    const sb = new CartPoleEnv({ suttonBartoReward: true });
    sb.reset({ options: { state: [0, 0, 0, 0] } });
    expect(sb.step(0).reward).toBe(0);
    sb.reset({ options: { state: [0, 0, 0.2, 2] } });
    expect(sb.step(0).reward).toBe(-1);
  });

  it('uses the physical kwargs: a longer pole falls more slowly', () => {
    const fallSteps = (length: number): number => {
      const env = new CartPoleEnv({ length });
      env.reset({ options: { state: [0, 0, 0.05, 0] } });
      let t = 0;
      while (!env.step(1).terminated) t++;
      return t;
    };
    expect(fallSteps(0.75)).toBeGreaterThan(fallSteps(0.5));
    const registry = new EnvRegistry();
    registerBuiltinEnvs(registry);
    expect((registry.make('CartPole-v1', { length: 0.75 }).unwrapped as CartPoleEnv).length).toBe(0.75);
    expect(() => registry.make('CartPole-v1', { length: -1 })).toThrow("CartPoleEnv: kwarg 'length' must be a positive finite number, got -1");
    expect(() => registry.make('CartPole-v1', { lenght: 1 })).toThrow("Env 'CartPole-v1': unknown kwarg 'lenght'. Did you mean 'length'?");
  });

  it('returns a fresh observation array every step', () => {
    const env = new CartPoleEnv();
    const a = env.reset({ seed: 0 }).observation;
    const b = env.step(0).observation;
    const before = Array.from(b);
    env.step(1);
    expect(a).not.toBe(b);
    expect(Array.from(b)).toEqual(before);
    expect(() => new CartPoleEnv().step(0)).toThrow(ResetNeededError);
  });
});
