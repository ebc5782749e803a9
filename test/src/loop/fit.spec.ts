import { VirtualTimeScheduler } from 'rxjs';
import { describe, expect, it } from 'vitest';
import type { Metrics } from '../../../src/agent/agent.js';
import { BaseLearner } from '../../../src/agent/base-learner.js';
import type { StateSnapshot } from '../../../src/agent/state-snapshot.js';
import type { Batch, DataSource } from '../../../src/data/data-source.js';
import { TensorDataset } from '../../../src/data/tensor-dataset.js';
import { NonFiniteError } from '../../../src/errors.js';
import { fit, type FitOptions } from '../../../src/loop/fit.js';
import type { FitState } from '../../../src/loop/fit-state.js';
import { LoopError } from '../../../src/loop/loop-error.js';
import { Rng } from '../../../src/random/rng.js';
import { Tensor } from '../../../src/tensor/tensor.js';
import { runVirtual } from './fixtures.js';

/** y = 2x + 1 on 10 points of [0, 1); the test split is 4 other points. */
function lineSource(): DataSource {
  const xs = Float32Array.from({ length: 10 }, (_, i) => i / 10);
  const testXs = Float32Array.of(0.05, 0.35, 0.65, 0.95);
  return {
    id: 'line',
    train: new TensorDataset({ inputs: xs, inputShape: [1], targets: xs.map((x) => 2 * x + 1), targetShape: [1] }),
    test: new TensorDataset({ inputs: testXs, inputShape: [1], targets: testXs.map((x) => 2 * x + 1), targetShape: [1] }),
  };
}

/**
 * Least squares y = w x + b by SGD; records the first input of every batch it sees. Parameters
 * live in float32, like every real model's, so a float32 checkpoint restores them exactly.
 */
class LinearRegression extends BaseLearner {
  readonly params = new Float32Array(2);
  get w(): number {
    return this.params[0]!;
  }
  get b(): number {
    return this.params[1]!;
  }
  readonly firstInputs: number[] = [];
  constructor(
    rng: Rng,
    private readonly learningRate = 0.5,
  ) {
    super(rng);
  }
  protected train(batch: Batch): Metrics {
    const x = batch.inputs.data;
    const y = batch.targets!.data;
    this.firstInputs.push(x[0]!);
    let gw = 0;
    let gb = 0;
    let loss = 0;
    for (let i = 0; i < x.length; i++) {
      const err = this.w * x[i]! + this.b - y[i]!;
      loss += err * err;
      gw += 2 * err * x[i]!;
      gb += 2 * err;
    }
    this.params[0] = this.w - (this.learningRate * gw) / x.length;
    this.params[1] = this.b - (this.learningRate * gb) / x.length;
    return { loss: loss / x.length };
  }
  evaluate(source: DataSource, rng: Rng): Metrics {
    const data = source.test!.batch([0, 1, 2, 3]);
    let mse = 0;
    for (let i = 0; i < 4; i++) mse += (this.w * data.inputs.data[i]! + this.b - data.targets!.data[i]!) ** 2;
    return { mse: mse / 4, draw: rng.nextUint32() };
  }
  protected getModelState(): StateSnapshot {
    return { json: {}, tensors: { params: new Tensor([2], this.params.slice()) } };
  }
  protected setModelState(state: StateSnapshot): void {
    this.params.set(state.tensors.params!.data);
  }
}

function run(chunkSize: number, extra: Partial<FitOptions> = {}, learner = new LinearRegression(new Rng(1))) {
  const scheduler = new VirtualTimeScheduler();
  const saved: FitState[] = [];
  const options: FitOptions = {
    budget: { epochs: 4 },
    batchSize: 3,
    rng: new Rng(9),
    eval: { every: 5 },
    checkpoint: { every: 6, save: (step, state) => (saved.push(state), `ckpt-${step}`) },
    chunkSize,
    scheduler,
    ...extra,
  };
  return { ...runVirtual(fit(lineSource(), learner, options), scheduler), learner, saved };
}

