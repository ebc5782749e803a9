// Variational autoencoder: D. P. Kingma and M. Welling, "Auto-Encoding Variational Bayes",
// ICLR 2014 (arXiv:1312.6114). An encoder q(z | x) = N(μ(x), diag σ²(x)) and a decoder p(x | z)
// are trained together by maximizing the evidence lower bound
//
//   ELBO(x) = E_q[log p(x | z)] − KL(q(z | x) ‖ N(0, I)),
//   KL = −½ Σⱼ (1 + log σⱼ² − μⱼ² − σⱼ²),
//
// with the expectation estimated by one reparameterized sample z = μ + σ ⊙ ε, ε ~ N(0, I) (drawn
// from the learner's Rng), so gradients flow through μ and σ. β weights the KL term (β-VAE).

import type { AgentRegistration } from '../../src/agent/agent-registry.js';
import type { Metrics } from '../../src/agent/agent.js';
import { BaseLearner } from '../../src/agent/base-learner.js';
import { mergeOptions } from '../../src/agent/merge-options.js';
import type { StateSnapshot } from '../../src/agent/state-snapshot.js';
import { Graph } from '../../src/autograd/graph.js';
import type { Variable } from '../../src/autograd/variable.js';
import type { Batch, DataSource } from '../../src/data/data-source.js';
import { ConfigError, ShapeError, formatShape } from '../../src/errors.js';
import { JsBackend } from '../../src/kernels/js/js-backend.js';
import type { KernelBackend } from '../../src/kernels/kernel-backend.js';
import type { ForwardContext } from '../../src/nn/layer.js';
import { binaryCrossEntropyWithLogits } from '../../src/nn/losses.js';
import type { Param } from '../../src/nn/param.js';
import type { Sequential } from '../../src/nn/sequential.js';
import { Adam } from '../../src/optim/adam.js';
import type { Rng } from '../../src/random/rng.js';
import { shapeSize } from '../../src/tensor/shape.js';
import { Tensor } from '../../src/tensor/tensor.js';
import { networksSnapshot, restoreNetworks } from '../shared-generative/network-state.js';
import { renderTensorSamples, type RenderedSamples, type RenderSamplesOptions } from '../shared-generative/render-samples.js';
import { convVaeNetworks, mlpVaeNetworks } from './vae-networks.js';
import { VAE_DEFAULTS, checkVaeOptions, type VaeOptions } from './vae-options.js';

/** The two ELBO terms per example, as graph values `[batch]` (nats). */
export interface ElboTerms {
  /** −log p(x | z) for the sampled z. */
  readonly reconstruction: Variable;
  /** KL(q(z | x) ‖ N(0, I)), in closed form. */
  readonly kl: Variable;
}

/**
 * A VAE learner for `fit`. Per batch it reports `loss` (reconstruction + β·KL, the negative ELBO
 * when β = 1), `reconstruction` and `kl`, each a mean per example in nats; `evaluate` reports the
 * same as `negElbo`, `reconstruction`, `kl` over the whole held-out split (one z sample per
 * example, drawn from the evaluation Rng). `sample(n, rng)` decodes z ~ N(0, I) into the
 * likelihood's mean (pixel probabilities for Bernoulli); `reconstruct(x)` decodes μ(x).
 *
 * @example
 * ```ts
 * const source = mnist();
 * const vae = new Vae(source.train.inputShape, rng.child('agent'), { latentDim: 20 });
 * fit(source, vae, { budget: { epochs: 30 }, batchSize: 100, eval: { every: 80 } }).subscribe(...);
 * vae.evaluate(source, rng.child('eval')).negElbo;   // nats per digit
 * ```
 */
export class Vae extends BaseLearner {
  readonly options: VaeOptions;
  /** Shape of one example, e.g. `[28, 28, 1]`. */
  readonly dataShape: readonly number[];
  readonly encoder: Sequential;
  readonly decoder: Sequential;
  private readonly encoderInputShape: readonly number[];
  private readonly dataSize: number;
  private readonly graph: Graph;
  private readonly optimizer: Adam;

  constructor(dataShape: readonly number[], rng: Rng, options: Partial<VaeOptions> = {}, backend: KernelBackend = new JsBackend()) {
    super(rng);
    const resolved = mergeOptions('vae', VAE_DEFAULTS, options);
    checkVaeOptions(resolved);
    if (dataShape.length === 0 || !dataShape.every((d) => Number.isSafeInteger(d) && d > 0)) {
      throw new ShapeError(`vae: the data shape must hold positive extents, got ${formatShape(dataShape)}`);
    }
    this.options = resolved;
    this.dataShape = Object.freeze([...dataShape]);
    this.dataSize = shapeSize(dataShape);
    const networks = resolved.architecture === 'conv' ? convVaeNetworks(resolved, dataShape) : mlpVaeNetworks(resolved, this.dataSize);
    this.encoder = networks.encoder;
    this.decoder = networks.decoder;
    this.encoderInputShape = networks.inputShape;
    this.encoder.build(networks.inputShape, rng.child('encoder'));
    this.decoder.build([resolved.latentDim], rng.child('decoder'));
    this.graph = new Graph(backend);
    this.optimizer = new Adam(this.namedParams(), { lr: resolved.learningRate });
  }

