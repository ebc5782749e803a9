import { lastValueFrom, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { registerBuiltinEnvs } from '../../../envs/index.js';
import { RandomAgent } from '../../../agents/random/random-agent.js';
import { EnvRegistry } from '../../../src/env/registry.js';
import { interact } from '../../../src/loop/interact.js';
import { Rng } from '../../../src/random/rng.js';
import { Box } from '../../../src/spaces/box.js';

function cartPole() {
  const registry = new EnvRegistry();
  registerBuiltinEnvs(registry);
  return registry.make<Float32Array, number>('CartPole-v1');
}

describe('RandomAgent', () => {
  it('runs CartPole through interact with actions from the action space', async () => {
    const env = cartPole();
    const agent = new RandomAgent<Float32Array, number>(env, new Rng(0));
    const events = await lastValueFrom(interact(env, agent, { budget: { steps: 2_000 }, rng: new Rng(1) }).pipe(toArray()));
    const episodes = events.filter((e) => e.type === 'episode');
    expect(episodes.length).toBeGreaterThan(20);
    // A random policy keeps the pole up ~22 steps on average; every step earns 1.
    for (const e of episodes) expect(e.return).toBe(e.length);
    expect(episodes.reduce((a, e) => a + e.length, 0) / episodes.length).toBeLessThan(60);
    expect(events.some((e) => e.type === 'update')).toBe(false);
    const actions = agent.act(new Array(100).fill(Float32Array.of(0, 0, 0, 0)));
    expect(new Set(actions)).toEqual(new Set([0, 1]));
  });

  it('gives identical events for the same seed twice', async () => {
    const run = () => {
      const env = cartPole();
      return lastValueFrom(interact(env, new RandomAgent<Float32Array, number>(env, new Rng(4)), { budget: { steps: 1_000 }, rng: new Rng(4) }).pipe(toArray()));
    };
    expect(await run()).toEqual(await run());
  });

  it('keeps evaluation off the training stream and restores both streams', () => {
    const space = { actionSpace: new Box(-2, 2, [3]) };
    const a = new RandomAgent<number, Float32Array>(space, new Rng(9));
    const b = new RandomAgent<number, Float32Array>(space, new Rng(9));
    b.predict(0);
    b.predict(0);
    expect(b.act([0])).toEqual(a.act([0]));
    const c = new RandomAgent<number, Float32Array>(space, new Rng(1));
    c.setState(a.getState());
    expect(c.act([0, 0])).toEqual(a.act([0, 0]));
    expect(c.predict(0)).toEqual(a.predict(0));
    expect(space.actionSpace.contains(a.act([0])[0])).toBe(true);
  });
});
