// The Q-network of DQN (V. Mnih et al., "Human-level control through deep reinforcement
// learning", Nature 518, 2015): observation in, one value per action out; optionally with the
// dueling head of Z. Wang et al., "Dueling Network Architectures for Deep Reinforcement
// Learning", ICML 2016 (arXiv:1511.06581): Q(s, a) = V(s) + A(s, a) - mean_a' A(s, a').

import type { Graph, Input } from '../../src/autograd/graph.js';
import type { Variable } from '../../src/autograd/variable.js';
import { ConfigError, ShapeError, formatShape } from '../../src/errors.js';
import { checkActivation, type ActivationName } from '../../src/nn/activations.js';
import { Dense } from '../../src/nn/dense.js';
import { Layer, type ForwardContext, type LayerConfig, type LayerOptions } from '../../src/nn/layer.js';
import type { Rng } from '../../src/random/rng.js';
import type { Shape } from '../../src/tensor/shape.js';
import type { Tensor } from '../../src/tensor/tensor.js';
import { uniformInitializer } from './uniform-initializer.js';

/** Options of {@link QNetwork}. */
export interface QNetworkOptions extends LayerOptions {
  /** Outputs: one Q-value per action. */
  readonly numActions: number;
  /** Widths of the hidden Dense layers after the features (may be empty: a linear Q-function). */
  readonly netArch: readonly number[];
  /** Activation of the hidden layers. */
  readonly activation: ActivationName;
  /** Split the head into a state value and action advantages (Wang et al., 2016). */
  readonly dueling: boolean;
  /**
   * Initial weights of the hidden layers and heads: `glorot` (Glorot uniform kernels, zero
   * biases: the Keras default) or `torch` (kernels and biases U(±1/sqrt(fanIn)): PyTorch's
   * `nn.Linear` default, which Stable-Baselines3's networks start from). Default `glorot`.
   */
  readonly weightInit?: 'glorot' | 'torch';
  /**
   * A trunk applied first, mapping `[batch, ...observationShape]` to `[batch, features]`: a
   * pretrained feature extractor, a flattening convolutional stack... Default none (the
   * observation, which must then be a vector, goes straight into the hidden layers).
   */
  readonly features?: Layer;
}

/**
 * An MLP Q-function: `[features ->] Dense(h1, act) -> ... -> Dense(numActions)`, or with
 * `dueling` two linear heads on the last hidden layer, `value` (1 unit) and `advantage`
 * (numActions units), combined as V + A - mean(A) so that V and A are identifiable.
 *
 * Params are named by path: `hidden_1/kernel`, `q/bias`, `value/kernel`, `features/...`.
 *
 * @example
 * ```ts
 * const q = new QNetwork({ numActions: 2, netArch: [64, 64], activation: 'relu', dueling: false });
 * q.build([4], rng.child('init'));
 * const values = q.predict(graph, observations);   // Tensor [batch, 2]
 * ```
 */
export class QNetwork extends Layer {
  readonly className = 'QNetwork';
  readonly numActions: number;
  readonly netArch: readonly number[];
  readonly activation: ActivationName;
  readonly dueling: boolean;
  readonly weightInit: 'glorot' | 'torch';
  readonly features: Layer | null;
  /** Built with the fan-ins known (torch init needs them), in `buildLayer`. */
  private hidden: Dense[] = [];
  private heads: Dense[] = [];

  constructor(options: QNetworkOptions) {
    super(options);
    const { numActions, netArch, dueling } = options;
    if (!Number.isSafeInteger(numActions) || numActions <= 0) throw new ConfigError(`QNetwork: numActions must be a positive integer, got ${String(numActions)}`);
    if (!Array.isArray(netArch) || !netArch.every((w) => Number.isSafeInteger(w) && w > 0)) {
      throw new ConfigError(`QNetwork: netArch must be an array of positive integers (hidden layer widths), got ${JSON.stringify(netArch)}`);
    }
    this.numActions = numActions;
    this.netArch = Object.freeze([...netArch]);
    this.activation = checkActivation(options.activation, 'QNetwork activation');
    this.dueling = dueling;
    this.weightInit = options.weightInit ?? 'glorot';
    if (this.weightInit !== 'glorot' && this.weightInit !== 'torch') throw new ConfigError(`QNetwork: weightInit must be 'glorot' or 'torch', got '${String(this.weightInit)}'`);
    this.features = options.features ?? null;
    if (this.features !== null) {
      if (!this.features.hasExplicitName) this.features.name = 'features';
      const own = [...netArch.map((_, i) => `hidden_${i + 1}`), ...(dueling ? ['value', 'advantage'] : ['q'])];
      if (own.includes(this.features.name)) throw new ConfigError(`QNetwork: the features layer is named '${this.features.name}', which a Q-network layer uses; rename it`);
    }
  }

  /** Q-values of a batch without recording gradients: `[batch, ...observationShape] -> [batch, numActions]`. */
  predict(graph: Graph, observations: Input): Tensor {
    return graph.noGrad(() => this.forward(observations, { graph, training: false })).value;
  }

  protected override sublayers(): readonly Layer[] {
    return this.features === null ? [...this.hidden, ...this.heads] : [this.features, ...this.hidden, ...this.heads];
  }

  protected buildLayer(inputShape: Shape, rng: Rng): number[] {
    let shape: readonly number[] = inputShape;
    if (this.features !== null) shape = this.features.build(shape, rng.child(this.features.name));
    if (shape.length !== 1 || shape[0] === -1) {
      const what = this.features === null ? 'observations must be vectors' : `the features layer must output vectors`;
      throw new ShapeError(`QNetwork: ${what} ([batch, n]); got ${formatShape(shape)} per example. Pass a features layer that flattens them`);
    }
    this.hidden = [];
    for (const [i, units] of this.netArch.entries()) {
      const layer = this.dense(units, `hidden_${i + 1}`, shape[0]!, this.activation);
      shape = layer.build(shape, rng.child(layer.name));
      this.hidden.push(layer);
    }
    const width = shape[0]!;
    this.heads = this.dueling ? [this.dense(1, 'value', width), this.dense(this.numActions, 'advantage', width)] : [this.dense(this.numActions, 'q', width)];
    for (const head of this.heads) head.build(shape, rng.child(head.name));
    return [this.numActions];
  }

  protected call(x: Variable, ctx: ForwardContext): Variable {
    let h = x;
    if (this.features !== null) h = this.features.forward(h, ctx);
    for (const layer of this.hidden) h = layer.forward(h, ctx);
    if (!this.dueling) return this.heads[0]!.forward(h, ctx);
    const g = ctx.graph;
    const value = this.heads[0]!.forward(h, ctx);
    const advantage = this.heads[1]!.forward(h, ctx);
    return g.add(value, g.sub(advantage, g.mean(advantage, 1, true)));
  }

  /** A Dense layer with this network's weight initialization, for inputs of width `fanIn`. */
  private dense(units: number, name: string, fanIn: number, activation: ActivationName = 'linear'): Dense {
    if (this.weightInit === 'glorot') return new Dense(units, { activation, name, trainable: this.trainable });
    const init = uniformInitializer(1 / Math.sqrt(fanIn));
    return new Dense(units, { activation, name, trainable: this.trainable, kernelInitializer: init, biasInitializer: init });
  }

  override getConfig(): LayerConfig {
    return {
      ...super.getConfig(),
      numActions: this.numActions,
      netArch: [...this.netArch],
      activation: this.activation,
      dueling: this.dueling,
      weightInit: this.weightInit,
      features: this.features === null ? null : this.features.getConfig(),
    };
  }
}
