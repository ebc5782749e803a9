import { Tensor } from '../../tensor/tensor.js';
import { ConvShapes, type Conv2DGeometry } from '../conv-geometry.js';
import type { Im2ColOptions, Pool2DOptions, PoolOp } from '../kernel-backend.js';

/**
 * The window kernels on plain typed arrays, NHWC: im2col / col2im (convolutions are these plus
 * matmul, see `ConvLowering`) and max / average pooling with their gradients. Channels are the
 * innermost axis, so every inner loop walks contiguous memory.
 *
 * @example
 * ```ts
 * const cols = JsConv.im2col(x, { kernelSize: 3, padding: 'same' });   // [n·h·w, 9·c]
 * const y = JsConv.pool2d('max', x, { poolSize: 2 });                  // [n, h/2, w/2, c]
 * ```
 */
export const JsConv = { im2col, col2im, pool2d, pool2dGrad } as const;

/** Below this many channels a per-value loop beats `subarray` + `set` for copying one tap. */
const MIN_SET_CHANNELS = 16;

/**
 * The patches of x as rows [n·oh·ow, kh·kw·c]; taps in the padding stay 0.
 *
 * @example
 * ```ts
 * JsConv.im2col(Tensor.from([1, 2, 3, 4], [1, 2, 2, 1]), { kernelSize: 2 }).toArray(); // [[1, 2, 3, 4]]
 * ```
 */
function im2col(x: Tensor, options: Im2ColOptions): Tensor {
  const geo = ConvShapes.im2col('im2col', x.shape, options);
  const { batch, inHeight, inWidth, channels, outHeight, outWidth, kernelHeight, kernelWidth } = geo;
  const { strideHeight, strideWidth, dilationHeight, dilationWidth, padTop, padLeft } = geo;
  const depth = kernelHeight * kernelWidth * channels;
  const out = new Float32Array(batch * outHeight * outWidth * depth);
  const src = x.data;
  // The hottest loop of a CNN step after matmul, so written out flat.
  let to = 0;
  for (let b = 0; b < batch; b++) {
    const image = b * inHeight;
    for (let oy = 0; oy < outHeight; oy++) {
      const y0 = oy * strideHeight - padTop;
      for (let ox = 0; ox < outWidth; ox++) {
        const x0 = ox * strideWidth - padLeft;
        for (let ky = 0; ky < kernelHeight; ky++) {
          const iy = y0 + ky * dilationHeight;
          if (iy < 0 || iy >= inHeight) {
            to += kernelWidth * channels;
            continue;
          }
          const line = (image + iy) * inWidth;
          for (let kx = 0; kx < kernelWidth; kx++, to += channels) {
            const ix = x0 + kx * dilationWidth;
            if (ix < 0 || ix >= inWidth) continue;
            const from = (line + ix) * channels;
            if (channels >= MIN_SET_CHANNELS) out.set(src.subarray(from, from + channels), to);
            else for (let c = 0; c < channels; c++) out[to + c] = src[from + c]!;
          }
        }
      }
    }
  }
  return new Tensor([batch * outHeight * outWidth, depth], out);
}

/**
 * Sums rows of patches back into an image (the adjoint of {@link im2col}).
 *
 * @example
 * ```ts
 * JsConv.col2im(Tensor.from([[1, 1, 1, 1]]), [1, 2, 2, 1], { kernelSize: 2 }).toArray(); // [[[[1], [1]], [[1], [1]]]]
 * ```
 */
function col2im(cols: Tensor, inputShape: readonly number[], options: Im2ColOptions): Tensor {
  const geo = ConvShapes.col2im(cols, inputShape, options);
  const { batch, inHeight, inWidth, channels, outHeight, outWidth, kernelHeight, kernelWidth } = geo;
  const { strideHeight, strideWidth, dilationHeight, dilationWidth, padTop, padLeft } = geo;
  const out = new Float32Array(batch * inHeight * inWidth * channels);
  const src = cols.data;
  let from = 0;
  for (let b = 0; b < batch; b++) {
    const image = b * inHeight;
    for (let oy = 0; oy < outHeight; oy++) {
      const y0 = oy * strideHeight - padTop;
      for (let ox = 0; ox < outWidth; ox++) {
        const x0 = ox * strideWidth - padLeft;
        for (let ky = 0; ky < kernelHeight; ky++) {
          const iy = y0 + ky * dilationHeight;
          if (iy < 0 || iy >= inHeight) {
            from += kernelWidth * channels;
            continue;
          }
          const line = (image + iy) * inWidth;
          for (let kx = 0; kx < kernelWidth; kx++, from += channels) {
            const ix = x0 + kx * dilationWidth;
            if (ix < 0 || ix >= inWidth) continue;
            const to = (line + ix) * channels;
            for (let c = 0; c < channels; c++) out[to + c] = out[to + c]! + src[from + c]!;
          }
        }
      }
    }
  }
  return new Tensor([...inputShape], out);
}

