import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { randomShift } from '../../../agents/classifier/random-shift.js';
import { ConfigError } from '../../../src/errors.js';
import { Rng } from '../../../src/random/rng.js';
import { Tensor } from '../../../src/tensor/tensor.js';

describe('randomShift', () => {
  it('moves each image by its own offsets and repeats the edge pixels', () => {
    // One 3x3 single-channel image 1..9; find the offsets the rng draws, then check by hand.
    const image = new Tensor([1, 3, 3, 1], Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9]));
    const draws = new Rng(4);
    const dy = draws.int(-1, 2);
    const dx = draws.int(-1, 2);
    const out = randomShift(image, 1, new Rng(4));
    const at = (y: number, x: number) => image.data[Math.min(Math.max(y - dy, 0), 2) * 3 + Math.min(Math.max(x - dx, 0), 2)];
    expect(Array.from(out.data)).toEqual([0, 1, 2].flatMap((y) => [0, 1, 2].map((x) => at(y, x))));
    expect(randomShift(image, 0, new Rng(4)).data).toEqual(image.data);
  });

  it('keeps shapes, channels together, and is reproducible from the rng', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 1000 }), (n, shift, seed) => {
        const images = new Tensor([n, 4, 5, 2], Float32Array.from({ length: n * 40 }, (_, i) => i));
        const a = randomShift(images, shift, new Rng(seed));
        expect(a.shape).toEqual([n, 4, 5, 2]);
        expect(randomShift(images, shift, new Rng(seed)).data).toEqual(a.data);
        // Channel pairs move together: channel 1 is always channel 0 + 1 here.
        for (let i = 0; i < a.size; i += 2) expect(a.data[i + 1]).toBe(a.data[i]! + 1);
      }),
      { numRuns: 30 },
    );
  });

  it('refuses non-image inputs', () => {
    expect(() => randomShift(Tensor.zeros([2, 784]), 2, new Rng(0))).toThrow(ConfigError);
  });
});
