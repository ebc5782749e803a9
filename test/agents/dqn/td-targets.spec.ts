import { describe, expect, it } from 'vitest';
import { tdTargets } from '../../../agents/dqn/td-targets.js';
import { ShapeError } from '../../../src/errors.js';

describe('tdTargets', () => {
  // Three transitions, three actions: rows of next Q-values.
  const batch = { size: 3, returns: [1, 2, 3], discounts: [0.9, 0.81, 0.9], terminated: [0, 0, 1] };
  const nextTargetQ = Float32Array.of(
    5, 1, 2, //
    -1, 4, 10, //
    7, 7, 7,
  );

  it('bootstraps from the target network maximum, scaled by the (n-step) discount, except after termination', () => {
    const y = new Float32Array(3);
    tdTargets(batch, nextTargetQ, null, 3, y);
    expect([...y]).toEqual([Math.fround(1 + 0.9 * 5), Math.fround(2 + 0.81 * 10), 3]);
  });

  it('Double DQN: the online network picks the action, the target network values it', () => {
    // Online prefers action 1 in row 0 and action 0 in row 1, unlike the target network.
    const nextOnlineQ = Float32Array.of(0, 3, 1, 9, 2, 8, 0, 0, 0);
    const y = new Float32Array(3);
    tdTargets(batch, nextTargetQ, nextOnlineQ, 3, y);
    expect([...y]).toEqual([Math.fround(1 + 0.9 * 1), Math.fround(2 + 0.81 * -1), 3]);
    // Ties go to the lowest action.
    tdTargets({ size: 1, returns: [0], discounts: [1], terminated: [0] }, Float32Array.of(4, 6), Float32Array.of(2, 2), 2, y);
    expect(y[0]).toBe(4);
  });

  it('throws on mismatched sizes', () => {
    expect(() => tdTargets(batch, new Float32Array(8), null, 3, new Float32Array(3))).toThrow(ShapeError);
    expect(() => tdTargets(batch, nextTargetQ, new Float32Array(3), 3, new Float32Array(3))).toThrow(/next Q-values of 9 values/);
  });
});
