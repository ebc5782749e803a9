import { Tensor } from '../../tensor/tensor.js';
import { shapeSize, stridesOf } from '../../tensor/shape.js';
import { KernelShapes } from '../kernel-shapes.js';

/**
 * Layout and indexing kernels on plain typed arrays: transpose, concat, slice, gather,
 * scatterAdd, pick, pickGrad. Copies go through `subarray` + `set` wherever a run is contiguous.
 *
 * @example
 * ```ts
 * JsLayout.transpose(Tensor.from([[1, 2, 3]])).shape;                    // [3, 1]
 * JsLayout.gather(Tensor.from([[1, 2], [3, 4]]), Int32Array.of(1), 0);   // [[3, 4]]
 * ```
 */
export const JsLayout = { transpose, concat, slice, gather, scatterAdd, pick, pickGrad } as const;

/**
 * Permutes axes: output axis i is input axis perm[i] (default: reversed axes).
 *
 * @example
 * ```ts
 * JsLayout.transpose(Tensor.from([[1, 2, 3]])).shape; // [3, 1]
 * ```
 */
function transpose(x: Tensor, perm?: readonly number[]): Tensor {
  const p = KernelShapes.transposePerm(x.shape, perm);
  const rank = x.rank;
  const outShape = p.map((axis) => x.shape[axis]!);
  const out = new Float32Array(x.size);
  const src = x.data;
  if (x.size === 0) return new Tensor(outShape, out);
  if (rank === 2 && p[0] === 1) {
    transpose2d(src, out, x.shape[0]!, x.shape[1]!);
    return new Tensor(outShape, out);
  }
  const inStrides = stridesOf(x.shape);
  // Input stride of each output axis; the odometer walks the output contiguously.
  const step = p.map((axis) => inStrides[axis]!);
  const innerExtent = outShape[rank - 1] ?? 1;
  const innerStep = step[rank - 1] ?? 1;
  const counter = new Array<number>(Math.max(rank - 1, 0)).fill(0);
  let ix = 0;
  for (let o = 0; o < out.length; o += innerExtent) {
    for (let j = 0, q = ix; j < innerExtent; j++, q += innerStep) out[o + j] = src[q]!;
    for (let d = rank - 2; d >= 0; d--) {
      ix += step[d]!;
      if (++counter[d]! < outShape[d]!) break;
      ix -= step[d]! * outShape[d]!;
      counter[d] = 0;
    }
  }
  return new Tensor(outShape, out);
}

/** [rows, cols] -> [cols, rows] in 32x32 tiles so both reads and writes stay in cache. */
function transpose2d(src: Float32Array, out: Float32Array, rows: number, cols: number): void {
  const tile = 32;
  for (let r0 = 0; r0 < rows; r0 += tile) {
    const r1 = Math.min(r0 + tile, rows);
    for (let c0 = 0; c0 < cols; c0 += tile) {
      const c1 = Math.min(c0 + tile, cols);
      for (let r = r0; r < r1; r++) {
        for (let c = c0; c < c1; c++) out[c * rows + r] = src[r * cols + c]!;
      }
    }
  }
}

/**
 * Joins tensors along an existing axis.
 *
 * @example
 * ```ts
 * JsLayout.concat([Tensor.from([[1]]), Tensor.from([[2]])], 1); // [[1, 2]]
 * ```
 */
function concat(xs: readonly Tensor[], axis: number): Tensor {
  const { shape, axis: ax } = KernelShapes.concat(xs, axis);
  const out = new Float32Array(shapeSize(shape));
  const { outer, inner } = KernelShapes.around(shape, ax);
  const outRow = shape[ax]! * inner;
  let offset = 0;
  for (const x of xs) {
    const row = x.shape[ax]! * inner;
    for (let o = 0; o < outer; o++) out.set(x.data.subarray(o * row, (o + 1) * row), o * outRow + offset);
    offset += row;
  }
  return new Tensor(shape, out);
}

/**
 * A contiguous block: `size[i]` values from `begin[i]` along each axis (-1 = to the end).
 *
 * @example
 * ```ts
 * JsLayout.slice(Tensor.from([[1, 2, 3], [4, 5, 6]]), [0, 1], [2, -1]); // [[2, 3], [5, 6]]
 * ```
 */
