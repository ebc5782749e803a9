import { expect } from 'vitest';
import type { KernelBackend, UnaryOp, BinaryOp } from '../../../src/kernels/kernel-backend.js';
import { Rng } from '../../../src/random/rng.js';
import { Tensor } from '../../../src/tensor/tensor.js';
import * as naive from './naive-reference.js';

/** A randomized kernel case: run on a backend, and the naive oracle for the same inputs. */
export interface KernelCase {
  readonly name: string;
  readonly run: (backend: KernelBackend) => Tensor;
  readonly oracle: () => Tensor;
  /** Absolute tolerance per unit of magnitude (float32 accumulation differs between backends). */
  readonly tolerance: number;
}

const rng = new Rng(20240601);

export function randomTensor(name: string, shape: readonly number[], low = -2, high = 2): Tensor {
  const t = new Tensor(shape);
  rng.child(name).fillUniform(t.data, low, high);
  return t;
}

/** Asserts equal shapes and |a - e| <= tolerance * (1 + |e|) everywhere (NaN only where expected). */
export function expectClose(actual: Tensor, expected: Tensor, tolerance = 1e-5): void {
  expect(actual.shape).toEqual(expected.shape);
  for (let i = 0; i < expected.size; i++) {
    const a = actual.data[i]!;
    const e = expected.data[i]!;
    if (Number.isNaN(e)) {
      expect(a, `index ${i}`).toBeNaN();
    } else if (!Number.isFinite(e)) {
      expect(a, `index ${i}`).toBe(e);
    } else if (Math.abs(a - e) > tolerance * (1 + Math.abs(e))) {
      expect.fail(`index ${i}: got ${a}, expected ${e} (tolerance ${tolerance})`);
    }
  }
}

const UNARY_OPS: readonly UnaryOp[] = [
  'neg', 'abs', 'sign', 'square', 'sqrt', 'rsqrt', 'exp', 'log', 'log1p', 'tanh', 'sigmoid', 'relu', 'step',
  'leakyRelu', 'elu', 'softplus', 'reciprocal', 'powScalar', 'addScalar', 'mulScalar',
];
const POSITIVE_ONLY = new Set<UnaryOp>(['sqrt', 'rsqrt', 'log', 'reciprocal', 'powScalar']);
const BINARY_OPS: readonly BinaryOp[] = ['add', 'sub', 'mul', 'div', 'pow', 'maximum', 'minimum', 'greater', 'greaterEqual', 'equal'];

/** Shape pairs that broadcast in both directions, with 1-sized, odd and scalar extents. */
const BROADCAST_PAIRS: ReadonlyArray<readonly [readonly number[], readonly number[]]> = [
  [[13, 17, 5], [13, 17, 5]],
  [[13, 17, 5], [5]],
  [[5], [13, 17, 5]],
  [[13, 1, 5], [17, 1]],
  [[7, 1], []],
  [[], [1, 7]],
  [[1, 1], [1, 1]],
];

function matmulCases(): KernelCase[] {
  const cases: KernelCase[] = [];
  const dims: ReadonlyArray<readonly [number, number, number]> = [[1, 1, 1], [1, 7, 1], [7, 1, 7], [13, 17, 5], [3, 33, 2]];
  for (const [m, k, n] of dims) {
    for (const tA of [false, true]) {
      for (const tB of [false, true]) {
        const a = randomTensor(`mm-a-${m}-${k}`, tA ? [k, m] : [m, k]);
        const b = randomTensor(`mm-b-${k}-${n}`, tB ? [n, k] : [k, n]);
        cases.push({
          name: `matmul [${m}x${k}]·[${k}x${n}] tA=${tA} tB=${tB}`,
          run: (backend) => backend.matmul(a, b, { transposeA: tA, transposeB: tB }),
          oracle: () => naive.naiveMatmul(a, b, tA, tB),
          tolerance: 1e-5 * k,
        });
      }
    }
  }
  return cases;
}

