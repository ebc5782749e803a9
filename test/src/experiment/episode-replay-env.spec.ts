import { describe, expect, it } from 'vitest';
import { registerBuiltinEnvs } from '../../../envs/index.js';
import { EnvRegistry } from '../../../src/env/registry.js';
import { EpisodeReplayEnv } from '../../../src/experiment/episode-replay-env.js';
import { Rng } from '../../../src/random/rng.js';

function make(id: string, kwargs: Record<string, unknown> = {}): EpisodeReplayEnv<unknown, number> {
  const registry = new EnvRegistry();
  registerBuiltinEnvs(registry);
  return new EpisodeReplayEnv(registry.make<unknown, number>(id, kwargs));
}

/** Steps with random actions from `rng` (resetting at episode ends); returns the transitions. */
function rollout(env: EpisodeReplayEnv<unknown, number>, rng: Rng, steps: number): unknown[] {
  const out: unknown[] = [];
  for (let i = 0; i < steps; i++) {
    const r = env.step(rng.int(2));
    out.push([Array.from(r.observation as ArrayLike<number>), r.reward, r.terminated, r.truncated]);
    if (r.terminated || r.truncated) out.push(Array.from(env.reset().observation as ArrayLike<number>));
  }
  return out;
}

describe('EpisodeReplayEnv', () => {
  it('restores a CartPole mid-episode, after unseeded resets, so the future is identical', () => {
    const env = make('CartPole-v1');
    env.reset({ seed: 7 });
    rollout(env, new Rng(1), 137); // several episodes: the current one began with an unseeded reset
    const saved = JSON.parse(JSON.stringify(env.getState())) as never;
    const expected = rollout(env, new Rng(2), 300);

    const copy = make('CartPole-v1');
    copy.reset({ seed: 999 });
    copy.setState(saved);
    expect(rollout(copy, new Rng(2), 300)).toEqual(expected);
  });

  it('restores the random stream of a stochastic env (slippery GridWorld) and its time limit', () => {
    const env = make('toy/GridWorld-v0', { slippery: true });
    env.reset({ seed: 3 });
    rollout(env, new Rng(5), 40);
    const saved = env.getState();
    const expected = rollout(env, new Rng(6), 400);
    const copy = make('toy/GridWorld-v0', { slippery: true });
    copy.reset();
    copy.setState(saved);
    const again = rollout(copy, new Rng(6), 400);
    expect(again).toEqual(expected);
    // Restoring a different point gives a different future (the check above can fail).
    const other = make('toy/GridWorld-v0', { slippery: true });
    other.reset({ seed: 4 });
    expect(rollout(other, new Rng(6), 400)).not.toEqual(expected);
  });

  it('rejects a malformed state and accepts the state of a never-reset env', () => {
    const env = make('CartPole-v1');
    expect(env.getState()).toEqual({ start: null, actions: [] });
    env.setState({ start: null, actions: [] });
    expect(() => env.setState({ actions: 3 })).toThrow(/expected \{ start: \{ seed \} \| \{ rng \}, actions/);
    expect(() => env.setState([1])).toThrow(/expected \{ start, actions \}/);
  });
});
