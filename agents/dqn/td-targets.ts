// DQN's TD target (V. Mnih et al., Nature 2015):
//   y = R + discount * (1 - terminated) * max_a Q_target(s', a)
// and with Double DQN (H. van Hasselt, A. Guez and D. Silver, AAAI 2016, arXiv:1509.06461) the
// online network chooses the action and the target network evaluates it:
//   y = R + discount * (1 - terminated) * Q_target(s', argmax_a Q_online(s', a))
// R and discount are the n-step return and gamma^n of the replay batch (n = 1: r and gamma).

import { ShapeError } from '../../src/errors.js';

/** The replay-batch fields a TD target needs (see `DqnBatch`). */
export interface TdBatch {
  readonly size: number;
  readonly returns: ArrayLike<number>;
  readonly discounts: ArrayLike<number>;
  readonly terminated: ArrayLike<number>;
}

/**
 * Writes the TD targets of a batch into `out`. `nextTargetQ` holds Q_target(s'_i, a) row-major
 * `[batch, numActions]`; `nextOnlineQ`, when given, holds Q_online(s'_i, a) and turns on Double
 * DQN's action choice (its argmax, the lowest action on ties).
 *
 * @example
 * ```ts
 * const y = new Float32Array(2);
 * tdTargets({ size: 2, returns: [1, 1], discounts: [0.9, 0.9], terminated: [0, 1] }, Float32Array.of(2, 5, 3, 0), null, 2, y);
 * // y = [1 + 0.9 * 5, 1]
 * ```
 */
export function tdTargets(batch: TdBatch, nextTargetQ: Float32Array, nextOnlineQ: Float32Array | null, numActions: number, out: Float32Array): void {
  const n = batch.size;
  if (nextTargetQ.length !== n * numActions || (nextOnlineQ !== null && nextOnlineQ.length !== n * numActions) || out.length < n) {
    throw new ShapeError(
      `tdTargets: batch of ${n} with ${numActions} actions needs next Q-values of ${n * numActions} values and ${n} outputs, ` +
        `got ${nextTargetQ.length}${nextOnlineQ === null ? '' : ` / ${nextOnlineQ.length}`} and ${out.length}`,
    );
  }
  for (let i = 0; i < n; i++) {
    const row = i * numActions;
    let bootstrap: number;
    if (nextOnlineQ === null) {
      bootstrap = nextTargetQ[row]!;
      for (let a = 1; a < numActions; a++) if (nextTargetQ[row + a]! > bootstrap) bootstrap = nextTargetQ[row + a]!;
    } else {
      let best = 0;
      for (let a = 1; a < numActions; a++) if (nextOnlineQ[row + a]! > nextOnlineQ[row + best]!) best = a;
      bootstrap = nextTargetQ[row + best]!;
    }
    out[i] = batch.returns[i]! + (batch.terminated[i] === 1 ? 0 : batch.discounts[i]! * bootstrap);
  }
}
