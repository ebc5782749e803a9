/*
 * The tuned constants of the wasm sgemm, with the measurements behind them.
 */

/**
 * Default tiles, tuned on a Zen 3 core (32 KiB L1d, 512 KiB L2) under V8 11 (Node 20): a 5x8
 * register tile is the largest whose 10 accumulators, 2 B vectors, the broadcast A value and the
 * product temporary fit the 15 allocatable xmm registers (6x8 spills). V8 hoists every load of an
 * unrolled body above its arithmetic and then spills, so the depth loop is not unrolled.
 *
 * @example
 * ```ts
 * new WasmSgemm({ tiles: { ...DEFAULT_SGEMM_TILES, mc: 240 } });
 * ```
 */
export const DEFAULT_SGEMM_TILES = { mr: 5, nr: 8, kc: 256, mc: 120, nc: 192, unroll: 1 } as const;

/**
 * With `f32x4.relaxed_madd` no product temporary is needed, so a 6x8 tile fits.
 *
 * @example
 * ```ts
 * new WasmSgemm({ relaxedSimd: true }).config.mr; // 6
 * ```
 */
export const RELAXED_SGEMM_TILES = { ...DEFAULT_SGEMM_TILES, mr: 6 } as const;

/**
 * Multiply-adds (m*n*k) from which a product is split across threads: 128³, about 150 µs on one
 * thread, where waking a worker (tens of µs) is paid back. A conservative estimate: the 2-core
 * development machine was never idle enough to time the crossover (bench/wasm.ts prints it).
 *
 * @example
 * ```ts
 * new WasmSgemm({ threads: 2, parallelThreshold: DEFAULT_PARALLEL_THRESHOLD / 2 });
 * ```
 */
export const DEFAULT_PARALLEL_THRESHOLD = 128 ** 3;

/**
 * Multiply-adds from which both operands are packed. Below it, op(A) stored [k, m] and op(B)
 * stored [k, n] are read in place (the other layouts are always packed): measured equal or
 * slightly faster up to 128³, while at 256³ the strided reads lose about a quarter.
 *
 * @example
 * ```ts
 * new WasmSgemm({ packThreshold: 0 }); // always pack
 * ```
 */
export const DEFAULT_PACK_THRESHOLD = 160 ** 3;