  /**
   * The ELBO terms of `inputs` `[batch, ...dataShape]` with the reparameterization noise given
   * explicitly (`noise` `[batch, latentDim]`, standard normal): z = μ + exp(½ log σ²) ⊙ noise.
   */
  elboTerms(inputs: Tensor, noise: Tensor, ctx: ForwardContext): ElboTerms {
    const g = ctx.graph;
    const n = inputs.shape[0]!;
    const latent = this.options.latentDim;
    if (noise.rank !== 2 || noise.shape[0] !== n || noise.shape[1] !== latent) {
      throw new ShapeError(`vae: noise must be [${n}, ${latent}], got ${formatShape(noise.shape)}`);
    }
    const posterior = this.encoder.forward(inputs.reshape([n, ...this.encoderInputShape]), ctx);
    const mean = g.slice(posterior, [0, 0], [n, latent]);
    const logVariance = g.slice(posterior, [0, latent], [n, latent]);
    const z = g.add(mean, g.mul(g.exp(g.scale(logVariance, 0.5)), noise));
    const output = g.reshape(this.decoder.forward(z, ctx), [n, this.dataSize]);
    const x = inputs.reshape([n, this.dataSize]);
    const reconstruction =
      this.options.likelihood === 'bernoulli'
        ? g.sum(binaryCrossEntropyWithLogits(g, output, x, { reduction: 'none' }), 1)
        : g.addScalar(
            g.scale(g.sum(g.square(g.sub(output, x)), 1), 1 / (2 * this.options.gaussianStd ** 2)),
            this.dataSize * (Math.log(this.options.gaussianStd) + 0.5 * Math.log(2 * Math.PI)),
          );
    // KL = −½ Σ (1 + log σ² − μ² − σ²)
    const klTerms = g.sub(g.sub(g.addScalar(logVariance, 1), g.square(mean)), g.exp(logVariance));
    return { reconstruction, kl: g.scale(g.sum(klTerms, 1), -0.5) };
  }

  /** The likelihood's mean for latent codes `[n, latentDim]`: `[n, ...dataShape]`. */
  decode(latents: Tensor): Tensor {
    const g = this.graph;
    const out = g.noGrad(() => this.decoder.forward(latents, { graph: g, training: false }));
    const mean = this.options.likelihood === 'bernoulli' ? g.backend.unary('sigmoid', out.value) : out.value;
    return mean.reshape([latents.shape[0]!, ...this.dataShape]);
  }

  /** The posterior means μ(x) `[n, latentDim]` of inputs `[n, ...dataShape]`. */
  encode(inputs: Tensor): Tensor {
    const g = this.graph;
    const n = inputs.shape[0]!;
    const posterior = g.noGrad(() => this.encoder.forward(inputs.reshape([n, ...this.encoderInputShape]), { graph: g, training: false }));
    return g.backend.slice(posterior.value, [0, 0], [n, this.options.latentDim]);
  }

  /** Reconstructions: the decoded posterior means of `inputs`, `[n, ...dataShape]`. */
  reconstruct(inputs: Tensor): Tensor {
    return this.decode(this.encode(inputs));
  }

  sample(count: number, rng: Rng): Tensor {
    if (!Number.isSafeInteger(count) || count < 0) throw new ConfigError(`vae.sample: count must be a non-negative integer, got ${count}`);
    return this.decode(new Tensor([count, this.options.latentDim], rng.fillNormal(new Float32Array(count * this.options.latentDim))));
  }

  /** `count` samples rendered for people (`neuroloop sample`): a PNG grid of pixel means for images, an SVG scatter plot for 2-D data. */
  renderSamples(count: number, rng: Rng, options: RenderSamplesOptions = {}): RenderedSamples {
    return renderTensorSamples(this.sample(count, rng), options.source === undefined ? {} : { source: options.source });
  }

  /**
   * `count` held-out examples (the first of the test split, else of the training split) over their
   * reconstructions, rendered for people (`neuroloop sample --reconstructions`): image pairs
   * stacked in a PNG grid, originals in odd rows, reconstructions below them.
   */
  renderReconstructions(count: number, source: DataSource): RenderedSamples {
    const data = source.test ?? source.train;
    const n = Math.min(count, data.size);
    if (n < 1) throw new ConfigError(`vae: '${source.id}' has no examples to reconstruct`);
    const originals = data.batch(Int32Array.from({ length: n }, (_, i) => i)).inputs;
    const reconstructions = this.reconstruct(originals);
    const columns = Math.min(n, Math.max(1, Math.ceil(Math.sqrt(2 * n))));
    const rows: Tensor[] = [];
    for (let start = 0; start < n; start += columns) {
      const size = Math.min(columns, n - start);
      for (const images of [originals, reconstructions]) {
        const row = new Tensor([columns, ...this.dataShape]);
        row.data.set(images.data.subarray(start * this.dataSize, (start + size) * this.dataSize));
        rows.push(row);
      }
    }
    const stacked = new Tensor([rows.length * columns, ...this.dataShape]);
    rows.forEach((row, i) => stacked.data.set(row.data, i * columns * this.dataSize));
    const rendered = renderTensorSamples(stacked, { columns });
    if (rendered.format !== 'png') throw new ConfigError(`vae: reconstructions are drawn for images only; '${source.id}' has examples of shape ${formatShape(this.dataShape)}`);
    return { ...rendered, summary: `${n} held-out examples of ${source.id} (odd rows) and their reconstructions (even rows)` };
  }

