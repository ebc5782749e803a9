import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/errors.js';
import {
  constant,
  fans,
  glorotNormal,
  glorotUniform,
  heNormal,
  heUniform,
  orthogonal,
  toInitializer,
  zeros,
} from '../../../src/nn/initializers.js';
import { Rng } from '../../../src/random/rng.js';
import type { Tensor } from '../../../src/tensor/tensor.js';

function stats(t: Tensor): { mean: number; std: number; maxAbs: number } {
  let s = 0;
  let s2 = 0;
  let maxAbs = 0;
  for (const v of t.data) {
    s += v;
    s2 += v * v;
    maxAbs = Math.max(maxAbs, Math.abs(v));
  }
  const mean = s / t.size;
  return { mean, std: Math.sqrt(s2 / t.size - mean * mean), maxAbs };
}

describe('initializers', () => {
  it('computes Keras fans for dense and convolution kernels', () => {
    expect(fans([4, 64])).toEqual({ fanIn: 4, fanOut: 64 });
    expect(fans([3, 3, 8, 16])).toEqual({ fanIn: 72, fanOut: 144 });
  });

  it('glorotUniform stays within sqrt(6 / (in + out)) and fills the range', () => {
    const t = glorotUniform().init([100, 200], new Rng(1));
    const limit = Math.sqrt(6 / 300);
    const { maxAbs, std } = stats(t);
    expect(maxAbs).toBeLessThanOrEqual(limit);
    expect(maxAbs).toBeGreaterThan(0.99 * limit);
    expect(std).toBeCloseTo(limit / Math.sqrt(3), 2);
  });

  it('heUniform, glorotNormal and heNormal have the documented spreads', () => {
    expect(stats(heUniform().init([200, 100], new Rng(2))).maxAbs).toBeLessThanOrEqual(Math.sqrt(6 / 200));
    const gn = stats(glorotNormal().init([200, 300], new Rng(3)));
    expect(Math.abs(gn.std / Math.sqrt(2 / 500) - 1)).toBeLessThan(0.02);
    const hn = stats(heNormal().init([200, 300], new Rng(4)));
    expect(Math.abs(hn.std / Math.sqrt(2 / 200) - 1)).toBeLessThan(0.02);
    expect(Math.abs(hn.mean)).toBeLessThan(0.005);
  });

  it('draws only from the given Rng: same seed, same tensor; other seed, other tensor', () => {
    const a = glorotUniform().init([3, 4], new Rng(9));
    const b = glorotUniform().init([3, 4], new Rng(9));
    const c = glorotUniform().init([3, 4], new Rng(10));
    expect(a.data).toEqual(b.data);
    expect(a.data).not.toEqual(c.data);
  });

  for (const shape of [[6, 4], [4, 6], [5, 5], [2, 3, 4]]) {
    it(`orthogonal ${JSON.stringify(shape)} has orthonormal columns or rows, scaled by the gain`, () => {
      const gain = 2;
      const t = orthogonal(gain).init(shape, new Rng(5));
      const cols = shape[shape.length - 1]!;
      const rows = t.size / cols;
      const at = (r: number, c: number) => t.data[r * cols + c]!;
      // Gram matrix of the shorter side: columns when rows >= cols, rows otherwise.
      const n = Math.min(rows, cols);
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          let dot = 0;
          if (rows >= cols) for (let r = 0; r < rows; r++) dot += at(r, i) * at(r, j);
          else for (let c = 0; c < cols; c++) dot += at(i, c) * at(j, c);
          expect(dot).toBeCloseTo(i === j ? gain * gain : 0, 4);
        }
      }
    });
  }

  it('zeros and constant fill exactly; constant rejects non-finite values', () => {
    expect(Array.from(zeros().init([3], new Rng(0)).data)).toEqual([0, 0, 0]);
    expect(Array.from(constant(0.25).init([2], new Rng(0)).data)).toEqual([0.25, 0.25]);
    expect(() => constant(Number.NaN)).toThrow(ConfigError);
  });

  it('toInitializer accepts names and configs and rejects unknown ones', () => {
    expect(toInitializer('heNormal').getConfig()).toEqual({ className: 'HeNormal' });
    const o = toInitializer({ className: 'Orthogonal', gain: 3 });
    expect(o.getConfig()).toEqual({ className: 'Orthogonal', gain: 3 });
    expect(toInitializer({ className: 'Constant', value: 2 }).init([1], new Rng(0)).item()).toBe(2);
    expect(() => toInitializer({ className: 'LeCunWhatever' })).toThrow(/unknown initializer 'LeCunWhatever'/);
  });
});
