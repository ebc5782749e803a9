import type { Batch, DataSource } from '../data/data-source.js';
import { NonFiniteError } from '../errors.js';
import type { Rng } from '../random/rng.js';
import type { Metrics } from './agent.js';
import type { Learner } from './learner.js';
import { nestSnapshots, pickSnapshot, rngStateFromJson, rngStateToJson, snapshotNumber, type StateSnapshot } from './state-snapshot.js';

/**
 * Base of learners trained with `fit` (classifiers, GANs, VAEs, char-RNNs): it counts steps,
 * refuses non-finite metrics (a NaN loss stops training with the step named), and saves the
 * counters and its `rng` with the model, so a subclass holds only its model and update:
 *
 * - `train(batch)`: one update, returning its metrics (`loss`, ...);
 * - `evaluate(source, rng)`: held-out metrics;
 * - `getModelState()` / `setModelState()`: weights and optimizer state.
 *
 * @example
 * ```ts
 * class LinearRegression extends BaseLearner {
 *   protected train(batch: Batch): Metrics { ... return { loss }; }
 *   evaluate(source: DataSource): Metrics { ... return { mse }; }
 *   protected getModelState(): StateSnapshot { return { json: {}, tensors: { w: this.w.clone() } }; }
 *   protected setModelState(state: StateSnapshot): void { ... }
 * }
 * ```
 */
export abstract class BaseLearner implements Learner {
  /** Training steps (batches) done so far. */
  protected numSteps = 0;

  /** @param rng the learner's own stream (noise for GANs, dropout masks...), saved with it. */
  constructor(protected readonly rng: Rng) {}

  trainStep(batch: Batch): Metrics {
    const metrics = this.train(batch);
    for (const [name, value] of Object.entries(metrics)) {
      if (!Number.isFinite(value)) {
        throw new NonFiniteError(`${this.constructor.name}: metric '${name}' is ${value} at training step ${this.numSteps + 1}`);
      }
    }
    this.numSteps++;
    return metrics;
  }

  abstract evaluate(source: DataSource, rng: Rng): Metrics;

  getState(): StateSnapshot {
    return nestSnapshots({
      learner: { json: { numSteps: this.numSteps, rng: rngStateToJson(this.rng) }, tensors: {} },
      model: this.getModelState(),
    });
  }

  setState(state: StateSnapshot): void {
    const own = pickSnapshot(state, 'learner');
    const where = `${this.constructor.name}.setState`;
    const numSteps = snapshotNumber(own.json, 'numSteps', where);
    const rng = rngStateFromJson(own.json.rng, `${where} rng`);
    this.setModelState(pickSnapshot(state, 'model'));
    this.numSteps = numSteps;
    this.rng.setState(rng);
  }

  /** One update on one minibatch; returns its metrics. */
  protected abstract train(batch: Batch): Metrics;

  protected abstract getModelState(): StateSnapshot;

  protected abstract setModelState(state: StateSnapshot): void;
}
