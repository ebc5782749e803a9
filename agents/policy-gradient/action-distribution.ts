import type { Graph } from '../../src/autograd/graph.js';
import type { Variable } from '../../src/autograd/variable.js';
import type { Param } from '../../src/nn/param.js';
import type { Rng } from '../../src/random/rng.js';
import type { Tensor } from '../../src/tensor/tensor.js';

/** What {@link ActionDistribution.evaluate} returns. */
export interface DistributionEvaluation {
  /** log pi(action | observation) per row, `[batch]`. */
  readonly logProb: Variable;
  /** The entropy averaged over the batch, a one-value `[]` variable. */
  readonly entropy: Variable;
}

/**
 * The action distribution of a stochastic policy, given the policy head's output `[batch,
 * paramSize]` (logits, or Gaussian means). Actions are stored as float rows of `actionShape`
 * (an index for Discrete, a vector for Box). Implementations: `Categorical`, `DiagGaussian`.
 *
 * `evaluate` is built from graph ops, so the losses of every policy-gradient agent get their
 * gradients (w.r.t. the head and the distribution's own params) from autograd.
 *
 * @example
 * ```ts
 * const raw = dist.sample(head.value, rng);                         // what the rollout stores
 * const { logProb } = g.noGrad(() => dist.evaluate(g, head, new Tensor([n, ...dist.actionShape], raw)));
 * ```
 */
export interface ActionDistribution {
  /** Width of the policy head's output. */
  readonly paramSize: number;
  /** Shape of one stored action (`[]` for an index). */
  readonly actionShape: readonly number[];
  /** log-probabilities of `actions` and the mean entropy, as graph ops. */
  evaluate(g: Graph, head: Variable, actions: Tensor): DistributionEvaluation;
  /** Only the log-probabilities, `[batch]` (what acting needs). */
  logProb(g: Graph, head: Variable, actions: Tensor): Variable;
  /** One sampled action row per head row, concatenated. */
  sample(head: Tensor, rng: Rng): Float32Array;
  /** The most likely action per row (deterministic evaluation). */
  mode(head: Tensor): Float32Array;
  /** Learned params owned by the distribution itself (a state-independent log-std); may be absent. */
  namedParams?(): Record<string, Param>;
}
