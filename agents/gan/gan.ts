// Generative adversarial networks: I. Goodfellow et al., "Generative Adversarial Nets",
// NeurIPS 2014 (arXiv:1406.2661). A generator G maps latent codes z ~ p(z) to examples; a
// discriminator D tells real examples from G's. Losses (see gan-losses.ts): the original minimax
// game, its non-saturating generator loss, and the Wasserstein critic with gradient penalty
// (Gulrajani et al., 2017, arXiv:1704.00028). Against mode collapse: PacGAN packing (Lin et al.,
// 2018, arXiv:1712.04086) and minibatch standard deviation (Karras et al., 2018,
// arXiv:1710.10196). Image networks follow DCGAN (Radford et al., 2016, arXiv:1511.06434).
//
// One training batch = one discriminator update on it; every `nCritic`-th discriminator update
// is followed by `generatorSteps` generator updates (Algorithm 1 of both papers).

import type { AgentRegistration } from '../../src/agent/agent-registry.js';
import { BaseLearner } from '../../src/agent/base-learner.js';
import type { Metrics } from '../../src/agent/agent.js';
import { mergeOptions } from '../../src/agent/merge-options.js';
import { snapshotNumber, snapshotTensor, type StateSnapshot } from '../../src/agent/state-snapshot.js';
import { Graph } from '../../src/autograd/graph.js';
import type { Variable } from '../../src/autograd/variable.js';
import type { Batch, DataSource, Dataset } from '../../src/data/data-source.js';
import { ConfigError, ShapeError, formatShape } from '../../src/errors.js';
import { JsBackend } from '../../src/kernels/js/js-backend.js';
import type { KernelBackend } from '../../src/kernels/kernel-backend.js';
import type { ForwardContext } from '../../src/nn/layer.js';
import type { Sequential } from '../../src/nn/sequential.js';
import { Adam } from '../../src/optim/adam.js';
import type { Rng } from '../../src/random/rng.js';
import { shapeSize } from '../../src/tensor/shape.js';
import { Tensor } from '../../src/tensor/tensor.js';
import { DataNormalizer } from '../shared-generative/data-normalizer.js';
import { ImageScorer } from '../shared-generative/image-scorer.js';
import { meanFeatureGap } from '../shared-generative/mean-feature-gap.js';
import { modeCoverage } from '../shared-generative/mode-coverage.js';
import { renderTensorSamples, type RenderedSamples, type RenderSamplesOptions } from '../shared-generative/render-samples.js';
import { networksSnapshot, restoreNetworks, type NetworkPart } from '../shared-generative/network-state.js';
import { toyDistributionOf } from '../shared-generative/toy-distribution-of.js';
import { gradientPenalty } from './critic-input-gradient.js';
import { discriminatorLoss, generatorLoss } from './gan-losses.js';
import { dcganDiscriminator, dcganGenerator, mlpDiscriminator, mlpGenerator, type ResolvedOutputActivation } from './gan-networks.js';
import { GAN_DEFAULTS, checkGanOptions, type GanOptions } from './gan-options.js';
import { decayingRate, meanSigmoid, withFrozen } from './gan-training.js';

/**
 * A GAN learner for `fit`: vectors (ring-8, grid-25) with MLPs, images (MNIST) with DCGAN-style
 * networks. `sample(n, rng)` draws z from the given Rng and returns G(z) with batch norm in
 * inference mode; `evaluate` scores 2,500 samples by mode coverage on the toy mixtures.
 *
 * Metrics per batch: `dLoss` and, for the BCE losses, `dReal` / `dFake` (mean D probability on
 * real / generated examples) or, for `wasserstein`, `wassersteinEstimate` (mean C(real) −
 * mean C(fake)) and `gradientPenalty`; `gLoss` on batches that ended with a generator turn.
 *
 * @example
 * ```ts
 * const source = ring8();
 * const gan = new Gan(source.train.inputShape, rng.child('agent'), { latentDim: 8, generatorHidden: [128, 128], pack: 4 });
 * fit(source, gan, { budget: { epochs: 10 }, batchSize: 256, eval: { every: 500 } }).subscribe(...);
 * gan.sample(2500, rng.child('samples'));   // Tensor [2500, 2]
 * ```
 */
export class Gan extends BaseLearner {
  readonly options: GanOptions;
  /** Shape of one example, e.g. `[2]` or `[28, 28, 1]`. */
  readonly dataShape: readonly number[];
  readonly generator: Sequential;
  readonly discriminator: Sequential;
  /** The network family in use (`auto` resolved). */
  readonly architecture: 'mlp' | 'dcgan';
  /** The generator's output activation (`auto` resolved). */
  readonly outputActivation: ResolvedOutputActivation;
  private readonly graph: Graph;
  private scorer: ImageScorer | undefined;
  private readonly generatorOptimizer: Adam;
  private readonly discriminatorOptimizer: Adam;
  private readonly dataSize: number;
  private normalizer: DataNormalizer | null = null;
  private discriminatorUpdates = 0;
  private generatorUpdates = 0;

