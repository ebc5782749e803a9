// Supervised classification with a feed-forward network (an MLP, or a CNN in the LeNet line:
// Y. LeCun, L. Bottou, Y. Bengio and P. Haffner, "Gradient-based learning applied to document
// recognition", Proc. IEEE 86(11), 1998) trained on softmax cross-entropy by minibatch gradient
// descent (Adam: D. P. Kingma and J. Ba, arXiv:1412.6980), driven by `fit` like every learner.
//
//   loss = mean_i −log softmax(f(x_i))[y_i],   f = layers -> Dense(numClasses) 'logits'
//
// Transfer learning: the `pretrained` option loads layers of another run into the network right
// after it is built (and may freeze them); `paramGroups` give the trunk its own learning rate.

import type { AgentContext, AgentRegistration } from '../../src/agent/agent-registry.js';
import type { Metrics } from '../../src/agent/agent.js';
import { BaseLearner } from '../../src/agent/base-learner.js';
import { mergeOptions } from '../../src/agent/merge-options.js';
import { nestSnapshots, pickSnapshot, snapshotNumber, type JsonObject, type StateSnapshot } from '../../src/agent/state-snapshot.js';
import { Graph } from '../../src/autograd/graph.js';
import type { Batch, Dataset, DataSource } from '../../src/data/data-source.js';
import { ConfigError } from '../../src/errors.js';
import { JsBackend } from '../../src/kernels/js/js-backend.js';
import type { KernelBackend } from '../../src/kernels/kernel-backend.js';
import { defaultLayerRegistry, type LayerRegistry } from '../../src/nn/layer-registry.js';
import { softmaxCrossEntropy } from '../../src/nn/losses.js';
import type { Sequential } from '../../src/nn/sequential.js';
import { deserializeOptimizerState, serializeOptimizerState, type OptimizerStateJson } from '../../src/optim/optimizer-state-io.js';
import type { Rng } from '../../src/random/rng.js';
import { Tensor } from '../../src/tensor/tensor.js';
import { applyPretrained, parsePretrainedOptions } from '../../src/transfer/apply-pretrained.js';
import { GroupedOptimizer } from '../../src/transfer/grouped-optimizer.js';
import { networkSnapshot, restoreNetworkSnapshot } from '../../src/transfer/network-snapshot.js';
import type { HasNetworks } from '../../src/transfer/transfer-hooks.js';
import type { TransferReport } from '../../src/transfer/transfer-weights.js';
import { CLASSIFIER_DEFAULTS, checkClassifierOptions, learningRateOf, optimizerFactory, type ClassifierOptions } from './classifier-options.js';
import { ConfusionMatrix } from './confusion-matrix.js';
import { buildNetwork } from './network-spec.js';
import { randomShift } from './random-shift.js';

/** What a {@link Classifier} is built from (the agent registry passes the first four). */
export interface ClassifierContext {
  /** The learner's stream: initial weights come from its child `init`, dropout masks from it. */
  readonly rng: Rng;
  /** Overrides of {@link CLASSIFIER_DEFAULTS}. */
  readonly options?: Readonly<Record<string, unknown>>;
  /** Gives the input shape and number of classes unless the options do. */
  readonly data?: DataSource;
  /** Default: the js backend. */
  readonly backend?: KernelBackend;
  /** Layer types for `layers` and pretrained architectures (default `defaultLayerRegistry()`). */
  readonly registry?: LayerRegistry;
}

