import { afterAll, describe, expect, it } from 'vitest';
import { JsBackend } from '../../../../src/kernels/js/js-backend.js';
import type { KernelBackend } from '../../../../src/kernels/kernel-backend.js';
import { WasmBackend } from '../../../../src/kernels/wasm/wasm-backend.js';
import { Tensor } from '../../../../src/tensor/tensor.js';
import { ERROR_CASES, EXACT_CASES } from '../exact-cases.js';
import { expectClose, kernelCases } from '../kernel-cases.js';

/*
 * The shared kernel cases (exact, randomized against js, error messages) on the wasm backend,
 * single-threaded and threaded, plus what is specific to it: naming, delegation and dispose.
 */

const reference = new JsBackend();
/** [label, expected name, backend]: the third sends even the small shared cases through wasm elementwise kernels. */
const backends: ReadonlyArray<readonly [string, string, KernelBackend]> = [
  ['wasm', 'wasm', new WasmBackend()],
  ['wasm:threads', 'wasm:threads', new WasmBackend({ threads: 2, parallelThreshold: 1 })],
  ['wasm, elementwise from size 0', 'wasm', new WasmBackend({ elementwiseMinSize: 0 })],
];
afterAll(() => backends.forEach(([, , b]) => b.dispose()));

for (const [label, name, backend] of backends) {
  describe(`WasmBackend (${label}) on the shared kernel cases`, () => {
    it('is named after its threading', () => {
      expect(backend.name).toBe(name);
    });

    it.each(EXACT_CASES.map((c) => [c.name, c] as const))('exact: %s', (_, c) => {
      expectClose(c.run(backend), Tensor.from(c.expected, c.shape), c.tolerance ?? 0);
    });

    it.each(kernelCases().map((c) => [c.name, c] as const))('matches js: %s', (_, c) => {
      expectClose(c.run(backend), c.run(reference), c.tolerance);
    });

    it.each(ERROR_CASES.map((c) => [c.name, c] as const))('error: %s', (_, c) => {
      expect(() => c.run(backend)).toThrow(expect.objectContaining({ name: c.error, message: expect.stringContaining(c.message) }));
    });
  });
}

describe('WasmBackend specifics', () => {
  it('delegates non-matmul kernels to the fallback backend and disposes it with itself', () => {
    const calls: string[] = [];
    const js = new JsBackend();
    const fallback = new Proxy(js, {
      get(target, key, receiver) {
        const value = Reflect.get(target, key, receiver) as unknown;
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          calls.push(String(key));
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
    const backend = new WasmBackend({ fallback });
    const x = Tensor.from([[1, -2], [3, 4]]);
    expect(backend.matmul(x, x).toArray()).toEqual([[-5, -10], [15, 10]]);
    expect(backend.unary('relu', x).toArray()).toEqual([[1, 0], [3, 4]]);
    expect(backend.reduce('sum', x).item()).toBe(6);
    expect(calls).toEqual(['unary', 'reduce']);
    backend.dispose();
    expect(calls).toEqual(['unary', 'reduce', 'dispose']);
  });

  it('throws after dispose, naming the backend', () => {
    const backend = new WasmBackend({ threads: 2 });
    backend.dispose();
    backend.dispose();
    expect(() => backend.matmul(Tensor.from([[1]]), Tensor.from([[1]]))).toThrow('wasm:threads: the backend was disposed');
    expect(() => backend.unary('relu', Tensor.from([1]))).toThrow('wasm:threads: the backend was disposed');
  });

  it('matches js on RL-sized layers (forward and both gradients of a 4-64-64-2 MLP, batch 64)', () => {
    const wasm = backends[0]![2];
    const cases: ReadonlyArray<readonly [readonly number[], readonly number[], boolean, boolean]> = [
      [[64, 4], [4, 64], false, false],
      [[64, 64], [64, 64], false, false],
      [[64, 64], [64, 2], false, false],
      [[64, 4], [64, 64], true, false], // dW = Xᵀ dY
      [[64, 2], [64, 2], false, true], // dX = dY Wᵀ
      [[1, 4], [4, 64], false, false], // acting on one observation
    ];
    let seed = 1;
    for (const [sa, sb, transposeA, transposeB] of cases) {
      const a = new Tensor(sa, Float32Array.from({ length: sa[0]! * sa[1]! }, () => ((seed = (seed * 69069 + 1) >>> 0) / 2 ** 32) * 2 - 1));
      const b = new Tensor(sb, Float32Array.from({ length: sb[0]! * sb[1]! }, () => ((seed = (seed * 69069 + 1) >>> 0) / 2 ** 32) * 2 - 1));
      const options = { transposeA, transposeB };
      const k = transposeA ? sa[0]! : sa[1]!;
      expectClose(wasm.matmul(a, b, options), reference.matmul(a, b, options), 1e-6 * k);
    }
  });

  it('runs convolutions through its matmul, matching js (forward and both gradients)', () => {
    const wasm = backends[0]![2];
    const configs = [
      { x: [2, 9, 7, 3], f: [3, 3, 3, 5], options: { padding: 'same', strides: 2 } },
      { x: [1, 8, 8, 4], f: [1, 1, 4, 6], options: {} },
      { x: [3, 6, 5, 2], f: [2, 3, 2, 4], options: { padding: 'valid', dilations: [2, 1] } },
    ] as const;
    let seed = 3;
    const fill = (shape: readonly number[]): Tensor =>
      new Tensor(shape, Float32Array.from({ length: shape.reduce((p, d) => p * d, 1) }, () => ((seed = (seed * 69069 + 1) >>> 0) / 2 ** 32) * 2 - 1));
    for (const { x: xs, f: fs, options } of configs) {
      const x = fill(xs);
      const filter = fill(fs);
      const y = reference.conv2d(x, filter, options);
      expectClose(wasm.conv2d(x, filter, options), y, 1e-5);
      const dy = fill(y.shape);
      expectClose(wasm.conv2dBackpropInput(dy, filter, xs, options), reference.conv2dBackpropInput(dy, filter, xs, options), 1e-5);
      expectClose(wasm.conv2dBackpropFilter(x, dy, fs, options), reference.conv2dBackpropFilter(x, dy, fs, options), 1e-5);
    }
  });
});
