import { isAbsolute, join } from 'node:path';
import type { SinkContext, SinkRegistration } from '../../src/di/sink-registry.js';
import { definePlugin, type Plugin } from '../../src/di/plugin.js';
import { ConfigError } from '../../src/errors.js';
import { CsvSink } from './csv-sink.js';
import { CurveSink } from './curve-sink.js';
import { JsonlSink } from './jsonl-sink.js';
import { ProgressSink } from './progress-sink.js';

/** A file path option resolved against the run folder; throws when there is no run folder. */
function inRunDir(context: SinkContext, file: string): string {
  if (isAbsolute(file)) return file;
  if (context.runDir === null) throw new ConfigError(`sink '${context.id}' writes ${file} and needs a run folder (runDir), or an absolute path`);
  return join(context.runDir, file);
}

const progress: SinkRegistration<{ total: number; unit: string; enabled: boolean | null; startStep: number }> = {
  id: 'progress',
  description: 'One-line console progress (return, loss, speed, ETA) on a TTY; silent in CI or when piped.',
  defaults: { total: 0, unit: 'steps', enabled: null, startStep: 0 },
  create: ({ options }) =>
    new ProgressSink({ total: options.total, unit: options.unit, startStep: options.startStep, ...(options.enabled === null ? {} : { enabled: options.enabled }) }),
};

const curve: SinkRegistration<{ file: string; title: string; xLabel: string; targetReturn: number | null }> = {
  id: 'curve',
  description: 'SVG learning curve of eval return (or learner metrics) against steps (curve.svg).',
  defaults: { file: 'curve.svg', title: 'learning curve', xLabel: 'env steps', targetReturn: null },
  create: (context) => {
    const { file, title, xLabel, targetReturn } = context.options;
    return new CurveSink(inRunDir(context, file), { title, xLabel, ...(targetReturn === null ? {} : { targetReturn }) });
  },
};

const csv: SinkRegistration<{ dir: string }> = {
  id: 'csv',
  description: 'episodes.csv, updates.csv and evals.csv (one row per event).',
  defaults: { dir: '.' },
  create: (context) => new CsvSink(inRunDir(context, context.options.dir)),
};

const jsonl: SinkRegistration<{ file: string }> = {
  id: 'jsonl',
  description: 'Every event as a JSON line (the format of events.jsonl) to another file.',
  defaults: { file: 'events-copy.jsonl' },
  create: (context) => new JsonlSink(inRunDir(context, context.options.file)),
};

/**
 * The sinks as a plugin (`neuroloop/sinks`): `progress`, `curve`, `csv`, `jsonl`. Experiments
 * load it by default and attach `progress` and `curve`; ask for the others by id
 * (`Experiment.create(config, { sinks: [{ id: 'csv' }] })`, `neuroloop run --sink csv`).
 *
 * Early stopping needs a handle on the run, so it is not a registry entry: attach an
 * `EarlyStoppingSink` with `stop: () => experiment.stop()`.
 *
 * @example
 * ```ts
 * const container = createContainer({ seed: 0, plugins: [sinksPlugin] });
 * container.get<SinkRegistry>(SinkRegistry).make('csv', { runDir: 'runs/a' });
 * ```
 */
export const sinksPlugin: Plugin = definePlugin({
  name: 'neuroloop/sinks',
  sinks: [progress, curve, csv, jsonl],
});