/**
 * A classifier learner: `layers` + a `logits` output layer, softmax cross-entropy, Adam / AdamW /
 * SGD / RMSProp with an optional schedule and per-group rates, optional random-shift augmentation.
 *
 * - `trainStep` metrics: `loss`, `accuracy` (of the batch, before the update), `lr`.
 * - `evaluate` metrics (on the source's test split, else its training split): `loss`,
 *   `accuracy`, `trainLoss` / `trainAccuracy` (averaged over the batches trained since the
 *   previous evaluation: per epoch when evaluating once per epoch), with early stopping
 *   `patienceLeft` and `bestLoss`, and the confusion matrix as `confusion/<true>/<pred>` counts.
 * - `getState` holds the network (with its architecture, so checkpoints serve as `pretrained`
 *   sources), the optimizer, the running train averages and the early-stopping counters, so a
 *   resumed run continues bit for bit.
 *
 * @example
 * ```ts
 * const source = mnist();
 * const classifier = new Classifier({ rng: new Rng(0).child('agent'), data: source, options: {
 *   layers: [{ type: 'flatten' }, { type: 'dense', units: 128, activation: 'relu' }],
 * } });
 * fit(source, classifier, { budget: { epochs: 5 }, batchSize: 64, eval: { every: 125 } })
 *   .subscribe((e) => { if (e.type === 'eval') console.log(e.epoch, e.metrics!.accuracy); });
 * ```
 */
export class Classifier extends BaseLearner implements HasNetworks {
  readonly options: ClassifierOptions;
  readonly network: Sequential;
  readonly optimizer: GroupedOptimizer;
  readonly numClasses: number;
  readonly inputShape: readonly number[];
  /** What the `pretrained` option loaded, or null without one. */
  readonly pretrainedReport: TransferReport | null;
  private readonly graph: Graph;
  private trainLossSum = 0;
  private trainCorrect = 0;
  private trainCount = 0;
  private bestLoss: number | null = null;
  private evalsSinceBest = 0;

  constructor(context: ClassifierContext) {
    super(context.rng);
    const options = mergeOptions('classifier', CLASSIFIER_DEFAULTS, context.options ?? {});
    checkClassifierOptions(options);
    this.options = options;
    const train = context.data?.train;
    const inputShape = options.inputShape ?? train?.inputShape;
    const numClasses = options.numClasses ?? train?.numClasses;
    if (inputShape === undefined || numClasses === undefined) {
      throw new ConfigError(`classifier: needs labelled data (a data source with numClasses) or the options inputShape and numClasses`);
    }
    if (!(numClasses >= 2)) throw new ConfigError(`classifier: needs at least 2 classes, the data has ${numClasses}`);
    if (options.randomShift > 0 && inputShape.length !== 3) {
      throw new ConfigError(`classifier option randomShift needs image inputs [height, width, channels], the inputs are [${inputShape.join(', ')}]`);
    }
    this.inputShape = [...inputShape];
    this.numClasses = numClasses;
    const registry = context.registry ?? defaultLayerRegistry();
    this.network = buildNetwork(options.layers, registry, { outputUnits: numClasses });
    this.network.build(this.inputShape, context.rng.child('init'));
    const pretrained = parsePretrainedOptions(options.pretrained, 'classifier option pretrained');
    this.pretrainedReport = pretrained === null ? null : applyPretrained(this.network, pretrained, { registry });
    this.optimizer = new GroupedOptimizer(this.network.namedParams(), {
      lr: learningRateOf(options.learningRate, options.lrSchedule),
      baseLr: options.learningRate,
      groups: options.paramGroups,
      ...(options.maxGradNorm > 0 ? { maxGradNorm: options.maxGradNorm } : {}),
      create: optimizerFactory(options),
    });
    this.graph = new Graph(context.backend ?? new JsBackend());
  }

  /** `{ network }`, for transfer hooks. */
  networks(): Readonly<Record<string, Sequential>> {
    return { network: this.network };
  }

  /** Class probabilities `[batch, numClasses]` of inputs `[batch, ...inputShape]` (inference mode). */
  predict(inputs: Tensor): Tensor {
    const logits = this.logits(inputs);
    const [n, k] = logits.shape as [number, number];
    const out = new Float32Array(n * k);
    for (let i = 0; i < n; i++) {
      const row = logits.data.subarray(i * k, (i + 1) * k);
      const max = Math.max(...row);
      let sum = 0;
      for (let c = 0; c < k; c++) sum += Math.exp(row[c]! - max);
      for (let c = 0; c < k; c++) out[i * k + c] = Math.exp(row[c]! - max) / sum;
    }
    return new Tensor([n, k], out);
  }

