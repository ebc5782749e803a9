/**
 * GAN training throughput: full steps per second (one discriminator update, then one generator
 * update: forwards, losses, backwards, two Adam updates) of the `gan` learner, next to a
 * TensorFlow.js implementation of the same networks (bench/peers/tfjs-gan.ts).
 *
 * - `ring-8`: the networks of examples/gan-ring8.json (MLP G 2-128-128-128-2, D 8-128-128-1 on
 *   PacGAN-4 inputs), batch 256.
 * - `mnist`: a DCGAN (G 64 - 7x7x32 - 14x14x16 - 28x28x1 with batch norm, D 28x28x1 - 14x14x16 -
 *   7x7x32 - 1), batch 64: the networks of examples/gan-mnist.json.
 *
 * Run: `npm run bench:gan` (`-- --seconds 4` for longer timing windows, `-- --only ring-8`).
 */
import { pathToFileURL } from 'node:url';
import { Gan } from '../agents/gan/gan.js';
import type { GanOptions } from '../agents/gan/gan-options.js';
import { mnist } from '../src/data/mnist.js';
import { ring8 } from '../src/data/toy-2d.js';
import { JsBackend } from '../src/kernels/js/js-backend.js';
import type { KernelBackend } from '../src/kernels/kernel-backend.js';
import { WasmBackend } from '../src/kernels/wasm/wasm-backend.js';
import { Rng } from '../src/random/rng.js';
import type { Batch } from '../src/data/data-source.js';
import { loadTfjs } from './peers/tfjs.js';
import { benchTfjsGan, type GanWorkload } from './peers/tfjs-gan.js';

interface Workload {
  readonly name: GanWorkload;
  readonly label: string;
  readonly options: Partial<GanOptions>;
  readonly batch: () => Batch;
}

const WORKLOADS: readonly Workload[] = [
  {
    name: 'ring-8',
    label: 'ring-8 MLP GAN, PacGAN-4, batch 256',
    options: { latentDim: 2, architecture: 'mlp', generatorHidden: [128, 128, 128], discriminatorHidden: [128, 128], generatorBatchNorm: false, pack: 4 },
    batch: () => ring8({ trainSize: 256 }).train.batch(Int32Array.from({ length: 256 }, (_, i) => i)),
  },
  {
    name: 'mnist',
    label: 'MNIST DCGAN 7x7x32, batch 64',
    options: { latentDim: 64, architecture: 'dcgan', dcganChannels: 32 },
    batch: () => mnist({ normalize: '-1,1' }).train.batch(Int32Array.from({ length: 64 }, (_, i) => i)),
  },
];

/** Steps per second of `gan` on `batch`: 3 warm-up steps, then the median of 5 timed chunks. */
async function stepsPerSecond(gan: Gan, batch: Batch, seconds: number): Promise<number> {
  for (let i = 0; i < 3; i++) gan.trainStep(batch);
  const t0 = performance.now();
  gan.trainStep(batch);
  const perChunk = Math.max(1, Math.round((seconds * 1000) / 5 / Math.max(performance.now() - t0, 1e-3)));
  const rates: number[] = [];
  for (let chunk = 0; chunk < 5; chunk++) {
    const start = performance.now();
    for (let i = 0; i < perChunk; i++) gan.trainStep(batch);
    rates.push((perChunk * 1000) / (performance.now() - start));
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  rates.sort((a, b) => a - b);
  return rates[2]!;
}

async function main(): Promise<void> {
  const argValue = (flag: string): string | undefined => {
    const at = process.argv.indexOf(flag);
    return at >= 0 ? process.argv[at + 1] : undefined;
  };
  const seconds = Number(argValue('--seconds') ?? 2);
  const only = argValue('--only');
  const peer = await loadTfjs();
  const rows: string[] = [];
  for (const workload of WORKLOADS.filter((w) => only === undefined || w.name === only)) {
    const batch = workload.batch();
    const backends: [string, () => KernelBackend][] = [
      ['neuroloop js', () => new JsBackend()],
      ['neuroloop wasm', () => new WasmBackend()],
    ];
    for (const [name, make] of backends) {
      const backend = make();
      const rate = await stepsPerSecond(new Gan(batch.inputs.shape.slice(1), new Rng(0), workload.options, backend), batch, seconds);
      rows.push(`| ${workload.label} | ${name} | ${rate.toFixed(1)} |`);
      backend.dispose();
    }
    if ('error' in peer) {
      rows.push(`| ${workload.label} | tfjs | not run: ${peer.error} |`);
      continue;
    }
    for (const backend of ['cpu', 'wasm'] as const) {
      const row = await benchTfjsGan(peer, backend, workload.name, { seconds });
      rows.push(`| ${workload.label} | ${row.backend} ${peer.version} | ${row.stepsPerSecond !== undefined ? row.stepsPerSecond.toFixed(1) : `failed: ${row.error}`} |`);
    }
  }
  console.log('## GAN training steps per second (one D update + one G update; higher is better)\n');
  console.log('| workload | implementation | steps / s |');
  console.log('| --- | --- | --- |');
  for (const row of rows) console.log(row);
  console.log(`\nRerun: npm run bench:gan${seconds !== 2 ? ` -- --seconds ${seconds}` : ''}`);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
