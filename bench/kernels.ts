/**
 * Kernel benchmarks: matmul GFLOPS per backend and size, per-call overhead of a tiny op, the
 * auto backend's calibrated thresholds, and TensorFlow.js (cpu, wasm) side by side, plus MLP
 * training steps when bench/mlp.ts provides them. Prints markdown tables.
 *
 * Run: `npm run bench:kernels` (add `-- --quick` for 64/256 only and no calibration).
 */
import { existsSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { AutoBackend } from '../src/kernels/auto/auto-backend.js';
import { createBackend } from '../src/kernels/create-backend.js';
import { GpuBackend } from '../src/kernels/gpu/gpu-backend.js';
import { JsBackend } from '../src/kernels/js/js-backend.js';
import type { KernelBackend } from '../src/kernels/kernel-backend.js';
import { Rng } from '../src/random/rng.js';
import { Tensor } from '../src/tensor/tensor.js';
import { loadTfjs, type TfjsPeer } from './peers/tfjs.js';
import { benchTfjsMlp, type MlpRow } from './peers/tfjs-mlp.js';

const quick = process.argv.includes('--quick');
const SIZES = quick ? [64, 256] : [64, 256, 512, 1024];
/** A single call estimated slower than this is skipped (gpu.js cpu mode at 1024). */
const MAX_CALL_MS = 10_000;
const here = dirname(fileURLToPath(import.meta.url));
const rng = new Rng(1);

/** Median ms of `runs` calls after one warm-up call (which also compiles gpu.js kernels). */
async function medianMs(call: () => unknown, runs: number): Promise<number> {
  await call();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await call();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

function runsFor(n: number): number {
  return n >= 1024 ? 3 : n >= 512 ? 5 : 7;
}

function randomTensor(shape: number[]): Tensor {
  const t = new Tensor(shape);
  rng.fillUniform(t.data, -1, 1);
  return t;
}

const gflops = (n: number, ms: number): number => (2 * n ** 3) / (ms * 1e6);
const fmt = (v: number | undefined, digits = 2): string => (v === undefined || !Number.isFinite(v) ? '—' : v.toFixed(digits));

function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]): string => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

/** A named matmul implementation (one table column). */
interface MatmulColumn {
  readonly name: string;
  readonly run: (a: Tensor, b: Tensor) => unknown;
}

async function main(): Promise<void> {
  const started = performance.now();
  console.log(`# neuroloop kernel benchmarks\n`);
  console.log(`Node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown cpu'}), load average ${loadavg().map((v) => v.toFixed(2)).join(' ')} at start.`);
  console.log('Numbers are medians after warm-up; on a shared machine they are noisy.\n');

  const js = new JsBackend();
  const webasm = new GpuBackend({ mode: 'webasm' });
  const gpuCpu = new GpuBackend({ mode: 'cpu' });
  const auto = createBackend('auto') as AutoBackend;

  if (!quick) {
    const t0 = performance.now();
    const thresholds = AutoBackend.calibrate(auto.backends, { budgetMs: 20_000 });
    auto.setThresholds(thresholds);
    console.log(`## auto: calibrated thresholds (${((performance.now() - t0) / 1000).toFixed(1)} s)\n`);
    console.log('```json\n' + JSON.stringify(thresholds, null, 2) + '\n```\n');
    console.log('Families without an entry stay on js at every measured size.\n');
  } else {
    console.log('## auto: default thresholds (--quick skips calibration)\n');
    console.log('```json\n' + JSON.stringify(auto.thresholds) + '\n```\n');
  }

  const peer = await loadTfjs();
  const tfjsNote = 'error' in peer ? peer.error : `TensorFlow.js ${peer.version} from bench/peers.`;

  const columns: MatmulColumn[] = [
    { name: 'js', run: (a, b) => js.matmul(a, b) },
    { name: 'gpu:webasm', run: (a, b) => webasm.matmul(a, b) },
    { name: 'gpu:webasm threaded', run: (a, b) => webasm.matmulAsync(a, b) },
    { name: 'gpu:cpu', run: (a, b) => gpuCpu.matmul(a, b) },
    { name: 'auto', run: (a, b) => auto.matmul(a, b) },
  ];
  const neuroloopColumns = columns.length;
  if (!('error' in peer)) {
    for (const backend of ['cpu', 'wasm'] as const) {
      columns.push({ name: `tfjs-${backend}`, run: tfjsMatmul(peer) });
    }
  }

  // Column by column so each tfjs backend is switched once; a column skips a size when the
  // previous size predicts a call slower than MAX_CALL_MS (matmul is cubic: x8 per doubling).
  const results = new Map<string, Map<number, number>>();
  for (const column of columns) {
    const byN = new Map<number, number>();
    let lastMs = 0;
    let lastN = 0;
    for (const n of SIZES) {
      if (lastMs > 0 && lastMs * (n / lastN) ** 3 > MAX_CALL_MS) break;
      if (column.name.startsWith('tfjs-')) await ensureTfjsBackend(peer as TfjsPeer, column.name.slice(5) as 'cpu' | 'wasm');
      const a = randomTensor([n, n]);
      const b = randomTensor([n, n]);
      const ms = await medianMs(() => column.run(a, b), runsFor(n));
      byN.set(n, ms);
      lastMs = ms;
      lastN = n;
    }
    results.set(column.name, byN);
  }

  console.log('## matmul [n x n] · [n x n], GFLOPS (higher is better)\n');
  const header = ['n', ...columns.map((c) => c.name), 'best neuroloop / best tfjs'];
  const rows = SIZES.map((n) => {
    const values = columns.map((c) => {
      const ms = results.get(c.name)!.get(n);
      return ms === undefined ? undefined : gflops(n, ms);
    });
    const ours = Math.max(...values.slice(0, neuroloopColumns).map((v) => v ?? 0));
    const theirs = Math.max(...values.slice(neuroloopColumns).map((v) => v ?? 0));
    return [String(n), ...values.map((v) => fmt(v)), theirs > 0 ? `${fmt(ours / theirs)}x` : '—'];
  });
  console.log(table(header, rows));
  console.log(`\n— = skipped (one call estimated > ${MAX_CALL_MS / 1000} s) or unavailable. ${tfjsNote}\n`);

  console.log('## per-call overhead: add of two [4] tensors, µs per call (lower is better)\n');
  const tiny: Array<[string, () => unknown]> = [
    ['js', tinyAdd(js)],
    ['gpu:webasm', tinyAdd(webasm)],
    ['gpu:cpu', tinyAdd(gpuCpu)],
    ['auto', tinyAdd(auto)],
  ];
  const overhead: string[][] = [];
  for (const [name, call] of tiny) overhead.push([name, fmt(await perCallMicros(call))]);
  if (!('error' in peer)) {
    for (const backend of ['cpu', 'wasm'] as const) {
      await peer.useBackend(backend);
      overhead.push([`tfjs-${backend}`, fmt(await perCallMicros(tfjsTinyAdd(peer)))]);
    }
  }
  console.log(table(['backend', 'µs / call'], overhead));
  console.log('');

  await printMlp(peer);

  webasm.dispose();
  gpuCpu.dispose();
  auto.dispose();
  console.log(`\nTotal ${((performance.now() - started) / 1000).toFixed(0)} s. Rerun: \`npm run bench:kernels\` (or \`npx tsx bench/kernels.ts --quick\`).`);
  // gpu.js worker pools and tfjs may keep handles open; the benchmark is done.
  process.exit(0);
}

