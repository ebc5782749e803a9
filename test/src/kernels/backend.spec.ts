import { afterAll, describe, expect, it } from 'vitest';
import { AutoBackend } from '../../../src/kernels/auto/auto-backend.js';
import { backendAvailability, createBackend, type BackendName } from '../../../src/kernels/create-backend.js';
import { GpuBackend } from '../../../src/kernels/gpu/gpu-backend.js';
import { JsBackend } from '../../../src/kernels/js/js-backend.js';
import type { KernelBackend } from '../../../src/kernels/kernel-backend.js';
import { Tensor } from '../../../src/tensor/tensor.js';
import { CONV_ERROR_CASES, CONV_EXACT_CASES, convCases } from './conv-cases.js';
import { ERROR_CASES, EXACT_CASES } from './exact-cases.js';
import { expectClose, kernelCases } from './kernel-cases.js';

/*
 * One suite, every backend: hand-computed exact cases, randomized cases (js against naive
 * oracles, every other backend against js) and error messages. gpu.js compiles one kernel per
 * (kernel, shape), so each backend is built once and shared by all its tests.
 */

const reference = new JsBackend();
const cases = [...kernelCases(), ...convCases()];
const exactCases = [...EXACT_CASES, ...CONV_EXACT_CASES];
const errorCases = [...ERROR_CASES, ...CONV_ERROR_CASES];
const built = new Map<string, KernelBackend>();

/** Builds a backend once per file; `auto` shares the webasm backend's compiled kernels. */
function backendFor(name: BackendName | 'auto-split'): KernelBackend {
  let backend = built.get(name);
  if (backend === undefined) {
    if (name === 'auto-split') {
      // Sizes from 16 up go to gpu.js, smaller ones to js, so both paths run in one suite.
      const split = [{ from: 16, backend: 'gpu' }];
      backend = new AutoBackend({
        backends: { js: new JsBackend(), gpu: backendFor('gpu:webasm') },
        thresholds: { matmul: split, elementwise: split, reduce: split, softmax: split, transpose: split, gather: split, window: split },
        ownsBackends: false,
      });
    } else {
      backend = createBackend(name);
    }
    built.set(name, backend);
  }
  return backend;
}

afterAll(() => {
  for (const backend of built.values()) backend.dispose();
});

const BACKENDS: ReadonlyArray<{ readonly name: BackendName | 'auto-split'; readonly availability: BackendName }> = [
  { name: 'js', availability: 'js' },
  { name: 'wasm', availability: 'wasm' },
  { name: 'wasm:threads', availability: 'wasm:threads' },
  { name: 'gpu:webasm', availability: 'gpu:webasm' },
  { name: 'gpu:cpu', availability: 'gpu:cpu' },
  { name: 'gpu:headlessgl', availability: 'gpu:headlessgl' },
  { name: 'gpu:webgpu', availability: 'gpu:webgpu' },
  { name: 'auto-split', availability: 'auto' },
];

for (const { name, availability } of BACKENDS) {
  const { available, reason } = backendAvailability(availability);
  if (!available) console.info(`kernels spec: not running backend ${name} here: ${reason}`);

  describe.runIf(available)(`KernelBackend ${name}`, () => {
    it.each(exactCases.map((c) => [c.name, c] as const))('exact: %s', (_, c) => {
      const result = c.run(backendFor(name));
      expectClose(result, Tensor.from(c.expected, c.shape), c.tolerance ?? 0);
    });

    if (name === 'js') {
      it.each(cases.map((c) => [c.name, c] as const))('naive oracle: %s', (_, c) => {
        expectClose(c.run(reference), c.oracle(), c.tolerance);
      });
    } else {
      it.each(cases.map((c) => [c.name, c] as const))('matches js: %s', (_, c) => {
        expectClose(c.run(backendFor(name)), c.run(reference), c.tolerance);
      });
    }

    it.each(errorCases.map((c) => [c.name, c] as const))('error: %s', (_, c) => {
      expect(() => c.run(backendFor(name))).toThrow(expect.objectContaining({ name: c.error, message: expect.stringContaining(c.message) }));
    });

    it('never modifies its inputs', () => {
      const backend = backendFor(name);
      const a = Tensor.from([[1, -2, 3], [4, 5, -6]]);
      const before = a.data.slice();
      backend.matmul(a, a, { transposeB: true });
      backend.unary('relu', a);
      backend.binary('mul', a, a);
      backend.softmax(a);
      backend.reduce('sum', a, 0);
      backend.transpose(a);
      expect(a.data).toEqual(before);
      const image = Tensor.from([1, -2, 3, 4, 5, -6, 7, 8, 9], [1, 3, 3, 1]);
      const filter = Tensor.from([1, 2, 3, 4], [2, 2, 1, 1]);
      const copies = [image, filter].map((t) => t.data.slice());
      const y = backend.conv2d(image, filter, { padding: 'same' });
      backend.conv2dBackpropInput(y, filter, image.shape, { padding: 'same' });
      backend.conv2dBackpropFilter(image, y, filter.shape, { padding: 'same' });
      backend.pool2dGrad('max', image, backend.pool2d('max', image, { poolSize: 2 }), { poolSize: 2 });
      expect([image.data, filter.data]).toEqual(copies);
    });

    it('returns a fresh output each call (no buffer reuse between calls)', () => {
      const backend = backendFor(name);
      const first = backend.unary('neg', Tensor.from([1, 2, 3, 4]));
      backend.unary('neg', Tensor.from([9, 9, 9, 9]));
      expect(Array.from(first.data)).toEqual([-1, -2, -3, -4]);
    });
  });
}

describe('GpuBackend specifics', () => {
  const available = backendAvailability('gpu:webasm').available;

  it.runIf(available)('compiles a kernel once per shape and reuses it', () => {
    const gpu = backendFor('gpu:webasm') as GpuBackend;
    const a = Tensor.from([[1, 2], [3, 4]]);
    gpu.matmul(a, a);
    const count = gpu.compiledKernelCount;
    gpu.matmul(a, Tensor.from([[0, 1], [1, 0]]));
    expect(gpu.compiledKernelCount).toBe(count);
    gpu.matmul(a, Tensor.from([[1], [1]]));
    expect(gpu.compiledKernelCount).toBe(count + 1);
  });

  it.runIf(available)('matmulAsync (threaded on webasm for >= 4096 cells) equals matmul', async () => {
    const gpu = backendFor('gpu:webasm') as GpuBackend;
    const a = Tensor.from(Array.from({ length: 64 * 9 }, (_, i) => ((i * 37) % 11) - 5), [64, 9]);
    const b = Tensor.from(Array.from({ length: 9 * 64 }, (_, i) => ((i * 13) % 7) - 3), [9, 64]);
    const expected = reference.matmul(a, b);
    expectClose(await gpu.matmulAsync(a, b), expected, 0);
    expectClose(await gpu.matmulAsync(b, a, { transposeA: true, transposeB: true }), reference.matmul(b, a, { transposeA: true, transposeB: true }), 0);
  });

  it.runIf(available)('throws after dispose, naming the backend', () => {
    const gpu = new GpuBackend({ mode: 'webasm' });
    gpu.dispose();
    expect(() => gpu.unary('relu', Tensor.from([1]))).toThrow('gpu:webasm: the backend was disposed');
  });
});