function elementwiseCases(): KernelCase[] {
  const cases: KernelCase[] = [];
  for (const op of UNARY_OPS) {
    const x = POSITIVE_ONLY.has(op) ? randomTensor(`unary-pos`, [13, 17], 0.1, 3) : randomTensor(`unary`, [13, 17]);
    const param = op === 'powScalar' ? 1.5 : 0.3;
    cases.push({ name: `unary ${op} [13, 17]`, run: (b) => b.unary(op, x, param), oracle: () => naive.naiveUnary(op, x, param), tolerance: 1e-5 });
  }
  const one = randomTensor('unary-1x1', [1, 1]);
  cases.push({ name: 'unary exp [1, 1]', run: (b) => b.unary('exp', one), oracle: () => naive.naiveUnary('exp', one), tolerance: 1e-6 });
  const pair = BROADCAST_PAIRS[1]!;
  for (const op of BINARY_OPS) {
    const a = randomTensor(`bin-a`, pair[0], op === 'pow' ? 0.1 : -2, 2);
    // equal/greaterEqual need ties: round both operands to a coarse grid.
    const coarse = op === 'equal' || op === 'greaterEqual';
    const aa = coarse ? new Tensor(a.shape, a.data.map((v) => Math.round(v))) : a;
    const bRaw = randomTensor(`bin-b`, pair[1], op === 'div' ? 0.5 : -2, 2);
    const b = coarse ? new Tensor(bRaw.shape, bRaw.data.map((v) => Math.round(v))) : bRaw;
    cases.push({ name: `binary ${op} [13, 17, 5] with [5]`, run: (k) => k.binary(op, aa, b), oracle: () => naive.naiveBinary(op, aa, b), tolerance: 1e-5 });
  }
  for (const [sa, sb] of BROADCAST_PAIRS) {
    for (const op of ['add', 'sub'] as const) {
      const a = randomTensor(`bc-a-${sa.join('x')}`, sa);
      const b = randomTensor(`bc-b-${sb.join('x')}`, sb);
      cases.push({ name: `binary ${op} [${sa.join(', ')}] with [${sb.join(', ')}]`, run: (k) => k.binary(op, a, b), oracle: () => naive.naiveBinary(op, a, b), tolerance: 1e-6 });
    }
  }
  const c = randomTensor('clip', [7, 1]);
  cases.push({
    name: 'clip [7, 1] to [-0.5, 0.75]',
    run: (b) => b.clip(c, -0.5, 0.75),
    oracle: () => new Tensor(c.shape, c.data.map((v) => Math.min(Math.max(v, -0.5), 0.75))),
    tolerance: 0,
  });
  return cases;
}

function reductionCases(): KernelCase[] {
  const cases: KernelCase[] = [];
  const x = randomTensor('reduce', [13, 17, 5]);
  const axesList: ReadonlyArray<number | number[] | undefined> = [undefined, 0, -1, 1, [0, 2], [0, 1], [-3, -2, -1]];
  for (const op of ['sum', 'mean', 'max', 'min'] as const) {
    for (const axes of axesList) {
      for (const keepDims of [false, true]) {
        if (op !== 'sum' && keepDims && axes !== 0 && axes !== undefined) continue;
        cases.push({
          name: `reduce ${op} axes=${JSON.stringify(axes)} keepDims=${keepDims} [13, 17, 5]`,
          run: (b) => b.reduce(op, x, axes, keepDims),
          oracle: () => naive.naiveReduce(op, x, axes, keepDims),
          tolerance: 1e-5 * 13 * 17,
        });
      }
    }
  }
  const row = randomTensor('reduce-row', [1, 7]);
  cases.push({ name: 'reduce max axis 1 [1, 7]', run: (b) => b.reduce('max', row, 1), oracle: () => naive.naiveReduce('max', row, 1, false), tolerance: 0 });
  for (const axis of [0, 1, -1]) {
    cases.push({ name: `argMax axis ${axis} [13, 17, 5]`, run: (b) => b.argMax(x, axis), oracle: () => naive.naiveArgMax(x, axis), tolerance: 0 });
    cases.push({ name: `softmax axis ${axis} [13, 17, 5]`, run: (b) => b.softmax(x, axis), oracle: () => naive.naiveSoftmax(x, axis, false), tolerance: 1e-5 });
    cases.push({ name: `logSoftmax axis ${axis} [13, 17, 5]`, run: (b) => b.logSoftmax(x, axis), oracle: () => naive.naiveSoftmax(x, axis, true), tolerance: 1e-5 });
  }
  const col = randomTensor('softmax-col', [7, 1]);
  cases.push({ name: 'softmax default axis [7, 1]', run: (b) => b.softmax(col), oracle: () => naive.naiveSoftmax(col, -1, false), tolerance: 1e-6 });
  return cases;
}

