import { describe, expect, it } from 'vitest';
import { EnvRegistry } from '../../../src/env/registry.js';
import { Rng } from '../../../src/random/rng.js';
import { GridWorldEnv } from '../../../envs/toy/grid-world.js';
import { registerBuiltinEnvs } from '../../../envs/index.js';

/** Value iteration over the env's own transition model: the optimal state values. */
function valueIteration(env: GridWorldEnv, gamma: number): number[] {
  const n = env.observationSpace.n;
  let v = new Array<number>(n).fill(0);
  for (let sweep = 0; sweep < 500; sweep++) {
    v = v.map((_, s) =>
      Math.max(...[0, 1, 2, 3].map((a) => env.transitions(s, a).reduce((q, t) => q + t.probability * (t.reward + (t.terminated ? 0 : gamma * v[t.nextState]!)), 0))),
    );
  }
  return v;
}

describe('GridWorldEnv', () => {
  it('moves deterministically by default, walls keep the agent in place', () => {
    const env = new GridWorldEnv();
    expect(env.reset().observation).toBe(0);
    expect(env.step(0).observation).toBe(0); // left wall
    expect(env.step(2).observation).toBe(1);
    const hole = env.step(1); // (1, 1) is a hole
    expect([hole.observation, hole.reward, hole.terminated]).toEqual([5, 0, true]);
  });

  it('reaches the goal with reward 1 along a shortest path', () => {
    const env = new GridWorldEnv();
    env.reset();
    const path = [1, 1, 2, 1, 2, 2]; // down, down, right, down, right, right
    const results = path.map((a) => env.step(a));
    expect(results.at(-1)).toMatchObject({ observation: 15, reward: 1, terminated: true });
    expect(results.slice(0, -1).every((r) => !r.terminated)).toBe(true);
  });

  it('slips to the perpendicular directions a third of the time each, seeded', () => {
    const env = new GridWorldEnv({ map: ['FFF', 'FSF', 'FFG'], slippery: true });
    const counts = new Map<number, number>();
    env.reset({ seed: 1 });
    for (let i = 0; i < 3000; i++) {
      env.reset();
      const next = env.step(3).observation; // up: intended 1, slips to 3 (left) or 5 (right)
      counts.set(next, (counts.get(next) ?? 0) + 1);
    }
    expect([...counts.keys()].sort()).toEqual([1, 3, 5]);
    for (const c of counts.values()) expect(Math.abs(c - 1000)).toBeLessThan(120);
    // FrozenLake's order: (a - 1) % 4, a, (a + 1) % 4, i.e. right, up, left for up.
    expect(env.transitions(4, 3).map((t) => [t.nextState, t.probability])).toEqual([
      [5, 1 / 3],
      [1, 1 / 3],
      [3, 1 / 3],
    ]);
  });

  it('is solved by tabular Q-learning written the way a user would', () => {
    const registry = new EnvRegistry();
    registerBuiltinEnvs(registry);
    const env = registry.make<number, number>('toy/GridWorld-v0');
    const rng = new Rng(0);
    // Optimistic initial values drive exploration of the sparse reward.
    const q = Array.from({ length: 16 }, () => [1, 1, 1, 1]);
    const greedy = (s: number): number => q[s]!.indexOf(Math.max(...q[s]!));
    env.reset({ seed: 0 });
    for (let episode = 0; episode < 400; episode++) {
      let s = env.reset().observation;
      const epsilon = 0.1;
      for (;;) {
        const a = rng.bernoulli(epsilon) ? rng.int(4) : greedy(s);
        const r = env.step(a);
        const target = r.reward + (r.terminated ? 0 : 0.95 * Math.max(...q[r.observation]!));
        q[s]![a]! += 0.5 * (target - q[s]![a]!);
        s = r.observation;
        if (r.terminated || r.truncated) break;
      }
    }
    // The greedy policy reaches the goal, and its values approach the optimal ones.
    let s = env.reset().observation;
    let ret = 0;
    for (let t = 0; t < 20; t++) {
      const r = env.step(greedy(s));
      ret += r.reward;
      s = r.observation;
      if (r.terminated) break;
    }
    expect(ret).toBe(1);
    const optimal = valueIteration(env.unwrapped as GridWorldEnv, 0.95);
    expect(Math.max(...q[0]!)).toBeCloseTo(optimal[0]!, 2);
  });

  it('renders the map with the agent highlighted and the last action', () => {
    const env = new GridWorldEnv();
    env.reset();
    expect(env.render()).toBe('\x1b[41mS\x1b[0mFFF\nFHFH\nFFFH\nHFFG');
    env.step(2);
    expect(env.render()!.split('\n')[0]).toBe('  (Right)');
  });

  it('validates the map kwarg', () => {
    expect(() => new GridWorldEnv({ map: ['SF', 'F'] })).toThrow("GridWorldEnv: kwarg 'map' must be a non-empty array of equal-length strings");
    expect(() => new GridWorldEnv({ map: ['SX', 'FG'] })).toThrow('may only hold S, F, H and G');
    expect(() => new GridWorldEnv({ map: ['FF', 'FG'] })).toThrow("exactly one start tile 'S'");
    expect(() => new GridWorldEnv({ map: ['SF', 'FF'] })).toThrow("at least one goal tile 'G'");
  });
});
