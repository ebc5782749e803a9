import { ShapeError, formatShape } from '../errors.js';

/** A tensor shape: non-negative integer extents, outermost first. `[]` is a scalar. */
export type Shape = readonly number[];

/** Number of elements of a shape (1 for a scalar). */
export function shapeSize(shape: Shape): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** Row-major strides of a shape. */
export function stridesOf(shape: Shape): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= shape[i]!;
  }
  return strides;
}

/** True when both shapes have the same rank and extents. */
export function shapesEqual(a: Shape, b: Shape): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Throws a {@link ShapeError} naming `what` unless `shape` is a valid shape. */
export function assertValidShape(shape: Shape, what = 'shape'): void {
  for (const d of shape) {
    if (!Number.isInteger(d) || d < 0) {
      throw new ShapeError(`${what} ${formatShape(shape)} must hold non-negative integers`);
    }
  }
}

/**
 * The NumPy broadcast of two shapes (align on the right; extents must match or be 1).
 * @param op named in the error message, e.g. `'add'`.
 */
export function broadcastShapes(a: Shape, b: Shape, op = 'broadcast'): number[] {
  const rank = Math.max(a.length, b.length);
  const out = new Array<number>(rank);
  for (let i = 0; i < rank; i++) {
    const da = a[a.length - rank + i] ?? 1;
    const db = b[b.length - rank + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) {
      throw new ShapeError(`${op}: shapes ${formatShape(a)} and ${formatShape(b)} do not broadcast (axis ${i}: ${da} vs ${db})`);
    }
    out[i] = da === 1 ? db : da;
  }
  return out;
}

/**
 * Normalizes possibly negative axes against a rank, checks them and sorts them ascending.
 * @param op named in the error message.
 */
export function normalizeAxes(axes: number | readonly number[] | undefined, rank: number, op = 'op'): number[] {
  if (axes === undefined) return Array.from({ length: rank }, (_, i) => i);
  const list = typeof axes === 'number' ? [axes] : [...axes];
  const seen = new Set<number>();
  for (let i = 0; i < list.length; i++) {
    const ax = list[i]!;
    if (!Number.isInteger(ax) || ax < -rank || ax >= rank) {
      throw new ShapeError(`${op}: axis ${ax} is out of range for a tensor of rank ${rank}`);
    }
    const norm = ax < 0 ? ax + rank : ax;
    if (seen.has(norm)) throw new ShapeError(`${op}: axis ${ax} is repeated`);
    seen.add(norm);
    list[i] = norm;
  }
  return list.sort((x, y) => x - y);
}
