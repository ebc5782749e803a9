import { NeuroloopError } from '../errors.js';

/** Which call of the loop failed. */
export type LoopPhase =
  | 'env.reset'
  | 'env.step'
  | 'agent.act'
  | 'agent.observe'
  | 'agent.predict'
  | 'eval'
  | 'checkpoint'
  | 'learner.trainStep'
  | 'learner.evaluate'
  | 'data';

/**
 * An env, agent, learner or hook threw inside the loop. The message names the call and the
 * step; the original error is `cause`. The loop's Observable errors with it.
 *
 * @example
 * ```ts
 * interact(env, agent, options).subscribe({ error: (e) => { if (e instanceof LoopError) console.error(e.phase, e.step, e.cause); } });
 * ```
 */
export class LoopError extends NeuroloopError {
  constructor(
    readonly phase: LoopPhase,
    readonly step: number,
    cause: unknown,
  ) {
    super(`${phase} threw at step ${step}: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.cause = cause;
  }
}
