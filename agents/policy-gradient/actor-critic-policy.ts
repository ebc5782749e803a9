import type { Graph, Input } from '../../src/autograd/graph.js';
import type { Variable } from '../../src/autograd/variable.js';
import { ConfigError, ShapeError, formatShape } from '../../src/errors.js';
import { Dense } from '../../src/nn/dense.js';
import { orthogonal, type Initializer } from '../../src/nn/initializers.js';
import type { Layer } from '../../src/nn/layer.js';
import type { Param } from '../../src/nn/param.js';
import { Sequential } from '../../src/nn/sequential.js';
import type { Rng } from '../../src/random/rng.js';
import { Box } from '../../src/spaces/box.js';
import { Discrete } from '../../src/spaces/discrete.js';
import type { Space } from '../../src/spaces/space.js';
import { Tensor } from '../../src/tensor/tensor.js';
import type { ActionDistribution } from './action-distribution.js';
import { Categorical } from './categorical.js';
import { DiagGaussian } from './diag-gaussian.js';
import type { PolicyNetOptions } from './policy-options.js';

/** What {@link ActorCriticPolicy.evaluateActions} returns (graph variables, for losses). */
export interface ActionEvaluation {
  /** log pi(a | s), `[batch]`. */
  readonly logProb: Variable;
  /** Mean entropy over the batch, `[]`. */
  readonly entropy: Variable;
  /** V(s), `[batch]`; null for a policy built without a critic. */
  readonly values: Variable | null;
}

/** What {@link ActorCriticPolicy.sample} returns (plain arrays, one entry per row). */
export interface PolicySample {
  /** The sampled actions as stored rows (indices, or unclipped Gaussian samples). */
  readonly actions: Float32Array;
  readonly logProbs: Float32Array;
  /** V(s); zeros for a policy without a critic. */
  readonly values: Float32Array;
}

/**
 * The stochastic policy pi(a | s) and (optionally) the value function V(s) of the
 * policy-gradient agents, as multilayer perceptrons on Box observations:
 *
 * - separate networks (default): actor `obs -> hidden... -> head`, critic `obs -> hidden... -> 1`;
 * - `shareFeatures`: one hidden trunk feeding a policy head and a value head.
 *
 * The head parameterizes a {@link Categorical} for Discrete actions or a {@link DiagGaussian}
 * (state-independent learned log-std) for Box actions. Params are named `actor/...`,
 * `critic/...`, `trunk/...`, `policyHead/...`, `valueHead/...` and `logStd`.
 *
 * @example
 * ```ts
 * const policy = new ActorCriticPolicy(env.observationSpace, env.actionSpace, POLICY_NET_DEFAULTS, rng.child('init'));
 * const { actions, logProbs, values } = policy.sample(g, observations, rng);
 * const { logProb, entropy, values: v } = policy.evaluateActions(g, batch.observations, batch.actions);
 * ```
 */
export class ActorCriticPolicy {
  readonly distribution: ActionDistribution;
  readonly observationSize: number;
  readonly hasCritic: boolean;
  private readonly actor: Sequential | null = null;
  private readonly critic: Sequential | null = null;
  private readonly trunk: Sequential | null = null;
  private readonly policyHead: Dense | null = null;
  private readonly valueHead: Dense | null = null;

  /**
   * @param critic build the value function (false for REINFORCE without a baseline).
   */
  constructor(observationSpace: Space<unknown>, actionSpace: Space<unknown>, options: PolicyNetOptions, rng: Rng, critic = true) {
    if (!(observationSpace instanceof Box) || observationSpace.shape.length !== 1) {
      throw new ConfigError(`policy networks need a 1-D Box observation space, got ${observationSpace.toString()}`);
    }
    this.observationSize = observationSpace.size;
    this.hasCritic = critic;
    if (actionSpace instanceof Discrete) this.distribution = new Categorical(actionSpace.n);
    else if (actionSpace instanceof Box && actionSpace.shape.length === 1) this.distribution = new DiagGaussian(actionSpace.size, options.logStdInit);
    else throw new ConfigError(`policy-gradient agents support Discrete or 1-D Box action spaces, got ${actionSpace.toString()}`);

    const hiddenInit = options.orthoInit ? orthogonal(Math.SQRT2) : undefined;
    const hidden = (): Layer[] => options.netArch.map((units) => new Dense(units, { activation: options.activation, ...(hiddenInit ? { kernelInitializer: hiddenInit } : {}) }));
    const head = (units: number, gain: number, name: string): Dense => {
      const init: Initializer | undefined = options.orthoInit ? orthogonal(gain) : undefined;
      return new Dense(units, { name, ...(init ? { kernelInitializer: init } : {}) });
    };
    const inputShape = [this.observationSize];
    const paramSize = this.distribution.paramSize;
    if (options.shareFeatures) {
      this.trunk = new Sequential(hidden(), { name: 'trunk' });
      const features = this.trunk.build(inputShape, rng.child('trunk'));
      this.policyHead = head(paramSize, 0.01, 'policyHead');
      this.policyHead.build(features, rng.child('policyHead'));
      if (critic) {
        this.valueHead = head(1, 1, 'valueHead');
        this.valueHead.build(features, rng.child('valueHead'));
      }
    } else {
      this.actor = new Sequential([...hidden(), head(paramSize, 0.01, 'policyHead')], { name: 'actor' });
      this.actor.build(inputShape, rng.child('actor'));
      if (critic) {
        this.critic = new Sequential([...hidden(), head(1, 1, 'valueHead')], { name: 'critic' });
        this.critic.build(inputShape, rng.child('critic'));
      }
    }
  }

