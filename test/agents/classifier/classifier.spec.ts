import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lastValueFrom, toArray } from 'rxjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Classifier } from '../../../agents/classifier/classifier.js';
import { ConfusionMatrix } from '../../../agents/classifier/confusion-matrix.js';
import { nestSnapshots, type StateSnapshot } from '../../../src/agent/state-snapshot.js';
import type { DataSource } from '../../../src/data/data-source.js';
import { mnist } from '../../../src/data/mnist.js';
import { filterByLabel, subset } from '../../../src/data/subset.js';
import { ConfigError, ShapeError } from '../../../src/errors.js';
import { definePlugin } from '../../../src/di/plugin.js';
import { buildExperiment } from '../../../src/experiment/build-experiment.js';
import { writeCheckpoint } from '../../../src/experiment/checkpoint-io.js';
import { parseConfig } from '../../../src/experiment/config.js';
import { freeze } from '../../../src/transfer/freeze.js';
import { networksOf } from '../../../src/transfer/transfer-hooks.js';
import type { LoopEvent } from '../../../src/loop/events.js';
import { fit, type FitOptions } from '../../../src/loop/fit.js';
import type { FitState } from '../../../src/loop/fit-state.js';
import type { Sequential } from '../../../src/nn/sequential.js';
import { Rng } from '../../../src/random/rng.js';

const range = (n: number, from = 0) => Array.from({ length: n }, (_, i) => from + i);
const MLP = [{ type: 'dense', units: 32, activation: 'relu' }];

let flat: DataSource;
let small: DataSource;

beforeAll(() => {
  flat = mnist({ flatten: true });
  small = { id: 'mnist-small', train: subset(flat.train, range(600)), test: subset(flat.test!, range(300)), classNames: flat.classNames! };
});

function classifier(seed: number, options: Record<string, unknown> = {}, data: DataSource = small): Classifier {
  return new Classifier({ rng: new Rng(seed).child('agent'), data, options: { layers: MLP, ...options } });
}

async function run(source: DataSource, learner: Classifier, options: Partial<FitOptions> = {}): Promise<LoopEvent[]> {
  return lastValueFrom(fit(source, learner, { budget: { epochs: 2 }, batchSize: 50, eval: { every: 12 }, rng: new Rng(5).child('loop'), ...options }).pipe(toArray()));
}

function weights(c: Classifier): Record<string, number[]> {
  return Object.fromEntries(Object.entries(c.network.namedParams()).map(([k, p]) => [k, Array.from(p.value.data)]));
}

