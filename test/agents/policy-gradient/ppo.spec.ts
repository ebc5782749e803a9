import { describe, expect, it } from 'vitest';
import { PpoAgent, PPO_DEFAULTS, type PpoOptions } from '../../../agents/policy-gradient/ppo.js';
import { Env, type ResetResult, type StepResult } from '../../../src/env/env.js';
import { VectorEnv } from '../../../src/env/vector-env.js';
import { Rng } from '../../../src/random/rng.js';
import { Box } from '../../../src/spaces/box.js';
import { envInfo, greedyReturn, recentReturn, resumeRoundTrip, run, vectorEnv, type PgAction } from './pg-test-utils.js';

// Small and fast: 4 envs x 64 steps, 4 epochs of 64-row minibatches, one 32-unit hidden layer.
const SMALL: Partial<PpoOptions> = { nSteps: 64, batchSize: 64, nEpochs: 4, netArch: [32], learningRate: 3e-3, gamma: 0.98, gaeLambda: 0.9 };

function ppo(venv: VectorEnv<Float32Array, PgAction>, seed: number, options: Partial<PpoOptions> = SMALL): PpoAgent {
  return new PpoAgent(envInfo(venv), new Rng(seed).child('agent'), undefined, options);
}

/** One-step episodes rewarding torques near 0.6: reward -(a - 0.6)^2, action space [-1, 1]. */
class TargetTorque extends Env<Float32Array, Float32Array> {
  readonly observationSpace = new Box(-1, 1, [1]);
  readonly actionSpace = new Box(-1, 1, [1]);
  readonly received: number[] = [];
  reset(): ResetResult<Float32Array> {
    return { observation: new Float32Array(1), info: {} };
  }
  step(action: Float32Array): StepResult<Float32Array> {
    this.received.push(action[0]!);
    return { observation: new Float32Array(1), reward: -((action[0]! - 0.6) ** 2), terminated: true, truncated: false, info: {} };
  }
}

