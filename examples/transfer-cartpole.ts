/**
 * Transfer learning in RL, measured: a DQN trained on CartPole-v1 gives its hidden layers (the
 * trunk) to a DQN learning CartPole with a longer pole (`CartPole-v1` with `{ length: 0.75 }`),
 * against the same DQN from scratch. For each seed:
 *
 * 1. pretrain: DQN on CartPole-v1 (a run folder with checkpoints);
 * 2. transfer: DQN on the long-pole CartPole whose `hidden_*` layers are loaded from (1)'s last
 *    checkpoint by a `TransferHook` plugin (`applyPretrained`, then the target network is synced);
 *    the new output layer starts random and nothing is frozen (the dynamics changed);
 * 3. scratch: the same DQN and hyperparameters without the hook.
 *
 * Measure: env steps until a greedy evaluation (every `evalEvery` steps, 10 episodes) reaches a
 * mean return of 475 (`summary.solvedAtStep`); runs that never get there count as their budget.
 *
 * ```sh
 * npx tsx examples/transfer-cartpole.ts                      # 5 seeds -> runs/transfer-cartpole/
 * npx tsx examples/transfer-cartpole.ts --seeds 0-1 --steps 30000
 * ```
 *
 * DQN has no `pretrained` option of its own yet; this hook is how any agent's networks get
 * pretrained weights without touching its code (see `pretrainedHook` for agents that expose
 * `networks()`).
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DqnAgent } from '../agents/dqn/dqn.js';
import type { TransferHook } from '../src/di/contributions.js';
import { definePlugin } from '../src/di/plugin.js';
import type { ExperimentConfigInput } from '../src/experiment/config.js';
import { Experiment } from '../src/experiment/experiment.js';
import { applyPretrained } from '../src/transfer/apply-pretrained.js';
import { transferWeights } from '../src/transfer/transfer-weights.js';
import { formatRows, meanStd, parseSeeds } from './transfer-table.js';

/** DQN hyperparameters (rl-baselines3-zoo's CartPole-v1 ones with a 64x64 network). */
export const DQN_OPTIONS = {
  learningRate: 2.3e-3,
  batchSize: 64,
  bufferSize: 100_000,
  learningStarts: 1000,
  gamma: 0.99,
  targetUpdateInterval: 10,
  trainFreq: 256,
  gradientSteps: 128,
  explorationFraction: 0.16,
  explorationFinalEps: 0.04,
  netArch: [64, 64],
};

/** Options of {@link transferCartPole}. */
export interface TransferCartPoleOptions {
  readonly seeds: readonly number[];
  readonly out: string;
  /** Env-step budget of every run. */
  readonly steps: number;
  /** Env steps between greedy evaluations. */
  readonly evalEvery: number;
  /** Half pole length of the target task (CartPole-v1's is 0.5). */
  readonly length: number;
}

/** One seed's result: env steps to a mean greedy return of 475 (null: not within the budget). */
export interface TransferCartPoleRow {
  readonly seed: number;
  readonly pretrainSolvedAt: number | null;
  readonly transfer: number | null;
  readonly scratch: number | null;
}

/**
 * A TransferHook that loads the `hidden_*` layers of a DQN run's Q-network into every DQN the
 * experiment builds, then copies the online network into the target network.
 *
 * @example
 * ```ts
 * await Experiment.create(config, { plugins: [definePlugin({ name: 'trunk', transferHooks: [dqnTrunkHook('runs/pre/seed-0')] })] });
 * ```
 */
export function dqnTrunkHook(from: string): TransferHook {
  return {
    name: `dqn-trunk:${from}`,
    apply: ({ model }) => {
      if (!(model instanceof DqnAgent)) return;
      applyPretrained(model.qNetwork, { from, network: 'qNetwork', layers: ['hidden_*'] });
      transferWeights(model.qNetwork, model.targetNetwork);
    },
  };
}

async function solvedAt(config: ExperimentConfigInput, hook?: TransferHook): Promise<number | null> {
  const plugins = hook === undefined ? [] : [definePlugin({ name: 'examples/dqn-trunk', transferHooks: [hook] })];
  const experiment = await Experiment.create(config, { quiet: true, force: true, plugins });
  const summary = await experiment.run();
  return summary.solvedAtStep;
}

/**
 * Runs the three experiments per seed (see the file's docs).
 *
 * @example
 * ```ts
 * const rows = await transferCartPole({ seeds: [0], out: '/tmp/tc', steps: 50_000, evalEvery: 2000, length: 0.75 });
 * ```
 */
export async function transferCartPole(options: TransferCartPoleOptions, log: (line: string) => void = () => {}): Promise<TransferCartPoleRow[]> {
  const rows: TransferCartPoleRow[] = [];
  for (const seed of options.seeds) {
    const config = (name: string, kwargs: Record<string, number>): ExperimentConfigInput => ({
      name,
      seed,
      env: { id: 'CartPole-v1', kwargs },
      agent: { id: 'dqn', options: { ...DQN_OPTIONS, totalTimesteps: options.steps } },
      train: { steps: options.steps },
      eval: { every: options.evalEvery, episodes: 10 },
      stop: { meanReturn: 475 },
      out: join(options.out, name, `seed-${seed}`),
    });
    const pretrain = config('pretrain', {});
    const pretrainSolvedAt = await solvedAt(pretrain);
    const transfer = await solvedAt(config('transfer-long-pole', { length: options.length }), dqnTrunkHook(pretrain.out!));
    const scratch = await solvedAt(config('scratch-long-pole', { length: options.length }));
    rows.push({ seed, pretrainSolvedAt, transfer, scratch });
    log(`seed ${seed}: pretrain solved at ${pretrainSolvedAt ?? '-'}, transfer ${transfer ?? '-'}, scratch ${scratch ?? '-'}`);
  }
  return rows;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const args = process.argv.slice(2);
  const arg = (name: string, fallback: string): string => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 && args[i + 1] !== undefined ? args[i + 1]! : fallback;
  };
  const options: TransferCartPoleOptions = {
    seeds: parseSeeds(arg('seeds', '0-4')),
    out: arg('out', 'runs/transfer-cartpole'),
    steps: Number(arg('steps', '50000')),
    evalEvery: Number(arg('eval-every', '2000')),
    length: Number(arg('length', '0.75')),
  };
  const rows = await transferCartPole(options, (line) => console.log(line));
  const steps = (v: number | null): number => v ?? options.steps;
  const transfer = rows.map((r) => steps(r.transfer));
  const scratch = rows.map((r) => steps(r.scratch));
  const ratio = meanStd(scratch).mean / meanStd(transfer).mean;
  console.log(
    `\nCartPole-v1 with length ${options.length}: env steps until a greedy mean return of 475 (unsolved runs count as ${options.steps})\n${formatRows(
      [
        ['pretrain on CartPole-v1 (length 0.5)', rows.map((r) => steps(r.pretrainSolvedAt))],
        ['transfer: DQN trunk from CartPole-v1', transfer],
        ['scratch: same DQN', scratch],
        ['ratio scratch / transfer (per seed)', rows.map((r) => steps(r.scratch) / steps(r.transfer))],
      ],
      (v) => (v >= 100 ? v.toFixed(0) : v.toFixed(2)),
    )}\nratio of mean steps, scratch / transfer: ${ratio.toFixed(2)}  (solved within budget: transfer ${rows.filter((r) => r.transfer !== null).length}/${rows.length}, scratch ${rows.filter((r) => r.scratch !== null).length}/${rows.length})`,
  );
}