  /**
   * @param dataShape shape of one example.
   * @param rng the learner's stream: initial weights from its children, then latent codes and penalty mixes.
   * @param data the training set, measured when `normalizeData` is on.
   */
  constructor(dataShape: readonly number[], rng: Rng, options: Partial<GanOptions> = {}, backend: KernelBackend = new JsBackend(), data?: Dataset) {
    super(rng);
    const resolved = mergeOptions('gan', GAN_DEFAULTS, options);
    checkGanOptions(resolved);
    this.options = resolved;
    if (dataShape.length === 0 || !dataShape.every((d) => Number.isSafeInteger(d) && d > 0)) {
      throw new ShapeError(`gan: the data shape must hold positive extents, got ${formatShape(dataShape)}`);
    }
    this.dataShape = Object.freeze([...dataShape]);
    this.dataSize = shapeSize(dataShape);
    const isImage = dataShape.length === 3;
    if (resolved.normalizeData) {
      if (dataShape.length !== 1) throw new ConfigError(`gan: normalizeData is for vector data; examples of shape ${formatShape(dataShape)} keep their pixel range`);
      if (data === undefined) throw new ConfigError('gan: normalizeData needs the training data to measure (pass the dataset)');
      this.normalizer = DataNormalizer.fit(data);
    }
    this.architecture = resolved.architecture === 'auto' ? (isImage ? 'dcgan' : 'mlp') : resolved.architecture;
    const outputActivation = resolved.outputActivation === 'auto' ? (isImage ? 'tanh' : 'linear') : resolved.outputActivation;
    this.outputActivation = outputActivation;
    if (this.architecture === 'dcgan') {
      this.generator = dcganGenerator(resolved, dataShape, outputActivation);
      this.discriminator = dcganDiscriminator(resolved, dataShape);
      this.discriminator.build([dataShape[0]!, dataShape[1]!, resolved.pack * dataShape[2]!], rng.child('discriminator'));
    } else {
      this.generator = mlpGenerator(resolved, this.dataSize, outputActivation);
      this.discriminator = mlpDiscriminator(resolved);
      this.discriminator.build([resolved.pack * this.dataSize], rng.child('discriminator'));
    }
    this.generator.build([resolved.latentDim], rng.child('generator'));
    this.graph = new Graph(backend);
    const adam = { beta1: resolved.beta1, beta2: resolved.beta2 };
    // The generator updates generatorSteps times per nCritic batches: scale its count to batches.
    const generatorBatches = resolved.nCritic / resolved.generatorSteps;
    this.generatorOptimizer = new Adam(this.generator.namedParams(), { lr: decayingRate(resolved.generatorLr, resolved, generatorBatches), ...adam });
    this.discriminatorOptimizer = new Adam(this.discriminator.namedParams(), { lr: decayingRate(resolved.discriminatorLr, resolved, 1), ...adam });
  }

  /** The learning rates the next updates use (they change with `lrDecaySteps`). */
  get learningRates(): { readonly generator: number; readonly discriminator: number } {
    return { generator: this.generatorOptimizer.learningRate, discriminator: this.discriminatorOptimizer.learningRate };
  }

  /** `count` latent codes `[count, latentDim]` from the prior, drawn from `rng`. */
  latents(count: number, rng: Rng): Tensor {
    const z = new Float32Array(count * this.options.latentDim);
    if (this.options.latentPrior === 'normal') rng.fillNormal(z);
    else rng.fillUniform(z, -1, 1);
    return new Tensor([count, this.options.latentDim], z);
  }

  /** G(z) for latent codes `[n, latentDim]`, in inference mode: `[n, ...dataShape]`. */
  generate(latents: Tensor): Tensor {
    if (latents.rank !== 2 || latents.shape[1] !== this.options.latentDim) {
      throw new ShapeError(`gan.generate: latents must be [n, ${this.options.latentDim}], got ${formatShape(latents.shape)}`);
    }
    const g = this.graph;
    const out = g.noGrad(() => this.generated(latents, { graph: g, training: false })).value;
    return this.normalizer === null ? out : this.normalizer.denormalize(out);
  }

  sample(count: number, rng: Rng): Tensor {
    if (!Number.isSafeInteger(count) || count < 0) throw new ConfigError(`gan.sample: count must be a non-negative integer, got ${count}`);
    return this.generate(this.latents(count, rng));
  }

