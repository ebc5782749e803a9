import { ConfigError } from '../../errors.js';
import { Rng } from '../../random/rng.js';
import { Tensor } from '../../tensor/tensor.js';
import type { KernelBackend } from '../kernel-backend.js';
import { KERNEL_FAMILIES, type AutoThresholds, type Crossover, type KernelFamily } from './auto-thresholds.js';

/** One timing of {@link calibrate}: median milliseconds per call of a family at a size. */
export interface CalibrationMeasurement {
  readonly family: KernelFamily;
  readonly size: number;
  readonly backend: string;
  readonly medianMs: number;
}

/** Options of {@link calibrate}. */
export interface CalibrateOptions {
  /** Milliseconds clock; default `performance.now`. */
  readonly clock?: () => number;
  /** Stop measuring (keeping what was found) after this many ms; default 25 000. */
  readonly budgetMs?: number;
  /** Timed samples per point, after a warm-up that also compiles gpu kernels; default 5. */
  readonly runs?: number;
  /** Families to measure; default all. */
  readonly families?: readonly KernelFamily[];
  /** The backend that keeps a size unless another is faster by `margin`; default `js` or the first. */
  readonly defaultBackend?: string;
  /** Relative speed-up another backend needs over the default to win a size; default 0.1. */
  readonly margin?: number;
  /** Seed of the input values; default 0. */
  readonly seed?: number;
  /** Called with every measurement (benchmarks print them). */
  readonly onMeasurement?: (m: CalibrationMeasurement) => void;
}

/** A timed case: its size in the family's unit and the call to time on one backend. */
interface SweepPoint {
  readonly size: number;
  readonly run: (backend: KernelBackend) => void;
}

/**
 * Measures, per kernel family, which candidate backend is fastest at a few sizes on this machine
 * (median of `runs` timed samples after a warm-up) and turns the winners into crossovers. Sizes
 * grow geometrically and stop early when the time budget is spent, so it finishes in well under
 * 30 s. Against timing noise, a backend must beat the default by `margin` to win a size, and must
 * win two consecutive sizes to take over (so the largest size alone never moves a crossover).
 *
 * @example
 * ```ts
 * const thresholds = calibrate({ js: new JsBackend(), gpu: new GpuBackend() }, { budgetMs: 20_000 });
 * // { matmul: [{ from: 2097152, backend: 'gpu' }], ... }
 * ```
 */
export function calibrate(backends: Readonly<Record<string, KernelBackend>>, options: CalibrateOptions = {}): AutoThresholds {
  const names = Object.keys(backends);
  if (names.length === 0) throw new ConfigError('calibrate: backends must hold at least one backend');
  const clock = options.clock ?? (() => performance.now());
  const budgetMs = options.budgetMs ?? 25_000;
  const runs = options.runs ?? 5;
  const margin = options.margin ?? 0.1;
  const defaultName = options.defaultBackend ?? (names.includes('js') ? 'js' : names[0]!);
  if (!names.includes(defaultName)) throw new ConfigError(`calibrate: defaultBackend '${defaultName}' is not among ${names.join(', ')}`);
  if (!Number.isInteger(runs) || runs < 1) throw new ConfigError(`calibrate: runs must be a positive integer, got ${runs}`);
  const rng = new Rng(options.seed ?? 0);
  const start = clock();
  const thresholds: Partial<Record<KernelFamily, Crossover[]>> = {};

  for (const family of options.families ?? KERNEL_FAMILIES) {
    const winners: Array<{ readonly size: number; readonly backend: string }> = [];
    for (const point of sweep(family, rng)) {
      if (clock() - start > budgetMs) break;
      const times = new Map<string, number>();
      for (const name of names) {
        const medianMs = timeMedian(() => point.run(backends[name]!), runs, clock);
        times.set(name, medianMs);
        options.onMeasurement?.({ family, size: point.size, backend: name, medianMs });
      }
      let best = defaultName;
      for (const [name, ms] of times) if (ms < times.get(best)! && ms < times.get(defaultName)! * (1 - margin)) best = name;
      winners.push({ size: point.size, backend: best });
    }
    const crossovers = crossoversOf(winners, defaultName);
    if (crossovers.length > 0) thresholds[family] = crossovers;
  }
  return thresholds;
}

