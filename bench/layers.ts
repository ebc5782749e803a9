/**
 * Layer benchmarks: training throughput of the MNIST CNN of examples/mnist-cnn.ts (batch 64, Adam)
 * and conv2d forward GFLOPS, on each neuroloop backend and on TensorFlow.js (cpu and wasm) side by
 * side, plus the measurement behind lowering convolutions to im2col + matmul. Prints markdown.
 *
 * Run: `npm run bench:layers` (add `-- --quick` for shorter timings, no auto calibration and no
 * large conv size).
 */
import { cpus, loadavg } from 'node:os';
import { Graph } from '../src/autograd/graph.js';
import { mnist } from '../src/data/mnist.js';
import { AutoBackend } from '../src/kernels/auto/auto-backend.js';
import { BACKEND_NAMES, backendAvailability, createBackend, type BackendName } from '../src/kernels/create-backend.js';
import type { KernelBackend } from '../src/kernels/kernel-backend.js';
import { softmaxCrossEntropy } from '../src/nn/losses.js';
import { Adam } from '../src/optim/adam.js';
import { Rng } from '../src/random/rng.js';
import { Tensor } from '../src/tensor/tensor.js';
import { mnistCnn } from '../examples/mnist-cnn.js';
import { benchTfjsCnn, timeTfjsConv2d, type TfCnnRow } from './peers/tfjs-cnn.js';
import { loadTfjs, type TfjsPeer } from './peers/tfjs.js';

const quick = process.argv.includes('--quick');
const SECONDS = quick ? 1 : 2;
/** A conv call estimated slower than this is skipped. */
const MAX_CALL_MS = 5_000;
const rng = new Rng(1);

/** One conv2d workload: NHWC image, [kh, kw, in, out] filter, stride 1. */
interface ConvSize {
  readonly name: string;
  readonly x: [number, number, number, number];
  readonly filter: [number, number, number, number];
  readonly padding: 'valid' | 'same';
}

const CONV_SIZES: readonly ConvSize[] = [
  { name: 'MNIST conv 1: [64, 28, 28, 1] * 3x3x1x16 valid', x: [64, 28, 28, 1], filter: [3, 3, 1, 16], padding: 'valid' },
  { name: 'MNIST conv 2: [64, 13, 13, 16] * 3x3x16x32 valid', x: [64, 13, 13, 16], filter: [3, 3, 16, 32], padding: 'valid' },
  { name: '[32, 32, 32, 32] * 3x3x32x64 same', x: [32, 32, 32, 32], filter: [3, 3, 32, 64], padding: 'same' },
  ...(quick ? [] : [{ name: '[8, 64, 64, 64] * 3x3x64x64 same', x: [8, 64, 64, 64], filter: [3, 3, 64, 64], padding: 'same' } as ConvSize]),
];

function convFlops(size: ConvSize): number {
  const [n, h, w] = size.x;
  const [kh, kw, c, oc] = size.filter;
  const oh = size.padding === 'same' ? h : h - kh + 1;
  const ow = size.padding === 'same' ? w : w - kw + 1;
  return 2 * n * oh * ow * kh * kw * c * oc;
}

function randomTensor(shape: readonly number[]): Tensor {
  const t = new Tensor(shape);
  rng.fillUniform(t.data, -1, 1);
  return t;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** Median ms of `runs` calls after one warm-up call (which also compiles gpu.js kernels). */
function medianMs(call: () => unknown, runs: number): number {
  call();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    call();
    times.push(performance.now() - t0);
  }
  return median(times);
}

const fmt = (v: number | undefined, digits = 2): string => (v === undefined || !Number.isFinite(v) ? '—' : v.toFixed(digits));

function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]): string => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

/**
 * The reference the lowering was measured against: a direct NHWC loop nest, stride 1, whose
 * innermost loop runs over output channels (contiguous in both the filter and the output).
 */
