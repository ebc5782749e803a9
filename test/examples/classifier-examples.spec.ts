import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Classifier } from '../../agents/classifier/classifier.js';
import { ConfusionMatrix } from '../../agents/classifier/confusion-matrix.js';
import { MNIST_CNN_CONFIG, MNIST_CNN_RUN_DIR } from '../../examples/train-mnist-cnn.js';
import { CIFAR10_RECORD_BYTES } from '../../src/data/cifar10.js';
import { buildExperiment } from '../../src/experiment/build-experiment.js';
import { listCheckpoints } from '../../src/experiment/checkpoint-io.js';
import { parseConfig } from '../../src/experiment/config.js';
import { Experiment } from '../../src/experiment/experiment.js';
import type { Sequential } from '../../src/nn/sequential.js';
import { Rng } from '../../src/random/rng.js';
import { loadPretrainedModel } from '../../src/transfer/pretrained-source.js';

const examples = join(import.meta.dirname, '../../examples');

/** CIFAR-10 binary files (label byte + 3,072 channel-planar pixel bytes per record), random images. */
function writeTinyCifar(dir: string, perFile: number): void {
  mkdirSync(dir, { recursive: true });
  const rng = new Rng(42);
  const file = (records: number): Uint8Array => {
    const bytes = new Uint8Array(records * CIFAR10_RECORD_BYTES);
    for (let r = 0; r < records; r++) {
      bytes[r * CIFAR10_RECORD_BYTES] = r % 10;
      for (let i = 1; i < CIFAR10_RECORD_BYTES; i++) bytes[r * CIFAR10_RECORD_BYTES + i] = rng.int(256);
    }
    return bytes;
  };
  for (let k = 1; k <= 5; k++) writeFileSync(join(dir, `data_batch_${k}.bin`), file(perFile));
  writeFileSync(join(dir, 'test_batch.bin'), file(10));
}

describe('examples/classifier-cifar10-cnn.json', () => {
  it('runs end to end on CIFAR-format files: the tutorial CNN, a checkpoint that loads as a model, a confusion matrix', async () => {
    const root = mkdtempSync(join(tmpdir(), 'nl-cifar-example-'));
    const dataDir = join(root, 'cifar-10-batches-bin');
    writeTinyCifar(dataDir, 4);
    const config = parseConfig(readFileSync(join(examples, 'classifier-cifar10-cnn.json'), 'utf8'), { source: join(examples, 'classifier-cifar10-cnn.json') });
    expect(config.data).toEqual({ id: 'cifar-10', options: { dir: 'data/cifar-10-batches-bin', normalize: '-1,1' } });
    const experiment = await Experiment.create(
      { ...config, data: { id: 'cifar-10', options: { ...config.data!.options, dir: dataDir } }, train: { epochs: 1, batchSize: 4 }, eval: { every: 5, episodes: 10 }, out: join(root, 'run') },
      { quiet: true },
    );
    const summary = await experiment.run();
    expect(summary.steps).toBe(5);
    expect(summary.finalEval.metrics!['accuracy']).toBeGreaterThanOrEqual(0);
    expect(ConfusionMatrix.fromMetrics(summary.finalEval.metrics!, 10).total()).toBe(10);
    expect(listCheckpoints(join(root, 'run')).map((c) => c.step)).toEqual([5]);
    const model = loadPretrainedModel(join(root, 'run')) as Sequential;
    expect(model.layers.map((l) => `${l.className}:${l.outputShape.join('x')}`)).toEqual([
      'Conv2D:28x28x6', 'MaxPool2D:14x14x6', 'Conv2D:10x10x16', 'MaxPool2D:5x5x16', 'Flatten:400', 'Dense:120', 'Dense:84', 'Dense:10',
    ]);
    // The classic PyTorch tutorial network has 62,006 parameters.
    expect(model.countParams().trainable).toBe(62_006);
  });
});

describe('examples/classifier-mnist-cnn.json', () => {
  it('builds the MNIST CNN whose run folder train-mnist-cnn.ts leaves at its known path', async () => {
    const config = parseConfig(readFileSync(MNIST_CNN_CONFIG, 'utf8'), { source: MNIST_CNN_CONFIG });
    expect(config.out).toBe(MNIST_CNN_RUN_DIR);
    // One evaluation per epoch: 8,000 training digits in batches of 64.
    expect(config.eval.every).toBe(Math.ceil(8000 / config.train.batchSize!));
    const { task } = await buildExperiment(config);
    const classifier = task.model as Classifier;
    expect(classifier.network.layers.map((l) => `${l.className}:${l.outputShape.join('x')}`)).toEqual([
      'Conv2D:26x26x16', 'MaxPool2D:13x13x16', 'Conv2D:11x11x32', 'MaxPool2D:5x5x32', 'Flatten:800', 'Dense:128', 'Dropout:128', 'Dense:10',
    ]);
    expect(classifier.options.randomShift).toBe(2);
  });
});
