import { describe, expect, it } from 'vitest';
import { mnistCnn, trainMnistCnn } from '../../examples/mnist-cnn.js';
import { Rng } from '../../src/random/rng.js';

describe('examples/mnist-cnn', () => {
  it('builds the documented network: conv 3x3x16 - pool - conv 3x3x32 - pool - flatten - dense 10', () => {
    const model = mnistCnn();
    model.build([28, 28, 1], new Rng(0));
    expect(model.layers.map((l) => [l.className, l.outputShape])).toEqual([
      ['Conv2D', [26, 26, 16]],
      ['MaxPool2D', [13, 13, 16]],
      ['Conv2D', [11, 11, 32]],
      ['MaxPool2D', [5, 5, 32]],
      ['Flatten', [800]],
      ['Dense', [10]],
    ]);
    expect(model.countParams().trainable).toBe(160 + 4640 + 8010);
  });

  it('learns real digits: one short epoch on 1,000 images is far above chance (10%) on held-out ones', () => {
    const { epochs } = trainMnistCnn({ epochs: 1, trainSize: 1000, testSize: 500, batchSize: 32, learningRate: 5e-3 });
    expect(epochs).toHaveLength(1);
    expect(epochs[0]!.trainLoss).toBeLessThan(Math.log(10));
    expect(epochs[0]!.testAccuracy).toBeGreaterThan(0.7);
  });
});
