/**
 * WebAssembly SIMD128 kernels: sgemm GFLOPS per size, transpose variant and thread count (with
 * TensorFlow.js wasm alongside when bench/peers is installed), the per-call cost of RL-sized
 * products, the crossover where worker threads start to pay, and the elementwise kernels against
 * js. Medians after warm-up, with the best run in parentheses (the closest to an unloaded
 * machine); prints markdown tables and the load average, since other processes may share the cores.
 *
 * Run: `npx tsx bench/wasm.ts` (add `--quick` for 64/256 only).
 */
import { cpus, loadavg } from 'node:os';
import { JsBackend } from '../src/kernels/js/js-backend.js';
import type { KernelBackend, MatmulOptions } from '../src/kernels/kernel-backend.js';
import { WasmBackend } from '../src/kernels/wasm/wasm-backend.js';
import { Rng } from '../src/random/rng.js';
import { Tensor } from '../src/tensor/tensor.js';
import { loadTfjs, type TfjsPeer } from './peers/tfjs.js';

const quick = process.argv.includes('--quick');
const SIZES = quick ? [64, 256] : [64, 256, 512, 1024];
const VARIANTS: ReadonlyArray<readonly [string, MatmulOptions]> = [
  ['NN', {}],
  ['NT', { transposeB: true }],
  ['TN', { transposeA: true }],
  ['TT', { transposeA: true, transposeB: true }],
];
const rng = new Rng(1);

function randomTensor(shape: readonly number[]): Tensor {
  const t = new Tensor(shape);
  rng.fillUniform(t.data, -1, 1);
  return t;
}

/** ms per call, median and best of `runs` timed batches of `inner` calls, after `warmup` calls (wasm tiers up to optimized code). */
interface Timing {
  readonly median: number;
  readonly best: number;
}

function timeMs(call: () => unknown, runs: number, inner = 1, warmup = 3): Timing {
  for (let i = 0; i < warmup; i++) call();
  const times: number[] = [];
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    for (let i = 0; i < inner; i++) call();
    times.push((performance.now() - t0) / inner);
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)]!, best: times[0]! };
}

const runsFor = (n: number): number => (n >= 1024 ? 5 : n >= 512 ? 7 : 11);
const innerFor = (n: number): number => (n <= 64 ? 200 : n <= 256 ? 4 : 1);
/** "median (best)": on a shared machine the best run is the closest to the unloaded speed. */
const gflops = (flops: number, t: Timing): string => `${(flops / (t.median * 1e6)).toFixed(1)} (${(flops / (t.best * 1e6)).toFixed(1)})`;
const micros = (t: Timing): string => `${(t.median * 1000).toFixed(1)} (${(t.best * 1000).toFixed(1)})`;

function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]): string => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

async function readyThreads(backend: WasmBackend, threads: number): Promise<void> {
  while (backend.sgemm.readyWorkers < threads - 1) await new Promise((resolve) => setTimeout(resolve, 10));
}

function tfjsMs(peer: TfjsPeer, a: Tensor, b: Tensor, options: MatmulOptions, runs: number, inner: number): Timing {
  const tf = peer.tf;
  const ta = tf.tensor2d(a.data, a.shape as [number, number]);
  const tb = tf.tensor2d(b.data, b.shape as [number, number]);
  // dataSync includes the copy out, as the neuroloop backends' results do.
  const ms = timeMs(() => tf.tidy(() => tf.matMul(ta, tb, options.transposeA, options.transposeB)).dataSync(), runs, inner);
  ta.dispose();
  tb.dispose();
  return ms;
}

