import { describe, expect, it } from 'vitest';
import { A2cAgent, A2C_DEFAULTS, type A2cOptions } from '../../../agents/policy-gradient/a2c.js';
import type { VectorEnv } from '../../../src/env/vector-env.js';
import { Rng } from '../../../src/random/rng.js';
import { envInfo, greedyReturn, recentReturn, resumeRoundTrip, run, vectorEnv, type PgAction } from './pg-test-utils.js';

const SMALL: Partial<A2cOptions> = { nSteps: 8, netArch: [32], learningRate: 3e-3 };

function a2c(venv: VectorEnv<Float32Array, PgAction>, seed: number, options: Partial<A2cOptions> = SMALL): A2cAgent {
  return new A2cAgent(envInfo(venv), new Rng(seed).child('agent'), undefined, options);
}

describe('A2cAgent', () => {
  it('learns CartPole well above chance in 8k steps', async () => {
    const venv = vectorEnv('CartPole-v1', 4);
    const agent = a2c(venv, 0, { ...SMALL, learningRate: 5e-3 });
    const events = await run(venv, agent, 8_000, 0);
    const updates = events.flatMap((e) => (e.type === 'update' ? [e.metrics] : []));
    // One update per rollout of 8 steps x 4 envs.
    expect(updates).toHaveLength(250);
    expect(updates.at(-1)!.learningRate).toBe(5e-3);
    // A random policy averages about 22 on CartPole.
    expect(recentReturn(events, 20)).toBeGreaterThan(80);
    expect(greedyReturn(agent, 'CartPole-v1')).toBeGreaterThan(120);
  });

  it('gives identical events and weights for the same seed twice, with RMSProp or Adam', async () => {
    for (const useRmsProp of [true, false]) {
      const once = async () => {
        const venv = vectorEnv('CartPole-v1', 2);
        const agent = a2c(venv, 4, { ...SMALL, useRmsProp, shareFeatures: true, entCoef: 0.01, gaeLambda: 0.95 });
        return { events: await run(venv, agent, 800, 4), weights: agent.weights() };
      };
      const [a, b] = [await once(), await once()];
      expect(a.events.filter((e) => e.type === 'update')).toHaveLength(50);
      expect(b.events).toEqual(a.events);
      expect(b.weights).toEqual(a.weights);
      // Shared features: one trunk, two heads, no separate actor / critic networks.
      expect(Object.keys(a.weights).some((k) => k.startsWith('trunk/'))).toBe(true);
      expect(Object.keys(a.weights).some((k) => k.startsWith('actor/'))).toBe(false);
    }
  });

  it('resumes exactly from a mid-rollout checkpoint', async () => {
    const { straight, resumed, straightAgent, resumedAgent } = await resumeRoundTrip((venv, seed) => a2c(venv, seed, { ...SMALL, nSteps: 5, normalizeReward: true }), 'CartPole-v1', 3, 303, 900);
    expect(resumed.filter((e) => e.type === 'update').length).toBeGreaterThan(30);
    expect(resumed).toEqual(straight);
    expect(resumedAgent.getState()).toEqual(straightAgent.getState());
  });

  it('has SB3 defaults and refuses bad options', () => {
    expect(A2C_DEFAULTS).toMatchObject({ nSteps: 5, learningRate: 7e-4, gaeLambda: 1, useRmsProp: true, rmsPropEps: 1e-5, normalizeAdvantage: false });
    const venv = vectorEnv('CartPole-v1', 1);
    expect(() => a2c(venv, 0, { gaeLambda: 1.5 })).toThrow(/gaeLambda must lie in \[0, 1\]/);
    expect(() => a2c(venv, 0, { rmsPropAlpha: 1 })).toThrow(/rmsPropAlpha/);
  });
});
