import { ShapeError, formatShape } from '../errors.js';
import { assertValidShape, shapeSize, shapesEqual, stridesOf, type Shape } from './shape.js';

/** Nested arrays of numbers, as accepted by {@link Tensor.from}. */
export type NestedArray = number | readonly NestedArray[];

/**
 * A dense float32 tensor: a shape and a row-major `Float32Array`. Tensors are values: kernels
 * return new tensors and never write into their inputs. No autograd here (see `autograd/`).
 *
 * @example
 * ```ts
 * const x = Tensor.from([[1, 2, 3], [4, 5, 6]]);   // shape [2, 3]
 * x.get(1, 2);                                     // 6
 * const y = x.reshape([3, 2]);                     // shares no memory with x
 * ```
 */
export class Tensor {
  readonly shape: readonly number[];
  readonly data: Float32Array;

  /**
   * @param shape extents, outermost first.
   * @param data row-major values; taken as is (not copied). Zeros when omitted.
   */
  constructor(shape: Shape, data?: Float32Array) {
    assertValidShape(shape, 'Tensor shape');
    const size = shapeSize(shape);
    if (data === undefined) data = new Float32Array(size);
    else if (data.length !== size) {
      throw new ShapeError(`Tensor data has ${data.length} values but shape ${formatShape(shape)} needs ${size}`);
    }
    this.shape = Object.freeze([...shape]);
    this.data = data;
  }

  /** A tensor from nested arrays (`[[1, 2], [3, 4]]`) or a flat list with an explicit shape. */
  static from(values: NestedArray | ArrayLike<number>, shape?: Shape): Tensor {
    if (shape !== undefined) {
      const flat = typeof values === 'number' ? [values] : flatten(values as NestedArray);
      return new Tensor(shape, Float32Array.from(flat));
    }
    const inferred = inferShape(values as NestedArray);
    return new Tensor(inferred, Float32Array.from(flatten(values as NestedArray)));
  }

  /** A rank-0 tensor. */
  static scalar(value: number): Tensor {
    return new Tensor([], Float32Array.of(value));
  }

  static zeros(shape: Shape): Tensor {
    return new Tensor(shape);
  }

  static ones(shape: Shape): Tensor {
    return Tensor.full(shape, 1);
  }

  static full(shape: Shape, value: number): Tensor {
    const t = new Tensor(shape);
    t.data.fill(value);
    return t;
  }

  get rank(): number {
    return this.shape.length;
  }

  get size(): number {
    return this.data.length;
  }

  /** Row-major strides. */
  get strides(): number[] {
    return stridesOf(this.shape);
  }

  /** The value at a multi-index; throws when the index is out of range. */
  get(...index: number[]): number {
    return this.data[this.offsetOf(index)]!;
  }

  /** The single value of a one-element tensor. */
  item(): number {
    if (this.size !== 1) throw new ShapeError(`item() needs a one-element tensor, got shape ${formatShape(this.shape)}`);
    return this.data[0]!;
  }

  /** A copy with a new shape of the same size; one extent may be -1 (inferred). */
  reshape(shape: Shape): Tensor {
    return new Tensor(resolveReshape(this.shape, shape), this.data.slice());
  }

  /** A deep copy. */
  clone(): Tensor {
    return new Tensor(this.shape, this.data.slice());
  }

  /** Nested arrays of plain numbers (a number for a scalar). */
  toArray(): NestedArray {
    if (this.rank === 0) return this.data[0]!;
    const build = (dim: number, offset: number): NestedArray[] => {
      const extent = this.shape[dim]!;
      const stride = shapeSize(this.shape.slice(dim + 1));
      const out: NestedArray[] = [];
      for (let i = 0; i < extent; i++) {
        out.push(dim === this.rank - 1 ? this.data[offset + i]! : build(dim + 1, offset + i * stride));
      }
      return out;
    };
    return build(0, 0);
  }

  /** Throws a {@link ShapeError} naming `what` unless this tensor has exactly `shape`. */
  assertShape(shape: Shape, what = 'tensor'): this {
    if (!shapesEqual(this.shape, shape)) {
      throw new ShapeError(`${what}: expected shape ${formatShape(shape)}, got ${formatShape(this.shape)}`);
    }
    return this;
  }

  toString(): string {
    return `Tensor${formatShape(this.shape)}`;
  }

  private offsetOf(index: readonly number[]): number {
    if (index.length !== this.rank) {
      throw new ShapeError(`index of length ${index.length} for a tensor of shape ${formatShape(this.shape)}`);
    }
    let offset = 0;
    let stride = 1;
    for (let i = this.rank - 1; i >= 0; i--) {
      const ix = index[i]!;
      const extent = this.shape[i]!;
      if (!Number.isInteger(ix) || ix < 0 || ix >= extent) {
        throw new ShapeError(`index [${index.join(', ')}] is out of range for shape ${formatShape(this.shape)}`);
      }
      offset += ix * stride;
      stride *= extent;
    }
    return offset;
  }
}

/** Resolves a reshape target (with at most one -1) against a source shape, or throws. */
export function resolveReshape(from: Shape, to: Shape): number[] {
  const size = shapeSize(from);
  const out = [...to];
  const inferred = out.indexOf(-1);
  if (inferred !== -1) {
    if (out.indexOf(-1, inferred + 1) !== -1) throw new ShapeError(`reshape: at most one -1 allowed, got ${formatShape(to)}`);
    const known = shapeSize(out.filter((_, i) => i !== inferred));
    if (known === 0 || size % known !== 0) {
      throw new ShapeError(`reshape: cannot reshape ${formatShape(from)} to ${formatShape(to)}`);
    }
    out[inferred] = size / known;
  }
  assertValidShape(out, 'reshape target');
  if (shapeSize(out) !== size) throw new ShapeError(`reshape: cannot reshape ${formatShape(from)} (${size} values) to ${formatShape(to)}`);
  return out;
}

function inferShape(values: NestedArray): number[] {
  const shape: number[] = [];
  let cur: NestedArray = values;
  while (Array.isArray(cur)) {
    shape.push(cur.length);
    if (cur.length === 0) break;
    cur = cur[0] as NestedArray;
  }
  return shape;
}

function flatten(values: NestedArray | ArrayLike<number>): number[] {
  if (typeof values === 'number') return [values];
  if (!Array.isArray(values)) return Array.from(values as ArrayLike<number>);
  const expected = inferShape(values as NestedArray);
  const out: number[] = [];
  const walk = (v: NestedArray, depth: number): void => {
    if (depth === expected.length) {
      if (typeof v !== 'number') throw new ShapeError('Tensor.from: ragged nested array (too deep at one element)');
      out.push(v);
      return;
    }
    if (!Array.isArray(v) || v.length !== expected[depth]) {
      throw new ShapeError(`Tensor.from: ragged nested array at depth ${depth} (expected length ${expected[depth]})`);
    }
    for (const item of v) walk(item as NestedArray, depth + 1);
  };
  walk(values as NestedArray, 0);
  return out;
}
