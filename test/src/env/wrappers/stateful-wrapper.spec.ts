import { describe, expect, it } from 'vitest';
import { registerBuiltinEnvs } from '../../../../envs/index.js';
import type { JsonObject, JsonValue } from '../../../../src/agent/state-snapshot.js';
import type { Env, StepResult } from '../../../../src/env/env.js';
import { EnvRegistry } from '../../../../src/env/registry.js';
import { isStatefulEnv, type EnvStateReader, type StatefulEnv } from '../../../../src/env/stateful-env.js';
import { ClipAction } from '../../../../src/env/wrappers/clip-action.js';
import { FrameStack } from '../../../../src/env/wrappers/frame-stack.js';
import { NormalizeObservation } from '../../../../src/env/wrappers/normalize-observation.js';
import { NormalizeReward } from '../../../../src/env/wrappers/normalize-reward.js';
import { OrderEnforcing } from '../../../../src/env/wrappers/order-enforcing.js';
import { RecordEpisodeStatistics } from '../../../../src/env/wrappers/record-episode-statistics.js';
import { RescaleAction } from '../../../../src/env/wrappers/rescale-action.js';
import { StatefulWrapper } from '../../../../src/env/wrappers/stateful-wrapper.js';
import { TimeLimit } from '../../../../src/env/wrappers/time-limit.js';
import { TransformObservation } from '../../../../src/env/wrappers/transform-observation.js';
import { TransformReward } from '../../../../src/env/wrappers/transform-reward.js';
import { Rng } from '../../../../src/random/rng.js';
import { WalkEnv } from '../test-envs.js';

type AnyEnv = Env<unknown, unknown> & StatefulEnv;

function make<Obs, Act>(id: string, kwargs: Record<string, unknown> = {}): Env<Obs, Act> {
  const registry = new EnvRegistry();
  registerBuiltinEnvs(registry);
  return registry.make<Obs, Act>(id, kwargs);
}

/** Counts steps across episodes: a user wrapper that saves a field of its own. */
class StepCounter<O, A> extends StatefulWrapper<O, A> {
  protected readonly stateKind = 'StepCounter';
  steps = 0;
  override step(action: A): StepResult<O> {
    this.steps++;
    return this.env.step(action);
  }
  protected override ownState(): JsonObject {
    return { steps: this.steps };
  }
  protected override restoreOwnState(state: EnvStateReader): void {
    this.steps = state.integer('steps');
  }
}

/** Chains of every built-in wrapper over built-in envs; each call builds a fresh chain. */
const CHAINS: Record<string, () => AnyEnv> = {
  'statistics over normalization over CartPole': () =>
    new StepCounter(new RecordEpisodeStatistics(new NormalizeReward(new NormalizeObservation(make<Float32Array, number>('CartPole-v1')), 0.9), 3)) as unknown as AnyEnv,
  'frames and rewards over noisy Acrobot': () =>
    new TransformReward(new FrameStack(make<Float32Array, number>('Acrobot-v1', { torqueNoiseMax: 0.2 }), 3, 'zero'), (r) => r * 2) as unknown as AnyEnv,
  'action and observation maps over Pendulum': () =>
    new TransformObservation(new ClipAction(new RescaleAction(make<Float32Array, Float32Array>('Pendulum-v1'), -1, 1)), (o: Float32Array) => o.map((v) => v * 3)) as unknown as AnyEnv,
  'time limit and order checks made by hand over slippery GridWorld': () =>
    new OrderEnforcing(new TimeLimit(make<number, number>('toy/GridWorld-v0', { slippery: true }), 7)) as unknown as AnyEnv,
};

/** Steps through `actions`, resetting at episode ends; records observations, rewards, flags and infos. */
function rollout(env: AnyEnv, actions: readonly unknown[]): unknown[] {
  return actions.map((action) => {
    const r = env.step(action);
    const row = [ArrayBuffer.isView(r.observation) ? Array.from(r.observation as Float32Array) : r.observation, r.reward, r.terminated, r.truncated, r.info];
    return r.terminated || r.truncated ? [row, env.reset().observation] : row;
  });
}

describe('StatefulWrapper: built-in wrappers save their own state with the wrapped env', () => {
  it.each(Object.keys(CHAINS).map((name) => [name]))('%s: a restored fresh chain continues identically', (name) => {
    const build = CHAINS[name]!;
    const rng = new Rng(name.length);
    const env = build();
    expect(isStatefulEnv(env)).toBe(true);
    env.reset({ seed: 11 });
    const actions = (n: number) => Array.from({ length: n }, () => env.actionSpace.sample(rng));
    rollout(env, actions(130));
    const snapshot = JSON.parse(JSON.stringify(env.getState())) as JsonValue;
    const future = actions(260);
    const expected = rollout(env, future);

    const fresh = build();
    fresh.setState(snapshot);
    expect(rollout(fresh, future)).toEqual(expected);
    expect(fresh.getState()).toEqual(env.getState());
  });

  it('saves the wrappers’ own fields under their kind, the inner state under env', () => {
    const env = CHAINS['statistics over normalization over CartPole']!();
    env.reset({ seed: 0 });
    for (let i = 0; i < 40; i++) {
      const r = env.step(i % 2);
      if (r.terminated || r.truncated) env.reset();
    }
    const state = env.getState() as JsonObject;
    expect(state['kind']).toBe('StepCounter');
    expect(state['steps']).toBe(40);
    const stats = state['env'] as JsonObject;
    expect(stats['kind']).toBe('RecordEpisodeStatistics');
    const record = (env as unknown as { env: RecordEpisodeStatistics<unknown, unknown> }).env;
    expect(stats['lengthQueue']).toEqual(record.lengthQueue);
    expect(record.lengthQueue.length).toBeLessThanOrEqual(3);
    expect(((stats['env'] as JsonObject)['kind'])).toBe('NormalizeReward');
  });

  it('a chain over an env that cannot save its state reports so, and says why when asked', () => {
    const env = new RecordEpisodeStatistics(new TimeLimit(new WalkEnv(), 10));
    expect(isStatefulEnv(env)).toBe(false);
    expect(env.savesState).toBe(false);
    expect(() => env.getState()).toThrow(/RecordEpisodeStatistics\(WalkEnv\)\.getState: the wrapped env TimeLimit<WalkEnv> cannot save its state/);
  });

  it('refuses a state saved from a different chain', () => {
    const a = CHAINS['frames and rewards over noisy Acrobot']!();
    a.reset({ seed: 1 });
    const b = CHAINS['action and observation maps over Pendulum']!();
    expect(() => b.setState(a.getState())).toThrow(/TransformObservation\(Pendulum-v1\)\.setState: expected the state of a 'TransformObservation', got one of "TransformReward"/);
    const stats = new RecordEpisodeStatistics(make('CartPole-v1'), 2);
    const saved = { ...(stats.getState() as JsonObject), lengthQueue: [1, 2, 3], returnQueue: [1, 2, 3] };
    expect(() => stats.setState(saved)).toThrow(/field 'lengthQueue' must be an array of at most bufferLength = 2/);
  });
});
