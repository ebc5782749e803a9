import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JsBackend } from '../../../../src/kernels/js/js-backend.js';
import { Tensor } from '../../../../src/tensor/tensor.js';
import { expectClose } from '../kernel-cases.js';
import * as naive from '../naive-reference.js';

/* Property tests of the js reference against naive multi-index oracles over random shapes. */

const js = new JsBackend();
const extent = fc.integer({ min: 1, max: 4 });
const shapeArb = fc.array(extent, { minLength: 0, maxLength: 4 });

function tensorOf(shape: readonly number[], seed: number): Tensor {
  const t = new Tensor(shape);
  let s = seed >>> 0;
  for (let i = 0; i < t.size; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    t.data[i] = Math.round((s / 2 ** 32) * 16 - 8) / 4;
  }
  return t;
}

/** A pair of shapes that broadcast: b takes a suffix of a with some extents set to 1, or vice versa. */
const broadcastPair = fc.tuple(shapeArb, fc.array(fc.boolean(), { maxLength: 4 }), fc.nat({ max: 4 }), fc.boolean()).map(([a, ones, drop, swap]) => {
  const b = a.slice(Math.min(drop, a.length)).map((d, i) => (ones[i] ? 1 : d));
  return swap ? ([b, a] as const) : ([a, b] as const);
});

describe('JsBackend against naive oracles', () => {
  it('matmul, every transpose combination', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 9 }), fc.integer({ min: 0, max: 9 }), fc.integer({ min: 1, max: 9 }), fc.boolean(), fc.boolean(), fc.nat(), (m, k, n, tA, tB, seed) => {
      const a = tensorOf(tA ? [k, m] : [m, k], seed);
      const b = tensorOf(tB ? [n, k] : [k, n], seed + 1);
      expectClose(js.matmul(a, b, { transposeA: tA, transposeB: tB }), naive.naiveMatmul(a, b, tA, tB), 0);
    }), { numRuns: 200 });
  });

  it('binary ops broadcast in both directions', () => {
    fc.assert(fc.property(broadcastPair, fc.constantFrom('add', 'sub', 'mul', 'maximum', 'greater', 'equal' as const), fc.nat(), ([sa, sb], op, seed) => {
      const a = tensorOf(sa, seed);
      const b = tensorOf(sb, seed + 7);
      expectClose(js.binary(op, a, b), naive.naiveBinary(op, a, b), 0);
    }), { numRuns: 300 });
  });

  it('reductions over random axis subsets, with and without keepDims', () => {
    fc.assert(fc.property(shapeArb.filter((s) => s.length > 0), fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }), fc.boolean(), fc.boolean(), fc.constantFrom('sum', 'mean', 'max', 'min' as const), fc.nat(), (shape, pick, negative, keepDims, op, seed) => {
      const axes = shape.map((_, i) => i).filter((i) => pick[i]).map((i) => (negative ? i - shape.length : i));
      const x = tensorOf(shape, seed);
      expectClose(js.reduce(op, x, axes, keepDims), naive.naiveReduce(op, x, axes, keepDims), 1e-6);
    }), { numRuns: 300 });
  });

  it('argMax, softmax and logSoftmax along any axis', () => {
    fc.assert(fc.property(shapeArb.filter((s) => s.length > 0), fc.nat(), fc.nat(), (shape, axisSeed, seed) => {
      const axis = (axisSeed % (2 * shape.length)) - shape.length;
      const x = tensorOf(shape, seed);
      expectClose(js.argMax(x, axis), naive.naiveArgMax(x, axis), 0);
      expectClose(js.softmax(x, axis), naive.naiveSoftmax(x, axis, false), 1e-6);
      expectClose(js.logSoftmax(x, axis), naive.naiveSoftmax(x, axis, true), 1e-6);
    }), { numRuns: 200 });
  });

  it('transpose by any permutation', () => {
    fc.assert(fc.property(shapeArb, fc.nat(), fc.nat(), (shape, permSeed, seed) => {
      const perm = shape.map((_, i) => i);
      for (let i = perm.length - 1, s = permSeed; i > 0; i--, s = Math.floor(s / 7) + 3) {
        const j = s % (i + 1);
        [perm[i], perm[j]] = [perm[j]!, perm[i]!];
      }
      const x = tensorOf(shape, seed);
      expectClose(js.transpose(x, perm), naive.naiveTranspose(x, perm), 0);
    }), { numRuns: 200 });
  });

  it('gather then scatterAdd are adjoint: <gather(x), u> = <x, scatterAdd(u)>', () => {
    fc.assert(fc.property(shapeArb.filter((s) => s.length > 0), fc.nat(), fc.array(fc.nat(), { minLength: 0, maxLength: 6 }), fc.nat(), (shape, axisSeed, raw, seed) => {
      const axis = axisSeed % shape.length;
      const indices = Int32Array.from(raw, (r) => r % shape[axis]!);
      const x = tensorOf(shape, seed);
      const gathered = js.gather(x, indices, axis);
      expectClose(gathered, naive.naiveGather(x, indices, axis), 0);
      const u = tensorOf(gathered.shape, seed + 3);
      const scattered = js.scatterAdd(shape, indices, u, axis);
      expectClose(scattered, naive.naiveScatterAdd([...shape], indices, u, axis), 1e-6);
      const lhs = gathered.data.reduce((s, v, i) => s + v * u.data[i]!, 0);
      const rhs = x.data.reduce((s, v, i) => s + v * scattered.data[i]!, 0);
      expect(lhs).toBeCloseTo(rhs, 4);
    }), { numRuns: 200 });
  });

  it('slice and concat: slicing a concatenation gives back the parts', () => {
    fc.assert(fc.property(shapeArb.filter((s) => s.length > 0), fc.nat(), fc.integer({ min: 1, max: 3 }), fc.nat(), (shape, axisSeed, extra, seed) => {
      const axis = axisSeed % shape.length;
      const a = tensorOf(shape, seed);
      const bShape = [...shape];
      bShape[axis] = extra;
      const b = tensorOf(bShape, seed + 1);
      const joined = js.concat([a, b], axis - shape.length);
      expectClose(joined, naive.naiveConcat([a, b], axis), 0);
      const begin = shape.map(() => 0);
      begin[axis] = shape[axis]!;
      const size = shape.map(() => -1);
      expectClose(js.slice(joined, begin, size), b, 0);
      expectClose(js.slice(joined, shape.map(() => 0), [...shape]), naive.naiveSlice(joined, shape.map(() => 0), [...shape]), 0);
    }), { numRuns: 200 });
  });

  it('handles empty tensors', () => {
    expect(js.unary('exp', new Tensor([0, 3])).shape).toEqual([0, 3]);
    expect(js.binary('add', new Tensor([0, 3]), new Tensor([3])).shape).toEqual([0, 3]);
    expect(Array.from(js.reduce('sum', new Tensor([0, 3]), 0).data)).toEqual([0, 0, 0]);
    expect(js.transpose(new Tensor([0, 2])).shape).toEqual([2, 0]);
  });
});
