import type { IKernelFunctionThis } from 'gpu.js';
import type { Conv2DGeometry } from '../conv-geometry.js';

/*
 * gpu.js kernel functions of the window family (im2col, col2im, pooling and its gradients), NHWC.
 * Same rules as the other gpu.js kernels: top-level `function`s, `this.constants` read directly,
 * flat 1-D outputs indexed by `this.thread.x`, index arithmetic in float32 (exact below 2^24,
 * which the backend guarantees). Gradients are written as gathers (each output cell sums what
 * reaches it) because gpu.js has no atomic adds for scatters.
 */

/** A {@link Conv2DGeometry} flattened into gpu.js constants, plus derived sizes. */
export interface WindowConstants {
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
  /** kernelHeight · kernelWidth · channels: the length of an im2col row. */
  readonly depth: number;
}

/**
 * The constants of a geometry, and a cache key naming them.
 *
 * @example
 * ```ts
 * const { constants, key } = windowConstants(ConvShapes.im2col('im2col', x.shape, { kernelSize: 3 }));
 * ```
 */
export function windowConstants(geo: Conv2DGeometry): { constants: WindowConstants; key: string } {
  const constants: WindowConstants = {
    inHeight: geo.inHeight,
    inWidth: geo.inWidth,
    channels: geo.channels,
    outHeight: geo.outHeight,
    outWidth: geo.outWidth,
    kernelHeight: geo.kernelHeight,
    kernelWidth: geo.kernelWidth,
    strideHeight: geo.strideHeight,
    strideWidth: geo.strideWidth,
    dilationHeight: geo.dilationHeight,
    dilationWidth: geo.dilationWidth,
    padTop: geo.padTop,
    padLeft: geo.padLeft,
    depth: geo.kernelHeight * geo.kernelWidth * geo.channels,
  };
  return { constants, key: `${geo.batch},${Object.values(constants).join(',')}` };
}

/** One cell of the patch matrix [n·oh·ow, kh·kw·c]: the input value under that tap, or 0 in the padding. */
function im2colKernel(this: IKernelFunctionThis<WindowConstants>, x: Float32Array): number {
  const row = Math.floor(this.thread.x / this.constants.depth);
  const col = this.thread.x - row * this.constants.depth;
  const tap = Math.floor(col / this.constants.channels);
  const c = col - tap * this.constants.channels;
  const ky = Math.floor(tap / this.constants.kernelWidth);
  const kx = tap - ky * this.constants.kernelWidth;
  const b = Math.floor(row / (this.constants.outHeight * this.constants.outWidth));
  const rest = row - b * this.constants.outHeight * this.constants.outWidth;
  const oy = Math.floor(rest / this.constants.outWidth);
  const ox = rest - oy * this.constants.outWidth;
  const iy = oy * this.constants.strideHeight - this.constants.padTop + ky * this.constants.dilationHeight;
  const ix = ox * this.constants.strideWidth - this.constants.padLeft + kx * this.constants.dilationWidth;
  if (iy < 0 || iy >= this.constants.inHeight || ix < 0 || ix >= this.constants.inWidth) return 0;
  return x[((b * this.constants.inHeight + iy) * this.constants.inWidth + ix) * this.constants.channels + c]!;
}

/** One input cell of col2im: the sum of every patch entry that was read from it. */
function col2imKernel(this: IKernelFunctionThis<WindowConstants>, cols: Float32Array): number {
  const c = this.thread.x - Math.floor(this.thread.x / this.constants.channels) * this.constants.channels;
  const pixel = Math.floor(this.thread.x / this.constants.channels);
  const b = Math.floor(pixel / (this.constants.inHeight * this.constants.inWidth));
  const rest = pixel - b * this.constants.inHeight * this.constants.inWidth;
  const iy = Math.floor(rest / this.constants.inWidth);
  const ix = rest - iy * this.constants.inWidth;
  let sum = 0;
  for (let ky = 0; ky < this.constants.kernelHeight; ky++) {
    const ty = iy + this.constants.padTop - ky * this.constants.dilationHeight;
    const oy = Math.floor(ty / this.constants.strideHeight);
    if (ty >= 0 && oy * this.constants.strideHeight === ty && oy < this.constants.outHeight) {
      for (let kx = 0; kx < this.constants.kernelWidth; kx++) {
        const tx = ix + this.constants.padLeft - kx * this.constants.dilationWidth;
        const ox = Math.floor(tx / this.constants.strideWidth);
        if (tx >= 0 && ox * this.constants.strideWidth === tx && ox < this.constants.outWidth) {
          sum += cols[((b * this.constants.outHeight + oy) * this.constants.outWidth + ox) * this.constants.depth + (ky * this.constants.kernelWidth + kx) * this.constants.channels + c]!;
        }
      }
    }
  }
  return sum;
}

