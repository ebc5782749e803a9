import { describe, expect, it } from 'vitest';
import { parseEnvId } from '../../../src/env/env-spec.js';
import { InvalidActionError, ResetNeededError } from '../../../src/env/env-errors.js';
import { makeEnv } from '../../../src/env/make-env.js';
import { EnvRegistry } from '../../../src/env/registry.js';
import { OrderEnforcing } from '../../../src/env/wrappers/order-enforcing.js';
import { TimeLimit } from '../../../src/env/wrappers/time-limit.js';
import { ConfigError } from '../../../src/errors.js';
import { WalkEnv } from './test-envs.js';

function registry(): EnvRegistry {
  const r = new EnvRegistry();
  r.register({ id: 'Walk-v1', create: (kw) => new WalkEnv(kw.limit as number), kwargs: { limit: 3, label: 'x', flags: [1] }, maxEpisodeSteps: 5, rewardThreshold: 4, description: 'a walk' });
  r.register({ id: 'Walk-v0', create: () => new WalkEnv() });
  r.register({ id: 'toy/Grid-v2', create: () => new WalkEnv() });
  return r;
}

describe('parseEnvId', () => {
  it('splits [namespace/]Name-vN', () => {
    expect(parseEnvId('CartPole-v1')).toEqual({ namespace: null, name: 'CartPole', version: 1 });
    expect(parseEnvId('toy/GridWorld-v0')).toEqual({ namespace: 'toy', name: 'GridWorld', version: 0 });
  });

  it.each(['CartPole', 'CartPole-v', 'CartPole-v01', '1Cart-v1', 'a/b/C-v1', 'Cart Pole-v1', ''])('rejects %j', (id) => {
    expect(() => parseEnvId(id)).toThrow(`Malformed env id ${JSON.stringify(id)}: expected '[namespace/]Name-vN'`);
  });
});

