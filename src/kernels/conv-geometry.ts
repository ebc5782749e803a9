import { ConfigError, ShapeError, formatShape } from '../errors.js';
import type { Shape } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import type { Conv2DOptions, Im2ColOptions, Padding, Pool2DOptions, PoolOp, Size2D } from './kernel-backend.js';

/**
 * Where every window of a 2-D convolution or pooling sits: sizes, steps and padding, all in one
 * place so that every backend (and every kernel of a backend) agrees on the arithmetic. Output
 * position (oy, ox) reads input rows `oy·strideHeight − padTop + ky·dilationHeight` for
 * ky < kernelHeight (columns alike); rows outside [0, inHeight) are padding.
 */
export interface Conv2DGeometry {
  readonly batch: number;
  readonly inHeight: number;
  readonly inWidth: number;
  readonly channels: number;
  readonly outHeight: number;
  readonly outWidth: number;
  readonly kernelHeight: number;
  readonly kernelWidth: number;
  readonly strideHeight: number;
  readonly strideWidth: number;
  readonly dilationHeight: number;
  readonly dilationWidth: number;
  readonly padTop: number;
  readonly padLeft: number;
}

/** A conv2d's geometry plus its filter's output channels. */
export interface Conv2DShape extends Conv2DGeometry {
  readonly outChannels: number;
}

/**
 * Shape checks and window arithmetic of the conv and pooling kernels (see {@link Conv2DGeometry}),
 * shared by every backend so they accept the same inputs and throw the same messages.
 *
 * @example
 * ```ts
 * const geo = ConvShapes.conv2d('conv2d', x.shape, filter.shape, { strides: 2, padding: 'same' });
 * geo.outHeight; // ceil(h / 2)
 * ```
 */
export const ConvShapes = {
  size2d,
  geometry,
  conv2d: conv2dShape,
  backpropInput,
  backpropFilter,
  im2col: im2colShape,
  col2im: col2imShape,
  pool2d: pool2dShape,
  pool2dGrad: pool2dGradShape,
  outputSize,
  transposeOutputSize,
} as const;

/** [height, width] of a {@link Size2D}, checked to be positive integers. */
function size2d(value: Size2D | undefined, fallback: readonly [number, number], what: string): [number, number] {
  const pair: readonly number[] = value === undefined ? fallback : typeof value === 'number' ? [value, value] : value;
  if (pair.length !== 2 || !pair.every((v) => Number.isInteger(v) && v >= 1)) {
    throw new ConfigError(`${what} must be a positive integer or a [height, width] pair of them, got ${JSON.stringify(value)}`);
  }
  return [pair[0]!, pair[1]!];
}

function checkPadding(padding: unknown, op: string): Padding {
  if (padding !== 'same' && padding !== 'valid') throw new ConfigError(`${op}: padding must be 'same' or 'valid', got ${JSON.stringify(padding)}`);
  return padding;
}

/**
 * Output extent and leading pad of one spatial axis, TensorFlow style: `valid` keeps windows
 * inside the input; `same` gives ceil(input / stride) outputs and pads floor(total / 2) before.
 * Returns null when a `valid` window does not fit in the input.
 */
function outputSize(input: number, window: number, stride: number, dilation: number, padding: Padding): { out: number; padBefore: number } | null {
  const effective = (window - 1) * dilation + 1;
  if (padding === 'valid') {
    if (effective > input) return null;
    return { out: Math.floor((input - effective) / stride) + 1, padBefore: 0 };
  }
  const out = Math.ceil(input / stride);
  const total = Math.max((out - 1) * stride + effective - input, 0);
  return { out, padBefore: Math.floor(total / 2) };
}

/**
 * Spatial extent of a transposed convolution's output along one axis (Keras' default, without
 * output padding): `same` gives input·stride, `valid` input·stride + max(window − stride, 0) with
 * the dilated window. The convolution of that extent has `input` outputs again.
 */
function transposeOutputSize(input: number, window: number, stride: number, dilation: number, padding: Padding): number {
  const effective = (window - 1) * dilation + 1;
  return padding === 'same' ? input * stride : input * stride + Math.max(effective - stride, 0);
}

/**
 * The window geometry of `op` over an NHWC input of `inputShape` with a `kernel` window.
 * Throws a ShapeError when the input is not rank 4 or a `valid` window is larger than the input.
 */
