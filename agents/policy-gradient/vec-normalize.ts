import type { JsonObject, JsonValue } from '../../src/agent/state-snapshot.js';
import { ConfigError } from '../../src/errors.js';
import { RunningMeanStd, type RunningMeanStdState } from '../../src/env/wrappers/running-mean-std.js';

/** Options of {@link VecNormalize}. */
export interface VecNormalizeOptions {
  readonly observationSize: number;
  readonly numEnvs: number;
  readonly normalizeObservation: boolean;
  readonly normalizeReward: boolean;
  /** Discount of the running return whose std scales rewards (the agent's gamma). */
  readonly gamma: number;
  /** Normalized observations are clipped to [-clip, clip]. Default 10. */
  readonly clipObservation?: number;
  /** Scaled rewards are clipped to [-clip, clip]. Default 10. */
  readonly clipReward?: number;
  /** Added to variances before the square root. Default 1e-8. */
  readonly epsilon?: number;
}

/**
 * Observation and reward normalization with running statistics shared by all env copies,
 * exactly as Stable-Baselines3's `VecNormalize` (the rl-zoo `normalize: true` setting):
 *
 * - observations: `clip((obs - mean) / sqrt(var + eps), -clipObservation, clipObservation)`,
 *   the statistics updated with every observation the agent acts on while training;
 * - rewards: each copy keeps a discounted return `R = R * gamma + r` (zeroed when its episode
 *   ends); rewards are divided by the running std of `R` and clipped to `clipReward`.
 *
 * It lives in the agent, not in an env wrapper, so that training, the greedy `predict` used by
 * evaluation (frozen statistics) and checkpoints all see the same statistics with no extra
 * plumbing: the evaluation env stays a plain env and its returns stay in the env's own units.
 * The statistics are {@link RunningMeanStd}s, the same class the Gymnasium-style
 * `NormalizeObservation` / `NormalizeReward` env wrappers use, saved through its getState/setState.
 *
 * @example
 * ```ts
 * const norm = new VecNormalize({ observationSize: 6, numEnvs: 16, normalizeObservation: true, normalizeReward: true, gamma: 0.99 });
 * const obs = norm.observations(batch, true);          // updates the statistics, then normalizes
 * const rewards = norm.rewards(raw, dones);             // scaled rewards
 * norm.observations(evalObs, false);                    // frozen (evaluation)
 * ```
 */
export class VecNormalize {
  readonly options: Required<VecNormalizeOptions>;
  private readonly observationStats: RunningMeanStd;
  private readonly returnStats = new RunningMeanStd(1);
  private readonly returns: Float64Array;

  constructor(options: VecNormalizeOptions) {
    this.options = { clipObservation: 10, clipReward: 10, epsilon: 1e-8, ...options };
    const { clipObservation, clipReward, epsilon, gamma } = this.options;
    if (!(clipObservation > 0) || !(clipReward > 0)) throw new ConfigError(`VecNormalize: clipObservation and clipReward must be positive, got ${clipObservation}, ${clipReward}`);
    if (!(epsilon > 0)) throw new ConfigError(`VecNormalize: epsilon must be positive, got ${epsilon}`);
    if (!(gamma >= 0 && gamma <= 1)) throw new ConfigError(`VecNormalize: gamma must lie in [0, 1], got ${gamma}`);
    this.observationStats = new RunningMeanStd(options.observationSize);
    this.returns = new Float64Array(options.numEnvs);
  }

  /**
   * Normalizes a batch of observation rows (`[n * observationSize]`), first folding them into the
   * statistics when `update`. Returns the input itself when observations are not normalized.
   */
  observations(batch: Float32Array, update: boolean): Float32Array {
    if (!this.options.normalizeObservation) return batch;
    const size = this.options.observationSize;
    const stats = this.observationStats;
    if (update) for (let start = 0; start < batch.length; start += size) stats.update(batch.subarray(start, start + size));
    const { clipObservation: clip, epsilon } = this.options;
    const out = new Float32Array(batch.length);
    for (let i = 0; i < batch.length; i++) {
      const d = i % size;
      const z = (batch[i]! - stats.mean[d]!) / Math.sqrt(stats.var[d]! + epsilon);
      out[i] = Math.min(Math.max(z, -clip), clip);
    }
    return out;
  }

  /** Scales one vector step's rewards (one per copy) and ends the returns of finished episodes. */
  rewards(rewards: ArrayLike<number>, dones: ArrayLike<boolean>): ArrayLike<number> {
    if (!this.options.normalizeReward) return rewards;
    const n = this.returns.length;
    if (rewards.length !== n) throw new ConfigError(`VecNormalize.rewards: ${rewards.length} rewards for ${n} env copies`);
    const { gamma, clipReward: clip, epsilon } = this.options;
    for (let i = 0; i < n; i++) {
      this.returns[i] = this.returns[i]! * gamma + rewards[i]!;
      this.returnStats.update([this.returns[i]!]);
    }
    const scale = Math.sqrt(this.returnStats.var[0]! + epsilon);
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      out[i] = Math.min(Math.max(rewards[i]! / scale, -clip), clip);
      if (dones[i] === true) this.returns[i] = 0;
    }
    return out;
  }

  /** The statistics and running returns, JSON-safe. */
  getState(): JsonObject {
    return {
      observation: statsToJson(this.observationStats.getState()),
      return: statsToJson(this.returnStats.getState()),
      returns: Array.from(this.returns),
    };
  }

  setState(state: JsonObject): void {
    const where = 'VecNormalize.setState';
    const returns = state.returns;
    if (!Array.isArray(returns) || returns.length !== this.returns.length || !returns.every((r) => typeof r === 'number')) {
      throw new ConfigError(`${where}: expected returns as ${this.returns.length} numbers (one per env copy), got ${JSON.stringify(returns)}`);
    }
    this.observationStats.setState(statsFromJson(state.observation, `${where} observation`), `${where} observation`);
    this.returnStats.setState(statsFromJson(state.return, `${where} return`), `${where} return`);
    this.returns.set(returns as number[]);
  }
}

function statsToJson(state: RunningMeanStdState): JsonObject {
  return { mean: [...state.mean], var: [...state.var], count: state.count };
}

function statsFromJson(value: JsonValue | undefined, where: string): RunningMeanStdState {
  const v = value as { mean?: unknown; var?: unknown; count?: unknown } | null | undefined;
  const numbers = (x: unknown): x is number[] => Array.isArray(x) && x.every((e) => typeof e === 'number');
  if (v === null || typeof v !== 'object' || !numbers(v.mean) || !numbers(v.var) || typeof v.count !== 'number') {
    throw new ConfigError(`${where}: expected running statistics { mean, var, count }, got ${JSON.stringify(value)}`);
  }
  return { mean: v.mean, var: v.var, count: v.count };
}
