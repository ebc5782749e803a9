import type { JsonObject, JsonValue } from '../agent/state-snapshot.js';

/**
 * The loop's own part of an `interact` checkpoint (JSON-safe): counters, the loop's Rng
 * streams, the episodes in progress and, when the envs support it (`StatefulEnv`), their states
 * and current observations. Pass it back as `resume` together with the agent's restored state.
 *
 * With env states, a resumed run emits exactly the events the uninterrupted run would have.
 * Without them (an env that cannot save its state), the episodes in progress are abandoned:
 * the envs are reset with the next seed of the restored `'env'` stream, so the resumed run is
 * still deterministic but differs from the uninterrupted one from the first reset on.
 *
 * @example
 * ```ts
 * checkpoint: { every: 10_000, save: (step, state) => writeCheckpoint(step, { loop: state, agent: agent.getState() }) }
 * // later
 * agent.setState(saved.agent);
 * interact(env, agent, { ...options, resume: saved.loop });
 * ```
 */
export type InteractState = {
  readonly kind: 'interact';
  readonly step: number;
  readonly episodes: number;
  readonly updates: number;
  readonly numEnvs: number;
  /** Step at which the next evaluation runs, or null without `eval`. */
  readonly nextEval: number | null;
  readonly nextCheckpoint: number | null;
  /**
   * Step of the last periodic checkpoint (this state's own step when it was saved by one), or
   * null. A resumed run skips its end-of-run checkpoint at that step, as the original would
   * have. Absent in states saved before it existed.
   */
  readonly lastPeriodicCheckpoint?: number | null;
  readonly envRng: JsonObject;
  readonly evalRng: JsonObject;
  /** Return and length so far of each copy's episode in progress. */
  readonly episodeReturns: readonly number[];
  readonly episodeLengths: readonly number[];
  /** Returns of the last `stop.window` finished episodes (oldest first). */
  readonly recentReturns: readonly number[];
  readonly envs: { readonly states: readonly JsonValue[]; readonly observations: readonly JsonValue[] } | null;
};
