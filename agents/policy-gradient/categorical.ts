// The categorical action distribution of policy-gradient agents on Discrete action spaces:
// pi(a | s) = softmax(logits(s))[a].

import type { Graph } from '../../src/autograd/graph.js';
import type { Variable } from '../../src/autograd/variable.js';
import { ConfigError, ShapeError, formatShape } from '../../src/errors.js';
import type { Rng } from '../../src/random/rng.js';
import type { Tensor } from '../../src/tensor/tensor.js';
import type { ActionDistribution, DistributionEvaluation } from './action-distribution.js';

/**
 * A categorical distribution over `numActions` actions parameterized by unnormalized logits
 * `[batch, numActions]`. Actions are stored as indices in [0, numActions) (the env's action is
 * `start + index`, for a `Discrete(n, start)` space).
 *
 * - log pi(a) = logSoftmax(logits)[a]
 * - entropy   = -sum_a pi(a) log pi(a), with pi = exp(logSoftmax(logits))
 * - mode      = argmax logits (the lowest index on ties)
 *
 * @example
 * ```ts
 * const dist = new Categorical(2);
 * const { logProb, entropy } = dist.evaluate(g, logits, actions);   // [batch] and []
 * dist.sample(logits.value, rng);                                     // Float32Array of indices
 * ```
 */
export class Categorical implements ActionDistribution {
  readonly paramSize: number;
  /** Stored action row: one index. */
  readonly actionShape: readonly number[] = Object.freeze([]);

  constructor(readonly numActions: number) {
    if (!Number.isSafeInteger(numActions) || numActions < 1) throw new ConfigError(`Categorical: numActions must be a positive integer, got ${numActions}`);
    this.paramSize = numActions;
  }

  evaluate(g: Graph, logits: Variable, actions: Tensor): DistributionEvaluation {
    const logProbs = this.logSoftmax(g, logits, actions);
    // -sum_a p log p per row, averaged over the batch.
    const entropy = g.neg(g.mean(g.sum(g.mul(g.exp(logProbs), logProbs), 1)));
    return { logProb: this.pick(g, logProbs, actions), entropy };
  }

  logProb(g: Graph, logits: Variable, actions: Tensor): Variable {
    return this.pick(g, this.logSoftmax(g, logits, actions), actions);
  }

  sample(logits: Tensor, rng: Rng): Float32Array {
    this.checkLogits(logits);
    const [n, k] = logits.shape as [number, number];
    const actions = new Float32Array(n);
    const weights = new Float64Array(k);
    for (let i = 0; i < n; i++) {
      const row = i * k;
      let max = -Infinity;
      for (let a = 0; a < k; a++) max = Math.max(max, logits.data[row + a]!);
      for (let a = 0; a < k; a++) weights[a] = Math.exp(logits.data[row + a]! - max);
      actions[i] = rng.categorical(weights);
    }
    return actions;
  }

  mode(logits: Tensor): Float32Array {
    this.checkLogits(logits);
    const [n, k] = logits.shape as [number, number];
    const actions = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      let best = 0;
      for (let a = 1; a < k; a++) if (logits.data[i * k + a]! > logits.data[i * k + best]!) best = a;
      actions[i] = best;
    }
    return actions;
  }

  private logSoftmax(g: Graph, logits: Variable, actions: Tensor): Variable {
    this.checkLogits(logits.value);
    if (actions.size !== logits.shape[0]) throw new ShapeError(`Categorical: ${actions.size} actions for logits ${formatShape(logits.shape)}`);
    return g.logSoftmax(logits, 1);
  }

  private pick(g: Graph, logProbs: Variable, actions: Tensor): Variable {
    const indices = new Int32Array(actions.size);
    for (let i = 0; i < indices.length; i++) indices[i] = actions.data[i]!;
    return g.pick(logProbs, indices);
  }

  private checkLogits(logits: Tensor): void {
    if (logits.rank !== 2 || logits.shape[1] !== this.numActions) {
      throw new ShapeError(`Categorical: logits must be [batch, ${this.numActions}], got ${formatShape(logits.shape)}`);
    }
  }
}
