import type { JsonObject } from '../agent/state-snapshot.js';

/**
 * The loop's own part of a `fit` checkpoint (JSON-safe): where in which epoch the run is, the
 * counters and the eval stream. Shuffle orders need no state (each epoch's order derives from
 * the seed and the epoch number), so a resumed run trains on exactly the batches the
 * uninterrupted run would have.
 *
 * @example
 * ```ts
 * fit(source, learner, { ...options, resume: saved.loop });
 * ```
 */
export type FitState = {
  readonly kind: 'fit';
  /** Batches done. */
  readonly step: number;
  readonly epoch: number;
  /** Batches done within `epoch`. */
  readonly batchInEpoch: number;
  readonly nextEval: number | null;
  readonly nextCheckpoint: number | null;
  /** Step of the last periodic checkpoint, or null (see `InteractState.lastPeriodicCheckpoint`). */
  readonly lastPeriodicCheckpoint?: number | null;
  readonly evalRng: JsonObject;
};
