import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { constantSchedule, linearSchedule } from '../../../src/agent/schedule.js';

describe('linearSchedule', () => {
  it('moves linearly from start to end over the given steps, then holds end', () => {
    const epsilon = linearSchedule({ start: 1, end: 0.05, steps: 10_000 });
    expect(epsilon(0)).toBe(1);
    expect(epsilon(5_000)).toBeCloseTo(0.525, 12);
    expect(epsilon(10_000)).toBe(0.05);
    expect(epsilon(1e9)).toBe(0.05);
    expect(linearSchedule({ start: 3, end: 7, steps: 0 })(0)).toBe(7);
  });

  it('stays between start and end and is monotone', () => {
    fc.assert(
      fc.property(fc.double({ min: -10, max: 10, noNaN: true }), fc.double({ min: -10, max: 10, noNaN: true }), fc.integer({ min: 1, max: 1000 }), fc.nat(2000), (start, end, steps, t) => {
        const s = linearSchedule({ start, end, steps });
        const [lo, hi] = start < end ? [start, end] : [end, start];
        expect(s(t)).toBeGreaterThanOrEqual(lo - 1e-9);
        expect(s(t)).toBeLessThanOrEqual(hi + 1e-9);
        expect((s(t + 1) - s(t)) * (end - start)).toBeGreaterThanOrEqual(-1e-9);
      }),
    );
  });

  it('rejects non-finite ends and negative lengths', () => {
    expect(() => linearSchedule({ start: Number.NaN, end: 0, steps: 1 })).toThrow(/must be finite/);
    expect(() => linearSchedule({ start: 0, end: 0, steps: -1 })).toThrow(/steps must be >= 0/);
    expect(constantSchedule(0.3)(123)).toBe(0.3);
  });
});