describe('Classifier', () => {
  it('learns MNIST digits (MLP on a small subset) and reports train and test metrics per epoch', async () => {
    const c = classifier(1, { learningRate: 0.005 });
    const before = c.evaluate(small);
    const events = await run(small, c);
    const evals = events.filter((e) => e.type === 'eval');
    expect(evals.map((e) => [e.step, e.epoch])).toEqual([[12, 0], [24, 1]]);
    const last = evals.at(-1)!.metrics!;
    expect(before['accuracy']!).toBeLessThan(0.3);
    expect(last['accuracy']!).toBeGreaterThan(0.7);
    expect(last['loss']!).toBeLessThan(before['loss']! - 1);
    expect(last['trainAccuracy']!).toBeGreaterThan(0.65);
    expect(Object.keys(last).filter((k) => !k.startsWith('confusion/')).sort()).toEqual(['accuracy', 'loss', 'trainAccuracy', 'trainLoss']);
    const updates = events.filter((e) => e.type === 'update');
    expect(updates).toHaveLength(24);
    expect(Object.keys(updates[0]!.metrics).sort()).toEqual(['accuracy', 'loss', 'lr']);
    // trainLoss of an epoch is the mean of that epoch's batch losses (equal batches of 50).
    const epoch1 = updates.slice(12).map((e) => e.metrics['loss']!);
    expect(last['trainLoss']).toBeCloseTo(epoch1.reduce((a, b) => a + b, 0) / 12, 10);
  });

  it('puts the test confusion matrix in the eval metrics', () => {
    const c = classifier(2);
    const metrics = c.evaluate(small);
    const matrix = ConfusionMatrix.fromMetrics(metrics, 10);
    expect(matrix.total()).toBe(300);
    expect(matrix.accuracy()).toBeCloseTo(metrics['accuracy']!, 12);
    for (let t = 0; t < 10; t++) {
      const support = range(10).reduce((s, p) => s + matrix.count(t, p), 0);
      expect(support).toBe(Array.from(small.test!.labels!).filter((l) => l === t).length);
    }
    expect(matrix.format(small.classNames).split('\n')[0]).toMatch(/^true\\pred\s+0\s+1/);
    expect(Object.keys(classifier(2, { confusionMatrix: false }).evaluate(small))).toEqual(['loss', 'accuracy']);
  });

  it('trains bit-identically twice with the same seed, differently with another', async () => {
    const a = classifier(3);
    const b = classifier(3);
    const eventsA = await run(small, a, { budget: { batches: 8 } });
    const eventsB = await run(small, b, { budget: { batches: 8 } });
    expect(JSON.stringify(eventsB)).toBe(JSON.stringify(eventsA));
    expect(weights(b)).toEqual(weights(a));
    const c = classifier(4);
    await run(small, c, { budget: { batches: 8 } });
    expect(weights(c)).not.toEqual(weights(a));
  });

  it('resumes exactly from a checkpoint (weights, Adam moments, schedule, running averages, dropout rng)', async () => {
    const options = {
      layers: [{ type: 'dense', units: 32, activation: 'relu' }, { type: 'dropout', rate: 0.2 }],
      lrSchedule: { type: 'step', every: 5, gamma: 0.5 },
      earlyStoppingPatience: 3,
    };
    const saved: { learner: StateSnapshot; loop: FitState }[] = [];
    const a = classifier(5, options);
    const full = await run(small, a, { budget: { epochs: 2 }, eval: { every: 7 }, checkpoint: { every: 10, save: (step, loop) => (saved.push({ learner: a.getState(), loop }), `step-${step}`) } });
    const at = saved[0]!;
    expect(at.loop.step).toBe(10);
    const b = classifier(99, options);
    b.setState(at.learner);
    const rest = await run(small, b, { budget: { epochs: 2 }, eval: { every: 7 }, resume: at.loop });
    const after = (events: LoopEvent[]) => events.filter((e) => e.step > 10 && e.type !== 'checkpoint');
    expect(JSON.stringify(after(rest))).toBe(JSON.stringify(after(full)));
    expect(weights(b)).toEqual(weights(a));
    expect(b.getState()).toEqual(a.getState());
  });

  it('refuses a state of another architecture and leaves itself unchanged', () => {
    const a = classifier(6);
    const other = classifier(6, { layers: [{ type: 'dense', units: 16, activation: 'relu' }] });
    const before = weights(a);
    expect(() => a.setState(other.getState())).toThrow(ShapeError);
    expect(weights(a)).toEqual(before);
  });

  it('stops early: patienceLeft counts evaluations without a better test loss', () => {
    const c = classifier(7, { earlyStoppingPatience: 2 });
    expect([1, 2, 3].map(() => c.evaluate(small)['patienceLeft'])).toEqual([2, 1, 0]);
  });

  it('gives each param group its learning rate and validates options', () => {
    const c = classifier(8, { optimizer: 'sgd', momentum: 0.9, learningRate: 0.1, paramGroups: [{ match: 'dense_*', lr: 0.01 }] });
    expect(c.optimizer.className).toBe('SGD');
    expect(c.optimizer.learningRate('dense_1/kernel')).toBe(0.01);
    expect(c.optimizer.learningRate('logits/kernel')).toBe(0.1);
    expect(c.summary()).toMatch(/Optimizer: SGD\n {2}group-1: 2 params, lr 0.01\n {2}default: 2 params, lr 0.1/);
    expect(() => classifier(8, { learningRate: -1 })).toThrow(/classifier option learningRate must be a finite number > 0/);
    expect(() => classifier(8, { layer: [] })).toThrow(/unknown option 'layer'. Did you mean 'layers'\?/);
    expect(() => classifier(8, { layers: [{ type: 'dens', units: 3 }] })).toThrow(/layers\[0\]: unknown layer type 'dens'; known types: dense/);
    expect(() => classifier(8, { lrSchedule: { type: 'cosine', step: 3 } })).toThrow(/lrSchedule: unknown field step for type 'cosine'/);
    expect(() => new Classifier({ rng: new Rng(0) })).toThrow(ConfigError);
    expect(() => classifier(8, { randomShift: 2 })).toThrow(/randomShift needs image inputs \[height, width, channels\], the inputs are \[784\]/);
  });

  it('builds CNNs from layer specs (NHWC)', async () => {
    const images = mnist();
    const tiny: DataSource = { id: 'tiny', train: subset(images.train, range(40)), test: subset(images.test!, range(20)) };
    const c = new Classifier({
      rng: new Rng(9),
      data: tiny,
      options: {
        layers: [
          { type: 'conv2d', filters: 4, kernelSize: 3, activation: 'relu' },
          { type: 'maxPool2d', poolSize: 2 },
          { type: 'flatten' },
          { type: 'dense', units: 16, activation: 'relu' },
        ],
        randomShift: 1,
      },
    });
    expect(c.network.layers.map((l) => `${l.name}:${l.outputShape.join('x')}`)).toEqual(['conv2d_1:26x26x4', 'max_pool2d_1:13x13x4', 'flatten_1:676', 'dense_1:16', 'logits:10']);
    const events = await run(tiny, c, { budget: { batches: 2 }, batchSize: 20, eval: { every: 2 } });
    expect(events.filter((e) => e.type === 'eval')[0]!.metrics!['accuracy']).toBeGreaterThanOrEqual(0);
    expect(c.predict(tiny.test!.batch([0, 1]).inputs).shape).toEqual([2, 10]);
  });
});

