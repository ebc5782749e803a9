import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, ShapeError } from '../../../../src/errors.js';
import { WasmSgemm } from '../../../../src/kernels/wasm/wasm-sgemm.js';
import { bitIdentical, expectGemmClose, operands, TRANSPOSES, type GemmCase } from './gemm-oracle.js';

/*
 * The sgemm against a float64 oracle, over every transpose variant and shapes that hit every
 * edge: 1s, odd sizes, sizes below and above a register tile, and past every block size (kc 256,
 * mc 120, nc 192). Three instances force each operand path (always packed, direct where the layout
 * allows, the default choice); all three must agree bit for bit, since the packing choice must
 * not change any element's summation order.
 */

const defaults = new WasmSgemm();
const alwaysPack = new WasmSgemm({ packThreshold: 0 });
const neverPack = new WasmSgemm({ packThreshold: Number.POSITIVE_INFINITY });
afterAll(() => [defaults, alwaysPack, neverPack].forEach((s) => s.dispose()));

const SHAPES: ReadonlyArray<readonly [number, number, number]> = [
  [1, 1, 1],
  [1, 7, 3],
  [13, 17, 5],
  [64, 4, 64],
  [64, 64, 4],
  [64, 2, 64],
  [64, 64, 64],
  [129, 65, 33],
  [7, 9, 600],
  [300, 200, 260],
  [130, 390, 517],
];

const cases: GemmCase[] = SHAPES.flatMap(([m, n, k]) => TRANSPOSES.map(([transposeA, transposeB]) => ({ m, n, k, transposeA, transposeB })));

