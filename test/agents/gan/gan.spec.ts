import { lastValueFrom, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { Gan, ganRegistration } from '../../../agents/gan/gan.js';
import type { GanOptions } from '../../../agents/gan/gan-options.js';
import { AgentRegistryImpl } from '../../../src/agent/agent-registry.js';
import type { Batch } from '../../../src/data/data-source.js';
import { TensorDataset } from '../../../src/data/tensor-dataset.js';
import { ring8 } from '../../../src/data/toy-2d.js';
import { Graph } from '../../../src/autograd/graph.js';
import { ConfigError } from '../../../src/errors.js';
import { JsBackend } from '../../../src/kernels/js/js-backend.js';
import { fit } from '../../../src/loop/fit.js';
import type { LoopEvent } from '../../../src/loop/events.js';
import { Rng } from '../../../src/random/rng.js';
import { Tensor } from '../../../src/tensor/tensor.js';

const TINY: Partial<GanOptions> = { latentDim: 2, generatorHidden: [8], discriminatorHidden: [8], generatorBatchNorm: false, generatorLr: 1e-3, discriminatorLr: 1e-3 };

function ringBatches(count: number, size: number, seed = 0): Batch[] {
  const source = ring8({ trainSize: 256, seed });
  const rng = new Rng(seed);
  return Array.from({ length: count }, () => source.train.batch(rng.permutation(256).subarray(0, size)));
}

function paramValues(gan: Gan): number[] {
  return [...gan.generator.params(), ...gan.discriminator.params()].flatMap((p) => Array.from(p.value.data));
}

describe('Gan', () => {
  it('trains on 2-D data, samples [n, 2] and scores mode coverage', () => {
    const gan = new Gan([2], new Rng(0), TINY);
    for (const batch of ringBatches(5, 32)) {
      const metrics = gan.trainStep(batch);
      expect(Object.keys(metrics).sort()).toEqual(['dFake', 'dLoss', 'dReal', 'gLoss']);
      expect(metrics['dReal']).toBeGreaterThan(0);
      expect(metrics['dReal']).toBeLessThan(1);
    }
    expect(gan.sample(7, new Rng(1)).shape).toEqual([7, 2]);
    const score = gan.evaluate(ring8({ trainSize: 16 }), new Rng(2));
    expect(score['numModes']).toBe(8);
    expect(score['modesCovered']).toBeGreaterThanOrEqual(0);
    expect(score['modesCovered']).toBeLessThanOrEqual(8);
    expect(score['highQualityPct']).toBeGreaterThanOrEqual(0);
  });

  it('is deterministic for a seed, and differs between seeds', () => {
    const run = (seed: number): number[] => {
      const gan = new Gan([2], new Rng(seed), { ...TINY, loss: 'wasserstein', nCritic: 2 });
      for (const batch of ringBatches(4, 16)) gan.trainStep(batch);
      return [...paramValues(gan), ...gan.sample(4, new Rng(9)).data];
    };
    expect(run(3)).toEqual(run(3));
    expect(run(3)).not.toEqual(run(4));
  });

  it('does not let evaluation or sampling shift the training stream', () => {
    const batches = ringBatches(3, 16);
    const plain = new Gan([2], new Rng(5), TINY);
    const probed = new Gan([2], new Rng(5), TINY);
    for (const batch of batches) {
      plain.trainStep(batch);
      probed.trainStep(batch);
      probed.sample(10, new Rng(1));
      probed.evaluate(ring8({ trainSize: 16 }), new Rng(2));
    }
    expect(paramValues(probed)).toEqual(paramValues(plain));
  });

  it('resumes bit for bit from getState / setState', () => {
    const batches = ringBatches(6, 16);
    const options = { ...TINY, generatorBatchNorm: true, nCritic: 2 };
    const original = new Gan([2], new Rng(1), options);
    for (const batch of batches.slice(0, 3)) original.trainStep(batch);
    const restored = new Gan([2], new Rng(99), options);
    restored.setState(original.getState());
    for (const batch of batches.slice(3)) expect(restored.trainStep(batch)).toEqual(original.trainStep(batch));
    expect(paramValues(restored)).toEqual(paramValues(original));
  });

  it('trains on normalized data with normalizeData, samples in data space, and saves the normalizer', () => {
    const source = ring8({ trainSize: 256 });
    const options = { ...TINY, normalizeData: true };
    const gan = new Gan([2], new Rng(2), options, undefined, source.train);
    const batches = ringBatches(4, 16);
    for (const batch of batches.slice(0, 2)) gan.trainStep(batch);
    const resumed = new Gan([2], new Rng(3), options, undefined, ring8({ trainSize: 256, seed: 9 }).train);
    resumed.setState(gan.getState());
    for (const batch of batches.slice(2)) expect(resumed.trainStep(batch)).toEqual(gan.trainStep(batch));
    expect(resumed.sample(3, new Rng(1)).data).toEqual(gan.sample(3, new Rng(1)).data);
    // Samples are mapped back to data space: the raw generator output differs.
    expect(gan.generator.predict(new Graph(new JsBackend()), gan.latents(3, new Rng(1))).data).not.toEqual(gan.sample(3, new Rng(1)).data);
    expect(() => new Gan([2], new Rng(2), TINY).setState(gan.getState())).toThrow(/trained with normalizeData/);
    expect(() => new Gan([2], new Rng(0), options)).toThrow(/normalizeData needs the training data/);
    expect(() => new Gan([8, 8, 1], new Rng(0), options, undefined, source.train)).toThrow(/vector data/);
  });

  it('updates the generator only every nCritic-th batch', () => {
    const gan = new Gan([2], new Rng(0), { ...TINY, nCritic: 3 });
    const generatorValues = (): number[] => gan.generator.params().flatMap((p) => Array.from(p.value.data));
    const before = generatorValues();
    const [b1, b2, b3] = ringBatches(3, 16);
    expect(gan.trainStep(b1!)['gLoss']).toBeUndefined();
    expect(gan.trainStep(b2!)['gLoss']).toBeUndefined();
    expect(generatorValues()).toEqual(before);
    expect(gan.trainStep(b3!)['gLoss']).toBeTypeOf('number');
    expect(generatorValues()).not.toEqual(before);
  });

  it('decays both learning rates together over lrDecaySteps batches, whatever nCritic', () => {
    const gan = new Gan([2], new Rng(0), { ...TINY, nCritic: 2, lrDecaySteps: 4, finalLrFraction: 0.5 });
    expect(gan.learningRates).toEqual({ generator: 1e-3, discriminator: 1e-3 });
    const batches = ringBatches(6, 8);
    for (const batch of batches.slice(0, 2)) gan.trainStep(batch);
    // 2 of 4 batches: halfway from 1e-3 to 5e-4.
    expect(gan.learningRates.discriminator).toBeCloseTo(7.5e-4, 12);
    expect(gan.learningRates.generator).toBeCloseTo(7.5e-4, 12);
    for (const batch of batches.slice(2)) gan.trainStep(batch);
    expect(gan.learningRates).toEqual({ generator: 5e-4, discriminator: 5e-4 });
  });

  it('reports the Wasserstein estimate and gradient penalty of WGAN-GP', () => {
    const gan = new Gan([2], new Rng(0), { ...TINY, loss: 'wasserstein', gradientPenalty: 10 });
    const metrics = gan.trainStep(ringBatches(1, 16)[0]!);
    expect(Object.keys(metrics).sort()).toEqual(['dLoss', 'gLoss', 'gradientPenalty', 'wassersteinEstimate']);
    expect(metrics['gradientPenalty']).toBeGreaterThanOrEqual(0);
    // dLoss = −estimate + λ·penalty.
    expect(metrics['dLoss']).toBeCloseTo(-metrics['wassersteinEstimate']! + 10 * metrics['gradientPenalty']!, 4);
  });

  it('packs examples for the discriminator and trims batches to a multiple of pack', () => {
    const gan = new Gan([2], new Rng(0), { ...TINY, pack: 4, minibatchStdDev: true });
    expect(gan.discriminator.inputShape).toEqual([8]);
    const batch = ringBatches(1, 10)[0]!;
    expect(Number.isFinite(gan.trainStep(batch)['dLoss'])).toBe(true);
    expect(() => gan.trainStep({ inputs: new Tensor([3, 2]) })).toThrow(/smaller than pack = 4/);
  });

  it('builds DCGAN networks for images and packs them along channels', () => {
    const images = new TensorDataset({ inputs: new Rng(0).fillUniform(new Float32Array(8 * 64), -1, 1), inputShape: [8, 8, 1] });
    const gan = new Gan([8, 8, 1], new Rng(0), { ...TINY, dcganChannels: 8, pack: 2 });
    expect(gan.architecture).toBe('dcgan');
    expect(gan.discriminator.inputShape).toEqual([8, 8, 2]);
    expect(gan.generator.outputShape).toEqual([8, 8, 1]);
    const metrics = gan.trainStep(images.batch([0, 1, 2, 3, 4, 5, 6, 7]));
    expect(Number.isFinite(metrics['gLoss'])).toBe(true);
    const samples = gan.sample(3, new Rng(1));
    expect(samples.shape).toEqual([3, 8, 8, 1]);
    // tanh output: pixels in [-1, 1].
    expect(samples.data.every((v) => v >= -1 && v <= 1)).toBe(true);

    // WGAN-GP on images: a critic without batch norm, its exact penalty through the convolutions.
    const critic = new Gan([8, 8, 1], new Rng(0), { ...TINY, dcganChannels: 8, loss: 'wasserstein' });
    expect(critic.discriminator.layers.map((l) => l.className)).not.toContain('BatchNormalization');
    expect(critic.trainStep(images.batch([0, 1, 2, 3]))['gradientPenalty']).toBeGreaterThan(0);
  });

  it('runs under fit from the agent registry and emits eval events with mode coverage', async () => {
    const registry = new AgentRegistryImpl();
    registry.register(ganRegistration);
    const source = ring8({ trainSize: 64 });
    const gan = registry.makeLearner('gan', { rng: new Rng(0), data: source, options: { ...TINY, evalSamples: 100 } });
    const events: LoopEvent[] = await lastValueFrom(fit(source, gan, { budget: { batches: 4 }, batchSize: 16, eval: { every: 2 } }).pipe(toArray()));
    const evals = events.filter((e) => e.type === 'eval');
    expect(evals).toHaveLength(2);
    expect(Object.keys((evals[0] as { metrics: object }).metrics).sort()).toEqual(['highQualityPct', 'modesCovered', 'numModes']);
  });

  it('refuses bad options with the option named', () => {
    expect(() => new Gan([2], new Rng(0), { pack: 0 })).toThrow(/pack must be a positive integer/);
    expect(() => new Gan([2], new Rng(0), { loss: 'wasserstein', minibatchStdDev: true })).toThrow(ConfigError);
    expect(() => new Gan([2], new Rng(0), { loss: 'hinge' as GanOptions['loss'] })).toThrow(/loss must be one of/);
    expect(() => new Gan([2], new Rng(0), { pakc: 2 } as Partial<GanOptions>)).toThrow(/Did you mean 'pack'/);
    expect(() => new Gan([5, 5, 1], new Rng(0), { architecture: 'dcgan' })).toThrow(/halve/);
  });
});
