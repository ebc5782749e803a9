import { lastValueFrom, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { DqnAgent, dqnRegistration } from '../../../agents/dqn/dqn.js';
import type { DqnOptions } from '../../../agents/dqn/dqn-options.js';
import { registerBuiltinEnvs } from '../../../envs/index.js';
import { AgentRegistryImpl } from '../../../src/agent/agent-registry.js';
import { evaluate } from '../../../src/agent/evaluate.js';
import type { StateSnapshot } from '../../../src/agent/state-snapshot.js';
import { EnvRegistry } from '../../../src/env/registry.js';
import { Dense } from '../../../src/nn/dense.js';
import { Sequential } from '../../../src/nn/sequential.js';
import { ConfigError } from '../../../src/errors.js';
import { EpisodeReplayEnv } from '../../../src/experiment/episode-replay-env.js';
import { JsBackend } from '../../../src/kernels/js/js-backend.js';
import type { MatmulOptions } from '../../../src/kernels/kernel-backend.js';
import type { LoopEvent } from '../../../src/loop/events.js';
import { interact } from '../../../src/loop/interact.js';
import type { InteractState } from '../../../src/loop/interact-state.js';
import { Rng } from '../../../src/random/rng.js';
import { Box } from '../../../src/spaces/box.js';
import { Discrete } from '../../../src/spaces/discrete.js';
import type { Tensor } from '../../../src/tensor/tensor.js';

const registry = new EnvRegistry();
registerBuiltinEnvs(registry);
const cartPole = () => registry.make<Float32Array, number>('CartPole-v1');
const envInfo = (() => {
  const env = cartPole();
  return { observationSpace: env.observationSpace, actionSpace: env.actionSpace, numEnvs: 1 };
})();

/** A small, fast configuration that still learns CartPole within a few thousand steps. */
const SMALL: Partial<DqnOptions> = {
  learningRate: 2.3e-3,
  netArch: [64],
  batchSize: 32,
  bufferSize: 10_000,
  learningStarts: 500,
  trainFreq: 1,
  gradientSteps: 1,
  targetUpdateInterval: 100,
  explorationFraction: 0.2,
  explorationFinalEps: 0.04,
  gamma: 0.98,
};

/** Tiny settings for the bookkeeping tests: learning starts early, networks are small. */
const TINY: Partial<DqnOptions> = { netArch: [16], batchSize: 16, bufferSize: 2_000, learningStarts: 100, trainFreq: 2, targetUpdateInterval: 50, totalTimesteps: 1_000 };

function agentOf(seed: number, options: Partial<DqnOptions>, backend = new JsBackend()): DqnAgent {
  return new DqnAgent(envInfo, new Rng(seed).child('agent'), options, backend);
}

async function run(agent: DqnAgent, steps: number, seed: number, extra: { resume?: InteractState; checkpointAt?: number; onCheckpoint?: (state: InteractState) => void } = {}): Promise<LoopEvent[]> {
  const env = new EpisodeReplayEnv(cartPole());
  const { checkpointAt, onCheckpoint, resume } = extra;
  const events$ = interact(env, agent, {
    budget: { steps },
    rng: new Rng(seed).child('loop'),
    ...(resume === undefined ? {} : { resume }),
    ...(checkpointAt === undefined ? {} : { checkpoint: { every: checkpointAt, save: (_step: number, state: InteractState) => (onCheckpoint?.(state), 'checkpoint') } }),
  });
  return lastValueFrom(events$.pipe(toArray()));
}

function weights(network: DqnAgent['qNetwork']): Record<string, number[]> {
  return Object.fromEntries(Object.entries(network.namedParams()).map(([name, p]) => [name, [...p.value.data]]));
}

function jsonRoundTrip(state: StateSnapshot): StateSnapshot {
  return { json: JSON.parse(JSON.stringify(state.json)) as StateSnapshot['json'], tensors: state.tensors };
}

describe('DqnAgent', () => {
  it('learns CartPole: greedy return far above a random policy (~22) after 5,000 steps', async () => {
    const agent = agentOf(1, { ...SMALL, totalTimesteps: 5_000 });
    const events = await run(agent, 5_000, 1);
    const returns = events.flatMap((e) => (e.type === 'episode' ? [e.return] : []));
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(mean(returns.slice(-10))).toBeGreaterThan(2 * mean(returns.slice(0, 10)));
    const updates = events.filter((e) => e.type === 'update');
    expect(updates).toHaveLength(4_500);
    const last = updates.at(-1)!;
    expect(last.type === 'update' && Number.isFinite(last.metrics['loss']) && last.metrics['epsilon']).toBe(0.04);
    // Greedy evaluation on a separately seeded env.
    const { meanReturn } = evaluate(agent, cartPole(), { episodes: 10, seed: 1234 });
    expect(meanReturn).toBeGreaterThan(100);
  });

  it('is deterministic: the same seed twice gives identical events and weights', async () => {
    const options = { ...TINY, doubleQ: true, nSteps: 2 };
    const [a, b, c] = [agentOf(7, options), agentOf(7, options), agentOf(8, options)];
    const [ea, eb, ec] = [await run(a, 600, 3), await run(b, 600, 3), await run(c, 600, 3)];
    expect(eb).toEqual(ea);
    expect(weights(b.qNetwork)).toEqual(weights(a.qNetwork));
    expect(weights(b.targetNetwork)).toEqual(weights(a.targetNetwork));
    expect(ec).not.toEqual(ea);
  });

  it('resumes exactly: snapshot at step k, restore into a fresh agent, continue = uninterrupted (all options on)', async () => {
    const options = { ...TINY, doubleQ: true, dueling: true, nSteps: 3, prioritizedReplay: true, tau: 0.5 };
    const whole = agentOf(5, options);
    let saved: { loop: InteractState; agent: StateSnapshot } | null = null;
    const wholeEvents = await run(whole, 800, 9, {
      checkpointAt: 400,
      onCheckpoint: (loop) => {
        saved ??= { loop: JSON.parse(JSON.stringify(loop)) as InteractState, agent: jsonRoundTrip(whole.getState()) };
      },
    });
    expect(saved).not.toBeNull();
    // A different seed: everything that matters must come from the snapshot.
    const resumed = agentOf(6, options);
    resumed.setState(saved!.agent);
    const resumedEvents = await run(resumed, 800, 9, { resume: saved!.loop, checkpointAt: 400 });
    expect(resumedEvents).toEqual(wholeEvents.filter((e) => e.step > 400));
    expect(resumedEvents.some((e) => e.type === 'update')).toBe(true);
    expect(weights(resumed.qNetwork)).toEqual(weights(whole.qNetwork));
    expect(weights(resumed.targetNetwork)).toEqual(weights(whole.targetNetwork));
    expect(resumed.getState().json).toEqual(whole.getState().json);
  });

  it('keeps the target network fixed between updates and copies it on the interval', async () => {
    const agent = agentOf(2, { ...TINY, targetUpdateInterval: 10_000 });
    const initial = weights(agent.targetNetwork);
    expect(weights(agent.qNetwork)).toEqual(initial);
    await run(agent, 300, 2);
    expect(weights(agent.targetNetwork)).toEqual(initial);
    expect(weights(agent.qNetwork)).not.toEqual(initial);
    // Learning every 2 steps (even steps), copying every 25: at step 275 the target takes the
    // online weights of the update at step 274, the last one.
    const synced = agentOf(2, { ...TINY, targetUpdateInterval: 25 });
    const events = await run(synced, 275, 2);
    expect(events.filter((e) => e.type === 'update').at(-1)?.step).toBe(274);
    const atCopy = weights(synced.qNetwork);
    expect(weights(synced.targetNetwork)).toEqual(atCopy);
  });

  it('follows SB3 bookkeeping: random until learningStarts, then a round every trainFreq steps; linear epsilon', async () => {
    const agent = agentOf(4, { ...TINY, learningStarts: 100, trainFreq: 4, gradientSteps: -1, explorationFraction: 0.5, explorationFinalEps: 0.1, totalTimesteps: 400 });
    expect(agent.explorationRate).toBe(1);
    const events = await run(agent, 400, 4);
    const updateSteps = events.flatMap((e) => (e.type === 'update' ? [e.step] : []));
    expect(updateSteps[0]).toBe(104);
    expect(updateSteps).toHaveLength(75);
    expect(updateSteps.every((s) => s % 4 === 0)).toBe(true);
    expect(agent.explorationRate).toBe(0.1);
    const epsilonAt = events.flatMap((e) => (e.type === 'update' && e.step === 100 + 4 * 25 ? [e.metrics['epsilon']] : []));
    expect(epsilonAt[0]).toBeCloseTo(1 - 0.9 * (200 / 200), 9);
  });

  it('anneals the importance-sampling exponent from priorityBeta0 to 1 over totalTimesteps', async () => {
    const agent = agentOf(3, { ...TINY, prioritizedReplay: true, priorityBeta0: 0.4, totalTimesteps: 400 });
    expect(agent.importanceSamplingBeta).toBe(0.4);
    await run(agent, 200, 3);
    expect(agent.importanceSamplingBeta).toBeCloseTo(0.7, 12);
    await run(agent, 200, 4);
    expect(agent.importanceSamplingBeta).toBe(1);
  });

  it('runs every option to finite losses, and each one changes the updates', async () => {
    const lossesOf = async (options: Partial<DqnOptions>) => {
      const events = await run(agentOf(11, { ...TINY, ...options }), 300, 11);
      return events.flatMap((e) => (e.type === 'update' ? [e.metrics['loss']!] : []));
    };
    const vanilla = await lossesOf({});
    for (const option of [{ doubleQ: true }, { dueling: true }, { nSteps: 3 }, { prioritizedReplay: true }, { loss: 'mse' as const }, { tau: 0.1, targetUpdateInterval: 1 }]) {
      const losses = await lossesOf(option);
      expect(losses.length).toBe(vanilla.length);
      expect(losses.every(Number.isFinite)).toBe(true);
      expect(losses, JSON.stringify(option)).not.toEqual(vanilla);
    }
  });

  it('takes a features trunk from a factory (e.g. pretrained and frozen) and trains only the rest', async () => {
    let calls = 0;
    const trunk = (shape: readonly number[]) => {
      calls++;
      expect(shape).toEqual([4]);
      const layer = new Sequential([new Dense(8, { activation: 'relu' })], { trainable: false });
      return layer;
    };
    const agent = agentOf(12, { ...TINY, featuresExtractor: trunk, netArch: [] });
    expect(calls).toBe(2);
    const before = weights(agent.qNetwork);
    expect(Object.keys(before)).toEqual(['features/dense_1/kernel', 'features/dense_1/bias', 'q/kernel', 'q/bias']);
    expect(weights(agent.targetNetwork)).toEqual(before);
    await run(agent, 300, 12);
    const after = weights(agent.qNetwork);
    expect(after['features/dense_1/kernel']).toEqual(before['features/dense_1/kernel']);
    expect(after['q/kernel']).not.toEqual(before['q/kernel']);
  });

  it('runs its networks on the backend it is given', () => {
    class CountingBackend extends JsBackend {
      matmuls = 0;
      override matmul(a: Tensor, b: Tensor, options?: MatmulOptions): Tensor {
        this.matmuls++;
        return super.matmul(a, b, options);
      }
    }
    const backend = new CountingBackend();
    const agent = new AgentRegistryImpl();
    agent.register(dqnRegistration);
    const dqn = agent.makeAgent<Float32Array, number>('dqn', { rng: new Rng(0), env: envInfo, backend, options: { netArch: [8, 8], totalTimesteps: 100 } });
    expect([0, 1]).toContain(dqn.predict(Float32Array.of(0.01, 0, -0.02, 0.03)));
    expect(backend.matmuls).toBe(3);
  });

  it('rejects bad options and unsupported spaces with errors that name them', () => {
    const agents = new AgentRegistryImpl();
    agents.register(dqnRegistration);
    const make = (options: Record<string, unknown>) => () => agents.makeAgent('dqn', { rng: new Rng(0), env: envInfo, options: { totalTimesteps: 1_000, ...options } });
    expect(make({ learningrate: 1e-3 })).toThrow(/unknown option 'learningrate'\. Did you mean 'learningRate'\?/);
    expect(make({ gamma: 1.5 })).toThrow(/dqn option gamma must lie in \[0, 1\], got 1\.5/);
    expect(make({ tau: 0 })).toThrow(/tau must lie in \(0, 1\]/);
    expect(make({ netArch: [64, 0] })).toThrow(/netArch must be an array of positive integers/);
    expect(make({ netArch: 64 })).toThrow(/option 'netArch' must be a array/);
    expect(make({ nSteps: 0 })).toThrow(/nSteps must be an integer >= 1, got 0/);
    expect(make({ loss: 'l1' })).toThrow(/loss must be 'huber' or 'mse', got "l1"/);
    expect(make({ activation: 'swish' })).toThrow(/activation must be one of linear, relu/);
    expect(make({ gradientSteps: -2 })).toThrow(/gradientSteps must be an integer >= 0, got -2/);
    expect(make({ targetUpdateInterval: 0 })).toThrow(/targetUpdateInterval must be an integer >= 1/);
    expect(make({ priorityBeta0: 2 })).toThrow(/priorityBeta0 must lie in \[0, 1\]/);
    expect(make({ totalTimesteps: null })).toThrow(/totalTimesteps is not set/);
    expect(make({ doubleQ: 'yes' })).toThrow(ConfigError);
    const spaces = (observationSpace: Box | Discrete, actionSpace: Box | Discrete) => () =>
      new DqnAgent({ observationSpace, actionSpace, numEnvs: 1 }, new Rng(0), { totalTimesteps: 100 });
    expect(spaces(new Box(-1, 1, [4]), new Box(-1, 1, [1]))).toThrow(/dqn needs a Discrete action space, got Box/);
    expect(spaces(new Discrete(5), new Discrete(2))).toThrow(/dqn needs Box observations/);
  });
});
