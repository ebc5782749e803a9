import { pickSnapshot } from '../agent/state-snapshot.js';
import { evaluate } from '../agent/evaluate.js';
import { ConfigError } from '../errors.js';
import { Rng } from '../random/rng.js';
import { buildExperiment, type BuildExperimentOptions } from './build-experiment.js';
import { listCheckpoints } from './checkpoint-io.js';
import { RunFolder } from './run-folder.js';
import { readRunCheckpoint } from './run-recorder.js';

/** Options of {@link evaluateRun}. */
export interface EvaluateRunOptions extends BuildExperimentOptions {
  /** Greedy episodes to run (env runs); default the config's `eval.episodes`. */
  readonly episodes?: number;
  /** Seed of the first evaluation reset (default: derived from the run's seed). */
  readonly seed?: number;
  /** Evaluate the checkpoint of this step (default: the latest). */
  readonly step?: number;
}

/** What {@link evaluateRun} measured. */
export interface RunEvaluation {
  readonly dir: string;
  /** The step of the checkpoint evaluated. */
  readonly step: number;
  readonly seed: number;
  /** Env runs: returns of each episode, their mean and (population) std. */
  readonly returns?: readonly number[];
  readonly meanReturn?: number;
  readonly stdReturn?: number;
  /** Data runs: the learner's held-out metrics. */
  readonly metrics?: Readonly<Record<string, number>>;
}

/**
 * Evaluates a run's saved agent (its latest checkpoint, or the one at `step`) afresh: the
 * config's env and agent are rebuilt with the run's plugins, the checkpoint's weights loaded,
 * and `episodes` greedy episodes run (or the learner's `evaluate`). Writes nothing.
 *
 * @example
 * ```ts
 * const { meanReturn, stdReturn } = await evaluateRun('runs/grid/seed-0', { episodes: 100 });
 * ```
 */
export async function evaluateRun(runDir: string, options: EvaluateRunOptions = {}): Promise<RunEvaluation> {
  const folder = RunFolder.open(runDir);
  const checkpoints = listCheckpoints(folder.dir);
  if (checkpoints.length === 0) throw new ConfigError(`${folder.dir} has no checkpoint yet; nothing to evaluate`);
  const chosen = options.step === undefined ? checkpoints.at(-1)! : checkpoints.find((c) => c.step === options.step);
  if (chosen === undefined) throw new ConfigError(`${folder.dir} has no checkpoint at step ${options.step}; it has steps ${checkpoints.map((c) => c.step).join(', ')}`);
  const { task } = await buildExperiment(folder.config, options);
  task.model.setState(pickSnapshot(readRunCheckpoint(folder, chosen.step).state, 'agent'));
  const seed = options.seed ?? new Rng(folder.config.seed).child('cli-eval').int(0x80000000);
  if (task.kind === 'data') return { dir: folder.dir, step: chosen.step, seed, metrics: task.model.evaluate(task.source, new Rng(seed)) };
  const episodes = options.episodes ?? folder.config.eval.episodes;
  if (!Number.isSafeInteger(episodes) || episodes <= 0) throw new ConfigError(`episodes must be a positive integer, got ${episodes}`);
  const result = evaluate(task.model, task.evalEnv, { episodes, seed });
  return { dir: folder.dir, step: chosen.step, seed, returns: result.returns, meanReturn: result.meanReturn, stdReturn: result.stdReturn };
}
