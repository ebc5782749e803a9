import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JsBackend } from '../../../../src/kernels/js/js-backend.js';
import type { BinaryOp, ReduceOp, UnaryOp } from '../../../../src/kernels/kernel-backend.js';
import { float32AtLeast, float32AtMost, WasmElementwise } from '../../../../src/kernels/wasm/wasm-elementwise.js';
import { Rng } from '../../../../src/random/rng.js';
import { Tensor } from '../../../../src/tensor/tensor.js';

/*
 * The SIMD elementwise kernels claim bit-identity with the js reference, so they are compared
 * with Object.is on data full of the awkward values: NaN, infinities, signed zeros, subnormals,
 * ties, and lengths that leave a scalar tail.
 */

const js = new JsBackend();
const wasm = new WasmElementwise({ minSize: 0 });
const SPECIALS = [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 0, -0, 1e-45, -1e-45, 3e38, -3e38, 1, -1, 0.5];

function awkward(shape: readonly number[], seed: number, positive = false): Tensor {
  const t = new Tensor(shape);
  const rng = new Rng(seed);
  for (let i = 0; i < t.size; i++) {
    const v = rng.nextFloat() < 0.2 ? SPECIALS[rng.int(SPECIALS.length)]! : Math.round(rng.uniform(-4, 4) * 8) / 8 + (rng.nextFloat() < 0.5 ? rng.uniform(-1e-3, 1e-3) : 0);
    t.data[i] = positive ? Math.abs(v) : v;
  }
  return t;
}

function expectBitIdentical(actual: Tensor | undefined, expected: Tensor, what: string): void {
  expect(actual, `${what}: taken by wasm`).toBeDefined();
  expect(actual!.shape, what).toEqual(expected.shape);
  for (let i = 0; i < expected.size; i++) {
    if (!Object.is(actual!.data[i], expected.data[i])) expect.fail(`${what} [${i}]: wasm ${actual!.data[i]} vs js ${expected.data[i]}`);
  }
}

describe('WasmElementwise', () => {
  it('unary ops are bit-identical to js, including tails and special values', () => {
    const ops: ReadonlyArray<readonly [UnaryOp, number]> = [
      ['neg', 0], ['abs', 0], ['square', 0], ['sqrt', 0], ['reciprocal', 0], ['relu', 0], ['step', 0],
      // Parameters float32 cannot represent take the double path; exact ones the float32 path.
      ['leakyRelu', 0.01], ['leakyRelu', 0.25], ['leakyRelu', -2], ['addScalar', 0.1], ['addScalar', -3], ['addScalar', 2 ** -130],
      ['mulScalar', 0.3], ['mulScalar', 1e-30], ['mulScalar', 0.5], ['mulScalar', 2 ** 100],
    ];
    for (const size of [1, 3, 4, 5, 1027]) {
      for (const [op, param] of ops) {
        const x = awkward([size], size);
        expectBitIdentical(wasm.unary(op, x, param), js.unary(op, x, param), `${op}(${param}) size ${size}`);
      }
    }
  });

  it('leaves ops without a bit-exact SIMD form to the fallback', () => {
    const x = awkward([64], 1, true);
    for (const op of ['exp', 'log', 'tanh', 'sigmoid', 'softplus', 'elu', 'powScalar', 'sign', 'rsqrt', 'log1p'] as const) {
      expect(wasm.unary(op, x, 0.5), op).toBeUndefined();
    }
    expect(wasm.binary('pow', x, x)).toBeUndefined();
    expect(new WasmElementwise({ minSize: 100 }).unary('relu', x)).toBeUndefined();
  });

  it('clip matches js for bounds that float32 cannot represent', () => {
    const x = awkward([1031], 2);
    const bounds: ReadonlyArray<readonly [number, number]> = [[-1, 1], [-0.2, 0.1], [0.1, 0.1], [-1e39, 1e39], [Number.NEGATIVE_INFINITY, 0.3], [1 / 3, 2 / 3]];
    for (const [low, high] of bounds) expectBitIdentical(wasm.clip(x, low, high), js.clip(x, low, high), `clip [${low}, ${high}]`);
    expect(wasm.clip(x, 1, 0)).toBeUndefined(); // js throws for it
  });

  it('binary ops broadcast like js: same shape, rows, columns, scalars', () => {
    const ops: readonly BinaryOp[] = ['add', 'sub', 'mul', 'div', 'maximum', 'minimum', 'greater', 'greaterEqual', 'equal'];
    const pairs: ReadonlyArray<readonly [readonly number[], readonly number[]]> = [
      [[37, 13], [37, 13]],
      [[37, 13], [13]],
      [[13], [37, 13]],
      [[37, 1], [37, 13]],
      [[37, 13], [37, 1]],
      [[], [37, 13]],
      [[37, 13], [1, 1]],
      [[5, 37, 13], [13]],
      [[1, 1], [1]],
    ];
    for (const op of ops) {
      for (const [sa, sb] of pairs) {
        // Rounding both operands to a coarse grid makes ties, so comparisons hit equality.
        const a = awkward(sa, 3);
        const b = awkward(sb, 4);
        expectBitIdentical(wasm.binary(op, a, b), js.binary(op, a, b), `${op} [${sa.join(', ')}] with [${sb.join(', ')}]`);
      }
    }
    expect(wasm.binary('add', awkward([13, 1, 5], 5), awkward([17, 1], 6))).toBeUndefined();
    expect(() => wasm.binary('add', awkward([3, 2], 1), awkward([3], 2))).toThrow('do not broadcast');
  });

  it('reductions over non-last axes fold in the js order, NaN rules included', () => {
    const x = awkward([7, 9, 5], 7);
    const axesList: ReadonlyArray<number | number[]> = [0, 1, [0, 1], -2];
    for (const op of ['sum', 'mean', 'max', 'min'] as const satisfies readonly ReduceOp[]) {
      for (const axes of axesList) {
        for (const keepDims of [false, true]) {
          expectBitIdentical(wasm.reduce(op, x, axes, keepDims), js.reduce(op, x, axes, keepDims), `${op} axes ${JSON.stringify(axes)} keepDims ${keepDims}`);
        }
      }
    }
    expect(wasm.reduce('sum', x, -1, false)).toBeUndefined();
    expect(wasm.reduce('sum', x, undefined, false)).toBeUndefined();
    expect(wasm.reduce('sum', x, [0, 2], false)).toBeUndefined();
  });

  it('float32AtLeast / float32AtMost give the nearest float32 on the right side', () => {
    fc.assert(fc.property(fc.double({ noNaN: true }), (v) => {
      const up = float32AtLeast(v);
      const down = float32AtMost(v);
      expect(Math.fround(up)).toBe(up);
      expect(Math.fround(down)).toBe(down);
      expect(up >= v && down <= v).toBe(true);
      // Nothing representable strictly between: the neighbours straddle v.
      if (up !== v && Number.isFinite(up)) expect(float32AtMost(up - Math.abs(up) * 2 ** -30 - 2 ** -160)).toBeLessThan(v);
      if (down !== v && Number.isFinite(down)) expect(float32AtLeast(down + Math.abs(down) * 2 ** -30 + 2 ** -160)).toBeGreaterThan(v);
    }), { numRuns: 500 });
    expect(float32AtLeast(0.1)).toBe(Math.fround(0.1) >= 0.1 ? Math.fround(0.1) : 0.10000000894069672);
    expect(float32AtLeast(1e-50)).toBe(2 ** -149);
    expect(float32AtMost(-1e-50)).toBe(-(2 ** -149));
    expect(float32AtLeast(1e39)).toBe(Number.POSITIVE_INFINITY);
  });
});
