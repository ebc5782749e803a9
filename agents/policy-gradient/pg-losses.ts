// The losses of the policy-gradient agents, written with graph ops so that autograd supplies
// their gradients (each one is checked against central differences in the tests).

import type { Graph, Input } from '../../src/autograd/graph.js';
import type { Variable } from '../../src/autograd/variable.js';
import { ConfigError, ShapeError, formatShape } from '../../src/errors.js';
import type { Tensor } from '../../src/tensor/tensor.js';

/** What {@link clippedSurrogateLoss} returns. */
export interface SurrogateLoss {
  /** -mean(min(r A, clip(r, 1 - eps, 1 + eps) A)), `[]`. */
  readonly loss: Variable;
  /** The probability ratios r = exp(logProb - oldLogProb), `[batch]`. */
  readonly ratio: Variable;
}

/**
 * PPO's clipped surrogate objective (Schulman et al. 2017, eq. 7), as a loss to minimize:
 *
 *   r_t = pi(a_t | s_t) / pi_old(a_t | s_t) = exp(logProb - oldLogProb)
 *   L   = -mean_t min(r_t A_t, clip(r_t, 1 - eps, 1 + eps) A_t)
 *
 * With `clipRange` eps = Infinity this is the unclipped importance-weighted policy gradient.
 *
 * @example
 * ```ts
 * const { loss, ratio } = clippedSurrogateLoss(g, logProb, batch.logProbs, advantages, 0.2);
 * ```
 */
export function clippedSurrogateLoss(g: Graph, logProb: Variable, oldLogProb: Tensor, advantages: Tensor, clipRange: number): SurrogateLoss {
  sameRows('clippedSurrogateLoss', logProb, [oldLogProb, advantages]);
  if (!(clipRange >= 0)) throw new ConfigError(`clippedSurrogateLoss: clipRange must be >= 0, got ${clipRange}`);
  const ratio = g.exp(g.sub(logProb, oldLogProb));
  const unclipped = g.mul(ratio, advantages);
  const clipped = g.mul(g.clip(ratio, 1 - clipRange, 1 + clipRange), advantages);
  // On ties (r inside the clip range) `minimum` sends the gradient to its first operand, the
  // unclipped term, whose gradient is the right one.
  return { loss: g.neg(g.mean(g.minimum(unclipped, clipped))), ratio };
}

/**
 * The value loss mean((R - V')^2), where V' = V, or with `clipRangeVf` (SB3's `clip_range_vf`)
 * the new values kept within that distance of the values at collection time:
 * V' = V_old + clip(V - V_old, -clipRangeVf, clipRangeVf).
 *
 * @example
 * ```ts
 * const loss = valueLoss(g, values, batch.returns);                       // plain MSE
 * const clipped = valueLoss(g, values, batch.returns, batch.values, 0.2);
 * ```
 */
export function valueLoss(g: Graph, values: Variable, returns: Tensor, oldValues?: Tensor, clipRangeVf?: number): Variable {
  sameRows('valueLoss', values, oldValues === undefined ? [returns] : [returns, oldValues]);
  let predicted: Variable = values;
  if (clipRangeVf !== undefined) {
    if (oldValues === undefined) throw new ConfigError('valueLoss: clipRangeVf needs the old values');
    if (!(clipRangeVf >= 0)) throw new ConfigError(`valueLoss: clipRangeVf must be >= 0, got ${clipRangeVf}`);
    predicted = g.add(g.clip(g.sub(values, oldValues), -clipRangeVf, clipRangeVf), oldValues);
  }
  return g.mean(g.square(g.sub(returns, predicted)));
}

/**
 * The vanilla policy-gradient loss -mean(logProb * A) (REINFORCE and A2C), whose gradient is
 * the score-function estimate of -grad J.
 *
 * @example
 * ```ts
 * const loss = policyGradientLoss(g, logProb, advantages);
 * ```
 */
export function policyGradientLoss(g: Graph, logProb: Variable, advantages: Tensor): Variable {
  sameRows('policyGradientLoss', logProb, [advantages]);
  return g.neg(g.mean(g.mul(logProb, advantages)));
}

function sameRows(where: string, x: Input, others: readonly Tensor[]): void {
  for (const t of others) {
    if (x.shape.length !== 1 || t.shape.length !== 1 || t.shape[0] !== x.shape[0]) {
      throw new ShapeError(`${where}: expected 1-D tensors of equal length, got ${formatShape(x.shape)} and ${formatShape(t.shape)}`);
    }
  }
}
