import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/errors.js';
import { constantSchedule, cosineSchedule, linearSchedule } from '../../../src/optim/lr-schedules.js';

describe('learning-rate schedules', () => {
  it('constant', () => {
    const s = constantSchedule(0.1);
    expect([0, 10, 1e6].map(s)).toEqual([0.1, 0.1, 0.1]);
    expect(() => constantSchedule(-1)).toThrow(ConfigError);
  });

  it('linear interpolates over progress and holds the end value', () => {
    const s = linearSchedule({ from: 1, to: 0.5, steps: 4 });
    expect([0, 1, 2, 4, 100].map(s)).toEqual([1, 0.875, 0.75, 0.5, 0.5]);
    expect(() => linearSchedule({ from: 1, to: 0, steps: 0 })).toThrow(ConfigError);
  });

  it('cosine decays from peak to end with an optional warm-up', () => {
    const s = cosineSchedule({ from: 1, to: 0, steps: 10 });
    expect(s(0)).toBe(1);
    expect(s(5)).toBeCloseTo(0.5, 12);
    expect(s(10)).toBeCloseTo(0, 12);
    expect(s(50)).toBeCloseTo(0, 12);
    const w = cosineSchedule({ from: 2, to: 0.5, steps: 12, warmupSteps: 2 });
    expect([w(0), w(1), w(2)]).toEqual([1, 2, 2]);
    expect(w(7)).toBeCloseTo(1.25, 12);
    expect(() => cosineSchedule({ from: 1, steps: 5, warmupSteps: 5 })).toThrow(ConfigError);
  });
});