function directConv2d(x: Tensor, filter: Tensor, padding: 'valid' | 'same'): Tensor {
  const [n, h, w, c] = x.shape as [number, number, number, number];
  const [kh, kw, , oc] = filter.shape as [number, number, number, number];
  const oh = padding === 'same' ? h : h - kh + 1;
  const ow = padding === 'same' ? w : w - kw + 1;
  const padTop = padding === 'same' ? Math.floor((kh - 1) / 2) : 0;
  const padLeft = padding === 'same' ? Math.floor((kw - 1) / 2) : 0;
  const out = new Float32Array(n * oh * ow * oc);
  const xd = x.data;
  const fd = filter.data;
  for (let b = 0; b < n; b++) {
    for (let oy = 0; oy < oh; oy++) {
      for (let ox = 0; ox < ow; ox++) {
        const o = ((b * oh + oy) * ow + ox) * oc;
        for (let ky = 0; ky < kh; ky++) {
          const iy = oy - padTop + ky;
          if (iy < 0 || iy >= h) continue;
          for (let kx = 0; kx < kw; kx++) {
            const ix = ox - padLeft + kx;
            if (ix < 0 || ix >= w) continue;
            const xo = ((b * h + iy) * w + ix) * c;
            const fo = (ky * kw + kx) * c * oc;
            for (let ci = 0; ci < c; ci++) {
              const v = xd[xo + ci]!;
              const fr = fo + ci * oc;
              for (let co = 0; co < oc; co++) out[o + co] = out[o + co]! + v * fd[fr + co]!;
            }
          }
        }
      }
    }
  }
  return new Tensor([n, oh, ow, oc], out);
}

/** The neuroloop backends to compare: js, gpu:webasm, auto, and wasm when create-backend knows it. */
function neuroloopBackends(): Array<{ readonly name: string; readonly backend: KernelBackend }> {
  const names: string[] = ['js', 'gpu:webasm', 'auto', ...((BACKEND_NAMES as readonly string[]).includes('wasm') ? ['wasm'] : [])];
  const out: Array<{ name: string; backend: KernelBackend }> = [];
  for (const name of names) {
    if (!backendAvailability(name as BackendName).available) continue;
    const backend = createBackend(name as BackendName);
    if (name === 'auto' && !quick) {
      const auto = backend as AutoBackend;
      auto.setThresholds(AutoBackend.calibrate(auto.backends, { families: ['matmul', 'window'], budgetMs: 10_000 }));
    }
    out.push({ name, backend });
  }
  return out;
}

