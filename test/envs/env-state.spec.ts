import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BUILTIN_ENV_IDS, CartPoleEnv, registerBuiltinEnvs } from '../../envs/index.js';
import type { JsonValue } from '../../src/agent/state-snapshot.js';
import type { Env } from '../../src/env/env.js';
import { EnvRegistry } from '../../src/env/registry.js';
import { isStatefulEnv, type StatefulEnv } from '../../src/env/stateful-env.js';
import { Rng } from '../../src/random/rng.js';

type AnyEnv = Env<unknown, unknown> & StatefulEnv;

/** Non-default kwargs where they make an env stochastic during steps (the Rng state then matters). */
const KWARGS: Record<string, Record<string, unknown>> = {
  'toy/GridWorld-v0': { slippery: true },
  'toy/Corridor-v0': { randomStart: true },
  'Acrobot-v1': { torqueNoiseMax: 0.3 },
};

function make(id: string): AnyEnv {
  const registry = new EnvRegistry();
  registerBuiltinEnvs(registry);
  return registry.make(id, KWARGS[id] ?? {}) as AnyEnv;
}

/** `count` actions drawn from the env's action space with `rng` (float32 arrays for Box actions). */
function actionsFor(env: AnyEnv, rng: Rng, count: number): unknown[] {
  return Array.from({ length: count }, () => env.actionSpace.sample(rng));
}

/**
 * Steps through `actions`, resetting (unseeded: the env's own Rng decides the start) whenever an
 * episode ends; records every observation, reward and flag, bit for bit.
 */
function rollout(env: AnyEnv, actions: readonly unknown[]): unknown[] {
  const out: unknown[] = [];
  for (const action of actions) {
    const r = env.step(action);
    out.push([bits(r.observation), r.reward, r.terminated, r.truncated]);
    if (r.terminated || r.truncated) out.push(['reset', bits(env.reset().observation)]);
  }
  return out;
}

/** Observations as plain arrays (Object.is-equal numbers keep -0 apart from 0). */
function bits(observation: unknown): unknown {
  return ArrayBuffer.isView(observation) ? Array.from(observation as Float32Array) : observation;
}

describe('built-in envs save and restore their state exactly (StatefulEnv)', () => {
  it('every built-in env, as made by the registry, is stateful', () => {
    for (const id of BUILTIN_ENV_IDS) expect([id, isStatefulEnv(make(id))]).toEqual([id, true]);
  });

  it.each(BUILTIN_ENV_IDS.map((id) => [id]))('%s: a snapshot restored into a fresh env continues identically', (id) => {
    fc.assert(
      fc.property(fc.nat(1_000_000), fc.integer({ min: 0, max: 250 }), fc.integer({ min: 1, max: 300 }), (seed, before, after) => {
        const rng = new Rng(seed);
        const env = make(id);
        env.reset({ seed });
        rollout(env, actionsFor(env, rng, before));
        const snapshot = JSON.parse(JSON.stringify(env.getState())) as JsonValue;
        const future = actionsFor(env, rng, after);
        const expected = rollout(env, future);

        const fresh = make(id);
        fresh.setState(snapshot);
        expect(rollout(fresh, future)).toEqual(expected);
        // The restored env is where the original is now: its state is the original's.
        expect(fresh.getState()).toEqual(env.getState());
      }),
      { numRuns: 12, seed: 7 },
    );
  });

  it('restores the time limit, the order checks and episode ends (a fresh env needs no reset)', () => {
    const env = make('MountainCar-v0');
    env.reset({ seed: 3 });
    for (let i = 0; i < 150; i++) env.step(1);
    const snapshot = JSON.parse(JSON.stringify(env.getState())) as JsonValue;
    const fresh = make('MountainCar-v0');
    fresh.setState(snapshot);
    let last = fresh.step(1);
    for (let i = 0; i < 49; i++) last = fresh.step(1);
    // The 200th step of the episode, counted across the restore.
    expect(last.truncated).toBe(true);
    expect(() => fresh.step(1)).toThrow(/step\(\) called after the episode ended \(truncated\)/);
  });

  it('restores the steps past termination of a raw CartPole and the seed it reports', () => {
    const env = new CartPoleEnv();
    env.reset({ seed: 1 });
    let r = env.step(1);
    while (!r.terminated) r = env.step(1);
    env.step(1);
    const copy = new CartPoleEnv();
    copy.setState(JSON.parse(JSON.stringify(env.getState())) as JsonValue);
    expect(copy.rngSeed).toBe(1);
    expect(copy.state).toEqual(env.state);
    // The third step past termination: reward 0 either way, and the count keeps going.
    expect(copy.step(0)).toEqual(env.step(0));
    expect(copy.getState()).toEqual(env.getState());
  });

  it('keeps -0 in the physical state (JSON alone would turn it into 0)', () => {
    const env = new CartPoleEnv();
    env.reset({ options: { state: [-0, 0, -0, 0] } });
    const copy = new CartPoleEnv();
    copy.setState(JSON.parse(JSON.stringify(env.getState())) as JsonValue);
    expect(Object.is(copy.state![0], -0)).toBe(true);
    expect(Object.is(copy.state![2], -0)).toBe(true);
  });

  it("refuses another env's state, or a damaged one, naming the env and the field", () => {
    const cartPole = make('CartPole-v1');
    cartPole.reset({ seed: 0 });
    const state = cartPole.getState() as { kind: string; env: { env: Record<string, unknown> } };
    const mountainCar = make('MountainCar-v0');
    expect(() => mountainCar.setState(state as unknown as JsonValue)).toThrow(/MountainCarEnv<MountainCar-v0>\.setState: expected the state of a 'MountainCar', got one of "CartPole"/);
    const damaged = { ...state, env: { ...state.env, env: { ...state.env.env, state: [0, 0, 'x', 0] } } };
    expect(() => make('CartPole-v1').setState(damaged as unknown as JsonValue)).toThrow(/CartPoleEnv<CartPole-v1>\.setState: field 'state\[2\]': expected a number/);
    const grid = make('toy/GridWorld-v0');
    const gridState = grid.getState() as { env: { env: Record<string, unknown> } };
    const offMap = { ...gridState, env: { ...gridState.env, env: { ...gridState.env.env, position: 16 } } };
    expect(() => make('toy/GridWorld-v0').setState(offMap as unknown as JsonValue)).toThrow(/field 'position' must be an integer in \[-1, 15\], got 16/);
  });
});