function slice(x: Tensor, begin: readonly number[], size: readonly number[]): Tensor {
  const outShape = KernelShapes.slice(x.shape, begin, size);
  const rank = x.rank;
  const out = new Float32Array(shapeSize(outShape));
  if (out.length === 0) return new Tensor(outShape, out);
  if (rank === 0) {
    out[0] = x.data[0]!;
    return new Tensor(outShape, out);
  }
  const strides = stridesOf(x.shape);
  const runLength = outShape[rank - 1]!;
  const counter = new Array<number>(rank - 1).fill(0);
  let ix = 0;
  for (let d = 0; d < rank; d++) ix += begin[d]! * strides[d]!;
  for (let o = 0; o < out.length; o += runLength) {
    out.set(x.data.subarray(ix, ix + runLength), o);
    for (let d = rank - 2; d >= 0; d--) {
      ix += strides[d]!;
      if (++counter[d]! < outShape[d]!) break;
      ix -= strides[d]! * outShape[d]!;
      counter[d] = 0;
    }
  }
  return new Tensor(outShape, out);
}

/**
 * Selects entries along `axis` (negative counts from the end).
 *
 * @example
 * ```ts
 * JsLayout.gather(Tensor.from([[1, 2], [3, 4]]), Int32Array.of(1, 1), 0); // [[3, 4], [3, 4]]
 * ```
 */
function gather(x: Tensor, indices: Int32Array, axis: number): Tensor {
  const ax = KernelShapes.axis(axis, x.rank, 'gather');
  const { outer, extent, inner } = KernelShapes.around(x.shape, ax);
  KernelShapes.indices('gather', indices, extent);
  const outShape = [...x.shape];
  outShape[ax] = indices.length;
  const n = indices.length;
  const out = new Float32Array(outer * n * inner);
  const src = x.data;
  for (let o = 0; o < outer; o++) {
    for (let t = 0; t < n; t++) {
      const from = (o * extent + indices[t]!) * inner;
      const to = (o * n + t) * inner;
      if (inner === 1) out[to] = src[from]!;
      else out.set(src.subarray(from, from + inner), to);
    }
  }
  return new Tensor(outShape, out);
}

/**
 * The adjoint of {@link JsLayout.gather}: adds slices of `updates` into zeros of `shape` at `indices`.
 *
 * @example
 * ```ts
 * JsLayout.scatterAdd([3], Int32Array.of(0, 0, 2), Tensor.from([1, 2, 3]), 0); // [3, 0, 3]
 * ```
 */
function scatterAdd(shape: readonly number[], indices: Int32Array, updates: Tensor, axis: number): Tensor {
  const ax = KernelShapes.scatterAdd(shape, indices, updates, axis);
  const { outer, extent, inner } = KernelShapes.around(shape, ax);
  const n = indices.length;
  const out = new Float32Array(shapeSize(shape));
  const src = updates.data;
  for (let o = 0; o < outer; o++) {
    for (let t = 0; t < n; t++) {
      const to = (o * extent + indices[t]!) * inner;
      const from = (o * n + t) * inner;
      for (let i = 0; i < inner; i++) out[to + i] = out[to + i]! + src[from + i]!;
    }
  }
  return new Tensor([...shape], out);
}

/**
 * Per-row pick: x [n, k], indices [n] -> out[i] = x[i, indices[i]].
 *
 * @example
 * ```ts
 * JsLayout.pick(Tensor.from([[1, 2], [3, 4]]), Int32Array.of(1, 0)); // [2, 3]
 * ```
 */
function pick(x: Tensor, indices: Int32Array): Tensor {
  KernelShapes.pick(x, indices);
  const k = x.shape[1]!;
  const out = new Float32Array(indices.length);
  for (let i = 0; i < indices.length; i++) out[i] = x.data[i * k + indices[i]!]!;
  return new Tensor([indices.length], out);
}

/**
 * The adjoint of {@link JsLayout.pick}: grad [n] -> [n, k], zero except at (i, indices[i]).
 *
 * @example
 * ```ts
 * JsLayout.pickGrad(Tensor.from([5, 7]), Int32Array.of(1, 0), 2); // [[0, 5], [7, 0]]
 * ```
 */
function pickGrad(grad: Tensor, indices: Int32Array, k: number): Tensor {
  KernelShapes.pickGrad(grad, indices, k);
  const out = new Float32Array(indices.length * k);
  for (let i = 0; i < indices.length; i++) out[i * k + indices[i]!] = grad.data[i]!;
  return new Tensor([indices.length, k], out);
}
