import { GPU } from 'gpu.js';
import { describe, expect, it } from 'vitest';
import { GpuBackend } from '../../../../src/kernels/gpu/gpu-backend.js';
import { gpuModeAvailability } from '../../../../src/kernels/gpu/gpu-modes.js';
import { Tensor } from '../../../../src/tensor/tensor.js';

/* Kernel values are covered by backend.spec.ts; this file covers ownership and mode handling. */

describe.runIf(gpuModeAvailability('cpu').available)('GpuBackend with an injected GPU', () => {
  it('uses the injected instance, names itself after its mode and leaves it usable after dispose', () => {
    const gpu = new GPU({ mode: 'cpu' });
    const backend = new GpuBackend(gpu);
    expect(backend.name).toBe('gpu:cpu');
    expect(Array.from(backend.unary('mulScalar', Tensor.from([1, 2]), 1.5).data)).toEqual([1.5, 3]);
    backend.dispose();
    const kernel = gpu.createKernel(function (this: { thread: { x: number } }, a: Float32Array) {
      return a[this.thread.x]! + 1;
    }, { output: [2] });
    expect(Array.from(kernel(Float32Array.of(1, 2)) as Float32Array)).toEqual([2, 3]);
    void gpu.destroy();
  });

  it('rejects a GPU whose kernels are asynchronous', () => {
    const gpu = new GPU({ mode: 'async' });
    expect(() => new GpuBackend(gpu)).toThrow("GpuBackend: the injected GPU is in mode 'async', whose kernels return Promises");
    void gpu.destroy();
  });

  it('keeps float params float (no integer inference from the first call)', () => {
    const backend = new GpuBackend({ mode: 'cpu' });
    const x = Tensor.from([1, 2, 3, 4]);
    expect(Array.from(backend.unary('mulScalar', x, 2).data)).toEqual([2, 4, 6, 8]);
    expect(Array.from(backend.unary('mulScalar', x, 0.5).data)).toEqual([0.5, 1, 1.5, 2]);
    expect(Array.from(backend.clip(x, 1.5, 2.5).data)).toEqual([1.5, 2, 2.5, 2.5]);
    backend.dispose();
  });
});

describe('gpu modes', () => {
  it('rejects unknown modes', () => {
    expect(() => new GpuBackend({ mode: 'opencl' as never })).toThrow("gpu mode 'opencl' is unknown; expected one of webasm, cpu, headlessgl, webgpu");
  });

  it('reports cpu as always available', () => {
    expect(gpuModeAvailability('cpu')).toEqual({ mode: 'cpu', available: true, reason: '' });
  });
});
