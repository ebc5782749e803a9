// The diagonal Gaussian action distribution of policy-gradient agents on Box action spaces,
// with a state-independent learned log standard deviation (SB3's DiagGaussianDistribution).

import type { Graph } from '../../src/autograd/graph.js';
import type { Variable } from '../../src/autograd/variable.js';
import { ConfigError, ShapeError, formatShape } from '../../src/errors.js';
import { Param } from '../../src/nn/param.js';
import type { Rng } from '../../src/random/rng.js';
import { Tensor } from '../../src/tensor/tensor.js';
import type { ActionDistribution, DistributionEvaluation } from './action-distribution.js';

/** log(2 pi) / 2, the per-dimension constant of the normal log-density. */
const HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

/**
 * N(mean(s), diag(exp(logStd))^2) over `size` action dimensions: the mean comes from the policy
 * head, `logStd` is one learned param `[size]` shared by all states.
 *
 * - log pi(a) = sum_i [ -((a_i - mu_i) / sigma_i)^2 / 2 - log sigma_i - log(2 pi) / 2 ]
 * - entropy   = sum_i [ log sigma_i + (1 + log(2 pi)) / 2 ]     (the same for every state)
 * - mode      = mu
 *
 * Samples are unbounded. The agents clip them into the action space's bounds only when sending
 * them to the env, and store and score the unclipped sample, as Stable-Baselines3 does: the
 * log-probability stays that of the Gaussian that was sampled, so the policy gradient is
 * unbiased, and the env never sees an out-of-range action.
 *
 * @example
 * ```ts
 * const dist = new DiagGaussian(1, 0);                      // Pendulum: one torque, sigma = 1
 * const { logProb, entropy } = dist.evaluate(g, means, actions);
 * dist.namedParams();                                       // { logStd: Param [1] }
 * ```
 */
export class DiagGaussian implements ActionDistribution {
  readonly paramSize: number;
  readonly actionShape: readonly number[];
  /** The learned log standard deviation, `[size]`. */
  readonly logStd: Param;

  constructor(
    readonly size: number,
    logStdInit = 0,
  ) {
    if (!Number.isSafeInteger(size) || size < 1) throw new ConfigError(`DiagGaussian: size must be a positive integer, got ${size}`);
    if (!Number.isFinite(logStdInit)) throw new ConfigError(`DiagGaussian: logStdInit must be finite, got ${logStdInit}`);
    this.paramSize = size;
    this.actionShape = Object.freeze([size]);
    this.logStd = new Param('logStd', Tensor.full([size], logStdInit));
  }

  namedParams(): Record<string, Param> {
    return { logStd: this.logStd };
  }

  evaluate(g: Graph, mean: Variable, actions: Tensor): DistributionEvaluation {
    const entropy = g.addScalar(g.sum(this.logStd), this.size * (0.5 + HALF_LOG_TWO_PI));
    return { logProb: this.logProb(g, mean, actions), entropy };
  }

  logProb(g: Graph, mean: Variable, actions: Tensor): Variable {
    this.checkMean(mean.value);
    if (actions.rank !== 2 || actions.shape[0] !== mean.shape[0] || actions.shape[1] !== this.size) {
      throw new ShapeError(`DiagGaussian: actions ${formatShape(actions.shape)} do not match means ${formatShape(mean.shape)}`);
    }
    const z = g.mul(g.sub(actions, mean), g.exp(g.neg(this.logStd)));
    const perDim = g.sub(g.scale(g.square(z), -0.5), this.logStd);
    return g.addScalar(g.sum(perDim, 1), -this.size * HALF_LOG_TWO_PI);
  }

  sample(mean: Tensor, rng: Rng): Float32Array {
    this.checkMean(mean);
    const out = new Float32Array(mean.size);
    const d = this.size;
    for (let i = 0; i < out.length; i++) out[i] = mean.data[i]! + Math.exp(this.logStd.value.data[i % d]!) * rng.normal();
    return out;
  }

  mode(mean: Tensor): Float32Array {
    this.checkMean(mean);
    return mean.data.slice();
  }

  private checkMean(mean: Tensor): void {
    if (mean.rank !== 2 || mean.shape[1] !== this.size) throw new ShapeError(`DiagGaussian: means must be [batch, ${this.size}], got ${formatShape(mean.shape)}`);
  }
}
