import type { Variable } from '../../src/autograd/variable.js';
import type { Param } from '../../src/nn/param.js';
import { linearSchedule, type LearningRate } from '../../src/optim/lr-schedules.js';
import type { GanOptions } from './gan-options.js';

// Small pieces of the GAN's training step, kept apart so gan.ts reads as the algorithm.

/**
 * A constant rate, or a linear decay to `finalLrFraction` of it over `lrDecaySteps` training
 * batches, for an optimizer that updates once per `batchesPerUpdate` batches (the generator with
 * `nCritic` 5 updates once per 5 batches, so its schedule runs 5 batches per update).
 *
 * @example
 * ```ts
 * new Adam(params, { lr: decayingRate(1e-3, { ...options, lrDecaySteps: 1000 }, options.nCritic) });
 * ```
 */
export function decayingRate(lr: number, options: Pick<GanOptions, 'lrDecaySteps' | 'finalLrFraction'>, batchesPerUpdate: number): LearningRate {
  if (options.lrDecaySteps === 0) return lr;
  const decay = linearSchedule({ from: lr, to: lr * options.finalLrFraction, steps: options.lrDecaySteps });
  return (updates) => decay(Math.floor(updates * batchesPerUpdate));
}

/**
 * Runs `fn` with `params` frozen (no gradients), restoring each param's own flag afterwards: the
 * generator's update back-propagates through the discriminator without computing its weight
 * gradients, which nobody would use.
 *
 * @example
 * ```ts
 * const loss = withFrozen(discriminator.params(), () => generatorOptimizer.minimize(g, generatorLoss));
 * ```
 */
export function withFrozen<T>(params: readonly Param[], fn: () => T): T {
  const flags = params.map((p) => p.trainable);
  for (const p of params) p.trainable = false;
  try {
    return fn();
  } finally {
    params.forEach((p, i) => {
      p.trainable = flags[i]!;
    });
  }
}

/**
 * The mean of σ(logits): the discriminator's average probability that its inputs are real.
 *
 * @example
 * ```ts
 * meanSigmoid(g.constant(Tensor.from([[0], [0]])));   // 0.5
 * ```
 */
export function meanSigmoid(logits: Variable): number {
  let total = 0;
  for (const x of logits.value.data) total += 1 / (1 + Math.exp(-x));
  return total / logits.size;
}