/**
 * Max or average over each window; padded cells do not count.
 *
 * @example
 * ```ts
 * JsConv.pool2d('max', Tensor.from([1, 5, 3, 2], [1, 2, 2, 1]), { poolSize: 2 }).toArray(); // [[[[5]]]]
 * ```
 */
function pool2d(op: PoolOp, x: Tensor, options: Pool2DOptions): Tensor {
  const geo = ConvShapes.pool2d(op, x.shape, options);
  const { batch, outHeight, outWidth, channels } = geo;
  const out = new Float32Array(batch * outHeight * outWidth * channels);
  const src = x.data;
  const isMax = op === 'max';
  let to = 0;
  for (let b = 0; b < batch; b++) {
    for (let oy = 0; oy < outHeight; oy++) {
      for (let ox = 0; ox < outWidth; ox++, to += channels) {
        const w = windowAt(geo, b, oy, ox);
        if (isMax) out.fill(-Infinity, to, to + channels);
        for (let iy = w.y0; iy < w.y1; iy++) {
          for (let ix = w.x0; ix < w.x1; ix++) {
            const from = (w.line + iy * geo.inWidth + ix) * channels;
            if (isMax) {
              for (let c = 0; c < channels; c++) if (src[from + c]! > out[to + c]!) out[to + c] = src[from + c]!;
            } else {
              for (let c = 0; c < channels; c++) out[to + c] = out[to + c]! + src[from + c]!;
            }
          }
        }
        if (!isMax) scaleRow(out, to, channels, 1 / ((w.y1 - w.y0) * (w.x1 - w.x0)));
      }
    }
  }
  return new Tensor([batch, outHeight, outWidth, channels], out);
}

/**
 * The gradient of {@link pool2d}: max routes each window's gradient to the first (row-major)
 * maximum of that window; avg spreads it evenly over the window's real cells.
 *
 * @example
 * ```ts
 * const x = Tensor.from([1, 5, 3, 2], [1, 2, 2, 1]);
 * JsConv.pool2dGrad('max', x, Tensor.from([7], [1, 1, 1, 1]), { poolSize: 2 }).toArray(); // [[[[0], [7]], [[0], [0]]]]
 * ```
 */
function pool2dGrad(op: PoolOp, x: Tensor, dy: Tensor, options: Pool2DOptions): Tensor {
  const geo = ConvShapes.pool2dGrad(op, x, dy, options);
  const { batch, outHeight, outWidth, channels } = geo;
  const out = new Float32Array(x.size);
  const src = x.data;
  const grad = dy.data;
  const best = new Float32Array(channels);
  const where = new Int32Array(channels);
  let from = 0;
  for (let b = 0; b < batch; b++) {
    for (let oy = 0; oy < outHeight; oy++) {
      for (let ox = 0; ox < outWidth; ox++, from += channels) {
        const w = windowAt(geo, b, oy, ox);
        if (op === 'max') {
          best.fill(-Infinity);
          where.fill(-1);
          for (let iy = w.y0; iy < w.y1; iy++) {
            for (let ix = w.x0; ix < w.x1; ix++) {
              const cell = (w.line + iy * geo.inWidth + ix) * channels;
              for (let c = 0; c < channels; c++) {
                if (src[cell + c]! > best[c]!) {
                  best[c] = src[cell + c]!;
                  where[c] = cell + c;
                }
              }
            }
          }
          for (let c = 0; c < channels; c++) if (where[c]! >= 0) out[where[c]!] = out[where[c]!]! + grad[from + c]!;
        } else {
          const share = 1 / ((w.y1 - w.y0) * (w.x1 - w.x0));
          for (let iy = w.y0; iy < w.y1; iy++) {
            for (let ix = w.x0; ix < w.x1; ix++) {
              const cell = (w.line + iy * geo.inWidth + ix) * channels;
              for (let c = 0; c < channels; c++) out[cell + c] = out[cell + c]! + grad[from + c]! * share;
            }
          }
        }
      }
    }
  }
  return new Tensor(x.shape, out);
}

/** The real (unpadded) rows [y0, y1) and columns [x0, x1) of a pooling window, and its image's first pixel. */
function windowAt(geo: Conv2DGeometry, b: number, oy: number, ox: number): { y0: number; y1: number; x0: number; x1: number; line: number } {
  const top = oy * geo.strideHeight - geo.padTop;
  const left = ox * geo.strideWidth - geo.padLeft;
  return {
    y0: Math.max(top, 0),
    y1: Math.min(top + geo.kernelHeight, geo.inHeight),
    x0: Math.max(left, 0),
    x1: Math.min(left + geo.kernelWidth, geo.inWidth),
    line: b * geo.inHeight * geo.inWidth,
  };
}

function scaleRow(data: Float32Array, start: number, count: number, factor: number): void {
  for (let c = 0; c < count; c++) data[start + c] = data[start + c]! * factor;
}