  /** The logits `[batch, numClasses]` of inputs (inference mode). */
  logits(inputs: Tensor): Tensor {
    return this.network.predict(this.graph, inputs);
  }

  /** The network's summary (trainable and frozen counts) and the optimizer's groups. */
  summary(): string {
    const groups = this.optimizer.groups.map((g) => `  ${g.name}: ${g.params.length} params, lr ${this.optimizer.learningRate(g.params[0])}`);
    return [this.network.summary(), `Optimizer: ${this.optimizer.className}`, ...groups].join('\n');
  }

  protected train(batch: Batch): Metrics {
    const labels = batch.labels;
    if (labels === undefined) throw new ConfigError('classifier: the batch has no labels; train it on a labelled data source');
    if (this.network.countParams().trainable === 0) throw new ConfigError('classifier: every param of the network is frozen; unfreeze some layers to train');
    const lr = this.optimizer.learningRate();
    const inputs = this.options.randomShift > 0 ? randomShift(batch.inputs, this.options.randomShift, this.rng) : batch.inputs;
    let logits: Tensor | null = null;
    const loss = this.optimizer.minimize(this.graph, () => {
      const out = this.network.forward(inputs, { graph: this.graph, training: true, rng: this.rng });
      logits = out.value;
      return softmaxCrossEntropy(this.graph, out, labels);
    });
    const correct = countCorrect(logits!, labels);
    this.trainLossSum += loss * labels.length;
    this.trainCorrect += correct;
    this.trainCount += labels.length;
    return { loss, accuracy: correct / labels.length, lr };
  }

  /** Held-out metrics (see the class docs); also closes the running train averages. */
  evaluate(source: DataSource): Metrics {
    const dataset = source.test ?? source.train;
    const { loss, matrix } = this.score(dataset);
    const metrics: Record<string, number> = { loss, accuracy: matrix.accuracy() };
    if (this.trainCount > 0) {
      metrics['trainLoss'] = this.trainLossSum / this.trainCount;
      metrics['trainAccuracy'] = this.trainCorrect / this.trainCount;
    }
    this.trainLossSum = 0;
    this.trainCorrect = 0;
    this.trainCount = 0;
    const patience = this.options.earlyStoppingPatience;
    if (patience > 0) {
      if (this.bestLoss === null || loss < this.bestLoss - this.options.earlyStoppingMinDelta) {
        this.bestLoss = loss;
        this.evalsSinceBest = 0;
      } else {
        this.evalsSinceBest++;
      }
      metrics['bestLoss'] = this.bestLoss;
      metrics['patienceLeft'] = Math.max(patience - this.evalsSinceBest, 0);
    }
    return this.options.confusionMatrix ? { ...metrics, ...matrix.toMetrics() } : metrics;
  }

  /** Mean cross-entropy and the confusion matrix of the network on `dataset` (inference mode). */
  score(dataset: Dataset): { loss: number; matrix: ConfusionMatrix } {
    if (dataset.size === 0) throw new ConfigError('classifier.evaluate: the evaluation split is empty');
    const matrix = new ConfusionMatrix(this.numClasses);
    const k = this.numClasses;
    let lossSum = 0;
    for (let start = 0; start < dataset.size; start += this.options.evalBatchSize) {
      const end = Math.min(start + this.options.evalBatchSize, dataset.size);
      const indices = Int32Array.from({ length: end - start }, (_, i) => start + i);
      const batch = dataset.batch(indices);
      if (batch.labels === undefined) throw new ConfigError('classifier.evaluate: the evaluation split has no labels');
      const logits = this.logits(batch.inputs);
      const predictions = new Int32Array(end - start);
      for (let i = 0; i < predictions.length; i++) {
        const row = logits.data.subarray(i * k, (i + 1) * k);
        const label = batch.labels[i]!;
        if (!(label >= 0 && label < k)) throw new ConfigError(`classifier.evaluate: label ${label} of example ${start + i} is not a class in [0, ${k})`);
        let best = 0;
        let max = -Infinity;
        for (let c = 0; c < k; c++) {
          if (row[c]! > max) {
            max = row[c]!;
            best = c;
          }
        }
        let sum = 0;
        for (let c = 0; c < k; c++) sum += Math.exp(row[c]! - max);
        lossSum += Math.log(sum) + max - row[label]!;
        predictions[i] = best;
      }
      matrix.add(batch.labels, predictions);
    }
    return { loss: lossSum / dataset.size, matrix };
  }