/**
 * Median ms per call. Warm-up runs until at least 3 calls and 10 ms (JIT tiers, gpu.js
 * compilation); each of the `runs` samples then batches enough calls to last about 2 ms, so
 * microsecond-scale calls are not lost in timer resolution.
 */
/**
 * Turns per-size winners into crossovers. A backend takes over only where it also wins the next
 * measured size: a single-size win is more likely timing noise on a busy machine than a real
 * crossover, and a route that flips back and forth costs more than it saves.
 */
function crossoversOf(winners: ReadonlyArray<{ readonly size: number; readonly backend: string }>, defaultName: string): Crossover[] {
  const crossovers: Crossover[] = [];
  let current = defaultName;
  for (let i = 0; i + 1 < winners.length; i++) {
    const { size, backend } = winners[i]!;
    if (backend !== current && winners[i + 1]!.backend === backend) {
      crossovers.push({ from: size, backend });
      current = backend;
    }
  }
  return crossovers;
}

function timeMedian(call: () => void, runs: number, clock: () => number): number {
  const warmStart = clock();
  let warmCalls = 0;
  while (warmCalls < 3 || (clock() - warmStart < 10 && warmCalls < 1000)) {
    call();
    warmCalls++;
  }
  const perCall = Math.max((clock() - warmStart) / warmCalls, 1e-6);
  const batch = Math.max(1, Math.min(1000, Math.round(2 / perCall)));
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = clock();
    for (let j = 0; j < batch; j++) call();
    samples.push((clock() - t0) / batch);
  }
  samples.sort((x, y) => x - y);
  return samples[Math.floor(samples.length / 2)]!;
}

function randomTensor(shape: readonly number[], rng: Rng): Tensor {
  const t = new Tensor(shape);
  rng.fillUniform(t.data, -1, 1);
  return t;
}

/** The sweep of one family, smallest first; sizes are in the family's routing unit. */
function sweep(family: KernelFamily, rng: Rng): SweepPoint[] {
  const rowsOf64 = [4, 64, 1024, 8192];
  switch (family) {
    case 'matmul':
      return [8, 32, 64, 128, 256].map((n) => {
        const a = randomTensor([n, n], rng);
        const b = randomTensor([n, n], rng);
        return { size: n * n * n, run: (backend) => void backend.matmul(a, b) };
      });
    case 'elementwise':
      return rowsOf64.map((rows) => {
        const a = randomTensor([rows, 64], rng);
        const b = randomTensor([rows, 64], rng);
        return { size: rows * 64, run: (backend) => void backend.binary('add', a, b) };
      });
    case 'reduce':
      return rowsOf64.map((rows) => {
        const x = randomTensor([rows, 64], rng);
        return { size: rows * 64, run: (backend) => void backend.reduce('sum', x, -1) };
      });
    case 'softmax':
      return rowsOf64.map((rows) => {
        const x = randomTensor([rows, 64], rng);
        return { size: rows * 64, run: (backend) => void backend.softmax(x) };
      });
    case 'transpose':
      return [16, 128, 512, 1024].map((n) => {
        const x = randomTensor([n, n], rng);
        return { size: n * n, run: (backend) => void backend.transpose(x) };
      });
    case 'window':
      // im2col of a 3x3 'same' convolution over [batch, 16, 16, 8] images.
      return [1, 4, 16, 64].map((batch) => {
        const x = randomTensor([batch, 16, 16, 8], rng);
        return { size: batch * 16 * 16 * 72, run: (backend) => void backend.im2col(x, { kernelSize: 3, padding: 'same' }) };
      });
    case 'gather':
      return rowsOf64.map((rows) => {
        const x = randomTensor([rows, 64], rng);
        const indices = Int32Array.from({ length: rows }, (_, i) => (i * 7) % rows);
        return { size: rows * 64, run: (backend) => void backend.gather(x, indices, 0) };
      });
  }
}
