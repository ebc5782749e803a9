import { describe, expect, it } from 'vitest';
import { CorridorEnv } from '../../../envs/toy/corridor.js';

describe('CorridorEnv', () => {
  it('walks right to the goal with the documented rewards', () => {
    const env = new CorridorEnv({ length: 4 });
    expect(Array.from(env.reset().observation)).toEqual([0]);
    expect(env.step(0)).toMatchObject({ reward: -0.01, terminated: false });
    const rewards = [env.step(1), env.step(1), env.step(1)].map((r) => [r.reward, r.terminated, r.observation[0]]);
    expect(rewards).toEqual([
      [-0.01, false, Math.fround(1 / 3)],
      [-0.01, false, Math.fround(2 / 3)],
      [1, true, 1],
    ]);
    expect(env.render()).toBe('[...\x1b[42mA\x1b[0m]');
  });

  it('starts at a seeded random cell when asked', () => {
    const env = new CorridorEnv({ randomStart: true });
    const starts = new Set(Array.from({ length: 100 }, (_, i) => env.reset({ seed: i }).observation[0]));
    expect(starts.size).toBe(7);
    expect(starts.has(1)).toBe(false);
    expect(() => new CorridorEnv({ length: 1 })).toThrow("CorridorEnv: kwarg 'length' must be an integer >= 2, got 1");
  });
});
