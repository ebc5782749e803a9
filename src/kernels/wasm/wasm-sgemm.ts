import { availableParallelism } from 'node:os';
import { ConfigError, NeuroloopError, ShapeError } from '../../errors.js';
import { webAssemblyApi, WASM_PAGE_BYTES, type WasmMemory } from './wasm-api.js';
import { WasmArena } from './wasm-arena.js';
import { buildSgemmModule } from './sgemm-codegen.js';
import { SGEMM_MAX_PAGES, sgemmChunkGrid, SgemmJob, SgemmJobKind, sgemmWorkBytes, type SgemmConfig } from './sgemm-config.js';
import { DEFAULT_PACK_THRESHOLD, DEFAULT_PARALLEL_THRESHOLD, DEFAULT_SGEMM_TILES, RELAXED_SGEMM_TILES } from './sgemm-defaults.js';
import { WasmFeatures } from './wasm-features.js';
import { WasmWorkerPool } from './wasm-worker-pool.js';

/**
 * Options of {@link WasmSgemm}.
 *
 * @example
 * ```ts
 * new WasmSgemm({ threads: 2, parallelThreshold: 128 ** 3 });
 * ```
 */
export interface WasmSgemmOptions {
  /**
   * Threads including the calling one; 1 (the default) starts no workers; `'auto'` takes
   * `os.availableParallelism()` (at most 8).
   */
  readonly threads?: number | 'auto';
  /**
   * `f32x4.relaxed_madd` (which may fuse the multiply-add): `'auto'` (default) uses it when the
   * engine validates it, `true` requires it, `false` never uses it. Results differ in the last
   * bits between the two, but each is deterministic on a given machine and engine.
   */
  readonly relaxedSimd?: boolean | 'auto';
  /** Products with fewer multiply-adds (m*n*k) than this run on the calling thread only (default {@link DEFAULT_PARALLEL_THRESHOLD}). */
  readonly parallelThreshold?: number;
  /** Products with at least this many multiply-adds pack both operands (default {@link DEFAULT_PACK_THRESHOLD}). */
  readonly packThreshold?: number;
  /** Tile and block sizes (see {@link DEFAULT_SGEMM_TILES}); part of the summation order, via kc. */
  readonly tiles?: Partial<Pick<SgemmConfig, 'mr' | 'nr' | 'kc' | 'mc' | 'nc' | 'unroll'>>;
}

/**
 * Options of one {@link WasmSgemm.gemm} call.
 *
 * @example
 * ```ts
 * sgemm.gemm(x, dy, m, n, k, { transposeA: true, accumulate: grad }); // grad + xᵀ·dy
 * ```
 */
export interface GemmOptions {
  /** `a` is stored [k, m]. */
  readonly transposeA?: boolean;
  /** `b` is stored [n, k]. */
  readonly transposeB?: boolean;
  /** C values (m*n) the product is added to; the result is a new array, this one is not modified. */
  readonly accumulate?: Float32Array;
}

const JOB_OFFSET = 64;
const WORK_OFFSET = 256;

/**
 * Single-precision matrix product C = op(A) op(B) (+ C) on generated WebAssembly SIMD128 code:
 * packed panels, a register-blocked micro-kernel, cache blocking and, for large products, worker
 * threads sharing one wasm memory. Inputs are copied into the wasm memory and the result copied
 * out into a fresh Float32Array.
 *
 * Deterministic: every output element is summed in a fixed order that depends only on k (never on
 * the thread count, the split, the packing choice or the element's position), so threaded and
 * single-threaded results are bit-identical.
 *
 * @example
 * ```ts
 * const sgemm = new WasmSgemm({ threads: 2 });
 * const c = sgemm.gemm(a, b, m, n, k, { transposeB: true }); // a [m, k], b [n, k] -> c [m, n]
 * sgemm.dispose();
 * ```
 */
export class WasmSgemm {
  /** Threads a large product may use, including the calling one. */
  readonly threads: number;
  /** Whether the micro-kernel uses `f32x4.relaxed_madd`. */
  readonly relaxedSimd: boolean;
  readonly config: SgemmConfig;
  private readonly parallelThreshold: number;
  private readonly packThreshold: number;
  private readonly arena: WasmArena;
  private readonly exports: SgemmExports;
  private readonly pool: WasmWorkerPool | undefined;
  private readonly mainWork: number;
  private disposed = false;
  private readonly counters = { parallelJobs: 0, chunks: 0, workerChunks: 0 };

