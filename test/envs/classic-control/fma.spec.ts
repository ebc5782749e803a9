import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fma } from '../../../envs/classic-control/fma.js';

/** Exact a * b + c rounded to the nearest double (ties to even), with BigInt rationals. */
function exactFma(a: number, b: number, c: number): number {
  const [ma, ea] = decompose(a);
  const [mb, eb] = decompose(b);
  const [mc, ec] = decompose(c);
  // value = m * 2^e; bring all to the smallest exponent.
  const ep = ea + eb;
  const e = Math.min(ep, ec);
  const sum = ma * mb * 2n ** BigInt(ep - e) + mc * 2n ** BigInt(ec - e);
  return roundToDouble(sum, e);
}

function decompose(x: number): [bigint, number] {
  if (x === 0) return [0n, 0];
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  const sign = bits >> 63n ? -1n : 1n;
  const exp = Number((bits >> 52n) & 0x7ffn);
  const frac = bits & ((1n << 52n) - 1n);
  return exp === 0 ? [sign * frac, -1074] : [sign * (frac | (1n << 52n)), exp - 1075];
}

function roundToDouble(m: bigint, e: number): number {
  if (m === 0n) return 0;
  const negative = m < 0n;
  let a = negative ? -m : m;
  // Normalize a to 53 bits with round-half-even on the dropped bits.
  let bits = a.toString(2).length;
  if (bits > 53) {
    const drop = BigInt(bits - 53);
    const q = a >> drop;
    const r = a - (q << drop);
    const half = 1n << (drop - 1n);
    let rounded = q;
    if (r > half || (r === half && (q & 1n) === 1n)) rounded = q + 1n;
    a = rounded;
    e += Number(drop);
    bits = a.toString(2).length;
  }
  const value = Number(a) * 2 ** e;
  return negative ? -value : value;
}

describe('fma', () => {
  it('rounds a * b + c once (exact BigInt oracle, property)', () => {
    // Normal range only (the envs never meet subnormals; Dekker's product needs no underflow).
    const double = fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true }).filter((x) => x === 0 || Math.abs(x) > 1e-30);
    fc.assert(
      fc.property(double, double, double, (a, b, c) => {
        // + 0 folds the sign of an exact zero, which this oracle does not model.
        expect(fma(a, b, c) + 0).toBe(exactFma(a, b, c) + 0);
      }),
      { numRuns: 2000 },
    );
  });

  it('rounds halfway cases correctly (products one bit wider than a double, property)', () => {
    // 27-bit mantissas make a * b land exactly on or next to rounding midpoints of the sum.
    const mantissa = fc.integer({ min: 1, max: 2 ** 27 - 1 });
    const scaled = fc.tuple(mantissa, fc.integer({ min: -40, max: 40 }), fc.boolean()).map(([m, e, neg]) => (neg ? -1 : 1) * m * 2 ** e);
    const addend = fc.tuple(fc.integer({ min: 1, max: 2 ** 53 - 1 }), fc.integer({ min: -100, max: 60 }), fc.boolean()).map(([m, e, neg]) => (neg ? -1 : 1) * m * 2 ** e);
    fc.assert(
      fc.property(scaled, scaled, addend, (a, b, c) => {
        expect(fma(a, b, c) + 0).toBe(exactFma(a, b, c) + 0);
      }),
      { numRuns: 3000 },
    );
  });

  it('gets double-rounding ties right (near-cancellation and tiny addends)', () => {
    const cases: [number, number, number][] = [
      [0.1, 10, -1],
      [1 + 2 ** -52, 1 - 2 ** -53, -1],
      [1 + 2 ** -27, 1 + 2 ** -27, 2 ** -80],
      [1 + 2 ** -27, 1 - 2 ** -27, -(2 ** -80)],
      [3, 1 / 3, -1],
      [2 ** 30 + 1, 2 ** 23 + 1, 2 ** -30],
    ];
    for (const [a, b, c] of cases) expect(fma(a, b, c)).toBe(exactFma(a, b, c));
    expect(fma(0.1, 10, -1)).toBe(5.551115123125783e-17);
  });
});