  /** `count` samples rendered for people (`neuroloop sample`): an SVG scatter plot for 2-D data, a PNG grid for images. */
  renderSamples(count: number, rng: Rng, options: RenderSamplesOptions = {}): RenderedSamples {
    const range = this.outputActivation === 'tanh' ? '-1,1' : '0,1';
    return renderTensorSamples(this.sample(count, rng), { range, ...(options.source === undefined ? {} : { source: options.source }) });
  }

  /**
   * Mode coverage of `evalSamples` samples for ring-8 / grid-25 (`modesCovered`, `numModes`,
   * `highQualityPct`); with `scoreClassifier`, the classifier score of `scoreSamples` images
   * (`klToUniform`, `meanConfidence`); otherwise the mean absolute gap between per-feature
   * means of `scoreSamples` samples and as many held-out examples (`meanGap`), a coarse check only.
   */
  evaluate(source: DataSource, rng: Rng): Metrics {
    const toy = toyDistributionOf(source);
    if (toy !== undefined) {
      const score = modeCoverage(this.sample(this.options.evalSamples, rng), toy);
      return { modesCovered: score.modesCovered, numModes: score.numModes, highQualityPct: 100 * score.highQualityFraction };
    }
    if (this.options.scoreClassifier !== null) {
      this.scorer ??= new ImageScorer(this.options.scoreClassifier, this.graph.backend);
      // A tanh generator draws pixels in [-1, 1]; the classifier reads [0, 1].
      const range = this.outputActivation === 'tanh' ? '-1,1' : '0,1';
      const { klToUniform, meanConfidence } = this.scorer.score(this.sample(this.options.scoreSamples, rng), range);
      return { klToUniform, meanConfidence };
    }
    const data = source.test ?? source.train;
    const count = Math.min(data.size, this.options.scoreSamples);
    const real = data.batch(Int32Array.from({ length: count }, (_, i) => i)).inputs;
    return { meanGap: meanFeatureGap(real, this.sample(count, rng)) };
  }

  protected train(batch: Batch): Metrics {
    const { pack } = this.options;
    const inputs = batch.inputs;
    if (inputs.rank !== this.dataShape.length + 1 || inputs.shape.slice(1).some((d, i) => d !== this.dataShape[i])) {
      throw new ShapeError(`gan: expected a batch of [batch, ${this.dataShape.join(', ')}], got ${formatShape(inputs.shape)}`);
    }
    // PacGAN judges groups of `pack` examples: drop the remainder of a batch that does not divide.
    const n = inputs.shape[0]! - (inputs.shape[0]! % pack);
    if (n === 0) throw new ConfigError(`gan: a batch of ${inputs.shape[0]} examples is smaller than pack = ${pack}`);
    const given = new Tensor([n, ...this.dataShape], inputs.data.subarray(0, n * this.dataSize));
    const rows = this.normalizer === null ? given : this.normalizer.normalize(given);
    const real = this.graph.noGrad(() => this.packed(this.graph.constant(rows))).value;

    const metrics: Record<string, number> = this.discriminatorStep(real, n);
    this.discriminatorUpdates++;
    if (this.discriminatorUpdates % this.options.nCritic === 0) {
      for (let i = 0; i < this.options.generatorSteps; i++) metrics['gLoss'] = this.generatorStep(n);
    }
    return metrics;
  }

  private discriminatorStep(real: Tensor, n: number): Record<string, number> {
    const g = this.graph;
    const ctx: ForwardContext = { graph: g, training: true, rng: this.rng };
    const fake = g.noGrad(() => this.packed(this.generated(this.latents(n, this.rng), ctx))).value;
    const extra: Record<string, number> = {};
    const dLoss = this.discriminatorOptimizer.minimize(g, () => {
      const realScores = this.discriminator.forward(real, ctx);
      const fakeScores = this.discriminator.forward(fake, ctx);
      const loss = discriminatorLoss(g, this.options.loss, realScores, fakeScores, this.options.realLabel);
      if (this.options.loss !== 'wasserstein') {
        extra['dReal'] = meanSigmoid(realScores);
        extra['dFake'] = meanSigmoid(fakeScores);
        return loss;
      }
      extra['wassersteinEstimate'] = -loss.item();
      if (this.options.gradientPenalty === 0) return loss;
      const penalty = gradientPenalty(g, this.discriminator.layers, this.interpolates(real, fake));
      extra['gradientPenalty'] = penalty.item();
      return g.add(loss, g.scale(penalty, this.options.gradientPenalty));
    });
    return { dLoss, ...extra };
  }

