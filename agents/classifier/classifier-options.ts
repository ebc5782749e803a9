import { ConfigError } from '../../src/errors.js';
import type { NamedParams } from '../../src/nn/param.js';
import { Adam, AdamW } from '../../src/optim/adam.js';
import { cosineSchedule, linearSchedule, type LearningRate } from '../../src/optim/lr-schedules.js';
import type { Optimizer } from '../../src/optim/optimizer.js';
import { RMSProp } from '../../src/optim/rmsprop.js';
import { SGD } from '../../src/optim/sgd.js';
import type { ParamGroup } from '../../src/transfer/grouped-optimizer.js';
import type { LayerSpec } from './network-spec.js';

/**
 * A learning-rate schedule as JSON, over optimizer steps (= training batches), starting from
 * `learningRate`:
 *
 * - `{ "type": "linear", "to": 0, "steps": 5000 }`
 * - `{ "type": "cosine", "to": 0, "steps": 5000, "warmupSteps": 100 }`
 * - `{ "type": "step", "every": 1000, "gamma": 0.5 }` (multiply by gamma every `every` steps)
 */
export type LrScheduleSpec =
  | { readonly type: 'linear'; readonly to: number; readonly steps: number }
  | { readonly type: 'cosine'; readonly to?: number; readonly steps: number; readonly warmupSteps?: number }
  | { readonly type: 'step'; readonly every: number; readonly gamma: number };

/**
 * Options of the `classifier` learner; every field has a default ({@link CLASSIFIER_DEFAULTS}).
 * The network is `layers` followed by a linear output layer `logits` with one unit per class.
 */
export interface ClassifierOptions {
  /** The hidden layers, as layer specs (see `LayerSpec`). Default: flatten, dense 128 relu. */
  readonly layers: readonly LayerSpec[];
  /** `adam` (default), `adamw`, `sgd` or `rmsprop`. */
  readonly optimizer: 'adam' | 'adamw' | 'sgd' | 'rmsprop';
  /** Base learning rate (the start of `lrSchedule`). Default 1e-3. */
  readonly learningRate: number;
  /** SGD / RMSProp momentum. Default 0. */
  readonly momentum: number;
  /** L2 penalty (decoupled for adamw). Default 0. */
  readonly weightDecay: number;
  /** A schedule of the base rate, or null for a constant rate. Default null. */
  readonly lrSchedule: LrScheduleSpec | null;
  /** Per-group learning rates, e.g. `[{ "match": "conv*", "lr": 1e-4 }]` (see `ParamGroup`). Default []. */
  readonly paramGroups: readonly ParamGroup[];
  /** Clip the global gradient norm to this; 0 turns clipping off. Default 0. */
  readonly maxGradNorm: number;
  /**
   * Training-time augmentation for image inputs: shift each training image by up to this many
   * pixels along each axis (see `randomShift`); 0 turns it off. Default 0.
   */
  readonly randomShift: number;
  /** Examples per forward pass when evaluating (memory, not results). Default 500. */
  readonly evalBatchSize: number;
  /** Add the test confusion matrix to eval metrics as `confusion/<true>/<predicted>` counts. Default true. */
  readonly confusionMatrix: boolean;
  /**
   * Early stopping on the test loss: evaluations without an improvement of more than
   * `earlyStoppingMinDelta` before the eval metric `patienceLeft` reaches 0 (stop the run with
   * `stop: { metric: 'patienceLeft', atMost: 0 }`). 0 turns it off. Default 0.
   */
  readonly earlyStoppingPatience: number;
  readonly earlyStoppingMinDelta: number;
  /**
   * Pretrained layers for the network: `{ from, layers, freeze, network }` (see
   * `PretrainedOptions`), loaded right after the network is built, before the optimizer exists.
   * `from` is read again whenever the learner is built, resuming included (a resumed run then
   * takes its weights from its own checkpoint), so keep it in place. Default null.
   */
  readonly pretrained: Readonly<Record<string, unknown>> | null;
  /** Input shape without the batch axis; default null: the data source's. */
  readonly inputShape: readonly number[] | null;
  /** Number of classes; default null: the data source's. */
  readonly numClasses: number | null;
}

/** The defaults of {@link ClassifierOptions}: a one-hidden-layer MLP trained with Adam at 1e-3. */
export const CLASSIFIER_DEFAULTS: ClassifierOptions = Object.freeze({
  layers: Object.freeze([{ type: 'flatten' }, { type: 'dense', units: 128, activation: 'relu' }]),
  optimizer: 'adam',
  learningRate: 1e-3,
  momentum: 0,
  weightDecay: 0,
  lrSchedule: null,
  paramGroups: Object.freeze([]),
  maxGradNorm: 0,
  randomShift: 0,
  evalBatchSize: 500,
  confusionMatrix: true,
  earlyStoppingPatience: 0,
  earlyStoppingMinDelta: 0,
  pretrained: null,
  inputShape: null,
  numClasses: null,
}) as ClassifierOptions;

/**
 * Throws a ConfigError naming the first option out of range.
 *
 * @example
 * ```ts
 * checkClassifierOptions({ ...CLASSIFIER_DEFAULTS, learningRate: -1 });   // throws: classifier option learningRate must be ...
 * ```
 */
