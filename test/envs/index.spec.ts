import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkEnv } from '../../src/env/check-env.js';
import type { Env } from '../../src/env/env.js';
import { EnvRegistry } from '../../src/env/registry.js';
import { Rng } from '../../src/random/rng.js';
import { BUILTIN_ENV_IDS, registerBuiltinEnvs } from '../../envs/index.js';

function builtins(): EnvRegistry {
  const registry = new EnvRegistry();
  registerBuiltinEnvs(registry);
  return registry;
}

/** Steps with seeded random actions, resetting at episode ends; returns a trace. */
function rollout(env: Env<unknown, unknown>, seed: number, steps: number): unknown[] {
  const actions = new Rng(seed).child('actions');
  const trace: unknown[] = [env.reset({ seed }).observation];
  for (let t = 0; t < steps; t++) {
    const r = env.step(env.actionSpace.sample(actions));
    expect(env.observationSpace.explainMismatch(r.observation)).toBeNull();
    expect(Number.isFinite(r.reward)).toBe(true);
    expect(typeof r.terminated).toBe('boolean');
    expect(typeof r.truncated).toBe('boolean');
    trace.push(r.observation, r.reward, r.terminated, r.truncated);
    if (r.terminated || r.truncated) {
      const first = env.reset().observation;
      expect(env.observationSpace.contains(first)).toBe(true);
      trace.push(first);
    }
  }
  return trace;
}

describe('registerBuiltinEnvs', () => {
  it('registers the classic-control envs with Gymnasium limits and thresholds, and the toy envs', () => {
    const registry = builtins();
    expect(registry.list().map((s) => s.id).sort()).toEqual([...BUILTIN_ENV_IDS].sort());
    const facts = ['CartPole-v1', 'MountainCar-v0', 'Acrobot-v1', 'Pendulum-v1'].map((id) => {
      const s = registry.spec(id);
      return [id, s.maxEpisodeSteps, s.rewardThreshold];
    });
    expect(facts).toEqual([
      ['CartPole-v1', 500, 475],
      ['MountainCar-v0', 200, -110],
      ['Acrobot-v1', 500, -100],
      ['Pendulum-v1', 200, null],
    ]);
  });

  it.each([...BUILTIN_ENV_IDS])('%s passes checkEnv', (id) => {
    const report = checkEnv(builtins().make(id), { steps: 150 });
    expect(report.passed).toContain('seed-determinism');
    expect(report.passed).toContain('render');
  });

  it.each([...BUILTIN_ENV_IDS])('%s: random actions never crash, stay in space, and replay under a seed (property)', (id) => {
    const registry = builtins();
    fc.assert(
      fc.property(fc.nat(1_000_000), fc.integer({ min: 1, max: 120 }), (seed, steps) => {
        const a = rollout(registry.make(id), seed, steps);
        const b = rollout(registry.make(id), seed, steps);
        expect(a).toEqual(b);
      }),
      { numRuns: 15 },
    );
  });

  it.each([...BUILTIN_ENV_IDS])('%s renders a text frame after reset', (id) => {
    const env = builtins().make(id);
    env.reset({ seed: 0 });
    const frame = env.render();
    expect(typeof frame).toBe('string');
    expect(frame!.length).toBeGreaterThan(10);
  });
});