/** One output cell of max pooling: the largest real cell of its window (padding skipped). */
function maxPoolKernel(this: IKernelFunctionThis<WindowConstants>, x: Float32Array): number {
  const c = this.thread.x - Math.floor(this.thread.x / this.constants.channels) * this.constants.channels;
  const pixel = Math.floor(this.thread.x / this.constants.channels);
  const b = Math.floor(pixel / (this.constants.outHeight * this.constants.outWidth));
  const rest = pixel - b * this.constants.outHeight * this.constants.outWidth;
  const oy = Math.floor(rest / this.constants.outWidth);
  const ox = rest - oy * this.constants.outWidth;
  let best = 0;
  let found = 0;
  for (let ky = 0; ky < this.constants.kernelHeight; ky++) {
    const iy = oy * this.constants.strideHeight - this.constants.padTop + ky;
    if (iy >= 0 && iy < this.constants.inHeight) {
      for (let kx = 0; kx < this.constants.kernelWidth; kx++) {
        const ix = ox * this.constants.strideWidth - this.constants.padLeft + kx;
        if (ix >= 0 && ix < this.constants.inWidth) {
          const v = x[((b * this.constants.inHeight + iy) * this.constants.inWidth + ix) * this.constants.channels + c]!;
          if (found === 0 || v > best) {
            best = v;
            found = 1;
          }
        }
      }
    }
  }
  return best;
}

/** One output cell of average pooling: the mean of the real cells of its window. */
function avgPoolKernel(this: IKernelFunctionThis<WindowConstants>, x: Float32Array): number {
  const c = this.thread.x - Math.floor(this.thread.x / this.constants.channels) * this.constants.channels;
  const pixel = Math.floor(this.thread.x / this.constants.channels);
  const b = Math.floor(pixel / (this.constants.outHeight * this.constants.outWidth));
  const rest = pixel - b * this.constants.outHeight * this.constants.outWidth;
  const oy = Math.floor(rest / this.constants.outWidth);
  const ox = rest - oy * this.constants.outWidth;
  let sum = 0;
  let count = 0;
  for (let ky = 0; ky < this.constants.kernelHeight; ky++) {
    const iy = oy * this.constants.strideHeight - this.constants.padTop + ky;
    if (iy >= 0 && iy < this.constants.inHeight) {
      for (let kx = 0; kx < this.constants.kernelWidth; kx++) {
        const ix = ox * this.constants.strideWidth - this.constants.padLeft + kx;
        if (ix >= 0 && ix < this.constants.inWidth) {
          sum += x[((b * this.constants.inHeight + iy) * this.constants.inWidth + ix) * this.constants.channels + c]!;
          count += 1;
        }
      }
    }
  }
  return sum / count;
}

/**
 * One input cell of the max-pooling gradient: the sum of dy over the windows whose first
 * (row-major) maximum is this cell. Each candidate window's argmax is recomputed in place.
 */