/** Training samples per second of the MNIST CNN (batch 64) on a neuroloop backend, or undefined when one step is too slow. */
async function cnnSamplesPerSecond(backend: KernelBackend, images: Tensor, labels: Int32Array): Promise<number | undefined> {
  const graph = new Graph(backend);
  const model = mnistCnn();
  model.build([28, 28, 1], new Rng(0).child('init'));
  const optimizer = new Adam(model.namedParams(), { lr: 1e-3 });
  const step = (): number => optimizer.minimize(graph, () => softmaxCrossEntropy(graph, model.forward(images, { graph, training: true }), labels));
  step();
  const t0 = performance.now();
  step();
  const stepMs = Math.max(performance.now() - t0, 1e-3);
  if (stepMs > MAX_CALL_MS) return undefined;
  const perChunk = Math.max(1, Math.round((SECONDS * 1000) / 5 / stepMs));
  const rates: number[] = [];
  for (let chunk = 0; chunk < 5; chunk++) {
    const start = performance.now();
    for (let i = 0; i < perChunk; i++) step();
    rates.push((perChunk * images.shape[0]! * 1000) / (performance.now() - start));
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return median(rates);
}

async function main(): Promise<void> {
  const started = performance.now();
  console.log('# neuroloop layer benchmarks\n');
  console.log(`Node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown cpu'}), load average ${loadavg().map((v) => v.toFixed(2)).join(' ')} at start.`);
  console.log('Medians after warm-up; on a shared machine they are noisy.\n');

  const backends = neuroloopBackends();
  const peerOrError = await loadTfjs();
  const peer: TfjsPeer | undefined = 'error' in peerOrError ? undefined : peerOrError;
  const tfjsNote = peer === undefined ? (peerOrError as { error: string }).error : `TensorFlow.js ${peer.version} from bench/peers.`;

  // 1. Why convolutions are lowered to im2col + matmul.
  console.log('## conv2d on js: im2col + matmul vs a direct loop, ms (lower is better)\n');
  const js = backends.find((b) => b.name === 'js')!.backend;
  const lowering: string[][] = [];
  for (const size of CONV_SIZES.slice(0, 3)) {
    const x = randomTensor(size.x);
    const filter = randomTensor(size.filter);
    const runs = quick ? 3 : 5;
    const viaMatmul = medianMs(() => js.conv2d(x, filter, { padding: size.padding }), runs);
    const direct = medianMs(() => directConv2d(x, filter, size.padding), runs);
    lowering.push([size.name, fmt(viaMatmul, 1), fmt(direct, 1), `${fmt(direct / viaMatmul)}x`]);
  }
  console.log(table(['workload', 'im2col + matmul', 'direct loop', 'speed-up'], lowering));
  console.log('');

  // 2. conv2d forward GFLOPS.
  console.log('## conv2d forward, GFLOPS (higher is better)\n');
  const columns = [...backends.map((b) => b.name), ...(peer !== undefined ? ['tfjs-cpu', 'tfjs-wasm'] : [])];
  const gflops = new Map<string, Array<number | undefined>>();
  for (const column of columns) {
    const values: Array<number | undefined> = [];
    let lastMsPerFlop = 0;
    for (const size of CONV_SIZES) {
      const flops = convFlops(size);
      if (lastMsPerFlop * flops > MAX_CALL_MS) {
        values.push(undefined);
        continue;
      }
      const x = randomTensor(size.x);
      const filter = randomTensor(size.filter);
      const runs = quick ? 3 : 5;
      let ms: number;
      if (column.startsWith('tfjs-')) {
        ms = await timeTfjsConv2d(peer!, column.slice(5) as 'cpu' | 'wasm', { data: x.data, shape: size.x }, { data: filter.data, shape: size.filter }, size.padding, runs);
      } else {
        const backend = backends.find((b) => b.name === column)!.backend;
        ms = medianMs(() => backend.conv2d(x, filter, { padding: size.padding }), runs);
      }
      lastMsPerFlop = ms / flops;
      values.push(flops / (ms * 1e6));
    }
    gflops.set(column, values);
  }
  const ours = backends.map((b) => b.name);
  console.log(
    table(
      ['workload', ...columns, 'best neuroloop / best tfjs'],
      CONV_SIZES.map((size, i) => {
        const best = (names: string[]): number => Math.max(0, ...names.map((n) => gflops.get(n)![i] ?? 0));
        const theirs = best(columns.filter((c) => c.startsWith('tfjs-')));
        return [size.name, ...columns.map((c) => fmt(gflops.get(c)![i])), theirs > 0 ? `${fmt(best(ours) / theirs)}x` : '—'];
      }),
    ),
  );
  console.log(`\n— = skipped (one call estimated > ${MAX_CALL_MS / 1000} s) or unavailable. Each call uploads/allocates its inputs and reads the output back. ${tfjsNote}\n`);

  // 3. CNN training throughput.
  console.log('## MNIST CNN training, samples / s (batch 64, Adam; higher is better)\n');
  console.log('conv 3x3x16 relu - maxpool 2 - conv 3x3x32 relu - maxpool 2 - flatten - dense 10 (examples/mnist-cnn.ts), on a real MNIST batch.\n');
  const batch = mnist().train.batch(Array.from({ length: 64 }, (_, i) => i));
  const rows: Array<{ name: string; how: string; rate: number | undefined; note?: string }> = [];
  for (const { name, backend } of backends) {
    rows.push({ name, how: 'Sequential + autograd', rate: await cnnSamplesPerSecond(backend, batch.inputs, batch.labels!) });
  }
  if (peer !== undefined) {
    const runs: Array<['cpu' | 'wasm', 'layers' | 'ops']> = [['cpu', 'layers'], ['cpu', 'ops'], ['wasm', 'layers'], ['wasm', 'ops']];
    for (const [backend, style] of runs) {
      const row: TfCnnRow = await benchTfjsCnn(peer, backend, style, { seconds: SECONDS, images: batch.inputs.data, labels: batch.labels! });
      rows.push({
        name: row.backend,
        how: style === 'layers' ? 'idiomatic: tf.layers + minimize' : 'tf ops, hand-written conv gradients',
        rate: row.samplesPerSecond,
        ...(row.error !== undefined ? { note: `fails: ${row.error}` } : {}),
      });
    }
  }
  const jsRate = rows.find((r) => r.name === 'js')?.rate;
  const bestTfjs = Math.max(0, ...rows.filter((r) => r.name.startsWith('tfjs-')).map((r) => r.rate ?? 0));
  console.log(
    table(
      ['backend', 'written as', 'samples / s', 'vs js', 'vs best tfjs'],
      rows.map((r) => [
        r.name,
        r.how,
        r.note ?? fmt(r.rate, 0),
        r.rate !== undefined && jsRate !== undefined ? `${fmt(r.rate / jsRate)}x` : '—',
        r.rate !== undefined && bestTfjs > 0 ? `${fmt(r.rate / bestTfjs)}x` : '—',
      ]),
    ),
  );
  console.log(`\n${tfjsNote}`);

  for (const { backend } of backends) backend.dispose();
  console.log(`\nTotal ${((performance.now() - started) / 1000).toFixed(0)} s. Rerun: \`npm run bench:layers\` (or \`npx tsx bench/layers.ts --quick\`).`);
  // gpu.js worker pools and tfjs may keep handles open; the benchmark is done.
  process.exit(0);
}

await main();
