import { describe, expect, it } from 'vitest';
import { WASM_PAGE_BYTES, webAssemblyApi } from '../../../../src/kernels/wasm/wasm-api.js';
import { WasmArena } from '../../../../src/kernels/wasm/wasm-arena.js';
import { WasmModuleBuilder } from '../../../../src/kernels/wasm/wasm-module-builder.js';
import { WasmWorkerPool } from '../../../../src/kernels/wasm/wasm-worker-pool.js';
import { ValType } from '../../../../src/kernels/wasm/wasm-types.js';

const wasm = webAssemblyApi();

/**
 * A module whose runJob(job, work) adds 1 to the i32 at `work` (so each thread's share is
 * visible) and traps when the job offset is odd.
 */
function counterModule(): ReturnType<WasmModuleBuilder['compile']> {
  const builder = new WasmModuleBuilder();
  builder.importMemory({ module: 'env', name: 'memory', initialPages: 1, maximumPages: 4, shared: true });
  const run = builder.addFunction('runJob', [ValType.i32, ValType.i32], [ValType.i32], { exported: true });
  const c = run.code;
  c.get(0).i32Const(1).op('i32.and').if();
  c.op('unreachable');
  c.end();
  c.get(1).get(1).mem('i32.load').i32Const(1).op('i32.add').mem('i32.store');
  c.i32Const(1);
  return builder.compile();
}

async function until(condition: () => boolean): Promise<void> {
  for (let waited = 0; !condition(); waited += 5) {
    if (waited > 20_000) throw new Error('condition not met in 20 s');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('WasmWorkerPool', () => {
  it('posts each job to every ready worker and reports a worker that traps', async () => {
    const memory = new wasm.Memory({ initial: 1, maximum: 4, shared: true });
    const pool = new WasmWorkerPool(counterModule(), memory, [64, 128]);
    const words = new Int32Array(memory.buffer);
    await until(() => pool.readyCount === 2);
    // The calling thread's share sleeps 2 ms, so on a busy machine a worker gets the chance to
    // wake up; a worker either runs a job or has it taken back, never twice.
    const nap = (): void => void Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 2);
    let runs = 0;
    while (runs < 500 && words[64 / 4]! + words[128 / 4]! === 0) {
      pool.run(2 * (runs % 8), nap);
      runs++;
    }
    for (let more = 0; more < 20; more++, runs++) pool.run(2 * (runs % 8), nap);
    expect(words[64 / 4]! + words[128 / 4]!).toBeGreaterThan(0);
    expect(words[64 / 4]!).toBeLessThanOrEqual(runs);
    expect(words[128 / 4]!).toBeLessThanOrEqual(runs);
    // Keep posting a trapping job until a worker has picked one up: run() must then throw.
    let failure: unknown;
    for (let attempt = 0; attempt < 500 && failure === undefined; attempt++) {
      try {
        pool.run(1, nap);
      } catch (error) {
        failure = error;
      }
    }
    expect(String(failure)).toContain('worker thread(s) failed while running a job');
    expect(pool.readyCount).toBeLessThan(2);
    pool.dispose();
    await pool.exited;
    expect(() => pool.run(0, () => undefined)).toThrow('the pool has been disposed');
  });

  it('rethrows an error of the calling thread share after the workers have finished', async () => {
    const memory = new wasm.Memory({ initial: 1, maximum: 4, shared: true });
    const pool = new WasmWorkerPool(counterModule(), memory, [64]);
    await until(() => pool.readyCount === 1);
    expect(() => pool.run(0, () => { throw new Error('main share failed'); })).toThrow('main share failed');
    expect(pool.readyCount).toBe(1);
    pool.dispose();
  });
});

describe('WasmArena', () => {
  it('aligns regions, keeps slack after each and grows the memory (refreshing its views)', () => {
    const memory = new wasm.Memory({ initial: 1, maximum: 64 });
    const arena = new WasmArena(memory, 100, 64 * WASM_PAGE_BYTES);
    const a = arena.alloc(3);
    const b = arena.alloc(10, 0);
    expect(a).toBe(100);
    expect(b).toBe(192); // 100 + 12 + 64 slack, rounded up to 64
    arena.commit();
    expect(memory.buffer.byteLength).toBe(WASM_PAGE_BYTES);
    arena.reset();
    const big = arena.alloc(100_000);
    arena.commit();
    expect(memory.buffer.byteLength).toBeGreaterThanOrEqual(big + 400_000);
    expect(arena.f32.buffer).toBe(memory.buffer);
    expect(arena.i32.length).toBe(memory.buffer.byteLength / 4);
    arena.f32[(big >> 2) + 99_999] = 7;
    expect(new Float32Array(memory.buffer)[(big >> 2) + 99_999]).toBe(7);
  });

  it('refuses to grow past its maximum with a message that says how much was needed', () => {
    const memory = new wasm.Memory({ initial: 1, maximum: 2 });
    const arena = new WasmArena(memory, 0, 2 * WASM_PAGE_BYTES);
    arena.alloc(3 * WASM_PAGE_BYTES / 4);
    expect(() => arena.commit()).toThrow(/needs \d+ bytes but the memory is limited to 131072 bytes/);
  });
});