describe('PpoAgent', () => {
  it('learns CartPole well above chance in 8k steps', async () => {
    const venv = vectorEnv('CartPole-v1', 4);
    const agent = ppo(venv, 0, { ...SMALL, batchSize: 128, learningRate: 4e-3 });
    const events = await run(venv, agent, 8_192, 0);
    const updates = events.flatMap((e) => (e.type === 'update' ? [e.metrics] : []));
    expect(updates).toHaveLength(32);
    expect(updates[0]!.epochs).toBe(4);
    expect(updates[0]!.minibatches).toBe(8);
    // A random policy averages about 22 on CartPole.
    expect(recentReturn(events, 20)).toBeGreaterThan(70);
    expect(greedyReturn(agent, 'CartPole-v1')).toBeGreaterThan(100);
  });

  it('learns a continuous action with a Gaussian policy, clipping only what the env receives', async () => {
    const envs = [new TargetTorque(), new TargetTorque()];
    const venv = new VectorEnv<Float32Array, PgAction>(envs as unknown as Env<Float32Array, PgAction>[]);
    const agent = ppo(venv, 2, { nSteps: 32, batchSize: 32, nEpochs: 4, netArch: [16], learningRate: 1e-2, gamma: 0, gaeLambda: 0, orthoInit: true });
    await run(venv, agent, 250, 1);
    // Mid-rollout, the stored (unclipped) samples go beyond the bounds the env saw.
    const stored = Array.from(agent.getState().tensors['rollout.actions']!.data);
    expect(Math.max(...stored.map(Math.abs))).toBeGreaterThan(1);
    await run(venv, agent, 2_000, 2);
    const received = envs.flatMap((e) => e.received);
    expect(Math.min(...received)).toBeGreaterThanOrEqual(-1);
    expect(Math.max(...received)).toBeLessThanOrEqual(1);
    const greedy = agent.predict(new Float32Array(1)) as Float32Array;
    expect(Math.abs(greedy[0]! - 0.6)).toBeLessThan(0.15);
    // sigma shrank from its initial 1 as the policy grew confident.
    expect(Math.exp(agent.weights()['logStd']![0]!)).toBeLessThan(0.8);
  });

  it('gives identical events and weights for the same seed twice', async () => {
    const once = async () => {
      const venv = vectorEnv('CartPole-v1', 4);
      const agent = ppo(venv, 5, { ...SMALL, normalizeObservation: true, normalizeReward: true });
      return { events: await run(venv, agent, 1_536, 5), weights: agent.weights() };
    };
    const [a, b] = [await once(), await once()];
    expect(a.events.filter((e) => e.type === 'update')).toHaveLength(6);
    expect(b.events).toEqual(a.events);
    expect(b.weights).toEqual(a.weights);
  });

  it('resumes exactly from a mid-rollout checkpoint, normalization statistics included', async () => {
    const options: Partial<PpoOptions> = { ...SMALL, nSteps: 32, normalizeObservation: true, normalizeReward: true, learningRateSchedule: 'linear', clipRangeSchedule: 'linear', totalTimesteps: 2_000, clipRangeVf: 0.5, targetKl: 0.05, entCoef: 0.01 };
    const { straight, resumed, straightAgent, resumedAgent } = await resumeRoundTrip((venv, seed) => ppo(venv, seed, options), 'CartPole-v1', 4, 700, 1_600);
    expect(resumed.filter((e) => e.type === 'update').length).toBeGreaterThan(3);
    expect(resumed).toEqual(straight);
    expect(resumedAgent.weights()).toEqual(straightAgent.weights());
    expect(resumedAgent.getState()).toEqual(straightAgent.getState());
  });

  it('anneals the learning rate and clip range linearly over totalTimesteps', async () => {
    const venv = vectorEnv('CartPole-v1', 2);
    const agent = ppo(venv, 0, { ...SMALL, nSteps: 50, learningRate: 1e-3, learningRateSchedule: 'linear', clipRange: 0.2, clipRangeSchedule: 'linear', totalTimesteps: 400 });
    const updates = (await run(venv, agent, 400, 0)).flatMap((e) => (e.type === 'update' ? [e.metrics] : []));
    expect(updates.map((m) => m.learningRate)).toEqual([0.00075, 0.0005, 0.00025, 0].map((v) => expect.closeTo(v, 12)));
    expect(updates.map((m) => m.clipRange)).toEqual([0.15, 0.1, 0.05, 0].map((v) => expect.closeTo(v, 12)));
  });

  it("stops a rollout's epochs early once the approximate KL passes 1.5 x targetKl", async () => {
    const metricsOf = async (targetKl: number | null) => {
      const venv = vectorEnv('CartPole-v1', 2);
      const agent = ppo(venv, 6, { ...SMALL, batchSize: 32, targetKl });
      return (await run(venv, agent, 256, 6)).flatMap((e) => (e.type === 'update' ? [e.metrics] : []));
    };
    const full = await metricsOf(null);
    expect(full.map((m) => [m.epochs, m.minibatches])).toEqual([[4, 16], [4, 16]]);
    // The first minibatch scores the rollout with unchanged weights (KL 0) and takes its step;
    // the second already sees the update and stops the rollout's training.
    const stopped = await metricsOf(1e-9);
    expect(stopped.map((m) => [m.epochs, m.minibatches])).toEqual([[1, 1], [1, 1]]);
    expect(stopped[0]!.approxKl).toBeLessThan(1e-9);
  });

  it('refuses bad options with messages naming them', () => {
    const venv = vectorEnv('CartPole-v1', 1);
    expect(() => ppo(venv, 0, { learningRateSchedule: 'linear' })).toThrow(/totalTimesteps/);
    expect(() => ppo(venv, 0, { batchSize: 0 })).toThrow(/batchSize must be a positive integer/);
    expect(() => ppo(venv, 0, { netArch: [64, -1] })).toThrow(/netArch\[1\]/);
    expect(() => ppo(venv, 0, { nEpoch: 3 } as Partial<PpoOptions>)).toThrow(/unknown option 'nEpoch'. Did you mean 'nEpochs'/);
    expect(PPO_DEFAULTS.nSteps).toBe(2048);
  });
});
