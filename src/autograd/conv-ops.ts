import { ShapeError, formatShape } from '../errors.js';
import { ConvShapes } from '../kernels/conv-geometry.js';
import type { Conv2DOptions } from '../kernels/kernel-backend.js';
import type { Graph, Input } from './graph.js';
import type { Variable } from './variable.js';

// Convolutions (NHWC images, [kh, kw, in, out] filters). Each one's backward is made of the
// other two: conv2d's input gradient is a transposed convolution and vice versa, and both share
// one filter-gradient kernel with the roles of image and output gradient swapped.

/**
 * 2-D convolution of x [n, h, w, inC] with filter [kh, kw, inC, outC] -> [n, outH, outW, outC].
 * @example `g.conv2d(images, kernel, { strides: 2, padding: 'same' })`
 */
export function conv2d(g: Graph, x: Input, filter: Input, options: Conv2DOptions = {}): Variable {
  const xv = g.lift(x);
  const fv = g.lift(filter);
  const k = g.backend;
  const out = g.node('conv2d', k.conv2d(xv.value, fv.value, options), xv, fv);
  if (out.requiresGrad) {
    out.backwardFn = (gy) => {
      if (xv.requiresGrad) g.accumulate(xv, k.conv2dBackpropInput(gy, fv.value, xv.shape, options));
      if (fv.requiresGrad) g.accumulate(fv, k.conv2dBackpropFilter(xv.value, gy, fv.shape, options));
    };
  }
  return out;
}

/**
 * Transposed convolution (the input gradient of {@link conv2d} used as a forward op; learnable
 * upsampling): x [n, h, w, inC] with filter [kh, kw, outC, inC] -> `outputShape` [n, H, W, outC],
 * where conv2d(output, filter, options) would have x's spatial shape. The default output shape is
 * Keras': h·stride for `same`, h·stride + max(kh − stride, 0) for `valid`.
 * @example `g.conv2dTranspose(z, kernel, { strides: 2, padding: 'same' })`   // doubles h and w
 */
export function conv2dTranspose(g: Graph, x: Input, filter: Input, options: Conv2DOptions = {}, outputShape?: readonly number[]): Variable {
  const xv = g.lift(x);
  const fv = g.lift(filter);
  const k = g.backend;
  if (xv.rank !== 4 || fv.rank !== 4) {
    throw new ShapeError(`conv2dTranspose: x must be NHWC and the filter [kh, kw, outC, inC], got x ${formatShape(xv.shape)} and filter ${formatShape(fv.shape)}`);
  }
  if (xv.shape[3] !== fv.shape[3]) {
    throw new ShapeError(`conv2dTranspose: x ${formatShape(xv.shape)} has ${xv.shape[3]} channels but the filter ${formatShape(fv.shape)} expects ${fv.shape[3]} (its last axis)`);
  }
  const shape = outputShape ?? conv2dTransposeShape(xv.shape, fv.shape, options);
  const out = g.node('conv2dTranspose', k.conv2dBackpropInput(xv.value, fv.value, shape, options), xv, fv);
  if (out.requiresGrad) {
    out.backwardFn = (gy) => {
      if (xv.requiresGrad) g.accumulate(xv, k.conv2d(gy, fv.value, options));
      if (fv.requiresGrad) g.accumulate(fv, k.conv2dBackpropFilter(gy, xv.value, fv.shape, options));
    };
  }
  return out;
}

/**
 * The default output shape of {@link conv2dTranspose} for x [n, h, w, inC] and filter [kh, kw, outC, inC].
 *
 * @example
 * ```ts
 * conv2dTransposeShape([8, 7, 7, 64], [4, 4, 32, 64], { strides: 2, padding: 'same' }); // [8, 14, 14, 32]
 * ```
 */
export function conv2dTransposeShape(xShape: readonly number[], filterShape: readonly number[], options: Conv2DOptions = {}): number[] {
  const [sh, sw] = ConvShapes.size2d(options.strides, [1, 1], 'conv2dTranspose: strides');
  const [dh, dw] = ConvShapes.size2d(options.dilations, [1, 1], 'conv2dTranspose: dilations');
  const padding = options.padding ?? 'valid';
  return [
    xShape[0]!,
    ConvShapes.transposeOutputSize(xShape[1]!, filterShape[0]!, sh, dh, padding),
    ConvShapes.transposeOutputSize(xShape[2]!, filterShape[1]!, sw, dw, padding),
    filterShape[2]!,
  ];
}