  constructor(options: WasmSgemmOptions = {}) {
    const threads = options.threads === 'auto' ? Math.min(availableParallelism(), 8) : (options.threads ?? 1);
    if (!Number.isInteger(threads) || threads < 1 || threads > 64) {
      throw new ConfigError(`WasmSgemm: threads must be an integer in [1, 64], got ${threads}`);
    }
    if (threads > 1 && !WasmFeatures.threads()) {
      throw new ConfigError(`WasmSgemm: threads ${threads} needs shared WebAssembly memory, which this engine does not provide`);
    }
    const relaxed = options.relaxedSimd ?? 'auto';
    const relaxedSupported = WasmFeatures.relaxedSimd();
    if (relaxed === true && !relaxedSupported) {
      throw new ConfigError('WasmSgemm: relaxedSimd true, but this engine does not validate f32x4.relaxed_madd (Node 20 needs --experimental-wasm-relaxed-simd)');
    }
    this.threads = threads;
    this.relaxedSimd = relaxed === 'auto' ? relaxedSupported : relaxed;
    const tiles = this.relaxedSimd ? RELAXED_SGEMM_TILES : DEFAULT_SGEMM_TILES;
    this.config = checkTiles({ ...tiles, ...options.tiles, relaxedSimd: this.relaxedSimd, sharedMemory: threads > 1 });
    this.parallelThreshold = options.parallelThreshold ?? DEFAULT_PARALLEL_THRESHOLD;
    this.packThreshold = options.packThreshold ?? DEFAULT_PACK_THRESHOLD;
    const wasm = webAssemblyApi();
    const module = buildSgemmModule(this.config);
    const workBytes = Math.ceil(sgemmWorkBytes(this.config) / 64) * 64;
    const arenaBase = WORK_OFFSET + threads * workBytes;
    const memory: WasmMemory = new wasm.Memory({
      initial: Math.ceil((arenaBase + (1 << 20)) / WASM_PAGE_BYTES),
      maximum: SGEMM_MAX_PAGES,
      shared: threads > 1,
    });
    this.arena = new WasmArena(memory, arenaBase, SGEMM_MAX_PAGES * WASM_PAGE_BYTES);
    this.exports = new wasm.Instance(module, { env: { memory } }).exports as unknown as SgemmExports;
    this.mainWork = WORK_OFFSET;
    const workerWork = Array.from({ length: threads - 1 }, (_, w) => WORK_OFFSET + (w + 1) * workBytes);
    this.pool = threads > 1 ? new WasmWorkerPool(module, memory, workerWork) : undefined;
  }

  /**
   * Counts of parallel jobs (packing and product phases), their chunks, and how many of those the
   * worker threads ran (the rest ran on the calling thread). For tests and benchmarks.
   */
  get stats(): { readonly parallelJobs: number; readonly chunks: number; readonly workerChunks: number } {
    return { ...this.counters };
  }

  /** Resolves once every worker thread has exited after {@link dispose} (at once without workers). */
  workersExited(): Promise<void> {
    return this.pool?.exited ?? Promise.resolve();
  }

  /** Worker threads that have booted (they start in the background after construction). */
  get readyWorkers(): number {
    return this.pool?.readyCount ?? 0;
  }

