import { isAbsolute, join } from 'node:path';
import type { SinkContext, SinkRegistration } from '../../src/di/sink-registry.js';
import { definePlugin, type Plugin } from '../../src/di/plugin.js';
import { ConfigError } from '../../src/errors.js';
import { CsvSink } from './csv-sink.js';
import { CurveSink } from './curve-sink.js';
import { EarlyStoppingSink } from './early-stopping-sink.js';
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

const earlyStopping: SinkRegistration<{ metric: string; mode: string; patience: number | null; minDelta: number; threshold: number | null }> = {
  id: 'early-stopping',
  description: 'Stops the run when an eval metric reaches a threshold or stops improving (patience); reason "stopped".',
  defaults: { metric: 'meanReturn', mode: 'max', patience: null, minDelta: 0, threshold: null },
  create: ({ id, options, stop }) => {
    const { metric, mode, patience, minDelta, threshold } = options;
    if (mode !== 'max' && mode !== 'min') throw new ConfigError(`sink '${id}': option 'mode' must be "max" or "min", got ${JSON.stringify(mode)}`);
    return new EarlyStoppingSink({ metric, mode, minDelta, stop, ...(patience === null ? {} : { patience }), ...(threshold === null ? {} : { threshold }) });
  },
};

/**
 * The sinks as a plugin (`neuroloop/sinks`): `progress`, `curve`, `csv`, `jsonl`,
 * `early-stopping`. Experiments load it by default and attach `progress` and `curve`; ask for
 * the others by id in the config (`"sinks": [{ "id": "early-stopping", "options": { "patience": 5 } }]`)
 * or in code (`Experiment.create(config, { sinks: [{ id: 'csv' }] })`, `neuroloop run --sink csv`).
 * `early-stopping` ends the run through the sink context's `stop`.
 *
 * @example
 * ```ts
 * const container = createContainer({ seed: 0, plugins: [sinksPlugin] });
 * container.get<SinkRegistry>(SinkRegistry).make('csv', { runDir: 'runs/a' });
 * ```
 */
export const sinksPlugin: Plugin = definePlugin({
  name: 'neuroloop/sinks',
  sinks: [progress, curve, csv, jsonl, earlyStopping],
});
