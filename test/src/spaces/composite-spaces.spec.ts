import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Rng } from '../../../src/random/rng.js';
import { Box } from '../../../src/spaces/box.js';
import { Dict } from '../../../src/spaces/dict.js';
import { Discrete } from '../../../src/spaces/discrete.js';
import { MultiBinary } from '../../../src/spaces/multi-binary.js';
import { MultiDiscrete } from '../../../src/spaces/multi-discrete.js';
import type { Space } from '../../../src/spaces/space.js';
import { spaceFromJSON } from '../../../src/spaces/space-from-json.js';
import { Tuple } from '../../../src/spaces/tuple.js';

describe('MultiDiscrete', () => {
  it('contains Int32Arrays with each entry in its own range', () => {
    const space = new MultiDiscrete([5, 2, 2], [0, -1, 0]);
    expect(space.contains(Int32Array.of(4, -1, 1))).toBe(true);
    expect(space.explainMismatch(Int32Array.of(4, 1, 1))).toBe('value 1 at index 1 is outside [-1, 1)');
    expect(space.contains([4, 0, 1])).toBe(false);
    expect(space.contains(Int32Array.of(4, 0))).toBe(false);
    expect(space.flatDim).toBe(9);
    expect(Array.from(space.flatten(Int32Array.of(1, 0, 1)))).toEqual([0, 1, 0, 0, 0, 0, 1, 0, 1]);
  });

  it('rejects bad nvec', () => {
    expect(() => new MultiDiscrete([3, 0])).toThrow('MultiDiscrete: nvec[1] must be a positive integer, got 0');
    expect(() => new MultiDiscrete([3], [0, 0])).toThrow('start has 2 entries but nvec has 1');
  });
});

describe('MultiBinary', () => {
  it('contains Int8Arrays of zeros and ones', () => {
    const space = new MultiBinary(3);
    expect(space.contains(Int8Array.of(1, 0, 1))).toBe(true);
    expect(space.explainMismatch(Int8Array.of(1, 2, 1))).toBe('value 2 at index 1 is not 0 or 1');
    expect(space.contains(Uint8Array.of(1, 0, 1))).toBe(false);
  });
});

describe('Tuple and Dict', () => {
  const tuple = new Tuple<[number, Float32Array]>([new Discrete(3), new Box(-1, 1, [2])]);
  const dict = new Dict<{ position: Float32Array; goal: number }>({ position: new Box(-1, 1, [2]), goal: new Discrete(4) });

  it('check each part and name the failing one', () => {
    expect(tuple.contains([2, Float32Array.of(0, 0)])).toBe(true);
    expect(tuple.explainMismatch([3, Float32Array.of(0, 0)])).toBe('part 0: expected an integer in [0, 3), got 3');
    expect(tuple.explainMismatch([1])).toBe('expected 2 parts, got 1');
    expect(dict.contains({ goal: 1, position: Float32Array.of(0, 0) })).toBe(true);
    expect(dict.explainMismatch({ goal: 1 })).toBe("missing key 'position'");
    expect(dict.explainMismatch({ goal: 1, position: Float32Array.of(0, 0), extra: 1 })).toBe('unexpected key(s) extra (expected goal, position)');
    expect(dict.explainMismatch({ goal: 9, position: Float32Array.of(0, 0) })).toBe("key 'goal': expected an integer in [0, 4), got 9");
  });

  it('sort Dict keys like Gymnasium and flatten in that order', () => {
    expect(dict.keys).toEqual(['goal', 'position']);
    expect(Array.from(dict.flatten({ goal: 2, position: Float32Array.of(0.5, -0.5) }))).toEqual([0, 0, 1, 0, 0.5, -0.5]);
    expect(Array.from(tuple.flatten([1, Float32Array.of(0.25, 0)]))).toEqual([0, 1, 0, 0.25, 0]);
  });

  it('print nested spaces', () => {
    expect(tuple.toString()).toBe('Tuple(Discrete(3), Box(-1.0, 1.0, (2,), float32))');
    expect(dict.toString()).toBe("Dict('goal': Discrete(4), 'position': Box(-1.0, 1.0, (2,), float32))");
  });
});

describe('every space', () => {
  const spaces: Space<unknown>[] = [
    new Discrete(7, -3),
    new Box([-1, 0, -Infinity], [1, Infinity, 5]),
    new MultiDiscrete([2, 3, 4]),
    new MultiBinary(5),
    new Tuple([new Discrete(2), new MultiBinary(2)]),
    new Dict({ a: new Box(-1, 1, [2]), b: new Tuple([new Discrete(3)]) }),
  ];

  it('contains its own samples, and samples deterministically (property)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...spaces), fc.nat(100_000), (space, seed) => {
        const a = space.sample(new Rng(seed));
        const b = space.sample(new Rng(seed));
        expect(space.explainMismatch(a)).toBeNull();
        expect(a).toEqual(b);
        expect(space.flatten(a).length).toBe(space.flatDim);
      }),
      { numRuns: 60 },
    );
  });

  it('round-trips through JSON text and equals only itself', () => {
    spaces.forEach((space, i) => {
      const copy = spaceFromJSON(JSON.parse(JSON.stringify(space.toJSON())));
      expect(copy.equals(space)).toBe(true);
      expect(copy.toString()).toBe(space.toString());
      spaces.forEach((other, j) => expect(space.equals(other)).toBe(i === j));
    });
  });

  it('rejects wrong types, shapes and dtypes (property)', () => {
    const wrong = fc.oneof(
      fc.constant(undefined),
      fc.string(),
      fc.double(),
      fc.array(fc.integer(), { maxLength: 4 }),
      fc.constant(new Float64Array(3)),
      fc.constant(new Uint8Array(5)),
      fc.constant(new Float32Array(7)),
    );
    fc.assert(
      fc.property(wrong, (x) => {
        for (const space of spaces.slice(1)) expect(space.contains(x)).toBe(false);
      }),
      { numRuns: 60 },
    );
  });

  it('spaceFromJSON names the malformed field', () => {
    expect(() => spaceFromJSON({ type: 'Tuple', spaces: [{ type: 'Discrete', n: 'x' }] })).toThrow('space.spaces[0].n: expected a finite number, got "x"');
    expect(() => spaceFromJSON({ type: 'Ball' })).toThrow('space.type: unknown space type "Ball"');
    expect(() => spaceFromJSON(null)).toThrow('expected a space description object');
  });
});
