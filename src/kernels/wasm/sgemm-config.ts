/**
 * Tile and block sizes of the generated sgemm, plus the instruction-set choices.
 *
 * @example
 * ```ts
 * const config: SgemmConfig = { mr: 5, nr: 8, kc: 256, mc: 120, nc: 192, unroll: 1, relaxedSimd: false, sharedMemory: false };
 * ```
 */
export interface SgemmConfig {
  /** Rows of the register tile (accumulators are mr x nr/4 v128 values). */
  readonly mr: number;
  /** Columns of the register tile, a multiple of 4. */
  readonly nr: number;
  /** Depth of one packed block: part of every result's summation order, so fixed per backend. */
  readonly kc: number;
  /** Rows of A packed at a time (the A block stays in L2). */
  readonly mc: number;
  /** Columns of the B block swept per A micro-panel (kc x nc floats stay in L2); a multiple of nr. */
  readonly nc: number;
  /** Depth steps per iteration of the micro-kernel's loop. */
  readonly unroll: number;
  /** Use `f32x4.relaxed_madd` (may fuse) instead of `f32x4.mul` + `f32x4.add`. */
  readonly relaxedSimd: boolean;
  /** Import a shared memory, so worker threads can run the same kernels on it. */
  readonly sharedMemory: boolean;
}

/**
 * Largest memory the generated modules accept: 2 GiB keeps every byte address a positive i32.
 *
 * @example
 * ```ts
 * new WebAssembly.Memory({ initial: 1, maximum: SGEMM_MAX_PAGES, shared: true });
 * ```
 */
export const SGEMM_MAX_PAGES = 32768;

/**
 * Bytes of per-thread scratch `gemm` needs at `work`: a packed A block and one edge tile.
 *
 * @example
 * ```ts
 * const workerScratch = WORK_OFFSET + worker * sgemmWorkBytes(config);
 * ```
 */
export function sgemmWorkBytes(config: SgemmConfig): number {
  return (config.mc * config.kc + config.mr * config.nr) * 4;
}

/**
 * Word offsets of the job descriptor `runJob(job, work)` reads from wasm memory. The main thread
 * writes it; every participating thread claims chunks from `next` with an atomic add, so the
 * split adapts to whichever threads are free while each chunk's arithmetic stays the same.
 *
 * @example
 * ```ts
 * words[(jobOffset >> 2) + SgemmJob.chunkCount] = 8;
 * ```
 */
export const SgemmJob = {
  /** Atomic chunk counter, starts at 0. */
  next: 0,
  chunkCount: 1,
  /** {@link SgemmJobKind}. */
  kind: 2,
  /** Gemm chunks are rowStep x colStep rectangles of C, row-chunk index varying fastest. */
  rowStep: 3,
  colStep: 4,
  rowChunks: 5,
  m: 6,
  n: 7,
  k: 8,
  a: 9,
  rsA: 10,
  csA: 11,
  packA: 12,
  /** Raw op(B) for a packB job; packed or raw op(B) for a gemm job. */
  b: 13,
  rsB: 14,
  csB: 15,
  packedB: 16,
  c: 17,
  ldc: 18,
  accumulate: 19,
  /** Destination of a packB job. */
  packDst: 20,
  /** Number of words. */
  size: 21,
} as const;

/**
 * What a job's chunks do: compute rectangles of C, or pack column ranges of B.
 *
 * @example
 * ```ts
 * words[job + SgemmJob.kind] = SgemmJobKind.packB;
 * ```
 */
export const SgemmJobKind = { gemm: 0, packB: 1 } as const;

/**
 * Splits C into about `target` rectangles for the threads to claim. Rows come first, in blocks of
 * about mc (a chunk then reuses each B panel for mc rows, as the single-threaded loop does); only
 * when m has fewer such blocks than `target` are columns split too, which costs each extra column
 * chunk one more packing of its A rows.
 *
 * @example
 * ```ts
 * sgemmChunkGrid(1024, 1024, 8, 5, 8, 120); // { rowStep: 130, rowChunks: 8, colStep: 1024, chunkCount: 8 }
 * ```
 */
export function sgemmChunkGrid(m: number, n: number, target: number, mr: number, nr: number, mc: number): { rowStep: number; rowChunks: number; colStep: number; chunkCount: number } {
  const wantedRows = Math.min(Math.max(1, Math.ceil(m / mc)), target);
  const rowStep = Math.ceil(m / wantedRows / mr) * mr;
  const rowChunks = Math.ceil(m / rowStep);
  const colStep = Math.ceil(n / Math.ceil(target / rowChunks) / nr) * nr;
  return { rowStep, rowChunks, colStep, chunkCount: rowChunks * Math.ceil(n / colStep) };
}
