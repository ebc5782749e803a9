import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { ConfigError, NeuroloopError } from '../errors.js';
import { writeFileAtomic } from './atomic-write.js';
import { parseConfig, type ExperimentConfig } from './config.js';
import { Experiment, type ExperimentOptions } from './experiment.js';
import type { RunSummary } from './run-summary.js';
import { expandSweep, setPath, type SweepSetting, type SweepSpec } from './sweep-spec.js';
import { aggregateSweep, sweepMarkdown, type SweepRun, type SweepSummary } from './sweep-report.js';

/** Options of {@link runSweep}. */
export interface SweepOptions {
  /** One run per seed and setting. */
  readonly seeds: readonly number[];
  /** A grid or random search over config paths (see `parseSweepSpec`); none: the config as is. */
  readonly spec?: SweepSpec;
  /** Runs at a time, each on its own worker thread; 1 (default) runs them one after another in this thread. */
  readonly workers?: number;
  /** The sweep folder; default `runs/<name>-sweep`, resolved against `cwd`. */
  readonly out?: string;
  readonly cwd?: string;
  /** Replace different runs in the run folders. */
  readonly force?: boolean;
  /** Options of each in-thread experiment (`workers` 1): extra plugins, sinks... */
  readonly experimentOptions?: ExperimentOptions;
  /** Called as each run finishes (for progress output). */
  readonly onRun?: (run: SweepRun, done: number, total: number) => void;
}

/** One planned run: its setting, seed and resolved config. */
interface PlannedRun {
  readonly setting: SweepSetting;
  readonly seed: number;
  readonly config: ExperimentConfig;
}

/**
 * Runs one config over several seeds and, optionally, a grid or seeded random sample of
 * hyperparameters. Each run gets its own folder `<out>/<setting>/seed-<s>/` (a normal run
 * folder); at the end the final evaluations are aggregated per setting (mean and std over seeds)
 * into `<out>/sweep-summary.json` and a markdown table `<out>/sweep-summary.md`. Every setting's
 * config is validated before the first run starts. The results depend only on the configs and
 * seeds, not on `workers`.
 *
 * @example
 * ```ts
 * const summary = await runSweep(config, { seeds: [1, 2, 3], spec: parseSweepSpec({ 'agent.options.learningRate': [0.1, 0.5] }), workers: 2 });
 * summary.settings.map((s) => [s.name, s.finalReturn?.mean]);
 * ```
 */
export async function runSweep(config: ExperimentConfig, options: SweepOptions): Promise<SweepSummary> {
  const { seeds } = options;
  if (seeds.length === 0) throw new ConfigError('sweep: give at least one seed');
  for (const seed of seeds) if (!Number.isSafeInteger(seed) || seed < 0) throw new ConfigError(`sweep: seeds must be non-negative integers, got ${seed}`);
  if (new Set(seeds).size !== seeds.length) throw new ConfigError(`sweep: seeds must be distinct, got ${seeds.join(', ')}`);
  const workers = options.workers ?? 1;
  if (!Number.isSafeInteger(workers) || workers < 1) throw new ConfigError(`sweep: workers must be a positive integer, got ${workers}`);
  const cwd = options.cwd ?? process.cwd();
  const out = resolve(cwd, options.out ?? `runs/${config.name}-sweep`);
  const plan = planRuns(config, expandSweep(options.spec), seeds, out);
  mkdirSync(out, { recursive: true });
  writeFileAtomic(join(out, 'sweep.json'), `${JSON.stringify({ config, seeds, spec: options.spec ?? null }, null, 2)}\n`);

  const runs: SweepRun[] = new Array(plan.length);
  let done = 0;
  const finish = (i: number, summary: RunSummary, dir: string): void => {
    const p = plan[i]!;
    runs[i] = { setting: p.setting.name, params: p.setting.params, seed: p.seed, dir, summary };
    done++;
    options.onRun?.(runs[i]!, done, plan.length);
  };
  if (workers === 1) {
    for (const [i, p] of plan.entries()) {
      const experiment = await Experiment.create(p.config, { quiet: true, ...options.experimentOptions, cwd, force: options.force ?? false });
      finish(i, await experiment.run(), experiment.folder.dir);
    }
  } else {
    let next = 0;
    const lane = async (): Promise<void> => {
      while (next < plan.length) {
        const i = next++;
        const result = await runInWorker(plan[i]!.config, { force: options.force ?? false, cwd });
        finish(i, result.summary, result.dir);
      }
    };
    await Promise.all(Array.from({ length: Math.min(workers, plan.length) }, lane));
  }

  const summary = aggregateSweep(config.name, seeds, runs);
  writeFileAtomic(join(out, 'sweep-summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
  writeFileAtomic(join(out, 'sweep-summary.md'), sweepMarkdown(summary));
  return summary;
}

/** Every (setting, seed) config, validated up front; errors name the setting. */
function planRuns(config: ExperimentConfig, settings: readonly SweepSetting[], seeds: readonly number[], out: string): PlannedRun[] {
  const plan: PlannedRun[] = [];
  for (const setting of settings) {
    let raw: Record<string, unknown> = { ...config };
    delete raw['neuroloopVersion'];
    for (const [path, value] of Object.entries(setting.params)) raw = setPath(raw, path, value);
    for (const seed of seeds) {
      const source = `for sweep setting ${setting.name}`;
      const resolved = parseConfig({ ...raw, seed, out: join(out, setting.name, `seed-${seed}`) }, { source, baseDir: out });
      plan.push({ setting, seed, config: resolved });
    }
  }
  return plan;
}

/**
 * The worker for one run. Built (`dist/`), it is `sweep-worker.js` next to this file. From the
 * TypeScript sources (tsx, vitest) it is `sweep-worker.ts`, which a worker can only load with
 * tsx's hooks registered in that thread: workers inherit neither `module.register` hooks nor
 * (in Node 20) a usable `--import` flag, so a two-line bootstrap registers tsx through its API
 * and then imports the entry.
 */
function createRunWorker(workerData: unknown): Worker {
  const js = new URL('./sweep-worker.js', import.meta.url);
  if (existsSync(fileURLToPath(js))) return new Worker(js, { workerData });
  const entry = new URL('./sweep-worker.ts', import.meta.url).href;
  const tsxApi = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
  const bootstrap = `import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(bootstrap, { eval: true, workerData });
}

function runInWorker(config: ExperimentConfig, data: { force: boolean; cwd: string }): Promise<{ summary: RunSummary; dir: string }> {
  return new Promise((resolvePromise, reject) => {
    const worker = createRunWorker({ config, ...data });
    let settled = false;
    worker.once('message', (message: { summary?: RunSummary; dir?: string; error?: { name: string; message: string } }) => {
      settled = true;
      if (message.error !== undefined) {
        const error = message.error.name === 'ConfigError' ? new ConfigError(message.error.message) : new NeuroloopError(message.error.message);
        reject(error);
      } else resolvePromise({ summary: message.summary!, dir: message.dir! });
    });
    worker.once('error', (error) => {
      settled = true;
      reject(error);
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new NeuroloopError(`sweep worker for ${config.out} exited with code ${code} before reporting a result`));
    });
  });
}
