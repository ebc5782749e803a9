import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Rng } from '../../../src/random/rng.js';
import { Box } from '../../../src/spaces/box.js';
import { spaceFromJSON } from '../../../src/spaces/space-from-json.js';

describe('Box', () => {
  it('infers the shape from array bounds and stores float32 bounds', () => {
    const box = new Box([-1, -2], [1, 0.1]);
    expect(box.shape).toEqual([2]);
    expect(box.size).toBe(2);
    expect(box.high[1]).toBe(Math.fround(0.1));
    expect(box.dtype).toBe('float32');
  });

  it('contains only Float32Arrays of the right length within the bounds', () => {
    const box = new Box(-1, 1, [2, 2]);
    expect(box.contains(Float32Array.of(0, 1, -1, 0.5))).toBe(true);
    expect(box.contains(Float32Array.of(0, 1, -1))).toBe(false);
    expect(box.contains(Float64Array.of(0, 1, -1, 0.5))).toBe(false);
    expect(box.contains([0, 1, -1, 0.5])).toBe(false);
    expect(box.contains(Float32Array.of(0, 1.5, 0, 0))).toBe(false);
    expect(box.contains(Float32Array.of(0, NaN, 0, 0))).toBe(false);
  });

  it('explains mismatches naming the index and the bounds', () => {
    const box = new Box([-4.8, -Infinity], [4.8, Infinity]);
    expect(box.explainMismatch(Float32Array.of(5, 0))).toBe(`value 5 at index 0 is outside [${Math.fround(-4.8)}, ${Math.fround(4.8)}]`);
    expect(box.explainMismatch([1, 2])).toBe('expected a Float32Array of shape [2], got a array');
    expect(box.explainMismatch(new Float32Array(3))).toBe('expected a Float32Array of shape [2] (2 values), got 3 values');
  });

  it('samples inside the box for bounded, half-bounded and unbounded dimensions', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.oneof(fc.constant(-Infinity), fc.double({ min: -100, max: 100, noNaN: true })), fc.double({ min: 0, max: 50, noNaN: true }), fc.boolean()), {
          minLength: 1,
          maxLength: 6,
        }),
        fc.nat(10_000),
        (dims, seed) => {
          const low = dims.map(([lo]) => lo);
          const high = dims.map(([lo, width, unboundedAbove]) => (unboundedAbove ? Infinity : lo === -Infinity ? width : lo + width));
          const box = new Box(low, high);
          const rng = new Rng(seed);
          for (let i = 0; i < 5; i++) {
            const x = box.sample(rng);
            expect(box.explainMismatch(x)).toBeNull();
          }
        },
      ),
      { numRuns: 100 },
    );
  });

  it('samples bounded dimensions uniformly', () => {
    const box = new Box(0, 10, [1]);
    const rng = new Rng(1);
    let sum = 0;
    for (let i = 0; i < 5000; i++) sum += box.sample(rng)[0]!;
    expect(sum / 5000).toBeGreaterThan(4.8);
    expect(sum / 5000).toBeLessThan(5.2);
  });

  it('reports boundedness like Gymnasium is_bounded', () => {
    expect(new Box(-1, 1, [2]).isBounded()).toBe(true);
    const half = new Box([0, 0], [Infinity, 1]);
    expect(half.isBounded()).toBe(false);
    expect(half.isBounded('below')).toBe(true);
    expect(half.isBounded('above')).toBe(false);
  });

  it('prints like Gymnasium', () => {
    expect(new Box(-2, 2, [1]).toString()).toBe('Box(-2.0, 2.0, (1,), float32)');
    expect(new Box([-1, -Infinity], [1, Infinity]).toString()).toBe('Box([-1.0 -inf], [1.0 inf], (2,), float32)');
  });

  it('round-trips through JSON, infinities included', () => {
    const box = new Box([-4.8, -Infinity, -0.41887903], [4.8, Infinity, 0.41887903]);
    const json = JSON.parse(JSON.stringify(box.toJSON()));
    expect(json.low[1]).toBe('-inf');
    const copy = spaceFromJSON(json);
    expect(copy.equals(box)).toBe(true);
    expect(copy.equals(new Box([-4.8, -Infinity, -0.4], [4.8, Infinity, 0.41887903]))).toBe(false);
  });

  it('flattens by copying', () => {
    const box = new Box(-1, 1, [2]);
    const x = Float32Array.of(0.5, -0.5);
    const flat = box.flatten(x);
    flat[0] = 0;
    expect(x[0]).toBe(0.5);
  });

  it('rejects malformed bounds', () => {
    expect(() => new Box(1, 0, [1])).toThrow('Box: low[0] = 1 is above high[0] = 0');
    expect(() => new Box(0, 1)).toThrow('shape is required');
    expect(() => new Box([0, 0], [1, 1, 1])).toThrow('Box: high has 3 values but shape [2] needs 2');
    expect(() => new Box(NaN, 1, [1])).toThrow('NaN');
  });
});
