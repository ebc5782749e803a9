import { ShapeError, formatShape } from '../errors.js';
import { broadcastShapes, normalizeAxes, shapeSize, type Shape } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import type { MatmulOptions } from './kernel-backend.js';

/**
 * Shape checks and index arithmetic shared by every backend, so that all backends accept the
 * same inputs and throw the same messages (the spec suite compares them).
 *
 * @example
 * ```ts
 * const { m, n, k } = KernelShapes.matmul(a, b, { transposeB: true });
 * ```
 */
export const KernelShapes = {
  matmul: matmulDims,
  axis: normalizeAxis,
  around: splitAroundAxis,
  binary: binaryLayout,
  transposePerm: checkPerm,
  concat: concatShape,
  slice: sliceBox,
  indices: checkIndices,
  scatterAdd: checkScatterAdd,
  pick: checkPick,
  pickGrad: checkPickGrad,
  reduceAxes,
} as const;

/** Dimensions of a matmul after transposes: the output is [m, n], the shared extent k. */
export interface MatmulDims {
  readonly m: number;
  readonly n: number;
  readonly k: number;
}

function matmulDims(a: Tensor, b: Tensor, options: MatmulOptions = {}): MatmulDims {
  const tA = options.transposeA === true;
  const tB = options.transposeB === true;
  if (a.rank !== 2 || b.rank !== 2) {
    throw new ShapeError(`matmul: both operands must be 2-D, got a ${formatShape(a.shape)} and b ${formatShape(b.shape)}`);
  }
  const m = tA ? a.shape[1]! : a.shape[0]!;
  const ka = tA ? a.shape[0]! : a.shape[1]!;
  const kb = tB ? b.shape[1]! : b.shape[0]!;
  const n = tB ? b.shape[0]! : b.shape[1]!;
  if (ka !== kb) {
    throw new ShapeError(
      `matmul: inner dimensions differ: a ${formatShape(a.shape)} (transposeA=${tA}) vs b ${formatShape(b.shape)} (transposeB=${tB})`,
    );
  }
  return { m, n, k: ka };
}

/** Normalizes one possibly negative axis against a rank, or throws naming the kernel. */
function normalizeAxis(axis: number, rank: number, op: string): number {
  if (!Number.isInteger(axis) || axis < -rank || axis >= rank) {
    throw new ShapeError(`${op}: axis ${axis} is out of range for a tensor of rank ${rank}`);
  }
  return axis < 0 ? axis + rank : axis;
}

/** A shape viewed as [outer, extent, inner] around one axis. */
export interface AxisSplit {
  readonly outer: number;
  readonly extent: number;
  readonly inner: number;
}

function splitAroundAxis(shape: Shape, axis: number): AxisSplit {
  return {
    outer: shapeSize(shape.slice(0, axis)),
    extent: shape[axis]!,
    inner: shapeSize(shape.slice(axis + 1)),
  };
}

/**
 * A broadcast binary op reduced to its simplest loop nest: consecutive axes with the same
 * broadcast pattern are merged, so same-shape, scalar and row-vector cases become one or two loops.
 */
export interface BinaryLayout {
  readonly outShape: number[];
  /** Merged extents, outermost first (at least one entry). */
  readonly dims: number[];
  /** Element strides of `a` and `b` per merged axis (0 where broadcast). */
  readonly stridesA: number[];
  readonly stridesB: number[];
}

function binaryLayout(op: string, aShape: Shape, bShape: Shape): BinaryLayout {
  const outShape = broadcastShapes(aShape, bShape, op);
  const rank = outShape.length;
  const dims: number[] = [];
  const stridesA: number[] = [];
  const stridesB: number[] = [];
  // Walk from the innermost axis out, merging an axis into the previous group when both
  // operands either broadcast it in the same way as the group or are contiguous over it.
  let strideA = 1;
  let strideB = 1;
  for (let i = rank - 1; i >= 0; i--) {
    const d = outShape[i]!;
    if (d === 1) continue;
    const da = aShape[aShape.length - rank + i] ?? 1;
    const db = bShape[bShape.length - rank + i] ?? 1;
    const sa = da === 1 ? 0 : strideA;
    const sb = db === 1 ? 0 : strideB;
    const last = dims.length - 1;
    if (
      last >= 0 &&
      ((sa === 0 && stridesA[last] === 0) || (sa !== 0 && sa === stridesA[last]! * dims[last]!)) &&
      ((sb === 0 && stridesB[last] === 0) || (sb !== 0 && sb === stridesB[last]! * dims[last]!))
    ) {
      dims[last]! *= d;
    } else {
      dims.push(d);
      stridesA.push(sa);
      stridesB.push(sb);
    }
    if (da !== 1) strideA *= da;
    if (db !== 1) strideB *= db;
  }
  if (dims.length === 0) {
    dims.push(shapeSize(outShape));
    stridesA.push(0);
    stridesB.push(0);
  }
  return { outShape, dims: dims.reverse(), stridesA: stridesA.reverse(), stridesB: stridesB.reverse() };
}

