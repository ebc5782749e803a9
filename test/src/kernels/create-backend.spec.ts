import { describe, expect, it } from 'vitest';
import { AutoBackend } from '../../../src/kernels/auto/auto-backend.js';
import { availableBackends, backendAvailability, createBackend, type BackendName } from '../../../src/kernels/create-backend.js';
import { JsBackend } from '../../../src/kernels/js/js-backend.js';
import { Tensor } from '../../../src/tensor/tensor.js';

describe('createBackend', () => {
  it('creates the js backend', () => {
    const backend = createBackend('js');
    expect(backend).toBeInstanceOf(JsBackend);
    expect(backend.name).toBe('js');
  });

  it('throws on an unknown name, listing the known ones', () => {
    expect(() => createBackend('tpu' as BackendName)).toThrow(
      "createBackend: unknown backend 'tpu'; known backends: js, wasm, wasm:threads, gpu, gpu:webasm, gpu:cpu, gpu:headlessgl, gpu:webgpu, auto",
    );
  });

  it('lists what this machine can run, always including js', () => {
    const names = availableBackends();
    expect(names[0]).toBe('js');
    for (const name of names) expect(backendAvailability(name).available).toBe(true);
  });

  it.runIf(!backendAvailability('gpu:headlessgl').available)('explains how to get headlessgl when it is missing', () => {
    expect(() => createBackend('gpu:headlessgl')).toThrow(/gpu:headlessgl is unavailable: .*`gl` package.*xvfb/);
  });

  it('explains why webgpu cannot back the synchronous interface', () => {
    expect(() => createBackend('gpu:webgpu')).toThrow(/gpu:webgpu is unavailable: .*asynchronous only/);
  });

  it.runIf(backendAvailability('auto').available)('creates auto over js, wasm and gpu:webasm, optionally with thresholds', () => {
    const auto = createBackend('auto', { thresholds: { matmul: [{ from: 8, backend: 'gpu' }] } }) as AutoBackend;
    try {
      expect(auto).toBeInstanceOf(AutoBackend);
      expect(Object.keys(auto.backends)).toEqual(['js', 'wasm', 'gpu']);
      expect(auto.backends['gpu']!.name).toBe('gpu:webasm');
      expect(auto.route('matmul', 8).name).toBe('gpu:webasm');
      expect(auto.matmul(Tensor.from([[1, 2]]), Tensor.from([[3], [4]])).item()).toBe(11);
    } finally {
      auto.dispose();
    }
  });

  it('routes by default: tiny matmuls to js, larger ones to wasm', () => {
    const auto = new AutoBackend({ backends: { js: createBackend('js'), wasm: createBackend('wasm') } });
    try {
      expect(auto.route('matmul', 4 * 4 * 4).name).toBe('js');
      expect(auto.route('matmul', 64 * 64 * 64).name).toBe('wasm');
      expect(auto.route('elementwise', 100).name).toBe('js');
    } finally {
      auto.dispose();
    }
  });

  it('creates the wasm backends by name', () => {
    for (const name of ['wasm', 'wasm:threads'] as const) {
      const backend = createBackend(name);
      try {
        expect(backend.name).toBe(name);
        expect(backend.matmul(Tensor.from([[1, 2]]), Tensor.from([[3], [4]])).item()).toBe(11);
      } finally {
        backend.dispose();
      }
    }
  });
});
