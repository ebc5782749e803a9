/**
 * MLP training throughput: full training steps per second (forward, loss, backward, Adam update,
 * loss read back) through autograd + nn + optim on one kernel backend. The workloads and their
 * names match the tfjs peer rows of bench/kernels.ts (bench/peers/tfjs-mlp.ts), so the tables line up.
 *
 * Run: `npx tsx bench/mlp.ts` (js backend; `-- --seconds 4` for longer timing windows).
 * bench/kernels.ts calls {@link benchMlp} for its own backends.
 */
import { pathToFileURL } from 'node:url';
import { Graph } from '../src/autograd/graph.js';
import { JsBackend } from '../src/kernels/js/js-backend.js';
import type { KernelBackend } from '../src/kernels/kernel-backend.js';
import { Dense } from '../src/nn/dense.js';
import { mseLoss, softmaxCrossEntropy } from '../src/nn/losses.js';
import { Sequential } from '../src/nn/sequential.js';
import { Adam } from '../src/optim/adam.js';
import { Rng } from '../src/random/rng.js';
import { Tensor } from '../src/tensor/tensor.js';

/** One MLP workload. */
interface MlpWorkload {
  readonly name: string;
  /** Layer widths, input first; hidden layers use relu. */
  readonly sizes: readonly number[];
  readonly batch: number;
  readonly loss: 'mse' | 'softmaxCrossEntropy';
}

const WORKLOADS: readonly MlpWorkload[] = [
  { name: 'MLP 4-64-64-2, batch 64, MSE, Adam', sizes: [4, 64, 64, 2], batch: 64, loss: 'mse' },
  { name: 'MLP 784-256-256-10, batch 128, softmax CE, Adam', sizes: [784, 256, 256, 10], batch: 128, loss: 'softmaxCrossEntropy' },
];

/** One benchmark result. `spec` repeats `workload` under the key bench/kernels.ts reads. */
export interface MlpBenchRow {
  readonly workload: string;
  readonly spec: string;
  readonly stepsPerSecond: number;
}

/** Options of {@link benchMlp}. */
export interface BenchMlpOptions {
  /** Timed seconds per workload, split into 5 chunks (default 2). */
  readonly seconds?: number;
}

/**
 * Steps per second of each MLP workload on `backend`: 5 warm-up steps, then 5 timed chunks of
 * about `seconds / 5` each; the median chunk rate is reported.
 *
 * @example
 * ```ts
 * for (const row of await benchMlp(new JsBackend())) console.log(row.workload, row.stepsPerSecond);
 * ```
 */
export async function benchMlp(backend: KernelBackend, options: BenchMlpOptions = {}): Promise<MlpBenchRow[]> {
  const seconds = options.seconds ?? 2;
  const rows: MlpBenchRow[] = [];
  for (const w of WORKLOADS) {
    const step = trainingStep(backend, w);
    for (let i = 0; i < 5; i++) step();
    const t0 = performance.now();
    step();
    const stepMs = Math.max(performance.now() - t0, 1e-3);
    const perChunk = Math.max(1, Math.round((seconds * 1000) / 5 / stepMs));
    const rates: number[] = [];
    for (let chunk = 0; chunk < 5; chunk++) {
      const start = performance.now();
      for (let i = 0; i < perChunk; i++) step();
      rates.push((perChunk * 1000) / (performance.now() - start));
      // Let timers and other async work run between chunks.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    rates.sort((a, b) => a - b);
    rows.push({ workload: w.name, spec: w.name, stepsPerSecond: rates[2]! });
  }
  return rows;
}

/** A closure running one training step of `w` on fixed random data. */
function trainingStep(backend: KernelBackend, w: MlpWorkload): () => number {
  const rng = new Rng(7);
  const g = new Graph(backend);
  const model = new Sequential(
    w.sizes.slice(1).map((units, i) => new Dense(units, i < w.sizes.length - 2 ? { activation: 'relu' } : {})),
  );
  model.build([w.sizes[0]!], rng.child('init'));
  const optimizer = new Adam(model.namedParams(), { lr: 1e-3 });
  const outputs = w.sizes[w.sizes.length - 1]!;
  const x = new Tensor([w.batch, w.sizes[0]!]);
  rng.child('x').fillNormal(x.data);
  const ctx = { graph: g, training: true };
  if (w.loss === 'mse') {
    const y = new Tensor([w.batch, outputs]);
    rng.child('y').fillNormal(y.data);
    return () => optimizer.minimize(g, () => mseLoss(g, model.forward(x, ctx), y));
  }
  const labels = Int32Array.from({ length: w.batch }, (_, i) => (i * 7) % outputs);
  return () => optimizer.minimize(g, () => softmaxCrossEntropy(g, model.forward(x, ctx), labels));
}

async function main(): Promise<void> {
  const at = process.argv.indexOf('--seconds');
  const seconds = at >= 0 ? Number(process.argv[at + 1]) : 2;
  const backend = new JsBackend();
  const rows = await benchMlp(backend, { seconds });
  console.log('## MLP training steps per second, js backend (higher is better)\n');
  console.log('| workload | backend | steps / s |');
  console.log('| --- | --- | --- |');
  for (const row of rows) console.log(`| ${row.workload} | ${backend.name} | ${row.stepsPerSecond.toFixed(1)} |`);
  console.log(`\nRerun: npx tsx bench/mlp.ts${at >= 0 ? ` --seconds ${seconds}` : ''}`);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