  /** Negative ELBO, reconstruction and KL, nats per example, over the test split (else the training split). */
  evaluate(source: DataSource, rng: Rng): Metrics {
    const data = source.test ?? source.train;
    const g = this.graph;
    let reconstruction = 0;
    let kl = 0;
    for (let start = 0; start < data.size; start += this.options.evalBatchSize) {
      const rows = Math.min(this.options.evalBatchSize, data.size - start);
      const inputs = data.batch(Int32Array.from({ length: rows }, (_, i) => start + i)).inputs;
      this.checkRange(inputs);
      const noise = new Tensor([rows, this.options.latentDim], rng.fillNormal(new Float32Array(rows * this.options.latentDim)));
      const terms = g.noGrad(() => this.elboTerms(inputs, noise, { graph: g, training: false }));
      reconstruction += sumOf(terms.reconstruction.value);
      kl += sumOf(terms.kl.value);
    }
    return { negElbo: (reconstruction + kl) / data.size, reconstruction: reconstruction / data.size, kl: kl / data.size };
  }

  protected train(batch: Batch): Metrics {
    const inputs = batch.inputs;
    if (inputs.rank !== this.dataShape.length + 1 || inputs.shape.slice(1).some((d, i) => d !== this.dataShape[i])) {
      throw new ShapeError(`vae: expected a batch of [batch, ${this.dataShape.join(', ')}], got ${formatShape(inputs.shape)}`);
    }
    this.checkRange(inputs);
    const g = this.graph;
    const n = inputs.shape[0]!;
    const noise = new Tensor([n, this.options.latentDim], this.rng.fillNormal(new Float32Array(n * this.options.latentDim)));
    let reconstruction = 0;
    let kl = 0;
    const loss = this.optimizer.minimize(g, () => {
      const terms = this.elboTerms(inputs, noise, { graph: g, training: true, rng: this.rng });
      const meanReconstruction = g.mean(terms.reconstruction);
      const meanKl = g.mean(terms.kl);
      reconstruction = meanReconstruction.item();
      kl = meanKl.item();
      return g.add(meanReconstruction, g.scale(meanKl, this.options.beta));
    });
    return { loss, reconstruction, kl };
  }

  protected getModelState(): StateSnapshot {
    return networksSnapshot({ model: { params: this.namedParams(), optimizer: this.optimizer } }, {});
  }

  protected setModelState(state: StateSnapshot): void {
    restoreNetworks(state, { model: { params: this.namedParams(), optimizer: this.optimizer } }, 'Vae.setState');
  }

  private namedParams(): Record<string, Param> {
    const params: Record<string, Param> = {};
    for (const [path, p] of Object.entries(this.encoder.namedParams())) params[`encoder/${path}`] = p;
    for (const [path, p] of Object.entries(this.decoder.namedParams())) params[`decoder/${path}`] = p;
    return params;
  }

  /** The Bernoulli likelihood is only defined for values in [0, 1]. */
  private checkRange(inputs: Tensor): void {
    if (this.options.likelihood !== 'bernoulli') return;
    const bad = inputs.data.findIndex((v) => !(v >= 0 && v <= 1));
    if (bad >= 0) {
      throw new ConfigError(`vae: the Bernoulli likelihood needs inputs in [0, 1], got ${inputs.data[bad]} (for MNIST use normalize '0,1', or likelihood 'gaussian')`);
    }
  }
}

function sumOf(t: Tensor): number {
  let total = 0;
  for (const v of t.data) total += v;
  return total;
}

/**
 * The `vae` learner of the agent registry: trained on a data source (its examples' shape sizes
 * the networks), options {@link VAE_DEFAULTS}.
 *
 * @example
 * ```ts
 * agents.register(vaeRegistration);
 * const vae = agents.makeLearner('vae', { rng, data: mnist(), options: { latentDim: 10 } });
 * ```
 */
export const vaeRegistration: AgentRegistration<VaeOptions> = {
  id: 'vae',
  description: 'Variational autoencoder (MLP or conv; Bernoulli or Gaussian likelihood; beta)',
  defaults: VAE_DEFAULTS,
  create: (context) => {
    if (context.data === undefined) throw new ConfigError(`agent '${context.id}' is a learner: build it with a data source (context.data)`);
    return new Vae(context.data.train.inputShape, context.rng, context.options, context.backend);
  },
};
