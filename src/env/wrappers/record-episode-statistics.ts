import type { JsonObject } from '../../agent/state-snapshot.js';
import { ConfigError } from '../../errors.js';
import type { Env, ResetOptions, ResetResult, StepResult } from '../env.js';
import { encodeDouble, type EnvStateReader } from '../stateful-env.js';
import { StatefulWrapper } from './stateful-wrapper.js';

/** The statistics of one finished episode, put in `info.episode` on its last step. */
export interface EpisodeStatistics {
  /** Undiscounted sum of the rewards this wrapper saw. */
  readonly return: number;
  /** Number of steps. */
  readonly length: number;
}

/**
 * Tracks episode returns and lengths (Gymnasium `RecordEpisodeStatistics`). On the step that
 * ends an episode (terminated or truncated) it adds `info.episode = { return, length }`, and it
 * keeps the last `bufferLength` episodes in `returnQueue` / `lengthQueue`. No wall-clock time is
 * recorded (Gymnasium's `t`): event logs stay deterministic.
 *
 * Its state (`getState`) holds the queues, the episode count and the running episode's return
 * and length.
 *
 * Place it outside `TimeLimit` (as `make(...)` then wrapping does) so truncated episodes count.
 *
 * @example
 * ```ts
 * const env = new RecordEpisodeStatistics(registry.make('CartPole-v1'));
 * env.reset({ seed: 0 });
 * let r; do { r = env.step(env.actionSpace.sample(rng)); } while (!r.terminated && !r.truncated);
 * (r.info.episode as EpisodeStatistics).length;   // steps in that episode
 * ```
 */
export class RecordEpisodeStatistics<Obs, Act> extends StatefulWrapper<Obs, Act> {
  protected readonly stateKind = 'RecordEpisodeStatistics';
  /** Returns of the last `bufferLength` finished episodes, oldest first. */
  readonly returnQueue: number[] = [];
  /** Lengths of the last `bufferLength` finished episodes, oldest first. */
  readonly lengthQueue: number[] = [];
  /** Episodes finished so far. */
  episodeCount = 0;
  private episodeReturn = 0;
  private episodeLength = 0;

  constructor(
    env: Env<Obs, Act>,
    readonly bufferLength = 100,
  ) {
    super(env);
    if (!Number.isSafeInteger(bufferLength) || bufferLength <= 0) {
      throw new ConfigError(`RecordEpisodeStatistics(${env.name}): bufferLength must be a positive integer, got ${bufferLength}`);
    }
  }

  /** Return accumulated so far in the running episode. */
  get currentReturn(): number {
    return this.episodeReturn;
  }

  /** Steps taken so far in the running episode. */
  get currentLength(): number {
    return this.episodeLength;
  }

  override reset(options?: ResetOptions): ResetResult<Obs> {
    this.episodeReturn = 0;
    this.episodeLength = 0;
    return this.env.reset(options);
  }

  override step(action: Act): StepResult<Obs> {
    const result = this.env.step(action);
    this.episodeReturn += result.reward;
    this.episodeLength++;
    if (!result.terminated && !result.truncated) return result;
    const episode: EpisodeStatistics = { return: this.episodeReturn, length: this.episodeLength };
    this.episodeCount++;
    this.returnQueue.push(episode.return);
    this.lengthQueue.push(episode.length);
    if (this.returnQueue.length > this.bufferLength) {
      this.returnQueue.shift();
      this.lengthQueue.shift();
    }
    this.episodeReturn = 0;
    this.episodeLength = 0;
    return { ...result, info: { ...result.info, episode } };
  }

  protected override ownState(): JsonObject {
    return {
      returnQueue: this.returnQueue.map(encodeDouble),
      lengthQueue: [...this.lengthQueue],
      episodeCount: this.episodeCount,
      episodeReturn: encodeDouble(this.episodeReturn),
      episodeLength: this.episodeLength,
    };
  }

  protected override restoreOwnState(state: EnvStateReader): void {
    const lengths = state.value('lengthQueue');
    const count = Array.isArray(lengths) ? lengths.length : -1;
    if (count < 0 || count > this.bufferLength) {
      throw new ConfigError(`${this.stateWhere}.setState: field 'lengthQueue' must be an array of at most bufferLength = ${this.bufferLength} episode lengths, got ${JSON.stringify(lengths) ?? 'nothing'}`);
    }
    const returns = state.doubles('returnQueue', count);
    const lengthQueue = (lengths as readonly unknown[]).map((length, i) => {
      if (typeof length !== 'number' || !Number.isSafeInteger(length) || length < 1) {
        throw new ConfigError(`${this.stateWhere}.setState: field 'lengthQueue[${i}]' must be a positive integer, got ${JSON.stringify(length)}`);
      }
      return length;
    });
    const episodeCount = state.integer('episodeCount');
    const episodeReturn = state.double('episodeReturn');
    const episodeLength = state.integer('episodeLength');
    this.returnQueue.splice(0, this.returnQueue.length, ...returns);
    this.lengthQueue.splice(0, this.lengthQueue.length, ...lengthQueue);
    this.episodeCount = episodeCount;
    this.episodeReturn = episodeReturn;
    this.episodeLength = episodeLength;
  }
}
