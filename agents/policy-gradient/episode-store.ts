import { snapshotNumber, type JsonObject, type StateSnapshot } from '../../src/agent/state-snapshot.js';
import { ConfigError, ShapeError } from '../../src/errors.js';
import { Tensor } from '../../src/tensor/tensor.js';

/** The finished episodes of a {@link EpisodeStore}, stacked step by step. */
export interface EpisodeBatch {
  /** `[steps, observationSize]`. */
  readonly observations: Tensor;
  /** `[steps, ...actionShape]`. */
  readonly actions: Tensor;
  /** Discounted reward-to-go G_t of every step, `[steps]`. */
  readonly returns: Float32Array;
  /** The discounted return G_0 of each step's whole episode, `[steps]`. */
  readonly episodeReturns: Float32Array;
}

/**
 * Whole-episode storage for Monte Carlo policy gradients (REINFORCE): each env copy appends its
 * steps to an episode in progress; `finish` closes that episode, computes its discounted
 * returns backwards (from an optional bootstrap value, for a truncated episode), and moves it to
 * the batch of finished episodes that the next update consumes.
 *
 * @example
 * ```ts
 * const store = new EpisodeStore({ numEnvs: 2, observationSize: 4, actionShape: [] });
 * store.append(0, observation, action, reward);
 * store.finish(0, 0.99, 0);          // terminated: nothing to bootstrap
 * const { observations, actions, returns } = store.batch();
 * store.clearBatch();
 * ```
 */
export class EpisodeStore {
  readonly numEnvs: number;
  readonly observationSize: number;
  readonly actionShape: readonly number[];
  private readonly actionSize: number;
  /** Per copy: flat observations, actions and rewards of its episode in progress. */
  private running: { observations: number[]; actions: number[]; rewards: number[] }[];
  private finished = { observations: [] as number[], actions: [] as number[], returns: [] as number[], episodeReturns: [] as number[] };
  private finishedEpisodes = 0;

  constructor(options: { readonly numEnvs: number; readonly observationSize: number; readonly actionShape: readonly number[] }) {
    this.numEnvs = options.numEnvs;
    this.observationSize = options.observationSize;
    this.actionShape = Object.freeze([...options.actionShape]);
    this.actionSize = this.actionShape.reduce((a, b) => a * b, 1);
    this.running = Array.from({ length: this.numEnvs }, () => ({ observations: [], actions: [], rewards: [] }));
  }

  /** Episodes in the batch. */
  get episodes(): number {
    return this.finishedEpisodes;
  }

  /** Steps in the batch. */
  get steps(): number {
    return this.finished.returns.length;
  }

  /** Appends one step to copy `env`'s episode in progress. */
  append(env: number, observation: ArrayLike<number>, action: number | ArrayLike<number>, reward: number): void {
    const run = this.running[env];
    if (run === undefined) throw new ConfigError(`EpisodeStore.append: env ${env} out of range [0, ${this.numEnvs})`);
    if (observation.length !== this.observationSize) throw new ShapeError(`EpisodeStore.append: observation has ${observation.length} values, expected ${this.observationSize}`);
    for (let i = 0; i < observation.length; i++) run.observations.push(observation[i]!);
    if (typeof action === 'number') run.actions.push(action);
    else for (let i = 0; i < action.length; i++) run.actions.push(action[i]!);
    run.rewards.push(reward);
  }

  /**
   * Ends copy `env`'s episode: G_t = r_t + gamma G_{t+1} backwards from G_T = `bootstrap` (0 for
   * a terminal state, V(final observation) for a truncated one), then moves it to the batch.
   */
  finish(env: number, gamma: number, bootstrap: number): void {
    const run = this.running[env]!;
    const n = run.rewards.length;
    if (n === 0) return;
    const returns = new Float64Array(n);
    let g = bootstrap;
    for (let t = n - 1; t >= 0; t--) {
      g = run.rewards[t]! + gamma * g;
      returns[t] = g;
    }
    const f = this.finished;
    for (const v of run.observations) f.observations.push(v);
    for (const v of run.actions) f.actions.push(v);
    for (let t = 0; t < n; t++) {
      f.returns.push(returns[t]!);
      f.episodeReturns.push(returns[0]!);
    }
    this.finishedEpisodes++;
    this.running[env] = { observations: [], actions: [], rewards: [] };
  }

  /** The finished episodes as tensors (copies). */
  batch(): EpisodeBatch {
    const n = this.steps;
    const f = this.finished;
    return {
      observations: new Tensor([n, this.observationSize], Float32Array.from(f.observations)),
      actions: new Tensor([n, ...this.actionShape], Float32Array.from(f.actions)),
      returns: Float32Array.from(f.returns),
      episodeReturns: Float32Array.from(f.episodeReturns),
    };
  }

  /** Drops the finished episodes (episodes in progress stay). */
  clearBatch(): void {
    this.finished = { observations: [], actions: [], returns: [], episodeReturns: [] };
    this.finishedEpisodes = 0;
  }

  /** Episodes in progress and the batch, exactly (float64 values kept as JSON numbers). */
  getState(): StateSnapshot {
    const f = this.finished;
    const json: JsonObject = {
      numEnvs: this.numEnvs,
      finishedEpisodes: this.finishedEpisodes,
      running: this.running.map((r) => ({ observations: [...r.observations], actions: [...r.actions], rewards: [...r.rewards] })),
      finished: { observations: [...f.observations], actions: [...f.actions], returns: [...f.returns], episodeReturns: [...f.episodeReturns] },
    };
    return { json, tensors: {} };
  }

  setState(state: StateSnapshot): void {
    const where = 'EpisodeStore.setState';
    const numEnvs = snapshotNumber(state.json, 'numEnvs', where);
    if (numEnvs !== this.numEnvs) throw new ConfigError(`${where}: the state has ${numEnvs} env copies, this store ${this.numEnvs}`);
    const episodes = snapshotNumber(state.json, 'finishedEpisodes', where);
    const running = state.json.running;
    const finished = state.json.finished as Record<string, unknown> | undefined;
    const numbers = (x: unknown): number[] => {
      if (!Array.isArray(x) || !x.every((v) => typeof v === 'number')) throw new ConfigError(`${where}: malformed episode data`);
      return [...(x as number[])];
    };
    if (!Array.isArray(running) || running.length !== numEnvs || finished === undefined) throw new ConfigError(`${where}: expected running (one per copy) and finished episodes`);
    const restored = running.map((r) => {
      const o = r as Record<string, unknown>;
      return { observations: numbers(o.observations), actions: numbers(o.actions), rewards: numbers(o.rewards) };
    });
    const f = { observations: numbers(finished.observations), actions: numbers(finished.actions), returns: numbers(finished.returns), episodeReturns: numbers(finished.episodeReturns) };
    if (f.observations.length !== f.returns.length * this.observationSize || f.actions.length !== f.returns.length * this.actionSize) {
      throw new ShapeError(`${where}: finished episodes do not match observation size ${this.observationSize} / action size ${this.actionSize}`);
    }
    this.running = restored;
    this.finished = f;
    this.finishedEpisodes = episodes;
  }
}
