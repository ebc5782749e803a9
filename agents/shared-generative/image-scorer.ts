import { Graph } from '../../src/autograd/graph.js';
import { ShapeError, formatShape } from '../../src/errors.js';
import type { KernelBackend } from '../../src/kernels/kernel-backend.js';
import type { Layer } from '../../src/nn/layer.js';
import { Tensor } from '../../src/tensor/tensor.js';
import { loadPretrainedModel } from '../../src/transfer/pretrained-source.js';
import { classifierScore, softmaxRows, type ClassifierScore } from './classifier-score.js';

/** Images scored per forward pass: bounds the memory of the classifier's convolutions. */
const CHUNK = 100;

/**
 * Scores generated images with a trained classifier (neuroloop's own MNIST CNN from
 * examples/train-mnist-cnn.ts): loads the network once from `from` (a run folder, checkpoint or
 * weights file; see `readPretrained`) and returns {@link classifierScore} of its predictions.
 * The classifier reads pixels in [0, 1]; images in [-1, 1] (a tanh generator) are rescaled.
 *
 * @example
 * ```ts
 * const scorer = new ImageScorer('runs/classifier-mnist-cnn/seed-0', backend);
 * scorer.score(gan.sample(1000, rng), '-1,1');   // { klToUniform, meanConfidence, classCounts }
 * ```
 */
export class ImageScorer {
  readonly model: Layer;
  private readonly graph: Graph;

  constructor(from: string, backend: KernelBackend) {
    this.model = loadPretrainedModel(from);
    this.graph = new Graph(backend);
  }

  /** The score of `images` `[n, ...classifier input shape]` with pixels in `range`. */
  score(images: Tensor, range: '0,1' | '-1,1'): ClassifierScore {
    const shape = this.model.inputShape;
    if (images.rank !== shape.length + 1 || shape.some((d, i) => d !== -1 && d !== images.shape[i + 1])) {
      throw new ShapeError(`ImageScorer: the classifier reads [batch, ${shape.join(', ')}], got images ${formatShape(images.shape)}`);
    }
    const n = images.shape[0]!;
    const size = images.size / Math.max(n, 1);
    const chunks: Tensor[] = [];
    for (let start = 0; start < n; start += CHUNK) {
      const rows = Math.min(CHUNK, n - start);
      const pixels = images.data.slice(start * size, (start + rows) * size);
      if (range === '-1,1') for (let i = 0; i < pixels.length; i++) pixels[i] = (pixels[i]! + 1) / 2;
      const input = new Tensor([rows, ...images.shape.slice(1)], pixels);
      chunks.push(this.graph.noGrad(() => this.model.forward(input, { graph: this.graph, training: false })).value);
    }
    const k = chunks[0]?.shape[1] ?? 0;
    const logits = new Tensor([n, k]);
    let offset = 0;
    for (const chunk of chunks) {
      logits.data.set(chunk.data, offset);
      offset += chunk.size;
    }
    return classifierScore(softmaxRows(logits));
  }
}
