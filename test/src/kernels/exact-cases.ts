import type { KernelBackend } from '../../../src/kernels/kernel-backend.js';
import { Tensor, type NestedArray } from '../../../src/tensor/tensor.js';

/** A small hand-computed case: the expected values are written out, not computed. */
export interface ExactCase {
  readonly name: string;
  readonly run: (backend: KernelBackend) => Tensor;
  readonly shape: readonly number[];
  readonly expected: NestedArray;
  readonly tolerance?: number;
}

/** A call that must throw a `ShapeError` (or `ConfigError`) whose message contains `message`. */
export interface ErrorCase {
  readonly name: string;
  readonly run: (backend: KernelBackend) => unknown;
  readonly error: string;
  readonly message: string;
}

const A = Tensor.from([[1, 2, 3], [4, 5, 6]]);
const B = Tensor.from([[1, 2], [3, 4], [5, 6]]);
const X3 = Tensor.from([[[1, 2], [3, 4]], [[5, 6], [7, 8]]]);
const ROW = Tensor.from([10, 20, 30]);
const COL = Tensor.from([[1], [2]]);
const V = Tensor.from([-2, -0.5, 0, 0.5, 2]);
const LN3 = Math.log(3);

export const EXACT_CASES: readonly ExactCase[] = [
  { name: 'matmul [2,3]·[3,2]', run: (b) => b.matmul(A, B), shape: [2, 2], expected: [[22, 28], [49, 64]] },
  { name: 'matmul transposeA: Aᵀ·A', run: (b) => b.matmul(A, A, { transposeA: true }), shape: [3, 3], expected: [[17, 22, 27], [22, 29, 36], [27, 36, 45]] },
  { name: 'matmul transposeB: A·Aᵀ', run: (b) => b.matmul(A, A, { transposeB: true }), shape: [2, 2], expected: [[14, 32], [32, 77]] },
  { name: 'matmul both transposed: Aᵀ·Bᵀ', run: (b) => b.matmul(A, B, { transposeA: true, transposeB: true }), shape: [3, 3], expected: [[9, 19, 29], [12, 26, 40], [15, 33, 51]] },
  { name: 'matmul 1x1', run: (b) => b.matmul(Tensor.from([[3]]), Tensor.from([[-2]])), shape: [1, 1], expected: [[-6]] },
  { name: 'matmul with k = 0 is zeros', run: (b) => b.matmul(new Tensor([2, 0]), new Tensor([0, 3])), shape: [2, 3], expected: [[0, 0, 0], [0, 0, 0]] },
  { name: 'unary relu', run: (b) => b.unary('relu', V), shape: [5], expected: [0, 0, 0, 0.5, 2] },
  { name: 'unary step', run: (b) => b.unary('step', V), shape: [5], expected: [0, 0, 0, 1, 1] },
  { name: 'unary leakyRelu 0.1', run: (b) => b.unary('leakyRelu', V, 0.1), shape: [5], expected: [-0.2, -0.05, 0, 0.5, 2], tolerance: 1e-7 },
  { name: 'unary sign', run: (b) => b.unary('sign', V), shape: [5], expected: [-1, -1, 0, 1, 1] },
  { name: 'unary square', run: (b) => b.unary('square', V), shape: [5], expected: [4, 0.25, 0, 0.25, 4] },
  { name: 'unary abs, neg', run: (b) => b.unary('neg', b.unary('abs', V)), shape: [5], expected: [-2, -0.5, -0, -0.5, -2] },
  { name: 'unary addScalar, mulScalar', run: (b) => b.unary('mulScalar', b.unary('addScalar', V, 1), 3), shape: [5], expected: [-3, 1.5, 3, 4.5, 9] },
  { name: 'unary powScalar 2 / sqrt / rsqrt', run: (b) => b.unary('rsqrt', b.unary('sqrt', b.unary('powScalar', Tensor.from([4, 16]), 2))), shape: [2], expected: [0.5, 0.25] },
  { name: 'unary sigmoid at 0 and far tails', run: (b) => b.unary('sigmoid', Tensor.from([0, 100, -100])), shape: [3], expected: [0.5, 1, 0], tolerance: 1e-7 },
  { name: 'unary softplus at 0 and far tails', run: (b) => b.unary('softplus', Tensor.from([0, 100, -100])), shape: [3], expected: [Math.LN2, 100, 0], tolerance: 1e-6 },
  { name: 'unary elu 1', run: (b) => b.unary('elu', Tensor.from([-Infinity, 0, 2]), 1), shape: [3], expected: [-1, 0, 2] },
  { name: 'unary exp / log / log1p / tanh / reciprocal', run: (b) => b.concat([b.unary('exp', Tensor.from([0])), b.unary('log', Tensor.from([1])), b.unary('log1p', Tensor.from([0])), b.unary('tanh', Tensor.from([0])), b.unary('reciprocal', Tensor.from([4]))], 0), shape: [5], expected: [1, 0, 0, 0, 0.25] },
  { name: 'binary add: column + row broadcast', run: (b) => b.binary('add', COL, ROW), shape: [2, 3], expected: [[11, 21, 31], [12, 22, 32]] },
  { name: 'binary sub: row - column broadcast', run: (b) => b.binary('sub', ROW, COL), shape: [2, 3], expected: [[9, 19, 29], [8, 18, 28]] },
  { name: 'binary mul with a scalar', run: (b) => b.binary('mul', Tensor.scalar(2), A), shape: [2, 3], expected: [[2, 4, 6], [8, 10, 12]] },
  { name: 'binary div by a row', run: (b) => b.binary('div', A, Tensor.from([1, 2, 4])), shape: [2, 3], expected: [[1, 1, 0.75], [4, 2.5, 1.5]] },
  { name: 'binary pow', run: (b) => b.binary('pow', Tensor.from([2, 3, 4]), Tensor.from([3, 2, 0.5])), shape: [3], expected: [8, 9, 2], tolerance: 1e-6 },
  { name: 'binary maximum / minimum', run: (b) => b.concat([b.binary('maximum', A, Tensor.from([3])), b.binary('minimum', A, Tensor.from([3]))], 0), shape: [4, 3], expected: [[3, 3, 3], [4, 5, 6], [1, 2, 3], [3, 3, 3]] },
  { name: 'binary greater / greaterEqual / equal', run: (b) => b.concat([b.binary('greater', A, Tensor.from([3])), b.binary('greaterEqual', A, Tensor.from([3])), b.binary('equal', A, Tensor.from([3]))], 0), shape: [6, 3], expected: [[0, 0, 0], [1, 1, 1], [0, 0, 1], [1, 1, 1], [0, 0, 1], [0, 0, 0]] },
  { name: 'binary scalar + scalar', run: (b) => b.binary('add', Tensor.scalar(1.5), Tensor.scalar(2)), shape: [], expected: 3.5 },
  { name: 'clip', run: (b) => b.clip(V, -1, 0.25), shape: [5], expected: [-1, -0.5, 0, 0.25, 0.25] },
  { name: 'reduce sum all', run: (b) => b.reduce('sum', A), shape: [], expected: 21 },
  { name: 'reduce sum axis 0', run: (b) => b.reduce('sum', A, 0), shape: [3], expected: [5, 7, 9] },
  { name: 'reduce sum axis -1 keepDims', run: (b) => b.reduce('sum', A, -1, true), shape: [2, 1], expected: [[6], [15]] },
  { name: 'reduce mean axis 1', run: (b) => b.reduce('mean', A, 1), shape: [2], expected: [2, 5] },
  { name: 'reduce max / min axis 0', run: (b) => b.concat([b.reduce('max', A, 0), b.reduce('min', A, 0)], 0), shape: [6], expected: [4, 5, 6, 1, 2, 3] },
  { name: 'reduce sum non-contiguous axes [0, 2]', run: (b) => b.reduce('sum', X3, [0, 2]), shape: [2], expected: [14, 22] },
  { name: 'reduce sum axes [0, 2] keepDims', run: (b) => b.reduce('sum', X3, [2, 0], true), shape: [1, 2, 1], expected: [[[14], [22]]] },
  { name: 'reduce with no axes is a copy', run: (b) => b.reduce('sum', A, []), shape: [2, 3], expected: [[1, 2, 3], [4, 5, 6]] },
  { name: 'argMax keeps the first of ties', run: (b) => b.argMax(Tensor.from([[1, 3, 3], [5, 0, 5]]), 1), shape: [2], expected: [1, 0] },
  { name: 'argMax axis 0', run: (b) => b.argMax(A, 0), shape: [3], expected: [1, 1, 1] },
  { name: 'softmax of [0, ln 3]', run: (b) => b.softmax(Tensor.from([[0, LN3]])), shape: [1, 2], expected: [[0.25, 0.75]], tolerance: 1e-6 },
  { name: 'softmax is stable for huge logits', run: (b) => b.softmax(Tensor.from([1000, 1000, -Infinity])), shape: [3], expected: [0.5, 0.5, 0], tolerance: 1e-6 },
  { name: 'logSoftmax is stable for huge logits', run: (b) => b.logSoftmax(Tensor.from([1000, 1000])), shape: [2], expected: [-Math.LN2, -Math.LN2], tolerance: 1e-6 },
  { name: 'softmax along axis 0', run: (b) => b.softmax(Tensor.from([[0, 1], [0, 1]]), 0), shape: [2, 2], expected: [[0.5, 0.5], [0.5, 0.5]], tolerance: 1e-7 },
  { name: 'transpose default 2-D', run: (b) => b.transpose(A), shape: [3, 2], expected: [[1, 4], [2, 5], [3, 6]] },
  { name: 'transpose perm [2, 0, 1]', run: (b) => b.transpose(X3, [2, 0, 1]), shape: [2, 2, 2], expected: [[[1, 3], [5, 7]], [[2, 4], [6, 8]]] },
  { name: 'concat axis 0', run: (b) => b.concat([A, Tensor.from([[7, 8, 9]])], 0), shape: [3, 3], expected: [[1, 2, 3], [4, 5, 6], [7, 8, 9]] },
  { name: 'concat axis -1', run: (b) => b.concat([A, COL], -1), shape: [2, 4], expected: [[1, 2, 3, 1], [4, 5, 6, 2]] },
  { name: 'slice with -1 size', run: (b) => b.slice(A, [0, 1], [2, -1]), shape: [2, 2], expected: [[2, 3], [5, 6]] },
  { name: 'slice one element', run: (b) => b.slice(X3, [1, 0, 1], [1, 1, 1]), shape: [1, 1, 1], expected: [[[6]]] },
  { name: 'gather rows with repeats', run: (b) => b.gather(A, Int32Array.of(1, 1, 0), 0), shape: [3, 3], expected: [[4, 5, 6], [4, 5, 6], [1, 2, 3]] },
  { name: 'gather columns axis -1', run: (b) => b.gather(A, Int32Array.of(2, 0), -1), shape: [2, 2], expected: [[3, 1], [6, 4]] },
  { name: 'scatterAdd accumulates repeats', run: (b) => b.scatterAdd([3, 2], Int32Array.of(0, 0, 2), Tensor.from([[1, 2], [3, 4], [5, 6]]), 0), shape: [3, 2], expected: [[4, 6], [0, 0], [5, 6]] },
  { name: 'scatterAdd axis 1', run: (b) => b.scatterAdd([2, 3], Int32Array.of(2), Tensor.from([[7], [8]]), -1), shape: [2, 3], expected: [[0, 0, 7], [0, 0, 8]] },
  { name: 'pick', run: (b) => b.pick(A, Int32Array.of(2, 0)), shape: [2], expected: [3, 4] },
  { name: 'pickGrad', run: (b) => b.pickGrad(Tensor.from([5, 7]), Int32Array.of(1, 0), 3), shape: [2, 3], expected: [[0, 5, 0], [7, 0, 0]] },
];