  private generatorStep(n: number): number {
    const g = this.graph;
    const ctx: ForwardContext = { graph: g, training: true, rng: this.rng };
    // The discriminator is fixed here: freezing it saves its weight gradients, which nobody uses.
    this.generatorUpdates++;
    return withFrozen(this.discriminator.params(), () =>
      this.generatorOptimizer.minimize(g, () => {
        const fake = this.generated(this.latents(n, this.rng), ctx);
        const scores = this.discriminator.forward(this.packed(fake), ctx);
        return generatorLoss(g, this.options.loss, scores);
      }),
    );
  }

  /** G(z) shaped like the data, `[n, ...dataShape]`. */
  private generated(latents: Tensor, ctx: ForwardContext): Variable {
    const out = this.generator.forward(latents, ctx);
    return this.architecture === 'mlp' ? ctx.graph.reshape(out, [latents.shape[0]!, ...this.dataShape]) : out;
  }

  /**
   * Examples `[n, ...dataShape]` as discriminator inputs, `pack` at a time (PacGAN): the MLP
   * discriminator reads `[n / pack, pack · dataSize]` (consecutive examples concatenated); the
   * convolutional one `[n / pack, h, w, pack · c]` (stacked along channels).
   */
  private packed(examples: Variable): Variable {
    const g = this.graph;
    const { pack } = this.options;
    const groups = examples.shape[0]! / pack;
    if (this.architecture === 'mlp') return g.reshape(examples, [groups, pack * this.dataSize]);
    if (pack === 1) return examples;
    const [h, w, c] = this.dataShape as [number, number, number];
    const grouped = g.transpose(g.reshape(examples, [groups, pack, h, w, c]), [0, 2, 3, 1, 4]);
    return g.reshape(grouped, [groups, h, w, pack * c]);
  }

  /** x̂ = ε·real + (1 − ε)·fake with ε ~ U[0, 1] per (packed) critic input. */
  private interpolates(real: Tensor, fake: Tensor): Tensor {
    const rows = real.shape[0]!;
    const width = real.size / rows;
    const out = new Float32Array(real.size);
    for (let r = 0; r < rows; r++) {
      const eps = this.rng.nextFloat();
      for (let j = r * width; j < (r + 1) * width; j++) out[j] = eps * real.data[j]! + (1 - eps) * fake.data[j]!;
    }
    return new Tensor(real.shape, out);
  }

  protected getModelState(): StateSnapshot {
    const counters: Record<string, number> = { discriminatorUpdates: this.discriminatorUpdates, generatorUpdates: this.generatorUpdates };
    if (this.normalizer !== null) counters['normalizerScale'] = this.normalizer.scale;
    const state = networksSnapshot(this.parts(), counters);
    if (this.normalizer === null) return state;
    return { json: state.json, tensors: { ...state.tensors, normalizerMean: new Tensor([this.dataSize], Float32Array.from(this.normalizer.mean)) } };
  }

  protected setModelState(state: StateSnapshot): void {
    const where = 'Gan.setState';
    const counters = restoreNetworks(state, this.parts(), where);
    this.discriminatorUpdates = snapshotNumber(counters, 'discriminatorUpdates', where);
    this.generatorUpdates = snapshotNumber(counters, 'generatorUpdates', where);
    if (this.normalizer === null && counters['normalizerScale'] !== undefined) {
      throw new ConfigError(`${where}: the state was trained with normalizeData; this learner has normalizeData off`);
    }
    if (this.normalizer !== null) {
      const mean = snapshotTensor(state, 'normalizerMean', [this.dataSize], where);
      this.normalizer = DataNormalizer.of(mean.data, snapshotNumber(counters, 'normalizerScale', where));
    }
  }

  private parts(): Record<string, NetworkPart> {
    return {
      generator: { params: this.generator.namedParams(), optimizer: this.generatorOptimizer },
      discriminator: { params: this.discriminator.namedParams(), optimizer: this.discriminatorOptimizer },
    };
  }
}

/**
 * The `gan` learner of the agent registry: trained on a data source (its examples' shape sizes
 * the networks), options {@link GAN_DEFAULTS}.
 *
 * @example
 * ```ts
 * agents.register(ganRegistration);
 * const gan = agents.makeLearner('gan', { rng, data: ring8(), options: { pack: 4 } });
 * ```
 */
export const ganRegistration: AgentRegistration<GanOptions> = {
  id: 'gan',
  description: 'Generative adversarial network (MLP or DCGAN; minimax, non-saturating or WGAN-GP losses; PacGAN, minibatch std)',
  defaults: GAN_DEFAULTS,
  create: (context) => {
    if (context.data === undefined) throw new ConfigError(`agent '${context.id}' is a learner: build it with a data source (context.data)`);
    return new Gan(context.data.train.inputShape, context.rng, context.options, context.backend, context.data.train);
  },
};
