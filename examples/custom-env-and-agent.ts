/**
 * A custom environment and a custom agent, packaged as a plugin and run as a reproducible
 * experiment from code. Run it with:
 *
 *   npx tsx examples/custom-env-and-agent.ts [out-folder]
 *
 * The env is a k-armed bandit (Sutton & Barto, "Reinforcement Learning: An Introduction",
 * 2nd ed., ch. 2): one-step episodes, arm i pays a normal reward around `means[i]`. The agent
 * is their epsilon-greedy sample-average learner. In a project of your own, import from
 * 'neuroloop' instead of '../src/...'.
 */
import { pathToFileURL } from 'node:url';
import { requireEnv, type AgentRegistration } from '../src/agent/agent-registry.js';
import type { Agent, Metrics, Transition } from '../src/agent/agent.js';
import { rngStateFromJson, rngStateToJson, snapshotTensor, type StateSnapshot } from '../src/agent/state-snapshot.js';
import { definePlugin } from '../src/di/plugin.js';
import { Env, type ResetOptions, type ResetResult, type StepResult } from '../src/env/env.js';
import type { EnvRegistration } from '../src/env/registry.js';
import { ConfigError } from '../src/errors.js';
import { Experiment } from '../src/experiment/experiment.js';
import type { RunSummary } from '../src/experiment/run-summary.js';
import type { Rng } from '../src/random/rng.js';
import { Discrete } from '../src/spaces/discrete.js';
import { Tensor } from '../src/tensor/tensor.js';

/** The bandit's constructor kwargs (also its registered defaults). */
export type BanditKwargs = {
  /** Mean reward of each arm. */
  readonly means: number[];
  /** Standard deviation of every reward. */
  readonly noise: number;
};

/**
 * A k-armed bandit. Observation: always 0 (there is one state). Actions: `Discrete(k)`.
 * Reward: `means[action] + noise * N(0, 1)`, drawn from the env's own Rng. Every episode is
 * one step long (terminated).
 */
export class BanditEnv extends Env<number, number> {
  readonly observationSpace = new Discrete(1);
  readonly actionSpace: Discrete;

  constructor(private readonly kwargs: BanditKwargs) {
    super();
    if (kwargs.means.length < 2 || !kwargs.means.every(Number.isFinite)) throw new ConfigError(`BanditEnv: means must hold at least 2 finite numbers, got ${JSON.stringify(kwargs.means)}`);
    if (!(kwargs.noise >= 0)) throw new ConfigError(`BanditEnv: noise must be >= 0, got ${kwargs.noise}`);
    this.actionSpace = new Discrete(kwargs.means.length);
  }

  reset({ seed }: ResetOptions = {}): ResetResult<number> {
    this.seedRng(seed);
    return { observation: 0, info: {} };
  }

  step(action: number): StepResult<number> {
    const reward = this.kwargs.means[action]! + this.kwargs.noise * this.rng.normal();
    return { observation: 0, reward, terminated: true, truncated: false, info: {} };
  }
}

/** Options of {@link EpsilonGreedyAgent}. */
export interface EpsilonGreedyOptions {
  /** Probability of a random arm while training. */
  readonly epsilon: number;
}

/**
 * Sample-average action values with epsilon-greedy exploration (Sutton & Barto, sec. 2.4):
 * `Q[a] += (r - Q[a]) / N[a]`. Its state (Q, N and its Rng) goes into checkpoints.
 */
export class EpsilonGreedyAgent implements Agent<number, number> {
  private readonly values: Float32Array;
  private readonly counts: Float32Array;

  constructor(
    private readonly arms: number,
    private readonly rng: Rng,
    private readonly options: EpsilonGreedyOptions,
  ) {
    this.values = new Float32Array(arms);
    this.counts = new Float32Array(arms);
  }

  act(observations: readonly number[]): number[] {
    return observations.map(() => (this.rng.bernoulli(this.options.epsilon) ? this.rng.int(this.arms) : this.greedy()));
  }

  predict(): number {
    return this.greedy();
  }

  observe(transition: Transition<number, number>): Metrics {
    const action = transition.actions[0]!;
    this.counts[action]!++;
    this.values[action]! += (transition.rewards[0]! - this.values[action]!) / this.counts[action]!;
    return { bestValue: this.values[this.greedy()]! };
  }

  getState(): StateSnapshot {
    return {
      json: { rng: rngStateToJson(this.rng) },
      tensors: { values: new Tensor([this.arms], this.values.slice()), counts: new Tensor([this.arms], this.counts.slice()) },
    };
  }

  setState(state: StateSnapshot): void {
    this.values.set(snapshotTensor(state, 'values', [this.arms], 'EpsilonGreedyAgent').data);
    this.counts.set(snapshotTensor(state, 'counts', [this.arms], 'EpsilonGreedyAgent').data);
    this.rng.setState(rngStateFromJson(state.json['rng'], 'EpsilonGreedyAgent rng'));
  }

  private greedy(): number {
    let best = 0;
    for (let a = 1; a < this.arms; a++) if (this.values[a]! > this.values[best]!) best = a;
    return best;
  }
}

const bandit: EnvRegistration<BanditKwargs> = {
  id: 'example/Bandit-v0',
  // The registry has checked the kwargs against the defaults below (keys and types).
  create: (kwargs) => new BanditEnv(kwargs),
  kwargs: { means: [0.1, 0.5, 0.9, 0.3], noise: 1 },
  description: 'k-armed bandit with normal rewards (Sutton & Barto ch. 2).',
};

const epsilonGreedy: AgentRegistration<EpsilonGreedyOptions> = {
  id: 'example/epsilon-greedy',
  description: 'Sample-average epsilon-greedy bandit agent.',
  defaults: { epsilon: 0.1 },
  create: (context) => {
    const { actionSpace } = requireEnv(context);
    if (!(actionSpace instanceof Discrete)) throw new ConfigError(`agent '${context.id}' needs a Discrete action space`);
    return new EpsilonGreedyAgent(actionSpace.n, context.rng, context.options);
  },
};

/** The plugin: what a config's `plugins: ["./custom-env-and-agent.ts"]` would load too. */
export const banditPlugin = definePlugin({ name: 'example/bandit', envs: [bandit], agents: [epsilonGreedy] });
export default banditPlugin;

/** Runs the example experiment into `out` and returns its summary. */
export async function main(out = 'runs/example-bandit', steps = 5000): Promise<RunSummary> {
  const experiment = await Experiment.create(
    {
      name: 'example-bandit',
      seed: 1,
      env: { id: 'example/Bandit-v0' },
      agent: { id: 'example/epsilon-greedy', options: { epsilon: 0.1 } },
      train: { steps },
      eval: { every: Math.max(1, Math.floor(steps / 5)), episodes: 200 },
      checkpoint: { every: Math.max(1, Math.floor(steps / 2)) },
      stop: { meanReturn: 0.85 },
      out,
    },
    { plugins: [banditPlugin], force: true },
  );
  experiment.events$.subscribe((event) => {
    if (event.type === 'eval') console.log(`step ${event.step}: greedy return ${event.meanReturn?.toFixed(3)}`);
  });
  return experiment.run();
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const summary = await main(process.argv[2]);
  console.log(`${summary.reason} after ${summary.steps} steps; final return ${summary.finalEval.meanReturn?.toFixed(3)}; solved at ${summary.solvedAtStep}`);
}
