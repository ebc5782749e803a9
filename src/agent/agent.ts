import type { StateSnapshot, Stateful } from './state-snapshot.js';

/** Named scalars reported by a learning update: losses, epsilon, learning rate, entropy... */
export type Metrics = Readonly<Record<string, number>>;

/**
 * One step of every env copy, as the loop hands it to {@link Agent.observe}.
 *
 * The loop always drives a vector of `numEnvs` env copies (a single `Env` is a vector of one),
 * with Stable-Baselines3's same-step autoreset: when copy `i` ends an episode, the env is reset
 * at once, `nextObservations[i]` is the episode's final observation (for bootstrapping a
 * truncated episode), and the observation passed to the next {@link Agent.act} is the first one
 * of the new episode.
 *
 * The arrays belong to the loop and are only valid during the call: copy what you keep.
 */
export interface Transition<Obs, Act> {
  /** Env steps done so far, this transition included (each vector step adds `numEnvs`). */
  readonly step: number;
  readonly observations: readonly Obs[];
  readonly actions: readonly Act[];
  readonly rewards: ArrayLike<number>;
  /** The observation after the action; the final observation where the episode ended. */
  readonly nextObservations: readonly Obs[];
  /** The episode reached a terminal state (no bootstrapping past it). */
  readonly terminated: readonly boolean[];
  /** The episode was cut short (time limit): bootstrap from `nextObservations[i]`. */
  readonly truncated: readonly boolean[];
}

/**
 * An agent that learns by interacting with an environment: the contract `interact` drives.
 *
 * Per vector step the loop calls `act` (training behaviour: explores), steps the envs, then
 * `observe` with the transition; the agent learns when it sees fit and returns the update's
 * metrics (or `undefined` when it did not learn this step). `predict` is the deterministic
 * (greedy) action used by evaluation, and must not draw from the agent's training Rng, so
 * evaluating never changes what training does next.
 *
 * Agents own every random draw they make through an `Rng` given at construction, and
 * `getState()` covers everything needed to resume exactly: weights, optimizer state, buffers,
 * Rng states, counters. Base classes (`OffPolicyAgent`, `OnPolicyAgent`) own that bookkeeping.
 *
 * @example
 * ```ts
 * const agent: Agent<number, number> = new QLearningAgent(context);
 * const [action] = agent.act([observation]);
 * const metrics = agent.observe({ step: 1, observations: [observation], actions: [action!], rewards: [0],
 *   nextObservations: [next], terminated: [false], truncated: [false] });
 * agent.predict(next);  // greedy action
 * ```
 */
export interface Agent<Obs = unknown, Act = unknown> extends Stateful {
  /** Actions for a batch of observations, one per env copy; may explore (training mode). */
  act(observations: readonly Obs[]): Act[];
  /** The deterministic action for one observation (evaluation mode). */
  predict(observation: Obs): Act;
  /** Takes one transition of every env copy; returns metrics when a learning update ran. */
  observe(transition: Transition<Obs, Act>): Metrics | undefined;
  getState(): StateSnapshot;
  setState(state: StateSnapshot): void;
}

/**
 * True when `value` has the methods of an {@link Agent}.
 *
 * @example
 * ```ts
 * if (isAgent(built)) interact(env, built, options);
 * ```
 */
export function isAgent(value: unknown): value is Agent {
  const v = value as Partial<Agent> | null;
  return typeof v === 'object' && v !== null && typeof v.act === 'function' && typeof v.predict === 'function' && typeof v.observe === 'function';
}
