import type { Learner } from '../agent/learner.js';
import { rngStateFromJson, rngStateToJson } from '../agent/state-snapshot.js';
import type { DataSource } from '../data/data-source.js';
import { batchesPerEpoch } from '../data/epoch-batches.js';
import { ConfigError } from '../errors.js';
import type { Rng } from '../random/rng.js';
import type { ChunkedRun } from './chunked-observable.js';
import type { DoneReason, LoopEvent } from './events.js';
import type { FitOptions } from './fit.js';
import type { CheckpointKind } from './interact.js';
import type { FitState } from './fit-state.js';
import { LoopError, type LoopPhase } from './loop-error.js';

/** One subscription's run of `fit`: epoch order, counters and the per-batch logic. */
export class FitRun implements ChunkedRun {
  step = 0;
  private epoch = 0;
  private batchInEpoch = 0;
  private order: Int32Array | null = null;
  private nextEval: number | null;
  private nextCheckpoint: number | null;
  private lastPeriodicCheckpoint: number | null = null;
  private readonly shuffleRng: Rng;
  private readonly evalRng: Rng;
  private readonly perEpoch: number;
  private readonly totalBatches: number;
  private finished = false;

  constructor(
    private readonly source: DataSource,
    private readonly learner: Learner,
    private readonly options: FitOptions,
    rng: Rng,
  ) {
    const size = source.train.size;
    this.perEpoch = batchesPerEpoch(size, options.batchSize, options.dropLast === true);
    if (this.perEpoch === 0) {
      throw new ConfigError(`fit: '${source.id}' has ${size} training examples, too few for one batch of ${options.batchSize}${options.dropLast === true ? ' with dropLast' : ''}`);
    }
    const budget = options.budget as { epochs?: number; batches?: number };
    this.totalBatches = budget.epochs !== undefined ? budget.epochs * this.perEpoch : budget.batches!;
    this.shuffleRng = rng.child('shuffle');
    this.evalRng = rng.child('eval');
    this.nextEval = options.eval?.every ?? null;
    this.nextCheckpoint = options.checkpoint?.every ?? null;
    if (options.resume !== undefined) this.restore(options.resume);
  }

  runStep(emit: (event: LoopEvent) => void): boolean {
    if (this.finished) return true;
    if (this.step >= this.totalBatches) return this.finish('budget', emit);
    if (this.options.signal?.aborted === true) return this.finish('stopped', emit);
    const { options } = this;
    const epoch = this.epoch;
    const batch = this.guard('data', () => {
      if (this.order === null) this.order = this.shuffleRng.child(`epoch-${epoch}`).permutation(this.source.train.size);
      const start = this.batchInEpoch * options.batchSize;
      return this.source.train.batch(this.order.subarray(start, Math.min(start + options.batchSize, this.order.length)));
    });
    const metrics = this.guard('learner.trainStep', () => this.learner.trainStep(batch));
    this.step++;
    this.batchInEpoch++;
    if (this.batchInEpoch === this.perEpoch) {
      this.epoch++;
      this.batchInEpoch = 0;
      this.order = null;
    }
    emit({ type: 'update', step: this.step, updates: this.step, metrics, epoch });

    let solved = false;
    if (this.nextEval !== null && this.step >= this.nextEval) {
      this.nextEval += options.eval!.every;
      const evalMetrics = this.guard('learner.evaluate', () => this.learner.evaluate(options.eval!.source ?? this.source, this.evalRng));
      emit({ type: 'eval', step: this.step, metrics: evalMetrics, epoch });
      solved = this.isSolved(evalMetrics);
    }
    if (this.nextCheckpoint !== null && this.step >= this.nextCheckpoint) {
      this.nextCheckpoint += options.checkpoint!.every!;
      this.saveCheckpoint('periodic', emit);
    }
    if (solved) return this.finish('solved', emit);
    if (this.step >= this.totalBatches) return this.finish('budget', emit);
    return false;
  }

  /** The loop's checkpointable state (see {@link FitState}). */
  getState(): FitState {
    return {
      kind: 'fit',
      step: this.step,
      epoch: this.epoch,
      batchInEpoch: this.batchInEpoch,
      nextEval: this.nextEval,
      nextCheckpoint: this.nextCheckpoint,
      lastPeriodicCheckpoint: this.lastPeriodicCheckpoint,
      evalRng: rngStateToJson(this.evalRng),
    };
  }

  private isSolved(metrics: Readonly<Record<string, number>>): boolean {
    const stop = this.options.stop;
    if (stop === undefined) return false;
    const value = metrics[stop.metric];
    if (value === undefined) {
      throw new LoopError('learner.evaluate', this.step, new ConfigError(`stop.metric '${stop.metric}' is not among the eval metrics (${Object.keys(metrics).join(', ')})`));
    }
    return stop.atLeast !== undefined ? value >= stop.atLeast : value <= stop.atMost!;
  }

  private saveCheckpoint(kind: CheckpointKind, emit: (event: LoopEvent) => void): void {
    if (kind === 'periodic') this.lastPeriodicCheckpoint = this.step;
    const state = this.getState();
    const path = this.guard('checkpoint', () => this.options.checkpoint!.save(this.step, state, kind));
    if (typeof path !== 'string') {
      throw new LoopError('checkpoint', this.step, new ConfigError(`checkpoint.save must return the path it wrote, got ${String(path)}`));
    }
    emit({ type: 'checkpoint', step: this.step, path });
  }

  private finish(reason: DoneReason, emit: (event: LoopEvent) => void): boolean {
    // A periodic checkpoint at this very step already holds the final state.
    if (this.options.checkpoint?.atEnd === true && this.lastPeriodicCheckpoint !== this.step) this.saveCheckpoint('end', emit);
    emit({ type: 'done', step: this.step, reason });
    this.finished = true;
    return true;
  }

  private restore(state: FitState): void {
    if (state.kind !== 'fit') throw new ConfigError(`fit resume: expected a fit loop state, got kind ${JSON.stringify(state.kind)}`);
    if (!(state.batchInEpoch >= 0 && state.batchInEpoch < this.perEpoch)) {
      throw new ConfigError(`fit resume: batchInEpoch ${state.batchInEpoch} does not fit ${this.perEpoch} batches per epoch (was batchSize changed?)`);
    }
    this.step = state.step;
    this.epoch = state.epoch;
    this.batchInEpoch = state.batchInEpoch;
    if (this.nextEval !== null) this.nextEval = state.nextEval ?? this.nextEval;
    if (this.nextCheckpoint !== null) this.nextCheckpoint = state.nextCheckpoint ?? this.nextCheckpoint;
    this.lastPeriodicCheckpoint = state.lastPeriodicCheckpoint ?? null;
    this.evalRng.setState(rngStateFromJson(state.evalRng, 'fit resume evalRng'));
  }

  private guard<T>(phase: LoopPhase, run: () => T): T {
    try {
      return run();
    } catch (error) {
      // Errors name the batch in progress (1-based) for data/trainStep, the finished one after.
      const step = phase === 'data' || phase === 'learner.trainStep' ? this.step + 1 : this.step;
      throw error instanceof LoopError ? error : new LoopError(phase, step, error);
    }
  }
}