async function ensureTfjsBackend(peer: TfjsPeer, backend: 'cpu' | 'wasm'): Promise<void> {
  if (peer.tf.getBackend() !== backend) await peer.useBackend(backend);
}

function tfjsMatmul(peer: TfjsPeer): (a: Tensor, b: Tensor) => unknown {
  const { tf } = peer;
  // Same contract as ours: upload both operands, multiply, read the result back.
  return (a, b) => {
    const ta = tf.tensor2d(a.data, [a.shape[0]!, a.shape[1]!]);
    const tb = tf.tensor2d(b.data, [b.shape[0]!, b.shape[1]!]);
    const c = tf.matMul(ta, tb);
    const data = c.dataSync();
    ta.dispose();
    tb.dispose();
    c.dispose();
    return data;
  };
}

function tinyAdd(backend: KernelBackend): () => unknown {
  const a = Tensor.from([1, 2, 3, 4]);
  const b = Tensor.from([5, 6, 7, 8]);
  return () => backend.binary('add', a, b);
}

function tfjsTinyAdd(peer: TfjsPeer): () => unknown {
  const { tf } = peer;
  const values = Float32Array.of(1, 2, 3, 4);
  return () => {
    const a = tf.tensor1d(values);
    const b = tf.tensor1d(values);
    const c = tf.add(a, b);
    const data = c.dataSync();
    a.dispose();
    b.dispose();
    c.dispose();
    return data;
  };
}

/** Median µs per call over 7 chunks of ~20 ms each, after ~50 ms of warm-up calls. */
async function perCallMicros(call: () => unknown): Promise<number> {
  let calls = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < 50) {
    call();
    calls++;
  }
  const chunk = Math.max(1, Math.round(calls / 2.5));
  const ms = await medianMs(() => {
    for (let i = 0; i < chunk; i++) call();
  }, 7);
  return (ms * 1000) / chunk;
}

/** The shape bench/mlp.ts is expected to export (written by the autograd/nn engineer). */
type BenchMlp = (backend: KernelBackend) => Promise<ReadonlyArray<{ spec?: string; name?: string; stepsPerSecond: number }>>;

async function printMlp(peer: TfjsPeer | { readonly error: string }): Promise<void> {
  console.log('## MLP training steps per second (higher is better)\n');
  const rows: string[][] = [];
  const mlpPath = join(here, 'mlp.ts');
  let note = '';
  if (existsSync(mlpPath)) {
    const module = (await import(pathToFileURL(mlpPath).href)) as { benchMlp?: unknown };
    if (typeof module.benchMlp === 'function') {
      for (const name of ['js', 'auto'] as const) {
        const backend = createBackend(name);
        for (const row of await (module.benchMlp as BenchMlp)(backend)) rows.push([row.spec ?? row.name ?? '?', `neuroloop ${name}`, fmt(row.stepsPerSecond, 1)]);
        backend.dispose();
      }
    } else {
      note = 'bench/mlp.ts exists but does not export benchMlp(backend); neuroloop rows omitted.';
    }
  } else {
    note = 'bench/mlp.ts is not there yet: only the tfjs rows are shown.';
  }
  if ('error' in peer) {
    note += ` ${peer.error}`;
  } else {
    const tfRows: MlpRow[] = [];
    for (const backend of ['cpu', 'wasm'] as const) tfRows.push(...(await benchTfjsMlp(peer, backend, { seconds: 2 })));
    for (const row of tfRows) rows.push([row.spec, row.backend, fmt(row.stepsPerSecond, 1)]);
  }
  rows.sort((a, b) => a[0]!.localeCompare(b[0]!));
  console.log(table(['model', 'backend', 'steps / s'], rows));
  if (note) console.log(`\n${note.trim()}`);
}

await main();
