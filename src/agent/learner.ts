import type { Batch, DataSource } from '../data/data-source.js';
import type { Rng } from '../random/rng.js';
import type { Tensor } from '../tensor/tensor.js';
import type { Metrics } from './agent.js';
import type { StateSnapshot, Stateful } from './state-snapshot.js';

/**
 * A model trained from data (supervised or generative): the contract `fit` drives.
 *
 * `fit` hands it shuffled minibatches of a `DataSource`'s training split; `trainStep` does one
 * update and returns its metrics (loss, accuracy...). `evaluate` reports held-out metrics; the
 * loop passes it a dedicated `Rng` so evaluating never shifts the training stream. Classifiers
 * implement `predict`, generative models `sample`.
 *
 * @example
 * ```ts
 * const learner: Learner = new Classifier(context);
 * const { loss } = learner.trainStep(batch);
 * const { accuracy } = learner.evaluate(mnist, rng.child('eval'));
 * ```
 */
export interface Learner extends Stateful {
  /** One update on one minibatch. */
  trainStep(batch: Batch): Metrics;
  /** Held-out metrics (test split, or samples scored against the source's distribution). */
  evaluate(source: DataSource, rng: Rng): Metrics;
  /** Outputs for a batch of inputs (`[batch, ...inputShape]`), e.g. class probabilities. */
  predict?(inputs: Tensor): Tensor;
  /** `count` generated examples, `[count, ...exampleShape]`. */
  sample?(count: number, rng: Rng): Tensor;
  getState(): StateSnapshot;
  setState(state: StateSnapshot): void;
}

/**
 * True when `value` has the methods of a {@link Learner}.
 *
 * @example
 * ```ts
 * if (isLearner(built)) fit(source, built, options);
 * ```
 */
export function isLearner(value: unknown): value is Learner {
  const v = value as Partial<Learner> | null;
  return typeof v === 'object' && v !== null && typeof v.trainStep === 'function' && typeof v.evaluate === 'function';
}
