/**
 * Trains the MNIST CNN of `examples/classifier-mnist-cnn.json` and leaves its run folder, with
 * the final checkpoint, at {@link MNIST_CNN_RUN_DIR} (`runs/classifier-mnist-cnn/seed-0`, relative
 * to the working folder): the trained digit classifier other examples reuse (the GAN evaluation
 * harness scores generated digits with it). The same run from the command line:
 *
 * ```sh
 * npx tsx examples/train-mnist-cnn.ts            # or: neuroloop run examples/classifier-mnist-cnn.json
 * ```
 *
 * Load the trained network anywhere with {@link loadMnistCnn} (or `loadPretrainedModel(dir)`):
 * inputs are NHWC `[batch, 28, 28, 1]` images with pixels in [0, 1] (rescale a tanh generator's
 * [-1, 1] output with (x + 1) / 2), outputs are the 10 digit logits.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseConfig } from '../src/experiment/config.js';
import { Experiment } from '../src/experiment/experiment.js';
import type { RunSummary } from '../src/experiment/run-summary.js';
import type { Sequential } from '../src/nn/sequential.js';
import { loadPretrainedModel } from '../src/transfer/pretrained-source.js';

/** Where the trained MNIST CNN's run folder goes (the config's default `out`). */
export const MNIST_CNN_RUN_DIR = 'runs/classifier-mnist-cnn/seed-0';

/** The config file this script runs. */
export const MNIST_CNN_CONFIG = join(import.meta.dirname, 'classifier-mnist-cnn.json');

/**
 * Runs `examples/classifier-mnist-cnn.json` into `out` and resolves with its summary
 * (`finalEval.metrics.accuracy` is the test accuracy on the 2,000 held-out digits).
 *
 * @example
 * ```ts
 * const summary = await trainMnistCnn();
 * console.log(summary.finalEval.metrics!.accuracy);   // >= 0.98
 * ```
 */
export async function trainMnistCnn(out: string = MNIST_CNN_RUN_DIR, options: { readonly quiet?: boolean } = {}): Promise<RunSummary> {
  const config = parseConfig(readFileSync(MNIST_CNN_CONFIG, 'utf8'), { source: MNIST_CNN_CONFIG });
  const experiment = await Experiment.create({ ...config, out }, { quiet: options.quiet ?? false, force: true });
  return experiment.run();
}

/**
 * The trained MNIST CNN from a run folder (default {@link MNIST_CNN_RUN_DIR}), built and holding
 * the weights of its latest checkpoint.
 *
 * @example
 * ```ts
 * const cnn = loadMnistCnn();
 * const logits = cnn.predict(new Graph(new JsBackend()), images);   // [batch, 10]
 * ```
 */
export function loadMnistCnn(dir: string = MNIST_CNN_RUN_DIR): Sequential {
  return loadPretrainedModel(dir) as Sequential;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const out = process.argv[2] ?? MNIST_CNN_RUN_DIR;
  const summary = await trainMnistCnn(out);
  const accuracy = summary.finalEval.metrics?.['accuracy'];
  console.log(`${out}: test accuracy ${accuracy === undefined ? '?' : (100 * accuracy).toFixed(2)}% after ${summary.steps} batches (${summary.wallSeconds.toFixed(0)} s)`);
}