describe('fit', () => {
  it('emits identical events whatever the chunk size', () => {
    const [a, b, c] = [1, 7, 1000].map((chunk) => run(chunk));
    expect(a!.completed).toBe(true);
    expect(b!.events).toEqual(a!.events);
    expect(c!.events).toEqual(a!.events);
  });

  it('trains batch by batch over shuffled epochs, one update event each', () => {
    const { events, learner } = run(1000);
    const updates = events.filter((e) => e.type === 'update');
    // 10 examples, batches of 3: 4 batches per epoch (3, 3, 3, 1), 4 epochs.
    expect(updates.map((e) => e.step)).toEqual(Array.from({ length: 16 }, (_, i) => i + 1));
    expect(updates.map((e) => e.epoch)).toEqual([0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3]);
    expect(events.filter((e) => e.type === 'eval').map((e) => [e.step, e.epoch])).toEqual([[5, 1], [10, 2], [15, 3]]);
    expect(events.filter((e) => e.type === 'checkpoint').map((e) => e.step)).toEqual([6, 12]);
    expect(events.at(-1)).toEqual({ type: 'done', step: 16, reason: 'budget' });
    // Epoch orders differ and depend only on the loop seed and the epoch number.
    const orders = [0, 1, 2, 3].map((e) => learner.firstInputs.slice(4 * e, 4 * e + 4));
    expect(new Set(orders.map((o) => o.join())).size).toBeGreaterThan(1);
    const firstEpoch = new Rng(9).child('shuffle').child('epoch-0').permutation(10);
    expect(orders[0]).toEqual([0, 3, 6, 9].map((i) => Math.fround(firstEpoch[i]! / 10)));
    // The learner converged towards w = 2, b = 1.
    expect(learner.w).toBeGreaterThan(1);
    const losses = updates.map((e) => e.metrics.loss!);
    expect(losses.at(-1)!).toBeLessThan(losses[0]!);
  });

  it('checkpoints only at the end without every, and once when a periodic one falls on the last batch', () => {
    const kinds: [number, string][] = [];
    const save = (step: number, _state: FitState, kind: string) => (kinds.push([step, kind]), `ckpt-${step}`);
    const endOnly = run(1000, { checkpoint: { atEnd: true, save } });
    expect(endOnly.events.filter((e) => e.type === 'checkpoint').map((e) => e.step)).toEqual([16]);
    expect(kinds).toEqual([[16, 'end']]);
    kinds.length = 0;
    const onSchedule = run(1000, { checkpoint: { every: 8, atEnd: true, save } });
    expect(onSchedule.events.filter((e) => e.type === 'checkpoint').map((e) => e.step)).toEqual([8, 16]);
    expect(kinds).toEqual([[8, 'periodic'], [16, 'periodic']]);
    expect(onSchedule.events.at(-1)).toEqual({ type: 'done', step: 16, reason: 'budget' });
  });

  it('resumes mid-epoch from a checkpoint exactly', () => {
    const whole = run(1000);
    const cut = whole.saved[0]!; // after batch 6: epoch 1, batch 2 of it
    expect(cut).toMatchObject({ kind: 'fit', step: 6, epoch: 1, batchInEpoch: 2 });
    const partial = run(1000, { budget: { batches: 6 } });
    const learner = new LinearRegression(new Rng(123));
    learner.setState(partial.learner.getState());
    const resumed = run(4, { resume: JSON.parse(JSON.stringify(cut)) as FitState }, learner);
    expect(resumed.events).toEqual(whole.events.filter((e) => e.step > 6));
    expect(learner.w).toBe(whole.learner.w);
  });

  it('ends with reason solved once an eval metric reaches the stop threshold', () => {
    const { events } = run(1000, { budget: { epochs: 200 }, eval: { every: 4 }, stop: { metric: 'mse', atMost: 0.01 }, checkpoint: undefined });
    const done = events.at(-1)!;
    expect(done).toMatchObject({ type: 'done', reason: 'solved' });
    const lastEval = events.filter((e) => e.type === 'eval').at(-1)!;
    expect(lastEval.step).toBe(done.step);
    expect(lastEval.metrics!.mse).toBeLessThanOrEqual(0.01);
    expect(done.step).toBeLessThan(800);
  });

  it('errors naming the batch when training produces a non-finite loss', () => {
    const learner = new LinearRegression(new Rng(1), 50); // diverges
    const result = run(3, { budget: { epochs: 50 }, checkpoint: undefined, eval: undefined }, learner);
    const error = result.error as LoopError;
    expect(error).toBeInstanceOf(LoopError);
    expect(error.phase).toBe('learner.trainStep');
    expect(error.cause).toBeInstanceOf(NonFiniteError);
    expect(error.message).toMatch(new RegExp(`learner.trainStep threw at step ${error.step}: LinearRegression: metric 'loss' is (NaN|Infinity) at training step ${error.step}`));
    expect(result.events.filter((e) => e.type === 'update')).toHaveLength(error.step - 1);
  });

  it('rejects a budget that is not exactly one of epochs or batches', () => {
    const learner = new LinearRegression(new Rng(1));
    expect(() => fit(lineSource(), learner, { budget: {} as never, batchSize: 2 })).toThrow(/exactly one of \{ epochs \} or \{ batches \}/);
    expect(() => fit(lineSource(), learner, { budget: { epochs: 1 }, batchSize: 0 })).toThrow(/batchSize must be a positive integer/);
    expect(() => fit(lineSource(), learner, { budget: { epochs: 1 }, batchSize: 2, stop: { metric: 'mse', atMost: 1 } })).toThrow(/set eval as well/);
  });
});
