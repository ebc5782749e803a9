import { describe, expect, it } from 'vitest';
import { DEFAULT_ENV_SEED } from '../../../src/env/env.js';
import { Rng } from '../../../src/random/rng.js';
import { WalkEnv } from './test-envs.js';

function firstObservations(env: WalkEnv, resets: { seed?: number }[]): number[] {
  return resets.map((r) => env.reset(r).observation[1]!);
}

describe('Env seeding', () => {
  it('reset({ seed }) restarts the stream at new Rng(seed)', () => {
    const env = new WalkEnv();
    const noise = env.reset({ seed: 7 }).observation[1]!;
    expect(noise).toBe(Math.fround(new Rng(7).uniform()));
    expect(env.rngSeed).toBe(7);
  });

  it('resets without a seed continue the stream, so seeded sequences replay', () => {
    const env = new WalkEnv();
    const a = firstObservations(env, [{ seed: 3 }, {}, {}]);
    const b = firstObservations(env, [{ seed: 3 }, {}, {}]);
    expect(a).toEqual(b);
    expect(new Set(a).size).toBe(3);
  });

  it('an env never seeded behaves as if seeded with DEFAULT_ENV_SEED', () => {
    const a = firstObservations(new WalkEnv(), [{}, {}]);
    const b = firstObservations(new WalkEnv(), [{ seed: DEFAULT_ENV_SEED }, {}]);
    expect(a).toEqual(b);
    expect(new WalkEnv().rngSeed).toBe(DEFAULT_ENV_SEED);
  });

  it('rng can be replaced (e.g. restored from a checkpoint); the seed becomes unknown', () => {
    const env = new WalkEnv();
    env.reset({ seed: 1 });
    const saved = env.rng.getState();
    const next = env.reset().observation[1];
    env.rng = Rng.fromState(saved);
    expect(env.rngSeed).toBeNull();
    expect(env.reset().observation[1]).toBe(next);
  });

  it('rejects invalid seeds with the Rng message', () => {
    expect(() => new WalkEnv().reset({ seed: -1 })).toThrow('Rng seed must be a non-negative safe integer, got -1');
  });
});

describe('Env defaults', () => {
  it('names itself by class until a registry sets its spec', () => {
    const env = new WalkEnv();
    expect(env.name).toBe('WalkEnv');
    expect(env.toString()).toBe('WalkEnv');
    expect(env.spec).toBeNull();
    expect(env.unwrapped).toBe(env);
  });
});
