import { describe, expect, it } from 'vitest';
import { EpisodeStore } from '../../../agents/policy-gradient/episode-store.js';
import { ReinforceAgent, type ReinforceOptions } from '../../../agents/policy-gradient/reinforce.js';
import type { VectorEnv } from '../../../src/env/vector-env.js';
import { Rng } from '../../../src/random/rng.js';
import { envInfo, greedyReturn, recentReturn, resumeRoundTrip, run, throughCheckpoint, vectorEnv, type PgAction } from './pg-test-utils.js';

const SMALL: Partial<ReinforceOptions> = { netArch: [32], learningRate: 5e-3, episodesPerUpdate: 2 };

function reinforce(venv: VectorEnv<Float32Array, PgAction>, seed: number, options: Partial<ReinforceOptions> = SMALL): ReinforceAgent {
  return new ReinforceAgent(envInfo(venv), new Rng(seed).child('agent'), undefined, options);
}

describe('ReinforceAgent', () => {
  it('learns CartPole with a baseline well above chance in 8k steps', async () => {
    const venv = vectorEnv('CartPole-v1', 2);
    const agent = reinforce(venv, 0, { ...SMALL, learningRate: 8e-3 });
    const events = await run(venv, agent, 8_000, 0);
    const updates = events.flatMap((e) => (e.type === 'update' ? [e.metrics] : []));
    expect(updates.every((m) => m.episodes === 2 && m.valueLoss! >= 0)).toBe(true);
    // A random policy averages about 22 on CartPole.
    expect(recentReturn(events, 20)).toBeGreaterThan(80);
    expect(greedyReturn(agent, 'CartPole-v1')).toBeGreaterThan(150);
  });

  it('updates once per batch of finished episodes, with or without a baseline', async () => {
    const venv = vectorEnv('CartPole-v1', 1);
    const agent = reinforce(venv, 3, { ...SMALL, baseline: false, rewardToGo: false, episodesPerUpdate: 3 });
    const events = await run(venv, agent, 600, 3);
    const episodes = events.filter((e) => e.type === 'episode');
    const updates = events.flatMap((e) => (e.type === 'update' ? [e] : []));
    expect(updates).toHaveLength(Math.floor(episodes.length / 3));
    // Each update lands on the step that ended its third episode, and has no value loss.
    updates.forEach((u, k) => expect(u.step).toBe(episodes[3 * k + 2]!.step));
    expect(updates.every((u) => u.metrics.valueLoss === undefined)).toBe(true);
    expect(Object.keys(agent.weights()).some((k) => k.startsWith('critic/'))).toBe(false);
  });

  it('gives identical events and weights for the same seed twice', async () => {
    const once = async () => {
      const venv = vectorEnv('CartPole-v1', 2);
      const agent = reinforce(venv, 8, { ...SMALL, entCoef: 0.01, maxGradNorm: 1 });
      return { events: await run(venv, agent, 1_000, 8), weights: agent.weights() };
    };
    const [a, b] = [await once(), await once()];
    expect(a.events.filter((e) => e.type === 'update').length).toBeGreaterThan(10);
    expect(b.events).toEqual(a.events);
    expect(b.weights).toEqual(a.weights);
  });

  it('resumes exactly with episodes in progress and finished episodes waiting', async () => {
    const { straight, resumed, straightAgent, resumedAgent } = await resumeRoundTrip((venv, seed) => reinforce(venv, seed, { ...SMALL, episodesPerUpdate: 3 }), 'CartPole-v1', 2, 401, 1_200);
    expect(resumed.filter((e) => e.type === 'update').length).toBeGreaterThan(5);
    expect(resumed).toEqual(straight);
    expect(resumedAgent.getState()).toEqual(straightAgent.getState());
  });
});

describe('EpisodeStore', () => {
  it('computes discounted returns backwards, bootstrapping a truncated episode', () => {
    const store = new EpisodeStore({ numEnvs: 2, observationSize: 1, actionShape: [] });
    store.append(0, [0], 1, 1);
    store.append(1, [5], 0, 10);
    store.append(0, [1], 0, 2);
    store.finish(0, 0.5, 4); // G_1 = 2 + 0.5 * 4 = 4; G_0 = 1 + 0.5 * 4 = 3
    expect(store.episodes).toBe(1);
    const batch = store.batch();
    expect(Array.from(batch.returns)).toEqual([3, 4]);
    expect(Array.from(batch.episodeReturns)).toEqual([3, 3]);
    expect(Array.from(batch.observations.data)).toEqual([0, 1]);
    expect(Array.from(batch.actions.data)).toEqual([1, 0]);
    // Copy 1's episode is still running; it survives clearing the batch and a state round trip.
    store.clearBatch();
    const copy = new EpisodeStore({ numEnvs: 2, observationSize: 1, actionShape: [] });
    copy.setState(throughCheckpoint(store.getState()));
    copy.finish(1, 0.5, 0);
    expect(Array.from(copy.batch().returns)).toEqual([10]);
    expect(() => copy.setState({ json: { ...store.getState().json, numEnvs: 3 }, tensors: {} })).toThrow(/3 env copies, this store 2/);
  });
});
