import { lastValueFrom, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { registerBuiltinEnvs } from '../../../envs/index.js';
import type { GridWorldEnv } from '../../../envs/toy/grid-world.js';
import { QLearningAgent, Q_LEARNING_DEFAULTS } from '../../../agents/q-learning/q-learning.js';
import { EnvRegistry } from '../../../src/env/registry.js';
import { interact } from '../../../src/loop/interact.js';
import { Rng } from '../../../src/random/rng.js';
import { Box } from '../../../src/spaces/box.js';
import { Discrete } from '../../../src/spaces/discrete.js';

function setup(seed: number) {
  const registry = new EnvRegistry();
  registerBuiltinEnvs(registry);
  const env = registry.make<number, number>('toy/GridWorld-v0');
  const rng = new Rng(seed);
  const agent = new QLearningAgent({ observationSpace: env.observationSpace, actionSpace: env.actionSpace, numEnvs: 1 }, rng.child('agent'), {
    learningRate: 0.5,
    explorationSteps: 2_000,
  });
  return { registry, env, agent, rng };
}

/** Shortest number of moves from S to G, by breadth-first search over the env's own transitions. */
function shortestPath(grid: GridWorldEnv): number {
  const start = grid.reset().observation;
  const distance = new Map([[start, 0]]);
  const queue = [start];
  while (queue.length > 0) {
    const s = queue.shift()!;
    if (grid.tile(s) === 'G') return distance.get(s)!;
    if (grid.tile(s) === 'H') continue;
    for (let a = 0; a < 4; a++) {
      for (const { nextState } of grid.transitions(s, a)) {
        if (!distance.has(nextState)) {
          distance.set(nextState, distance.get(s)! + 1);
          queue.push(nextState);
        }
      }
    }
  }
  throw new Error('goal unreachable');
}

describe('QLearningAgent', () => {
  it('learns a greedy policy that walks the GridWorld to the goal by a shortest path', async () => {
    const { registry, env, agent, rng } = setup(3);
    const events = await lastValueFrom(interact(env, agent, { budget: { steps: 5_000 }, rng: rng.child('loop') }).pipe(toArray()));
    expect(events.at(-1)).toEqual({ type: 'done', step: 5_000, reason: 'budget' });
    const grid = registry.make<number, number>('toy/GridWorld-v0').unwrapped as GridWorldEnv;
    const optimal = shortestPath(grid);
    expect(optimal).toBe(6);
    let state = grid.reset({ seed: 0 }).observation;
    let steps = 0;
    let reward = 0;
    while (steps < 20) {
      const result = grid.step(agent.predict(state));
      steps++;
      state = result.observation;
      reward += result.reward;
      if (result.terminated) break;
    }
    expect(reward).toBe(1);
    expect(steps).toBe(optimal);
  });

  it('gives identical events for the same seed twice', async () => {
    const run = async () => {
      const { env, agent, rng, registry } = setup(11);
      return lastValueFrom(
        interact(env, agent, { budget: { steps: 1_500 }, rng: rng.child('loop'), eval: { every: 500, episodes: 2, env: registry.make('toy/GridWorld-v0') } }).pipe(toArray()),
      );
    };
    const [a, b] = [await run(), await run()];
    expect(a.length).toBeGreaterThan(1_500);
    expect(b).toEqual(a);
  });

  it('applies the update rule exactly on one transition', () => {
    const agent = new QLearningAgent({ observationSpace: new Discrete(3), actionSpace: new Discrete(2), numEnvs: 1 }, new Rng(0), { learningRate: 0.5, gamma: 0.9, initialQ: 1 });
    agent.act([0]);
    const metrics = agent.observe({ step: 1, observations: [0], actions: [1], rewards: [2], nextObservations: [2], terminated: [false], truncated: [false] });
    // Q(0,1) = 1 + 0.5 * (2 + 0.9 * 1 - 1) = 1.95
    expect(Array.from(agent.qValues(0))).toEqual([1, Math.fround(1.95)]);
    expect(metrics!.tdError).toBeCloseTo(1.9, 12);
    expect(metrics!.epsilon).toBeCloseTo(1 - 0.95 / 5_000, 12);
    agent.observe({ step: 2, observations: [1], actions: [0], rewards: [1], nextObservations: [2], terminated: [true], truncated: [false] });
    expect(agent.qValues(1)[0]).toBe(1); // 1 + 0.5 * (1 + 0 - 1)
  });

  it('restores its table, counters and streams exactly', () => {
    const make = (seed: number) => new QLearningAgent({ observationSpace: new Discrete(4), actionSpace: new Discrete(3), numEnvs: 1 }, new Rng(seed), { explorationSteps: 10 });
    const a = make(1);
    const feed = (agent: QLearningAgent, from: number, to: number) =>
      Array.from({ length: to - from }, (_, k) => {
        const s = (from + k) % 4;
        const [action] = agent.act([s]);
        agent.observe({ step: from + k + 1, observations: [s], actions: [action!], rewards: [s === 3 ? 1 : 0], nextObservations: [(s + 1) % 4], terminated: [s === 3], truncated: [false] });
        return action;
      });
    feed(a, 0, 30);
    const b = make(2);
    b.setState(a.getState());
    expect(feed(b, 30, 60)).toEqual(feed(a, 30, 60));
    expect(b.getState()).toEqual(a.getState());
  });

  it('refuses non-Discrete spaces and bad options', () => {
    const box = new Box(-1, 1, [2]);
    expect(() => new QLearningAgent({ observationSpace: box, actionSpace: new Discrete(2), numEnvs: 1 }, new Rng(0))).toThrow(/needs Discrete observations and Discrete actions, got Box/);
    expect(() => new QLearningAgent({ observationSpace: new Discrete(2), actionSpace: new Discrete(2), numEnvs: 1 }, new Rng(0), { gamma: 2 })).toThrow(/gamma must lie in \[0, 1\]/);
    expect(Q_LEARNING_DEFAULTS.learningRate).toBe(0.1);
  });
});