  /** Every learned param by path (`actor/dense_1/kernel`, `logStd`...). */
  namedParams(): Record<string, Param> {
    const out: Record<string, Param> = {};
    for (const layer of [this.trunk, this.actor, this.critic, this.policyHead, this.valueHead]) {
      if (layer === null) continue;
      for (const [key, p] of Object.entries(layer.namedParams())) out[`${layer.name}/${key}`] = p;
    }
    Object.assign(out, this.distribution.namedParams?.() ?? {});
    return out;
  }

  /** The policy head's output and V(s) (`[batch]`, or null without a critic) for observations `[batch, obsSize]`. */
  forward(g: Graph, observations: Input): { head: Variable; values: Variable | null } {
    const ctx = { graph: g, training: true };
    let head: Variable;
    let values: Variable | null = null;
    if (this.trunk !== null) {
      const features = this.trunk.forward(observations, ctx);
      head = this.policyHead!.forward(features, ctx);
      if (this.valueHead !== null) values = this.valueHead.forward(features, ctx);
    } else {
      head = this.actor!.forward(observations, ctx);
      if (this.critic !== null) values = this.critic.forward(observations, ctx);
    }
    return { head, values: values === null ? null : g.reshape(values, [values.shape[0]!]) };
  }

  /** log pi(actions | observations), the mean entropy and V(observations), as graph variables. */
  evaluateActions(g: Graph, observations: Tensor, actions: Tensor): ActionEvaluation {
    const { head, values } = this.forward(g, observations);
    const { logProb, entropy } = this.distribution.evaluate(g, head, actions);
    return { logProb, entropy, values };
  }

  /** Samples one action per observation row (`observations` is `[batch * obsSize]`, row-major). */
  sample(g: Graph, observations: Float32Array, rng: Rng): PolicySample {
    const obs = this.batch(observations);
    const n = obs.shape[0]!;
    return g.noGrad(() => {
      const { head, values } = this.forward(g, obs);
      const actions = this.distribution.sample(head.value, rng);
      // Score the samples with the same ops as the training loss, so the first PPO ratio is exactly 1.
      const logProb = this.distribution.logProb(g, head, new Tensor([n, ...this.distribution.actionShape], actions));
      return { actions, logProbs: logProb.value.data, values: values === null ? new Float32Array(n) : values.value.data };
    });
  }

  /** V(s) per observation row; throws for a policy without a critic. */
  predictValues(g: Graph, observations: Float32Array): Float32Array {
    if (!this.hasCritic) throw new ConfigError('predictValues: this policy has no critic');
    const obs = this.batch(observations);
    return g.noGrad(() => this.forward(g, obs).values!.value.data);
  }

  /** The mode of pi(. | s) per observation row, as stored action rows. */
  mode(g: Graph, observations: Float32Array): Float32Array {
    const obs = this.batch(observations);
    return g.noGrad(() => this.distribution.mode(this.headOnly(g, obs).value));
  }

  private headOnly(g: Graph, obs: Tensor): Variable {
    const ctx = { graph: g, training: false };
    return this.trunk !== null ? this.policyHead!.forward(this.trunk.forward(obs, ctx), ctx) : this.actor!.forward(obs, ctx);
  }

  private batch(observations: Float32Array): Tensor {
    if (observations.length % this.observationSize !== 0 || observations.length === 0) {
      throw new ShapeError(`policy: ${observations.length} observation values are not a whole batch of rows of ${this.observationSize} (${formatShape([this.observationSize])})`);
    }
    return new Tensor([observations.length / this.observationSize, this.observationSize], observations);
  }
}