  protected getModelState(): StateSnapshot {
    const optimizer = serializeOptimizerState(this.optimizer.getState());
    return nestSnapshots({
      network: networkSnapshot(this.network),
      optimizer: { json: optimizer.json as unknown as JsonObject, tensors: optimizer.tensors },
      progress: {
        json: {
          trainLossSum: this.trainLossSum,
          trainCorrect: this.trainCorrect,
          trainCount: this.trainCount,
          bestLoss: this.bestLoss,
          evalsSinceBest: this.evalsSinceBest,
        },
        tensors: {},
      },
    });
  }

  protected setModelState(state: StateSnapshot): void {
    const where = 'Classifier.setState';
    const progress = pickSnapshot(state, 'progress').json;
    const numbers = {
      trainLossSum: snapshotNumber(progress, 'trainLossSum', where),
      trainCorrect: snapshotNumber(progress, 'trainCorrect', where),
      trainCount: snapshotNumber(progress, 'trainCount', where),
      evalsSinceBest: snapshotNumber(progress, 'evalsSinceBest', where),
    };
    const bestLoss = progress['bestLoss'] === null ? null : snapshotNumber(progress, 'bestLoss', where);
    const optimizerPart = pickSnapshot(state, 'optimizer');
    const optimizerState = deserializeOptimizerState(optimizerPart.json as unknown as OptimizerStateJson, optimizerPart.tensors);
    const network = pickSnapshot(state, 'network');
    // Both parts are checked before either changes: a bad snapshot leaves the learner as it was.
    const previous = this.optimizer.getState();
    this.optimizer.setState(optimizerState);
    try {
      restoreNetworkSnapshot(this.network, network, where);
    } catch (error) {
      this.optimizer.setState(previous);
      throw error;
    }
    ({ trainLossSum: this.trainLossSum, trainCorrect: this.trainCorrect, trainCount: this.trainCount, evalsSinceBest: this.evalsSinceBest } = numbers);
    this.bestLoss = bestLoss;
  }
}

function countCorrect(logits: Tensor, labels: Int32Array): number {
  const k = logits.shape[1]!;
  let correct = 0;
  for (let i = 0; i < labels.length; i++) {
    let best = 0;
    for (let c = 1; c < k; c++) if (logits.data[i * k + c]! > logits.data[i * k + best]!) best = c;
    if (best === labels[i]) correct++;
  }
  return correct;
}

/**
 * The `classifier` registration (see {@link ClassifierOptions}): a learner for labelled data
 * sources (`mnist`, `cifar-10`, ...), built with the data source the experiment loads.
 *
 * @example
 * ```ts
 * agents.register(classifierRegistration);
 * const learner = agents.makeLearner('classifier', { rng, data: mnist(), options: { learningRate: 3e-4 } });
 * ```
 */
export const classifierRegistration: AgentRegistration<ClassifierOptions> = {
  id: 'classifier',
  description: 'Supervised classifier: an MLP or CNN from a layer list, softmax cross-entropy, Adam/SGD, confusion matrix, transfer learning (pretrained, paramGroups)',
  defaults: CLASSIFIER_DEFAULTS,
  create: (context: AgentContext<ClassifierOptions>) =>
    new Classifier({
      rng: context.rng,
      options: context.options as unknown as Readonly<Record<string, unknown>>,
      ...(context.data === undefined ? {} : { data: context.data }),
      ...(context.backend === undefined ? {} : { backend: context.backend }),
    }),
};
