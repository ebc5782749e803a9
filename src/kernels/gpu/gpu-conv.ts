import type { KernelFunction } from 'gpu.js';
import { shapeSize } from '../../tensor/shape.js';
import { Tensor } from '../../tensor/tensor.js';
import { ConvShapes } from '../conv-geometry.js';
import type { JsBackend } from '../js/js-backend.js';
import type { Im2ColOptions, Pool2DOptions, PoolOp } from '../kernel-backend.js';
import { GpuConvKernels, windowConstants } from './gpu-conv-kernels.js';
import type { GpuKernelCache } from './gpu-kernel-cache.js';

/** Index arithmetic inside kernels runs in float32, exact below 2^24 (as in GpuBackend). */
const MAX_GPU_ELEMENTS = 1 << 24;

/**
 * The window kernels (im2col, col2im, pooling and its gradients) of a `GpuBackend`, compiled
 * into the backend's kernel cache once per geometry. Tensors too large for float32 indices, and
 * empty ones, go to the js kernels.
 *
 * @example
 * ```ts
 * const conv = new GpuConv(cache, new JsBackend());
 * const cols = conv.im2col(x, { kernelSize: 3, padding: 'same' });
 * ```
 */
export class GpuConv {
  constructor(
    private readonly kernels: GpuKernelCache,
    private readonly js: JsBackend,
  ) {}

  im2col(x: Tensor, options: Im2ColOptions): Tensor {
    const geo = ConvShapes.im2col('im2col', x.shape, options);
    const { constants, key } = windowConstants(geo);
    const outShape = [geo.batch * geo.outHeight * geo.outWidth, constants.depth];
    const size = shapeSize(outShape);
    if (!fits(size, x.size)) return this.js.im2col(x, options);
    const kernel = this.kernels.get(`im2col|${key}`, GpuConvKernels.im2col as KernelFunction, { output: [size], constants: { ...constants } });
    return this.output(outShape, kernel(x.data));
  }

  col2im(cols: Tensor, inputShape: readonly number[], options: Im2ColOptions): Tensor {
    const geo = ConvShapes.col2im(cols, inputShape, options);
    const size = shapeSize(inputShape);
    if (!fits(size, cols.size)) return this.js.col2im(cols, inputShape, options);
    const { constants, key } = windowConstants(geo);
    const kernel = this.kernels.get(`col2im|${key}`, GpuConvKernels.col2im as KernelFunction, { output: [size], constants: { ...constants } });
    return this.output(inputShape, kernel(cols.data));
  }

  pool2d(op: PoolOp, x: Tensor, options: Pool2DOptions): Tensor {
    const geo = ConvShapes.pool2d(op, x.shape, options);
    const outShape = [geo.batch, geo.outHeight, geo.outWidth, geo.channels];
    const size = shapeSize(outShape);
    if (!fits(size, x.size)) return this.js.pool2d(op, x, options);
    const { constants, key } = windowConstants(geo);
    const fn = op === 'max' ? GpuConvKernels.maxPool : GpuConvKernels.avgPool;
    const kernel = this.kernels.get(`${op}Pool|${key}`, fn as KernelFunction, { output: [size], constants: { ...constants } });
    return this.output(outShape, kernel(x.data));
  }

  pool2dGrad(op: PoolOp, x: Tensor, dy: Tensor, options: Pool2DOptions): Tensor {
    const geo = ConvShapes.pool2dGrad(op, x, dy, options);
    if (!fits(x.size, dy.size)) return this.js.pool2dGrad(op, x, dy, options);
    const { constants, key } = windowConstants(geo);
    const settings = { output: [x.size], constants: { ...constants } };
    if (op === 'max') {
      const kernel = this.kernels.get(`maxPoolGrad|${key}`, GpuConvKernels.maxPoolGrad as KernelFunction, settings);
      return this.output(x.shape, kernel(x.data, dy.data));
    }
    const kernel = this.kernels.get(`avgPoolGrad|${key}`, GpuConvKernels.avgPoolGrad as KernelFunction, settings);
    return this.output(x.shape, kernel(dy.data));
  }

  private output(shape: readonly number[], result: unknown): Tensor {
    return new Tensor(shape, this.kernels.read(result, shapeSize(shape)));
  }
}

function fits(...sizes: number[]): boolean {
  return sizes.every((s) => s > 0 && s < MAX_GPU_ELEMENTS);
}
