import { availableParallelism } from 'node:os';
import { afterAll, describe, expect, it } from 'vitest';
import { WasmSgemm } from '../../../../src/kernels/wasm/wasm-sgemm.js';
import { bitIdentical, expectGemmClose, operands, TRANSPOSES, type GemmCase } from './gemm-oracle.js';

/*
 * Worker threads: a product split across threads must equal the single-threaded one bit for bit,
 * whatever share each thread ends up with; workers must not outlive dispose().
 */

const single = new WasmSgemm();
afterAll(() => single.dispose());

async function readySgemm(threads: number): Promise<WasmSgemm> {
  // A threshold of 1 sends every product through the pool, so small shapes test the split too.
  const sgemm = new WasmSgemm({ threads, parallelThreshold: 1 });
  for (let waited = 0; sgemm.readyWorkers < threads - 1; waited += 10) {
    if (waited > 20_000) throw new Error(`workers not ready after ${waited} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return sgemm;
}

describe('WasmSgemm with worker threads', () => {
  it('is bit-identical to the single-threaded product for every transpose and ragged shapes', async () => {
    const threaded = await readySgemm(3);
    // The last shape has k * n >= 2^18, so B is packed by a parallel phase of its own.
    const shapes: ReadonlyArray<readonly [number, number, number]> = [[1, 1, 1], [13, 17, 5], [64, 64, 64], [257, 131, 300], [40, 600, 70], [33, 520, 510]];
    for (const [m, n, k] of shapes) {
      for (const [transposeA, transposeB] of TRANSPOSES) {
        const c: GemmCase = { m, n, k, transposeA, transposeB };
        const { a, b } = operands(c, m + n + k);
        const accumulate = operands({ ...c, m: 1, k: 1, n: m * n }, 3).b;
        const expected = single.gemm(a, b, m, n, k, c);
        expect(bitIdentical(threaded.gemm(a, b, m, n, k, c), expected), `${m}x${n}x${k} tA=${transposeA} tB=${transposeB}`).toBe(true);
        expect(bitIdentical(threaded.gemm(a, b, m, n, k, { ...c, accumulate }), single.gemm(a, b, m, n, k, { ...c, accumulate }))).toBe(true);
      }
    }
    const stats = threaded.stats;
    expect(stats.parallelJobs).toBeGreaterThan(0);
    threaded.dispose();
  });

  it('really shares the work: workers run chunks of large products', async () => {
    const threaded = await readySgemm(2);
    const c: GemmCase = { m: 360, n: 360, k: 300, transposeA: false, transposeB: false };
    const { a, b } = operands(c, 9);
    const expected = single.gemm(a, b, c.m, c.n, c.k);
    // The main thread may finish a job before a worker wakes up; over a few products one does not.
    for (let attempt = 0; attempt < 200 && threaded.stats.workerChunks === 0; attempt++) {
      expect(bitIdentical(threaded.gemm(a, b, c.m, c.n, c.k), expected)).toBe(true);
    }
    expect(threaded.stats.workerChunks).toBeGreaterThan(0);
    expect(threaded.stats.workerChunks).toBeLessThanOrEqual(threaded.stats.chunks);
    expectGemmClose(threaded.gemm(a, b, c.m, c.n, c.k), a, b, c);
    threaded.dispose();
  });

  it("takes the machine's parallelism for threads: 'auto'", () => {
    const auto = new WasmSgemm({ threads: 'auto' });
    expect(auto.threads).toBe(Math.min(availableParallelism(), 8));
    auto.dispose();
  });

  it('runs single-threaded below the parallel threshold and before workers are ready', () => {
    const threaded = new WasmSgemm({ threads: 2, parallelThreshold: 1e12 });
    const c: GemmCase = { m: 50, n: 40, k: 30, transposeA: true, transposeB: false };
    const { a, b } = operands(c, 4);
    expect(bitIdentical(threaded.gemm(a, b, 50, 40, 30, c), single.gemm(a, b, 50, 40, 30, c))).toBe(true);
    expect(threaded.stats.parallelJobs).toBe(0);
    threaded.dispose();
  });

  it('terminates its workers on dispose and refuses work afterwards', async () => {
    const threaded = await readySgemm(3);
    threaded.dispose();
    threaded.dispose();
    await expect(Promise.race([threaded.workersExited().then(() => 'exited'), new Promise((r) => setTimeout(() => r('timeout'), 10_000))])).resolves.toBe('exited');
    expect(() => threaded.gemm(new Float32Array(1), new Float32Array(1), 1, 1, 1)).toThrow('has been disposed');
  });
});
