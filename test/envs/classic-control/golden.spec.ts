import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { EnvRegistry } from '../../../src/env/registry.js';
import { registerBuiltinEnvs } from '../../../envs/index.js';

interface GoldenStep {
  readonly action: number;
  readonly obs: number[];
  readonly reward: number;
  readonly terminated: boolean;
  readonly truncated: boolean;
}
interface GoldenCase {
  readonly env: string;
  readonly initialState: number[];
  readonly steps: GoldenStep[];
}

// Trajectories produced by Gymnasium's own classic_control code (start state set on
// env.unwrapped, then the recorded actions). The canonical file sits beside the checkout
// (../shared/golden/ from the repository root, as in CI); the fixture is a copy of it for
// checkouts without one. When both exist they must be identical.
const REPO_ROOT = new URL('../../../', import.meta.url);
const CANONICAL = fileURLToPath(new URL('../shared/golden/classic-control.json', REPO_ROOT));
const FIXTURE = fileURLToPath(new URL('./fixtures/classic-control.json', import.meta.url));
const hasCanonical = existsSync(CANONICAL);
const goldenText = readFileSync(hasCanonical ? CANONICAL : FIXTURE);
const golden = JSON.parse(goldenText.toString('utf8')) as { source: string; cases: GoldenCase[] };

describe('classic control matches Gymnasium trajectories', () => {
  it.runIf(hasCanonical)('reads the canonical golden file, and the fixture copy is identical to it', () => {
    const fixture = readFileSync(FIXTURE);
    if (!fixture.equals(goldenText)) throw new Error(`${FIXTURE} differs from the canonical ${CANONICAL}: copy the canonical file over the fixture`);
    expect(fixture.equals(goldenText)).toBe(true);
  });

  it('covers every classic-control env', () => {
    expect(new Set(golden.cases.map((c) => c.env))).toEqual(new Set(['CartPole-v1', 'MountainCar-v0', 'Acrobot-v1', 'Pendulum-v1']));
  });

  it.each(golden.cases.map((c, i) => [`${c.env} #${i} (${c.steps.length} steps)`, c] as const))('%s', (_, c) => {
    const registry = new EnvRegistry();
    registerBuiltinEnvs(registry);
    const env = registry.make<Float32Array, number | Float32Array>(c.env);
    env.reset({ options: { state: c.initialState } });
    let worst = 0;
    c.steps.forEach((s, t) => {
      const action = c.env === 'Pendulum-v1' ? Float32Array.of(s.action) : s.action;
      const r = env.step(action);
      expect(r.observation).toBeInstanceOf(Float32Array);
      for (let i = 0; i < s.obs.length; i++) {
        const rel = Math.abs(r.observation[i]! - s.obs[i]!) / Math.max(Math.abs(s.obs[i]!), 1e-30);
        if (!(rel <= 1e-5)) throw new Error(`${c.env} step ${t}: obs[${i}] = ${r.observation[i]} but Gymnasium gives ${s.obs[i]}`);
        worst = Math.max(worst, rel);
      }
      // Rewards and flags are exact (Pendulum's float64 reward too).
      expect([t, r.reward, r.terminated, r.truncated]).toEqual([t, s.reward, s.terminated, s.truncated]);
    });
    // The float64 physics reproduces Gymnasium bit for bit, so every float32 observation is identical.
    expect(worst).toBe(0);
  });
});