describe('EnvRegistry', () => {
  it('lists sorted specs with defaults and thresholds', () => {
    const r = registry();
    expect(r.list().map((s) => s.id)).toEqual(['toy/Grid-v2', 'Walk-v0', 'Walk-v1']);
    expect(r.spec('Walk-v1')).toMatchObject({ name: 'Walk', version: 1, namespace: null, maxEpisodeSteps: 5, rewardThreshold: 4, description: 'a walk' });
    expect(r.spec('Walk-v0')).toMatchObject({ maxEpisodeSteps: null, rewardThreshold: null, kwargs: {} });
    expect(r.has('Walk-v1')).toBe(true);
    expect(r.has('Walk-v2')).toBe(false);
  });

  it('make wraps OrderEnforcing(TimeLimit(env)) and sets the spec with the kwargs used', () => {
    const env = registry().make('Walk-v1', { limit: 100 });
    expect(env).toBeInstanceOf(OrderEnforcing);
    expect((env as OrderEnforcing<unknown, unknown>).env).toBeInstanceOf(TimeLimit);
    expect(env.toString()).toBe('OrderEnforcing<TimeLimit<WalkEnv<Walk-v1>>>');
    expect(env.spec?.kwargs).toEqual({ limit: 100, label: 'x', flags: [1] });
    expect((env.unwrapped as WalkEnv).limit).toBe(100);
    env.reset();
    const flags = Array.from({ length: 5 }, () => env.step(1).truncated);
    expect(flags).toEqual([false, false, false, false, true]);
  });

  it('make options override or drop the time limit and the order checks', () => {
    const r = registry();
    expect(r.make('Walk-v1', {}, { maxEpisodeSteps: null }).toString()).toBe('OrderEnforcing<WalkEnv<Walk-v1>>');
    expect(r.make('Walk-v1', {}, { orderEnforcing: false, maxEpisodeSteps: 2 }).toString()).toBe('TimeLimit<WalkEnv<Walk-v1>>');
    expect(makeEnv(r, 'Walk-v0').toString()).toBe('OrderEnforcing<WalkEnv<Walk-v0>>');
  });

  it('throws for an unknown id, suggesting the same name at another version', () => {
    expect(() => registry().make('Walk-v7')).toThrow("Unknown env id 'Walk-v7'. Did you mean 'Walk-v1' or 'Walk-v0'? Known: Walk-v0, Walk-v1, toy/Grid-v2");
  });

  it('suggests close ids by edit distance, even for malformed ids', () => {
    expect(() => registry().make('toy/Gird-v2')).toThrow("Unknown env id 'toy/Gird-v2'. Did you mean 'toy/Grid-v2'?");
    expect(() => registry().make('walk-v1')).toThrow("Did you mean 'Walk-v1'");
    expect(() => registry().make('Nothing-v0')).toThrow("Unknown env id 'Nothing-v0'. Known: Walk-v0, Walk-v1, toy/Grid-v2");
    expect(() => new EnvRegistry().spec('A-v0')).toThrow("Unknown env id 'A-v0'. No envs are registered.");
  });

  it('throws for an unknown kwarg, suggesting a close name and listing the accepted ones', () => {
    expect(() => registry().make('Walk-v1', { limt: 4 })).toThrow(ConfigError);
    expect(() => registry().make('Walk-v1', { limt: 4 })).toThrow("Env 'Walk-v1': unknown kwarg 'limt'. Did you mean 'limit'? (accepted kwargs: limit, label, flags)");
    expect(() => registry().make('Walk-v0', { limit: 4 })).toThrow("Env 'Walk-v0': unknown kwarg 'limit'. (it takes no kwargs)");
  });

  it('throws for a kwarg of the wrong type, naming env, kwarg, expected type and value', () => {
    expect(() => registry().make('Walk-v1', { limit: '4' })).toThrow(`Env 'Walk-v1': kwarg 'limit' must be a number (default 3), got string "4"`);
    expect(() => registry().make('Walk-v1', { limit: NaN })).toThrow(`kwarg 'limit' must be a number (default 3), got NaN`);
    expect(() => registry().make('Walk-v1', { flags: 'a' })).toThrow(`kwarg 'flags' must be an array`);
  });

  it('refuses to re-register an id unless override is set', () => {
    const r = registry();
    expect(() => r.register({ id: 'Walk-v1', create: () => new WalkEnv() })).toThrow("Env id 'Walk-v1' is already registered; pass { override: true } to replace it");
    r.register({ id: 'Walk-v1', create: () => new WalkEnv(9) }, { override: true });
    expect((r.make('Walk-v1').unwrapped as WalkEnv).limit).toBe(9);
  });

  it('validates registrations', () => {
    const r = new EnvRegistry();
    expect(() => r.register({ id: 'bad id', create: () => new WalkEnv() })).toThrow('Malformed env id "bad id"');
    expect(() => r.register({ id: 'A-v0', create: () => new WalkEnv(), maxEpisodeSteps: 0 })).toThrow("Env 'A-v0': maxEpisodeSteps must be a positive integer, got 0");
    r.register({ id: 'B-v0', create: () => ({}) as WalkEnv });
    expect(() => r.make('B-v0')).toThrow("Env 'B-v0': create returned [object Object], not an instance of Env");
  });

  it('gives each registry its own entries (no global state)', () => {
    const a = new EnvRegistry();
    a.register({ id: 'A-v0', create: () => new WalkEnv() });
    expect(new EnvRegistry().has('A-v0')).toBe(false);
  });

  it('made envs refuse misuse with clear errors', () => {
    const env = registry().make<Float32Array, number>('Walk-v1');
    expect(() => env.step(1)).toThrow(ResetNeededError);
    env.reset();
    expect(() => env.step(2)).toThrow(new InvalidActionError('Walk-v1: action 2 is not in the action space Discrete(2): expected an integer in [0, 2), got 2'));
  });
});