async function main(): Promise<void> {
  const loadBefore = loadavg().map((l) => l.toFixed(2)).join(' ');
  const single = new WasmBackend();
  const threaded = new WasmBackend({ threads: 2 });
  await readyThreads(threaded, 2);
  const js = new JsBackend();
  const tfjs = await loadTfjs();
  const peer = 'error' in tfjs ? undefined : tfjs;
  if (peer !== undefined) await peer.useBackend('wasm');

  console.log(`# wasm sgemm — node ${process.version}, ${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, relaxed SIMD: ${single.sgemm.relaxedSimd}`);
  console.log(`command: npx tsx bench/wasm.ts${quick ? ' --quick' : ''}; tiles ${JSON.stringify(single.sgemm.config)}`);
  if (peer === undefined && 'error' in tfjs) console.log(tfjs.error);

  const header = ['size', 'variant', 'wasm 1 thread', 'wasm 2 threads', ...(peer ? [`tfjs-wasm ${peer.version}`] : []), 'js'];
  const rows: string[][] = [];
  for (const n of SIZES) {
    for (const [variant, options] of VARIANTS) {
      const a = randomTensor([n, n]);
      const b = randomTensor([n, n]);
      const flops = 2 * n ** 3;
      const cells = [String(n), variant];
      for (const backend of [single, threaded]) cells.push(gflops(flops, timeMs(() => backend.matmul(a, b, options), runsFor(n), innerFor(n))));
      if (peer) cells.push(gflops(flops, tfjsMs(peer, a, b, options, runsFor(n), innerFor(n))));
      cells.push(n <= 256 ? gflops(flops, timeMs(() => js.matmul(a, b, options), 5, n <= 64 ? 20 : 1, 1)) : '—');
      rows.push(cells);
    }
  }
  console.log('\n## sgemm GFLOPS, median (best) of the runs; 2·n³ flops per call, copies in and out included\n');
  console.log(table(header, rows));

  // RL-sized products: the 8 matmuls of one train step of a 4-64-64-2 MLP, batch 64, and acting on one observation.
  const rl: ReadonlyArray<readonly [string, readonly number[], readonly number[], MatmulOptions]> = [
    ['X·W1 [64x4]·[4x64]', [64, 4], [4, 64], {}],
    ['H1·W2 [64x64]·[64x64]', [64, 64], [64, 64], {}],
    ['H2·W3 [64x64]·[64x2]', [64, 64], [64, 2], {}],
    ['dW3 = H2ᵀ·dY [64x64]ᵀ·[64x2]', [64, 64], [64, 2], { transposeA: true }],
    ['dH2 = dY·W3ᵀ [64x2]·[64x2]ᵀ', [64, 2], [64, 2], { transposeB: true }],
    ['dW2 = H1ᵀ·dH2 [64x64]ᵀ·[64x64]', [64, 64], [64, 64], { transposeA: true }],
    ['dH1 = dH2·W2ᵀ [64x64]·[64x64]ᵀ', [64, 64], [64, 64], { transposeB: true }],
    ['dW1 = Xᵀ·dH1 [64x4]ᵀ·[64x64]', [64, 4], [64, 64], { transposeA: true }],
    ['act [1x4]·[4x64]', [1, 4], [4, 64], {}],
  ];
  const rlRows = rl.map(([name, sa, sb, options]) => {
    const a = randomTensor(sa);
    const b = randomTensor(sb);
    const cells = [name];
    for (const backend of [single, js] as KernelBackend[]) cells.push(micros(timeMs(() => backend.matmul(a, b, options), 9, 1000, 500)));
    if (peer) cells.push(micros(tfjsMs(peer, a, b, options, 9, 200)));
    return cells;
  });
  console.log('\n## RL-sized matmul, µs per call, median (best)\n');
  console.log(table(['product', 'wasm', 'js', ...(peer ? ['tfjs-wasm'] : [])], rlRows));

  // Where do two threads start to pay?
  const crossRows: string[][] = [];
  for (const n of [48, 64, 80, 96, 128, 160, 192, 256]) {
    const a = randomTensor([n, n]);
    const b = randomTensor([n, n]);
    const forced = new WasmBackend({ threads: 2, parallelThreshold: 1 });
    await readyThreads(forced, 2);
    const inner = n <= 96 ? 50 : 10;
    const t1 = timeMs(() => single.matmul(a, b), 9, inner);
    const t2 = timeMs(() => forced.matmul(a, b), 9, inner);
    crossRows.push([String(n), micros(t1), micros(t2), `${(t1.median / t2.median).toFixed(2)} (${(t1.best / t2.best).toFixed(2)})`]);
    forced.dispose();
  }
  console.log('\n## Thread crossover: square matmul, µs per call, median (best), 1 thread vs 2 threads forced parallel\n');
  console.log(table(['n', '1 thread', '2 threads', 'speed-up'], crossRows));

  // Elementwise and reductions: wasm (with its copies in and out) against the js reference.
  const ewRows: string[][] = [];
  for (const size of [1024, 4096, 65536, 1 << 20]) {
    const cols = 64;
    const x = randomTensor([size / cols, cols]);
    const y = randomTensor([size / cols, cols]);
    const bias = randomTensor([cols]);
    const ops: ReadonlyArray<readonly [string, (backend: KernelBackend) => unknown]> = [
      ['relu', (k) => k.unary('relu', x)],
      ['add', (k) => k.binary('add', x, y)],
      ['add row (bias)', (k) => k.binary('add', x, bias)],
      ['mulScalar', (k) => k.unary('mulScalar', x, 0.3)],
      ['sum axis 0', (k) => k.reduce('sum', x, 0)],
    ];
    const inner = Math.max(1, Math.round(200_000 / size));
    for (const [name, run] of ops) {
      const tw = timeMs(() => run(single), 9, inner);
      const tj = timeMs(() => run(js), 9, inner);
      ewRows.push([String(size), name, micros(tw), micros(tj), `${(tj.median / tw.median).toFixed(1)} (${(tj.best / tw.best).toFixed(1)})`]);
    }
  }
  console.log('\n## Elementwise and reductions, µs per call, median (best), [size/64, 64] float32\n');
  console.log(table(['size', 'op', 'wasm', 'js', 'js / wasm'], ewRows));

  single.dispose();
  threaded.dispose();
  console.log(`\nload average (1, 5, 15 min): before ${loadBefore}, after ${loadavg().map((l) => l.toFixed(2)).join(' ')} on ${cpus().length} cores`);
}

void main();
