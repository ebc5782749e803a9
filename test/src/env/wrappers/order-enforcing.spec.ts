import { describe, expect, it } from 'vitest';
import { InvalidActionError, ResetNeededError } from '../../../../src/env/env-errors.js';
import { OrderEnforcing, formatValue } from '../../../../src/env/wrappers/order-enforcing.js';
import { TimeLimit } from '../../../../src/env/wrappers/time-limit.js';
import { WalkEnv } from '../test-envs.js';

describe('OrderEnforcing', () => {
  it('refuses step() and render() before reset()', () => {
    const env = new OrderEnforcing(new WalkEnv());
    expect(env.hasReset).toBe(false);
    expect(() => env.step(0)).toThrow(new ResetNeededError('WalkEnv: step() called before reset(); call env.reset() to start an episode first'));
    expect(() => env.render()).toThrow('WalkEnv: render() called before reset(); call env.reset() first');
    env.reset();
    expect(env.render()).toBe('position 0');
  });

  it('refuses step() after termination until the next reset()', () => {
    const env = new OrderEnforcing(new WalkEnv(1));
    env.reset();
    expect(env.step(1).terminated).toBe(true);
    expect(() => env.step(1)).toThrow('WalkEnv: step() called after the episode ended (terminated) without reset(); call env.reset() to start a new episode');
    env.reset();
    expect(env.step(0).terminated).toBe(true);
  });

  it('sees truncation by an inner TimeLimit', () => {
    const env = new OrderEnforcing(new TimeLimit(new WalkEnv(), 2));
    env.reset();
    env.step(1);
    expect(env.step(0).truncated).toBe(true);
    expect(() => env.step(0)).toThrow('after the episode ended (truncated)');
  });

  it('rejects actions outside the action space, and can be told not to check', () => {
    const env = new OrderEnforcing(new WalkEnv());
    env.reset();
    expect(() => env.step(-1)).toThrow(InvalidActionError);
    expect(() => env.step(0.5)).toThrow('WalkEnv: action 0.5 is not in the action space Discrete(2): expected an integer in [0, 2), got 0.5');
    const unchecked = new OrderEnforcing(new WalkEnv(), false);
    unchecked.reset();
    expect(unchecked.step(7).reward).toBe(7);
  });

  it('formats values for messages', () => {
    expect(formatValue(Float32Array.of(1, 2))).toBe('Float32Array [1, 2]');
    expect(formatValue('a')).toBe('"a"');
    expect(formatValue({ a: 1 })).toBe('{"a":1}');
  });
});