export const ERROR_CASES: readonly ErrorCase[] = [
  { name: 'matmul inner mismatch', run: (b) => b.matmul(new Tensor([2, 3]), new Tensor([4, 5])), error: 'ShapeError', message: 'matmul: inner dimensions differ: a [2, 3] (transposeA=false) vs b [4, 5]' },
  { name: 'matmul transposed mismatch', run: (b) => b.matmul(new Tensor([2, 3]), new Tensor([2, 3]), { transposeB: true, transposeA: true }), error: 'ShapeError', message: 'matmul: inner dimensions differ: a [2, 3] (transposeA=true) vs b [2, 3] (transposeB=true)' },
  { name: 'matmul rank', run: (b) => b.matmul(new Tensor([2]), new Tensor([2, 2])), error: 'ShapeError', message: 'matmul: both operands must be 2-D' },
  { name: 'binary no broadcast', run: (b) => b.binary('add', new Tensor([2, 3]), new Tensor([4])), error: 'ShapeError', message: 'add: shapes [2, 3] and [4] do not broadcast' },
  { name: 'reduce axis out of range', run: (b) => b.reduce('sum', new Tensor([2, 3]), 2), error: 'ShapeError', message: 'sum: axis 2 is out of range for a tensor of rank 2' },
  { name: 'softmax axis out of range', run: (b) => b.softmax(new Tensor([2, 3]), -3), error: 'ShapeError', message: 'softmax: axis -3 is out of range' },
  { name: 'argMax axis out of range', run: (b) => b.argMax(new Tensor([2, 3]), 5), error: 'ShapeError', message: 'argMax: axis 5 is out of range' },
  { name: 'transpose bad perm', run: (b) => b.transpose(new Tensor([2, 3]), [0, 0]), error: 'ShapeError', message: 'transpose: perm [0, 0] is not a permutation' },
  { name: 'concat extent mismatch', run: (b) => b.concat([new Tensor([2, 3]), new Tensor([3, 3])], 1), error: 'ShapeError', message: 'concat: tensor 1 has shape [3, 3] but tensor 0 has [2, 3]' },
  { name: 'slice out of range', run: (b) => b.slice(new Tensor([2, 3]), [1, 1], [2, 1]), error: 'ShapeError', message: 'slice: begin [1, 1] size [2, 1] is out of range for x [2, 3] (axis 0)' },
  { name: 'gather index out of range', run: (b) => b.gather(new Tensor([2, 3]), Int32Array.of(0, 3), 1), error: 'ShapeError', message: 'gather: index 3 at position 1 is out of range [0, 3)' },
  { name: 'scatterAdd updates shape', run: (b) => b.scatterAdd([3, 2], Int32Array.of(0), new Tensor([2, 2]), 0), error: 'ShapeError', message: 'scatterAdd: updates [2, 2] must have shape [1, 2]' },
  { name: 'pick shape', run: (b) => b.pick(new Tensor([3, 2]), Int32Array.of(0, 1)), error: 'ShapeError', message: 'pick: x must be [n, k] with n = indices.length (2), got x [3, 2]' },
  { name: 'pickGrad index', run: (b) => b.pickGrad(new Tensor([1]), Int32Array.of(4), 4), error: 'ShapeError', message: 'pickGrad: index 4 at position 0 is out of range [0, 4)' },
  { name: 'clip bounds', run: (b) => b.clip(new Tensor([1]), 1, 0), error: 'ConfigError', message: 'clip: low (1) must be <= high (0)' },
];