  /**
   * C = op(A) op(B) (+ accumulate): op(A) is [m, k] (`a` stored [m, k], or [k, m] with
   * transposeA), op(B) is [k, n] (`b` stored [k, n], or [n, k] with transposeB).
   */
  gemm(a: Float32Array, b: Float32Array, m: number, n: number, k: number, options: GemmOptions = {}): Float32Array {
    if (this.disposed) throw new NeuroloopError('WasmSgemm.gemm: the instance has been disposed');
    const tA = options.transposeA === true;
    const tB = options.transposeB === true;
    const acc = options.accumulate;
    checkSizes(a, b, acc, m, n, k);
    if (m === 0 || n === 0 || k === 0) return acc !== undefined ? acc.slice() : new Float32Array(m * n);
    const { mr, nr, mc } = this.config;
    const large = m * n * k >= this.packThreshold;
    // Direct reads need op(A) column-contiguous (a stored [k, m]) and op(B) row-contiguous.
    const packA = !tA || large;
    const packB = tB || large;
    const arena = this.arena;
    arena.reset();
    const aOff = arena.alloc(m * k);
    const bOff = arena.alloc(k * n);
    const cOff = arena.alloc(m * n);
    const nPad = Math.ceil(n / nr) * nr;
    const pOff = packB ? arena.alloc(k * nPad) : 0;
    arena.commit();
    const f32 = arena.f32;
    f32.set(a, aOff >> 2);
    f32.set(b, bOff >> 2);
    if (acc !== undefined) f32.set(acc, cOff >> 2);
    const rsA = tA ? 1 : k;
    const csA = tA ? m : 1;
    const rsB = tB ? 1 : n;
    const csB = tB ? k : 1;
    const parallel = this.pool !== undefined && m * n * k >= this.parallelThreshold && this.pool.readyCount > 0;
    const ex = this.exports;
    if (packB) {
      // Packing is a fraction of the product; a separate parallel phase pays only for big operands.
      if (parallel && k * n >= 1 << 18) {
        const colStep = Math.max(nr, Math.ceil(n / (2 * this.threads) / nr) * nr);
        this.runJob(SgemmJobKind.packB, { chunkCount: Math.ceil(n / colStep), colStep, rowStep: 0, rowChunks: 1, m, n, k, b: bOff, rsB, csB, packDst: pOff });
      } else {
        ex.packB(bOff, rsB, csB, k, n, 0, n, pOff);
      }
    }
    const bPtr = packB ? pOff : bOff;
    if (parallel) {
      const grid = sgemmChunkGrid(m, n, 4 * this.threads, mr, nr, mc);
      this.runJob(SgemmJobKind.gemm, {
        ...grid, m, n, k, a: aOff, rsA, csA, packA: packA ? 1 : 0, b: bPtr, rsB, packedB: packB ? 1 : 0, c: cOff, ldc: n, accumulate: acc !== undefined ? 1 : 0,
      });
    } else {
      ex.gemm(n, k, aOff, rsA, csA, packA ? 1 : 0, bPtr, rsB, packB ? 1 : 0, cOff, n, 0, m, 0, n, acc !== undefined ? 1 : 0, this.mainWork);
    }
    return arena.f32.slice(cOff >> 2, (cOff >> 2) + m * n);
  }

  /** Terminates the worker threads. The instance must not be used afterwards. Idempotent. */
  dispose(): void {
    this.disposed = true;
    this.pool?.dispose();
  }

  private runJob(kind: number, fields: Partial<Record<keyof typeof SgemmJob, number>>): void {
    const words = this.arena.i32;
    const base = JOB_OFFSET >> 2;
    words.fill(0, base, base + SgemmJob.size);
    for (const [name, value] of Object.entries(fields)) words[base + SgemmJob[name as keyof typeof SgemmJob]] = value;
    words[base + SgemmJob.kind] = kind;
    Atomics.store(words, base + SgemmJob.next, 0);
    let mainChunks = 0;
    this.pool!.run(JOB_OFFSET, () => {
      mainChunks = this.exports.runJob(JOB_OFFSET, this.mainWork);
    });
    const chunks = words[base + SgemmJob.chunkCount]!;
    this.counters.parallelJobs++;
    this.counters.chunks += chunks;
    this.counters.workerChunks += chunks - mainChunks;
  }
}

interface SgemmExports {
  gemm(...args: number[]): void;
  packB(b: number, rsB: number, csB: number, k: number, n: number, j0: number, j1: number, dst: number): void;
  /** Returns the number of chunks this thread ran. */
  runJob(job: number, work: number): number;
}

function checkTiles(config: SgemmConfig): SgemmConfig {
  const { mr, nr, kc, mc, nc, unroll } = config;
  const ok = [mr, nr, kc, mc, nc, unroll].every((v) => Number.isInteger(v) && v > 0) && nr % 4 === 0 && mc % mr === 0 && nc % nr === 0 && mr * (nr / 4) <= 16;
  if (!ok) {
    throw new ConfigError(
      `WasmSgemm tiles: need positive integers with nr % 4 == 0, mc % mr == 0, nc % nr == 0 and mr * nr / 4 <= 16, got ${JSON.stringify({ mr, nr, kc, mc, nc, unroll })}`,
    );
  }
  return config;
}

function isCount(v: number): boolean {
  return Number.isInteger(v) && v >= 0;
}

function checkSizes(a: Float32Array, b: Float32Array, acc: Float32Array | undefined, m: number, n: number, k: number): void {
  if (!(isCount(m) && isCount(n) && isCount(k))) {
    throw new ConfigError(`WasmSgemm.gemm: m, n and k must be non-negative integers, got m=${m} n=${n} k=${k}`);
  }
  if (a.length !== m * k || b.length !== k * n || (acc !== undefined && acc.length !== m * n)) {
    throw new ShapeError(
      `WasmSgemm.gemm: sizes do not match m=${m} n=${n} k=${k}: a has ${a.length} values (need ${m * k}), b ${b.length} (need ${k * n})` +
        (acc !== undefined ? `, accumulate ${acc.length} (need ${m * n})` : ''),
    );
  }
}