function maxPoolGradKernel(this: IKernelFunctionThis<WindowConstants>, x: Float32Array, dy: Float32Array): number {
  const c = this.thread.x - Math.floor(this.thread.x / this.constants.channels) * this.constants.channels;
  const pixel = Math.floor(this.thread.x / this.constants.channels);
  const b = Math.floor(pixel / (this.constants.inHeight * this.constants.inWidth));
  const rest = pixel - b * this.constants.inHeight * this.constants.inWidth;
  const iy = Math.floor(rest / this.constants.inWidth);
  const ix = rest - iy * this.constants.inWidth;
  let sum = 0;
  for (let ky = 0; ky < this.constants.kernelHeight; ky++) {
    const ty = iy + this.constants.padTop - ky;
    const oy = Math.floor(ty / this.constants.strideHeight);
    if (ty >= 0 && oy * this.constants.strideHeight === ty && oy < this.constants.outHeight) {
      for (let kx = 0; kx < this.constants.kernelWidth; kx++) {
        const tx = ix + this.constants.padLeft - kx;
        const ox = Math.floor(tx / this.constants.strideWidth);
        if (tx >= 0 && ox * this.constants.strideWidth === tx && ox < this.constants.outWidth) {
          let best = 0;
          let bestY = -1;
          let bestX = -1;
          for (let wy = 0; wy < this.constants.kernelHeight; wy++) {
            const y = oy * this.constants.strideHeight - this.constants.padTop + wy;
            if (y >= 0 && y < this.constants.inHeight) {
              for (let wx = 0; wx < this.constants.kernelWidth; wx++) {
                const xx = ox * this.constants.strideWidth - this.constants.padLeft + wx;
                if (xx >= 0 && xx < this.constants.inWidth) {
                  const v = x[((b * this.constants.inHeight + y) * this.constants.inWidth + xx) * this.constants.channels + c]!;
                  if (bestY < 0 || v > best) {
                    best = v;
                    bestY = y;
                    bestX = xx;
                  }
                }
              }
            }
          }
          if (bestY === iy && bestX === ix) {
            sum += dy[((b * this.constants.outHeight + oy) * this.constants.outWidth + ox) * this.constants.channels + c]!;
          }
        }
      }
    }
  }
  return sum;
}

/** One input cell of the average-pooling gradient: dy / (real cells of the window) over the windows holding it. */
function avgPoolGradKernel(this: IKernelFunctionThis<WindowConstants>, dy: Float32Array): number {
  const c = this.thread.x - Math.floor(this.thread.x / this.constants.channels) * this.constants.channels;
  const pixel = Math.floor(this.thread.x / this.constants.channels);
  const b = Math.floor(pixel / (this.constants.inHeight * this.constants.inWidth));
  const rest = pixel - b * this.constants.inHeight * this.constants.inWidth;
  const iy = Math.floor(rest / this.constants.inWidth);
  const ix = rest - iy * this.constants.inWidth;
  let sum = 0;
  for (let ky = 0; ky < this.constants.kernelHeight; ky++) {
    const ty = iy + this.constants.padTop - ky;
    const oy = Math.floor(ty / this.constants.strideHeight);
    if (ty >= 0 && oy * this.constants.strideHeight === ty && oy < this.constants.outHeight) {
      for (let kx = 0; kx < this.constants.kernelWidth; kx++) {
        const tx = ix + this.constants.padLeft - kx;
        const ox = Math.floor(tx / this.constants.strideWidth);
        if (tx >= 0 && ox * this.constants.strideWidth === tx && ox < this.constants.outWidth) {
          const y0 = oy * this.constants.strideHeight - this.constants.padTop;
          const x0 = ox * this.constants.strideWidth - this.constants.padLeft;
          const rows = Math.min(y0 + this.constants.kernelHeight, this.constants.inHeight) - Math.max(y0, 0);
          const cols = Math.min(x0 + this.constants.kernelWidth, this.constants.inWidth) - Math.max(x0, 0);
          sum += dy[((b * this.constants.outHeight + oy) * this.constants.outWidth + ox) * this.constants.channels + c]! / (rows * cols);
        }
      }
    }
  }
  return sum;
}

/**
 * The gpu.js kernel functions of the window family.
 *
 * @example
 * ```ts
 * const k = gpu.createKernel(GpuConvKernels.im2col, { output: [rows * depth], constants });
 * ```
 */
export const GpuConvKernels = {
  im2col: im2colKernel,
  col2im: col2imKernel,
  maxPool: maxPoolKernel,
  avgPool: avgPoolKernel,
  maxPoolGrad: maxPoolGradKernel,
  avgPoolGrad: avgPoolGradKernel,
} as const;
