import { describe, expect, it } from 'vitest';
import { Vae, vaeRegistration } from '../../../agents/vae/vae.js';
import type { VaeOptions } from '../../../agents/vae/vae-options.js';
import { AgentRegistryImpl } from '../../../src/agent/agent-registry.js';
import { Graph } from '../../../src/autograd/graph.js';
import type { DataSource } from '../../../src/data/data-source.js';
import { TensorDataset } from '../../../src/data/tensor-dataset.js';
import { ConfigError } from '../../../src/errors.js';
import { JsBackend } from '../../../src/kernels/js/js-backend.js';
import type { Dense } from '../../../src/nn/dense.js';
import { Rng } from '../../../src/random/rng.js';
import { Tensor } from '../../../src/tensor/tensor.js';

const softplus = (x: number): number => Math.log1p(Math.exp(x));

/** 4x4 "images" in [0, 1]: a few fixed patterns plus noise, 48 train / 16 test. */
function tinyImages(seed = 0): DataSource {
  const rng = new Rng(seed);
  const make = (n: number): TensorDataset => {
    const data = new Float32Array(n * 16);
    for (let i = 0; i < n; i++) for (let p = 0; p < 16; p++) data[i * 16 + p] = Math.min(1, Math.max(0, ((p + i) % 3 === 0 ? 0.9 : 0.1) + rng.normal(0, 0.05)));
    return new TensorDataset({ inputs: data, inputShape: [4, 4, 1] });
  };
  return { id: 'tiny', train: make(48), test: make(16) };
}

const TINY: Partial<VaeOptions> = { latentDim: 2, hidden: [8], learningRate: 1e-2 };

describe('Vae', () => {
  it('computes the ELBO terms of a tiny linear VAE as by hand (Bernoulli and Gaussian)', () => {
    for (const likelihood of ['bernoulli', 'gaussian'] as const) {
      const vae = new Vae([2], new Rng(0), { latentDim: 1, hidden: [], likelihood, gaussianStd: 0.5 });
      const [encoder, decoder] = [vae.encoder.layers[0] as Dense, vae.decoder.layers[0] as Dense];
      encoder.kernel.value.data.set([0.5, -1, 2, 0.25]); // [[0.5, -1], [2, 0.25]]: x -> (mean, log variance)
      encoder.bias!.value.data.set([0.1, -0.2]);
      decoder.kernel.value.data.set([1.5, -0.5]); // [[1.5, -0.5]]: z -> 2 outputs
      decoder.bias!.value.data.set([0.3, 0.4]);
      const x = [1, 0.25];
      const eps = 0.7;
      const mean = x[0]! * 0.5 + x[1]! * 2 + 0.1;
      const logVariance = x[0]! * -1 + x[1]! * 0.25 - 0.2;
      const z = mean + Math.exp(0.5 * logVariance) * eps;
      const out = [z * 1.5 + 0.3, z * -0.5 + 0.4];
      const reconstruction =
        likelihood === 'bernoulli'
          ? out.reduce((s, l, i) => s + softplus(l) - l * x[i]!, 0)
          : out.reduce((s, m, i) => s + (x[i]! - m) ** 2 / (2 * 0.25) + Math.log(0.5) + 0.5 * Math.log(2 * Math.PI), 0);
      const kl = -0.5 * (1 + logVariance - mean ** 2 - Math.exp(logVariance));
      const g = new Graph(new JsBackend());
      const terms = vae.elboTerms(Tensor.from([x]), Tensor.from([[eps]]), { graph: g, training: false });
      expect(terms.reconstruction.value.data[0]).toBeCloseTo(reconstruction, 4);
      expect(terms.kl.value.data[0]).toBeCloseTo(kl, 5);
    }
  });

  it('lowers the negative ELBO on held-out data as it trains, and samples pixel probabilities', () => {
    const source = tinyImages();
    const vae = new Vae([4, 4, 1], new Rng(0), TINY);
    const before = vae.evaluate(source, new Rng(1))['negElbo']!;
    const rng = new Rng(2);
    for (let step = 0; step < 60; step++) {
      const metrics = vae.trainStep(source.train.batch(rng.permutation(48).subarray(0, 16)));
      expect(metrics['loss']).toBeCloseTo(metrics['reconstruction']! + metrics['kl']!, 3);
    }
    const after = vae.evaluate(source, new Rng(1));
    expect(after['negElbo']).toBeLessThan(before - 1);
    expect(after['negElbo']).toBeCloseTo(after['reconstruction']! + after['kl']!, 6);
    const samples = vae.sample(5, new Rng(3));
    expect(samples.shape).toEqual([5, 4, 4, 1]);
    expect(samples.data.every((p) => p > 0 && p < 1)).toBe(true);
    expect(vae.reconstruct(source.test!.batch([0, 1]).inputs).shape).toEqual([2, 4, 4, 1]);
  });

  it('is deterministic for a seed and resumes bit for bit from getState / setState', () => {
    const source = tinyImages();
    const batches = [0, 1, 2, 3].map((i) => source.train.batch([i, i + 4, i + 8, i + 12]));
    const a = new Vae([4, 4, 1], new Rng(7), TINY);
    const b = new Vae([4, 4, 1], new Rng(7), TINY);
    for (const batch of batches.slice(0, 2)) expect(a.trainStep(batch)).toEqual(b.trainStep(batch));
    const resumed = new Vae([4, 4, 1], new Rng(8), TINY);
    resumed.setState(a.getState());
    for (const batch of batches.slice(2)) expect(resumed.trainStep(batch)).toEqual(a.trainStep(batch));
    expect(resumed.sample(2, new Rng(0)).data).toEqual(a.sample(2, new Rng(0)).data);
  });

  it('builds the conv architecture for images with sides divisible by 4', () => {
    const vae = new Vae([8, 8, 1], new Rng(0), { ...TINY, architecture: 'conv', convChannels: [4, 8] });
    expect(vae.encoder.outputShape).toEqual([4]);
    expect(vae.decoder.outputShape).toEqual([8, 8, 1]);
    const images = new Tensor([2, 8, 8, 1], new Rng(1).fillUniform(new Float32Array(128)));
    expect(Number.isFinite(vae.trainStep({ inputs: images })['loss'])).toBe(true);
    expect(() => new Vae([6, 6, 1], new Rng(0), { architecture: 'conv' })).toThrow(/divisible by 4/);
  });

  it('refuses inputs outside [0, 1] for the Bernoulli likelihood, and bad options', () => {
    const vae = new Vae([2], new Rng(0), TINY);
    expect(() => vae.trainStep({ inputs: Tensor.from([[-1, 0.5]]) })).toThrow(/normalize '0,1'/);
    expect(() => new Vae([2], new Rng(0), { beta: -1 })).toThrow(ConfigError);
    expect(() => new Vae([2], new Rng(0), { latentDims: 3 } as Partial<VaeOptions>)).toThrow(/Did you mean 'latentDim'/);
  });

  it('is built by the agent registry from a data source', () => {
    const registry = new AgentRegistryImpl();
    registry.register(vaeRegistration);
    const vae = registry.makeLearner('vae', { rng: new Rng(0), data: tinyImages(), options: TINY });
    expect(vae.sample!(1, new Rng(0)).shape).toEqual([1, 4, 4, 1]);
  });
});
