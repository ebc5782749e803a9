import { Tensor } from '../tensor/tensor.js';
import { ConvShapes, type Conv2DGeometry } from './conv-geometry.js';
import type { Conv2DOptions, Im2ColOptions, KernelBackend } from './kernel-backend.js';

/**
 * Convolution lowered to matrix products (im2col / col2im + `backend.matmul`), so whatever makes
 * a backend's matmul fast (blocking, SIMD WebAssembly, threads, a GPU) makes its convolutions
 * fast too, with one tuned kernel instead of three direct loops per backend.
 *
 * With x [n, h, w, c], filter F [kh, kw, c, oc] seen as the matrix W [kh·kw·c, oc], and the
 * patch matrix P = im2col(x) [n·oh·ow, kh·kw·c]:
 *
 * - forward:         Y = P · W                    ([n·oh·ow, oc], already NHWC)
 * - filter gradient: dW = Pᵀ · dY                 (matmul with transposeA, no copy of P)
 * - input gradient:  dx = col2im(dY · Wᵀ)         (matmul with transposeB)
 *
 * A 1x1 window with stride 1 and no padding needs no patches: P is x itself.
 *
 * Measured against direct loops in bench/layers.ts (section "conv2d: im2col + matmul vs direct
 * loop"): the patch copy costs less than the loop nests lose by not being a tuned matmul.
 *
 * @example
 * ```ts
 * const y = ConvLowering.conv2d(backend, x, filter, { strides: 2, padding: 'same' });
 * ```
 */
export const ConvLowering = { conv2d, conv2dBackpropInput, conv2dBackpropFilter } as const;

function isPointwise(geo: Conv2DGeometry): boolean {
  return geo.kernelHeight === 1 && geo.kernelWidth === 1 && geo.strideHeight === 1 && geo.strideWidth === 1 && geo.padTop === 0 && geo.padLeft === 0;
}

function windowOf(geo: Conv2DGeometry, options: Conv2DOptions): Im2ColOptions {
  return { ...options, kernelSize: [geo.kernelHeight, geo.kernelWidth] };
}

/** The patch matrix of x (x itself, viewed as rows, for a pointwise window). */
function patches(backend: KernelBackend, x: Tensor, geo: Conv2DGeometry, options: Conv2DOptions): Tensor {
  if (isPointwise(geo)) return new Tensor([geo.batch * geo.inHeight * geo.inWidth, geo.channels], x.data);
  return backend.im2col(x, windowOf(geo, options));
}

function conv2d(backend: KernelBackend, x: Tensor, filter: Tensor, options: Conv2DOptions = {}): Tensor {
  const geo = ConvShapes.conv2d('conv2d', x.shape, filter.shape, options);
  const depth = geo.kernelHeight * geo.kernelWidth * geo.channels;
  const out = backend.matmul(patches(backend, x, geo, options), new Tensor([depth, geo.outChannels], filter.data));
  return new Tensor([geo.batch, geo.outHeight, geo.outWidth, geo.outChannels], out.data);
}

function conv2dBackpropInput(backend: KernelBackend, dy: Tensor, filter: Tensor, inputShape: readonly number[], options: Conv2DOptions = {}): Tensor {
  const geo = ConvShapes.backpropInput(dy, filter, inputShape, options);
  const rows = geo.batch * geo.outHeight * geo.outWidth;
  const depth = geo.kernelHeight * geo.kernelWidth * geo.channels;
  const dCols = backend.matmul(new Tensor([rows, geo.outChannels], dy.data), new Tensor([depth, geo.outChannels], filter.data), { transposeB: true });
  if (isPointwise(geo)) return new Tensor([...inputShape], dCols.data);
  return backend.col2im(dCols, inputShape, windowOf(geo, options));
}

function conv2dBackpropFilter(backend: KernelBackend, x: Tensor, dy: Tensor, filterShape: readonly number[], options: Conv2DOptions = {}): Tensor {
  const geo = ConvShapes.backpropFilter(x, dy, filterShape, options);
  const rows = geo.batch * geo.outHeight * geo.outWidth;
  const dW = backend.matmul(patches(backend, x, geo, options), new Tensor([rows, geo.outChannels], dy.data), { transposeA: true });
  return new Tensor([...filterShape], dW.data);
}