export function checkClassifierOptions(options: ClassifierOptions): void {
  const fail = (field: keyof ClassifierOptions, expected: string): never => {
    throw new ConfigError(`classifier option ${field} must ${expected}, got ${JSON.stringify(options[field])}`);
  };
  if (!['adam', 'adamw', 'sgd', 'rmsprop'].includes(options.optimizer)) fail('optimizer', "be one of 'adam', 'adamw', 'sgd', 'rmsprop'");
  if (!(Number.isFinite(options.learningRate) && options.learningRate > 0)) fail('learningRate', 'be a finite number > 0');
  if (!(options.momentum >= 0 && options.momentum < 1)) fail('momentum', 'lie in [0, 1)');
  if (!(options.weightDecay >= 0 && Number.isFinite(options.weightDecay))) fail('weightDecay', 'be a finite number >= 0');
  if (!(options.maxGradNorm >= 0 && Number.isFinite(options.maxGradNorm))) fail('maxGradNorm', 'be a finite number >= 0 (0: no clipping)');
  if (!(Number.isSafeInteger(options.evalBatchSize) && options.evalBatchSize > 0)) fail('evalBatchSize', 'be a positive integer');
  if (!(Number.isSafeInteger(options.randomShift) && options.randomShift >= 0)) fail('randomShift', 'be an integer >= 0 (pixels; 0: off)');
  if (!(Number.isSafeInteger(options.earlyStoppingPatience) && options.earlyStoppingPatience >= 0)) fail('earlyStoppingPatience', 'be an integer >= 0 (0: off)');
  if (!(options.earlyStoppingMinDelta >= 0 && Number.isFinite(options.earlyStoppingMinDelta))) fail('earlyStoppingMinDelta', 'be a finite number >= 0');
  if (options.optimizer !== 'sgd' && options.optimizer !== 'rmsprop' && options.momentum !== 0) fail('momentum', `be 0 for ${options.optimizer} (momentum is for sgd and rmsprop)`);
  if (options.inputShape !== null && !(Array.isArray(options.inputShape) && options.inputShape.every((d) => Number.isSafeInteger(d) && d > 0))) {
    fail('inputShape', 'be null or an array of positive integers');
  }
  if (options.numClasses !== null && !(Number.isSafeInteger(options.numClasses) && options.numClasses >= 2)) fail('numClasses', 'be null or an integer >= 2');
  if (!Array.isArray(options.paramGroups)) fail('paramGroups', 'be an array of { match, lr } groups');
}

/**
 * The base learning rate as a number or schedule; throws a ConfigError naming the field.
 *
 * @example
 * ```ts
 * learningRateOf(1e-3, { type: 'step', every: 100, gamma: 0.5 })(250);   // 2.5e-4
 * ```
 */
export function learningRateOf(learningRate: number, spec: LrScheduleSpec | null): LearningRate {
  if (spec === null) return learningRate;
  const where = 'classifier option lrSchedule';
  if (typeof spec !== 'object' || Array.isArray(spec)) throw new ConfigError(`${where}: expected null or { type, ... }, got ${JSON.stringify(spec)}`);
  const known: Record<string, readonly string[]> = { linear: ['type', 'to', 'steps'], cosine: ['type', 'to', 'steps', 'warmupSteps'], step: ['type', 'every', 'gamma'] };
  const keys = known[spec.type];
  if (keys === undefined) throw new ConfigError(`${where}.type: expected 'linear', 'cosine' or 'step', got ${JSON.stringify(spec.type)}`);
  const extra = Object.keys(spec).filter((k) => !keys.includes(k));
  if (extra.length > 0) throw new ConfigError(`${where}: unknown field ${extra.join(', ')} for type '${spec.type}' (accepted: ${keys.join(', ')})`);
  try {
    switch (spec.type) {
      case 'linear':
        return linearSchedule({ from: learningRate, to: spec.to, steps: spec.steps });
      case 'cosine':
        return cosineSchedule({ from: learningRate, to: spec.to ?? 0, steps: spec.steps, warmupSteps: spec.warmupSteps ?? 0 });
      case 'step': {
        const { every, gamma } = spec;
        if (!(Number.isSafeInteger(every) && every > 0)) throw new ConfigError(`every must be a positive integer, got ${JSON.stringify(every)}`);
        if (!(gamma > 0 && gamma <= 1)) throw new ConfigError(`gamma must lie in (0, 1], got ${JSON.stringify(gamma)}`);
        return (step: number) => learningRate * gamma ** Math.floor(step / every);
      }
    }
  } catch (error) {
    if (error instanceof ConfigError) throw new ConfigError(`${where}: ${error.message}`);
    throw error;
  }
}

/**
 * The optimizer factory for `options.optimizer` with its momentum and weight decay; the grouped
 * optimizer calls it once per param group with that group's rate.
 *
 * @example
 * ```ts
 * const create = optimizerFactory(options);
 * const adam = create(model.namedParams(), 1e-3);
 * ```
 */
export function optimizerFactory(options: Pick<ClassifierOptions, 'optimizer' | 'momentum' | 'weightDecay'>): (params: NamedParams, lr: LearningRate) => Optimizer {
  const { momentum, weightDecay } = options;
  // The grouped optimizer checks gradients for NaN/Inf once, over every group.
  const common = { checkFinite: false } as const;
  switch (options.optimizer) {
    case 'adam':
      return (params, lr) => new Adam(params, { ...common, lr, weightDecay });
    case 'adamw':
      return (params, lr) => new AdamW(params, { ...common, lr, weightDecay });
    case 'sgd':
      return (params, lr) => new SGD(params, { ...common, lr, momentum, weightDecay });
    case 'rmsprop':
      return (params, lr) => new RMSProp(params, { ...common, lr, momentum, weightDecay });
  }
}