function checkPerm(shape: Shape, perm: readonly number[] | undefined): number[] {
  const rank = shape.length;
  if (perm === undefined) return Array.from({ length: rank }, (_, i) => rank - 1 - i);
  if (perm.length !== rank) {
    throw new ShapeError(`transpose: perm [${perm.join(', ')}] has ${perm.length} entries but x ${formatShape(shape)} has rank ${rank}`);
  }
  const seen = new Array<boolean>(rank).fill(false);
  const out: number[] = [];
  for (const p of perm) {
    const axis = Number.isInteger(p) && p >= -rank && p < rank ? (p < 0 ? p + rank : p) : -1;
    if (axis < 0 || seen[axis]) {
      throw new ShapeError(`transpose: perm [${perm.join(', ')}] is not a permutation of the ${rank} axes of x ${formatShape(shape)}`);
    }
    seen[axis] = true;
    out.push(axis);
  }
  return out;
}

function concatShape(xs: readonly Tensor[], axis: number): { shape: number[]; axis: number } {
  if (xs.length === 0) throw new ShapeError('concat: needs at least one tensor, got none');
  const first = xs[0]!;
  if (first.rank === 0) throw new ShapeError('concat: cannot concatenate scalars (rank 0); reshape them to [1] first');
  const ax = normalizeAxis(axis, first.rank, 'concat');
  const shape = [...first.shape];
  for (let t = 1; t < xs.length; t++) {
    const x = xs[t]!;
    const ok = x.rank === first.rank && x.shape.every((d, i) => i === ax || d === first.shape[i]);
    if (!ok) {
      throw new ShapeError(
        `concat: tensor ${t} has shape ${formatShape(x.shape)} but tensor 0 has ${formatShape(first.shape)}; all extents except axis ${ax} must match`,
      );
    }
    shape[ax]! += x.shape[ax]!;
  }
  return { shape, axis: ax };
}

function sliceBox(shape: Shape, begin: readonly number[], size: readonly number[]): number[] {
  const rank = shape.length;
  if (begin.length !== rank || size.length !== rank) {
    throw new ShapeError(
      `slice: begin [${begin.join(', ')}] and size [${size.join(', ')}] need ${rank} entries for x ${formatShape(shape)}`,
    );
  }
  const out: number[] = [];
  for (let i = 0; i < rank; i++) {
    const b = begin[i]!;
    const s = size[i] === -1 ? shape[i]! - b : size[i]!;
    if (!Number.isInteger(b) || !Number.isInteger(s) || b < 0 || s < 0 || b + s > shape[i]!) {
      throw new ShapeError(
        `slice: begin [${begin.join(', ')}] size [${size.join(', ')}] is out of range for x ${formatShape(shape)} (axis ${i})`,
      );
    }
    out.push(s);
  }
  return out;
}

function checkIndices(op: string, indices: Int32Array, extent: number): void {
  for (let i = 0; i < indices.length; i++) {
    const ix = indices[i]!;
    if (ix < 0 || ix >= extent) {
      throw new ShapeError(`${op}: index ${ix} at position ${i} is out of range [0, ${extent})`);
    }
  }
}

function checkScatterAdd(shape: Shape, indices: Int32Array, updates: Tensor, axis: number): number {
  if (shape.length === 0) throw new ShapeError('scatterAdd: the output shape must have rank >= 1, got []');
  const ax = normalizeAxis(axis, shape.length, 'scatterAdd');
  const expected = [...shape];
  expected[ax] = indices.length;
  if (updates.rank !== expected.length || updates.shape.some((d, i) => d !== expected[i])) {
    throw new ShapeError(
      `scatterAdd: updates ${formatShape(updates.shape)} must have shape ${formatShape(expected)} (output ${formatShape(shape)} with axis ${ax} replaced by ${indices.length} indices)`,
    );
  }
  checkIndices('scatterAdd', indices, shape[ax]!);
  return ax;
}

function checkPick(x: Tensor, indices: Int32Array): void {
  if (x.rank !== 2 || indices.length !== x.shape[0]) {
    throw new ShapeError(`pick: x must be [n, k] with n = indices.length (${indices.length}), got x ${formatShape(x.shape)}`);
  }
  checkIndices('pick', indices, x.shape[1]!);
}

function checkPickGrad(grad: Tensor, indices: Int32Array, k: number): void {
  if (grad.rank !== 1 || grad.shape[0] !== indices.length) {
    throw new ShapeError(`pickGrad: grad must be [n] with n = indices.length (${indices.length}), got grad ${formatShape(grad.shape)}`);
  }
  if (!Number.isInteger(k) || k < 0) throw new ShapeError(`pickGrad: k must be a non-negative integer, got ${k}`);
  checkIndices('pickGrad', indices, k);
}

/** Normalized, sorted reduction axes plus the output shape (with or without kept dims). */
function reduceAxes(op: string, shape: Shape, axes: number | readonly number[] | undefined, keepDims: boolean): { axes: number[]; outShape: number[] } {
  const list = normalizeAxes(axes, shape.length, op);
  const outShape: number[] = [];
  for (let i = 0; i < shape.length; i++) {
    if (!list.includes(i)) outShape.push(shape[i]!);
    else if (keepDims) outShape.push(1);
  }
  return { axes: list, outShape };
}