describe('WasmSgemm', () => {
  it.each(cases.map((c) => [`${c.m}x${c.n}x${c.k} tA=${c.transposeA} tB=${c.transposeB}`, c] as const))('matches the float64 oracle: %s', (_, c) => {
    const { a, b } = operands(c, c.m * 7919 + c.n * 31 + c.k);
    const result = defaults.gemm(a, b, c.m, c.n, c.k, c);
    expectGemmClose(result, a, b, c);
    expect(bitIdentical(alwaysPack.gemm(a, b, c.m, c.n, c.k, c), result)).toBe(true);
    expect(bitIdentical(neverPack.gemm(a, b, c.m, c.n, c.k, c), result)).toBe(true);
  });

  it('accumulates into a copy of C and leaves every input untouched', () => {
    for (const [transposeA, transposeB] of TRANSPOSES) {
      const c: GemmCase = { m: 37, n: 29, k: 300, transposeA, transposeB };
      const { a, b } = operands(c, 5);
      const c0 = operands({ ...c, k: 1, n: c.m * c.n, m: 1 }, 6).b;
      const before = [a.slice(), b.slice(), c0.slice()];
      const result = defaults.gemm(a, b, c.m, c.n, c.k, { ...c, accumulate: c0 });
      expectGemmClose(result, a, b, c, c0);
      expect([a, b, c0]).toEqual(before);
    }
  });

  it('handles empty extents: zeros for k = 0, empty results for m or n = 0', () => {
    expect(Array.from(defaults.gemm(new Float32Array(0), new Float32Array(0), 2, 3, 0))).toEqual([0, 0, 0, 0, 0, 0]);
    expect(Array.from(defaults.gemm(new Float32Array(0), new Float32Array(0), 1, 2, 0, { accumulate: Float32Array.of(5, 6) }))).toEqual([5, 6]);
    expect(defaults.gemm(new Float32Array(0), new Float32Array(12), 0, 3, 4).length).toBe(0);
    expect(defaults.gemm(new Float32Array(8), new Float32Array(0), 2, 0, 4).length).toBe(0);
  });

  it('keeps non-finite values in their own rows and columns (padding and over-read lanes never leak)', () => {
    // m and n are not multiples of the tile. Non-finite values sit in the first and last rows of
    // op(A) and columns of op(B): direct reads past a row's end land exactly on such values.
    for (const s of [alwaysPack, neverPack]) {
      for (const [transposeA, transposeB] of TRANSPOSES) {
        const [m, n, k] = [11, 13, 6];
        const a = new Float32Array(m * k).fill(1);
        const b = new Float32Array(k * n).fill(1);
        const setA = (i: number, p: number, v: number): void => void (a[transposeA ? p * m + i : i * k + p] = v);
        const setB = (p: number, j: number, v: number): void => void (b[transposeB ? j * k + p : p * n + j] = v);
        setA(0, 3, Number.POSITIVE_INFINITY);
        setA(m - 1, 2, Number.POSITIVE_INFINITY);
        setB(4, 0, Number.NaN);
        setB(3, n - 1, Number.NaN);
        const c = s.gemm(a, b, m, n, k, { transposeA, transposeB });
        for (let i = 0; i < m; i++) {
          for (let j = 0; j < n; j++) {
            const expected = j === 0 || j === n - 1 ? Number.NaN : i === 0 || i === m - 1 ? Number.POSITIVE_INFINITY : k;
            expect(c[i * n + j], `C[${i}, ${j}] tA=${transposeA} tB=${transposeB}`).toBe(expected);
          }
        }
      }
    }
  });

  it('gives the same results with other tile and block sizes (small blocks exercise every blocking loop)', () => {
    const configs = [
      { mr: 4, nr: 8, kc: 16, mc: 8, nc: 16, unroll: 2 },
      { mr: 3, nr: 12, kc: 7, mc: 9, nc: 24, unroll: 3 },
      { mr: 1, nr: 4, kc: 5, mc: 3, nc: 4, unroll: 1 },
    ];
    for (const tiles of configs) {
      for (const packThreshold of [0, Number.POSITIVE_INFINITY]) {
        const s = new WasmSgemm({ tiles, packThreshold });
        for (const [transposeA, transposeB] of TRANSPOSES) {
          const c: GemmCase = { m: 23, n: 37, k: 41, transposeA, transposeB };
          const { a, b } = operands(c, 11);
          expectGemmClose(s.gemm(a, b, c.m, c.n, c.k, c), a, b, c);
        }
        s.dispose();
      }
    }
  });

  it('reuses its memory across calls and grows it for larger ones', () => {
    const small: GemmCase = { m: 3, n: 5, k: 4, transposeA: false, transposeB: false };
    const large: GemmCase = { m: 400, n: 300, k: 700, transposeA: false, transposeB: true };
    const s = new WasmSgemm();
    const x = operands(small, 1);
    const first = s.gemm(x.a, x.b, 3, 5, 4);
    const y = operands(large, 2);
    const big = s.gemm(y.a, y.b, large.m, large.n, large.k, large);
    expect(bitIdentical(s.gemm(x.a, x.b, 3, 5, 4), first)).toBe(true);
    expect(bitIdentical(big, defaults.gemm(y.a, y.b, large.m, large.n, large.k, large))).toBe(true);
    s.dispose();
  });

  it('rejects bad sizes and options with errors that name them', () => {
    expect(() => defaults.gemm(new Float32Array(5), new Float32Array(6), 2, 3, 2)).toThrow(ShapeError);
    expect(() => defaults.gemm(new Float32Array(5), new Float32Array(6), 2, 3, 2)).toThrow('a has 5 values (need 4)');
    expect(() => defaults.gemm(new Float32Array(4), new Float32Array(6), 2, 3, 2, { accumulate: new Float32Array(2) })).toThrow('accumulate 2 (need 6)');
    expect(() => defaults.gemm(new Float32Array(0), new Float32Array(0), -1, 0, 0)).toThrow(ConfigError);
    expect(() => new WasmSgemm({ threads: 0 })).toThrow('threads must be an integer in [1, 64], got 0');
    expect(() => new WasmSgemm({ tiles: { nr: 6 } })).toThrow(ConfigError);
    expect(() => new WasmSgemm({ tiles: { mr: 8, nr: 12 } })).toThrow('mr * nr / 4 <= 16');
    const disposed = new WasmSgemm();
    disposed.dispose();
    expect(() => disposed.gemm(new Float32Array(1), new Float32Array(1), 1, 1, 1)).toThrow('has been disposed');
  });
});