function layoutCases(): KernelCase[] {
  const cases: KernelCase[] = [];
  const x = randomTensor('layout', [13, 17, 5]);
  for (const perm of [[2, 0, 1], [1, 0, 2], [0, 2, 1], [2, 1, 0]]) {
    cases.push({ name: `transpose [${perm.join(', ')}] of [13, 17, 5]`, run: (b) => b.transpose(x, perm), oracle: () => naive.naiveTranspose(x, perm), tolerance: 0 });
  }
  const m = randomTensor('layout-2d', [1, 7]);
  cases.push({ name: 'transpose default of [1, 7]', run: (b) => b.transpose(m), oracle: () => naive.naiveTranspose(m, [1, 0]), tolerance: 0 });
  const y = randomTensor('layout-cat', [13, 3, 5]);
  cases.push({ name: 'concat axis 1', run: (b) => b.concat([x, y, x], 1), oracle: () => naive.naiveConcat([x, y, x], 1), tolerance: 0 });
  cases.push({ name: 'concat axis -1', run: (b) => b.concat([x, x], -1), oracle: () => naive.naiveConcat([x, x], -1), tolerance: 0 });
  cases.push({ name: 'slice [2, 0, 1] size [5, -1, 3]', run: (b) => b.slice(x, [2, 0, 1], [5, -1, 3]), oracle: () => naive.naiveSlice(x, [2, 0, 1], [5, -1, 3]), tolerance: 0 });
  const indices = Int32Array.of(4, 0, 16, 4, 7);
  for (const axis of [1, -2]) {
    cases.push({ name: `gather axis ${axis}`, run: (b) => b.gather(x, indices, axis), oracle: () => naive.naiveGather(x, indices, axis), tolerance: 0 });
  }
  const last = Int32Array.of(4, 4, 0);
  cases.push({ name: 'gather axis -1', run: (b) => b.gather(x, last, -1), oracle: () => naive.naiveGather(x, last, -1), tolerance: 0 });
  const updates = randomTensor('scatter', [13, 5, 5]);
  cases.push({
    name: 'scatterAdd axis 1 with repeated indices',
    run: (b) => b.scatterAdd([13, 17, 5], indices, updates, 1),
    oracle: () => naive.naiveScatterAdd([13, 17, 5], indices, updates, 1),
    tolerance: 1e-6,
  });
  const q = randomTensor('pick', [7, 4]);
  const actions = Int32Array.of(0, 3, 1, 1, 2, 3, 0);
  cases.push({
    name: 'pick [7, 4]',
    run: (b) => b.pick(q, actions),
    oracle: () => new Tensor([7], Float32Array.from(actions, (a, i) => q.get(i, a))),
    tolerance: 0,
  });
  const grad = randomTensor('pickGrad', [7]);
  cases.push({
    name: 'pickGrad k=4',
    run: (b) => b.pickGrad(grad, actions, 4),
    oracle: () => {
      const out = new Tensor([7, 4]);
      actions.forEach((a, i) => (out.data[i * 4 + a] = grad.data[i]!));
      return out;
    },
    tolerance: 0,
  });
  return cases;
}

/** Every randomized case, grouped by kernel family. */
export function kernelCases(): KernelCase[] {
  return [...matmulCases(), ...elementwiseCases(), ...reductionCases(), ...layoutCases()];
}