describe('Classifier transfer learning', () => {
  it('loads pretrained layers from a checkpoint (frozen) into a new 5-way network', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nl-classifier-'));
    const pre = classifier(10);
    await run(small, pre, { budget: { batches: 6 } });
    writeCheckpoint(join(dir, 'ckpt'), { step: 6, state: nestSnapshots({ agent: pre.getState(), loop: { json: {}, tensors: {} } }), meta: {} });
    const high: DataSource = {
      id: 'digits-5-9',
      train: filterByLabel(small.train, [5, 6, 7, 8, 9], { remap: true }),
      test: filterByLabel(small.test!, [5, 6, 7, 8, 9], { remap: true }),
    };
    const c = classifier(11, { pretrained: { from: join(dir, 'ckpt'), layers: ['dense_1'], freeze: true } }, high);
    expect(c.numClasses).toBe(5);
    expect(c.pretrainedReport!.copied.map((r) => r.to)).toEqual(['dense_1']);
    expect(weights(c)['dense_1/kernel']).toEqual(weights(pre)['dense_1/kernel']);
    expect(c.network.countParams()).toEqual({ trainable: 32 * 5 + 5, frozen: 784 * 32 + 32 });
    await run(high, c, { budget: { batches: 4 }, batchSize: 30 });
    expect(weights(c)['dense_1/kernel']).toEqual(weights(pre)['dense_1/kernel']);
    expect(Object.keys(c.optimizer.getState().params)).toEqual(['logits/kernel', 'logits/bias']);
    // The old 10-way head does not fit: the error names the layers and shapes.
    expect(() => classifier(12, { pretrained: { from: join(dir, 'ckpt') } }, high)).toThrow(
      /source layer 'logits' param 'kernel' has shape \[32, 10\], target layer 'logits' expects \[32, 5\]/,
    );
  });
});

describe('Classifier in an experiment', () => {
  it('is built from a config, and a plugin TransferHook adapts its network before training', async () => {
    const zeroHead = definePlugin({
      name: 'test/zero-head',
      transferHooks: [
        {
          name: 'zero-head',
          apply: ({ agentId, model }) => {
            const network = networksOf(model)['network'] as Sequential;
            network.getLayer('logits').namedParams()['kernel']!.value.data.fill(0);
            freeze(network, ['dense_1']);
            expect(agentId).toBe('classifier');
          },
        },
      ],
    });
    const config = parseConfig(
      {
        data: { id: 'mnist', options: { flatten: true } },
        agent: { id: 'classifier', options: { layers: MLP } },
        train: { epochs: 1 },
        plugins: [join(import.meta.dirname, '../../../examples/transfer-data-plugin.ts')],
      },
      { source: 'test' },
    );
    const { task } = await buildExperiment(config, { plugins: [zeroHead] });
    const built = task.model as Classifier;
    expect(built).toBeInstanceOf(Classifier);
    expect(built.network.namedParams()['logits/kernel']!.value.data.every((v) => v === 0)).toBe(true);
    expect(built.network.countParams()).toEqual({ trainable: 330, frozen: 784 * 32 + 32 });
  });
});