function geometry(op: string, inputShape: Shape, kernel: readonly [number, number], options: Conv2DOptions): Conv2DGeometry {
  if (inputShape.length !== 4) {
    throw new ShapeError(`${op}: the input must be NHWC [batch, height, width, channels], got ${formatShape(inputShape)}`);
  }
  const [batch, inHeight, inWidth, channels] = inputShape as [number, number, number, number];
  const [strideHeight, strideWidth] = size2d(options.strides, [1, 1], `${op}: strides`);
  const [dilationHeight, dilationWidth] = size2d(options.dilations, [1, 1], `${op}: dilations`);
  const padding = checkPadding(options.padding ?? 'valid', op);
  const [kernelHeight, kernelWidth] = kernel;
  const rows = outputSize(inHeight, kernelHeight, strideHeight, dilationHeight, padding);
  const cols = outputSize(inWidth, kernelWidth, strideWidth, dilationWidth, padding);
  if (rows === null || cols === null) {
    const effH = (kernelHeight - 1) * dilationHeight + 1;
    const effW = (kernelWidth - 1) * dilationWidth + 1;
    const dilated = effH !== kernelHeight || effW !== kernelWidth ? ` (dilated to ${effH}x${effW})` : '';
    throw new ShapeError(
      `${op}: the ${kernelHeight}x${kernelWidth} window${dilated} is larger than the ${inHeight}x${inWidth} input ${formatShape(inputShape)} with padding 'valid'; use padding 'same' or a smaller window`,
    );
  }
  return {
    batch, inHeight, inWidth, channels,
    outHeight: rows.out, outWidth: cols.out,
    kernelHeight, kernelWidth, strideHeight, strideWidth, dilationHeight, dilationWidth,
    padTop: rows.padBefore, padLeft: cols.padBefore,
  };
}

function checkFilter(op: string, filterShape: Shape, inputShape: Shape): void {
  if (filterShape.length !== 4) {
    throw new ShapeError(`${op}: the filter must be [kernelHeight, kernelWidth, inChannels, outChannels], got ${formatShape(filterShape)}`);
  }
  if (inputShape.length === 4 && filterShape[2] !== inputShape[3]) {
    throw new ShapeError(
      `${op}: the input ${formatShape(inputShape)} has ${inputShape[3]} channels but the filter ${formatShape(filterShape)} expects ${filterShape[2]}`,
    );
  }
  if (filterShape.some((d) => d < 1)) throw new ShapeError(`${op}: the filter ${formatShape(filterShape)} has an empty extent`);
}

function conv2dShape(op: string, inputShape: Shape, filterShape: Shape, options: Conv2DOptions = {}): Conv2DShape {
  checkFilter(op, filterShape, inputShape);
  const geo = geometry(op, inputShape, [filterShape[0]!, filterShape[1]!], options);
  return { ...geo, outChannels: filterShape[3]! };
}

function expectShape(op: string, what: string, actual: Shape, expected: Shape): void {
  if (actual.length !== expected.length || actual.some((d, i) => d !== expected[i])) {
    throw new ShapeError(`${op}: ${what} ${formatShape(actual)} must have shape ${formatShape(expected)}`);
  }
}

function backpropInput(dy: Tensor, filter: Tensor, inputShape: Shape, options: Conv2DOptions = {}): Conv2DShape {
  const op = 'conv2dBackpropInput';
  const shape = conv2dShape(op, inputShape, filter.shape, options);
  expectShape(op, 'dy', dy.shape, [shape.batch, shape.outHeight, shape.outWidth, shape.outChannels]);
  return shape;
}

function backpropFilter(x: Tensor, dy: Tensor, filterShape: Shape, options: Conv2DOptions = {}): Conv2DShape {
  const op = 'conv2dBackpropFilter';
  const shape = conv2dShape(op, x.shape, filterShape, options);
  expectShape(op, 'dy', dy.shape, [shape.batch, shape.outHeight, shape.outWidth, shape.outChannels]);
  return shape;
}

function im2colShape(op: string, inputShape: Shape, options: Im2ColOptions): Conv2DGeometry {
  return geometry(op, inputShape, size2d(options.kernelSize, [1, 1], `${op}: kernelSize`), options);
}

function col2imShape(cols: Tensor, inputShape: Shape, options: Im2ColOptions): Conv2DGeometry {
  const geo = im2colShape('col2im', inputShape, options);
  const rows = geo.batch * geo.outHeight * geo.outWidth;
  expectShape('col2im', 'cols', cols.shape, [rows, geo.kernelHeight * geo.kernelWidth * geo.channels]);
  return geo;
}

function poolOptions(op: string, options: Pool2DOptions): { window: [number, number]; conv: Conv2DOptions } {
  const window = size2d(options.poolSize, [1, 1], `${op}: poolSize`);
  const strides = size2d(options.strides, window, `${op}: strides`);
  return { window, conv: { strides, padding: options.padding ?? 'valid' } };
}

function checkPoolOp(op: string, pool: PoolOp): void {
  if (pool !== 'max' && pool !== 'avg') throw new ConfigError(`${op}: op must be 'max' or 'avg', got ${JSON.stringify(pool)}`);
}

function pool2dShape(pool: PoolOp, inputShape: Shape, options: Pool2DOptions): Conv2DGeometry {
  checkPoolOp('pool2d', pool);
  const { window, conv } = poolOptions(`${pool}Pool2d`, options);
  return geometry(`${pool}Pool2d`, inputShape, window, conv);
}

function pool2dGradShape(pool: PoolOp, x: Tensor, dy: Tensor, options: Pool2DOptions): Conv2DGeometry {
  checkPoolOp('pool2dGrad', pool);
  const op = `${pool}Pool2dGrad`;
  const { window, conv } = poolOptions(op, options);
  const geo = geometry(op, x.shape, window, conv);
  expectShape(op, 'dy', dy.shape, [geo.batch, geo.outHeight, geo.outWidth, geo.channels]);
  return geo;
}
