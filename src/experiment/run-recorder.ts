import { existsSync, readFileSync } from 'node:fs';
import type { Observer } from 'rxjs';
import type { StateSnapshot } from '../agent/state-snapshot.js';
import { FileFormatError } from '../errors.js';
import type { Clock } from '../loop/clock.js';
import type { LoopEvent, TimingEvent } from '../loop/events.js';
import { AppendLog } from './append-log.js';
import { readCheckpoint, writeCheckpoint, type Checkpoint } from './checkpoint-io.js';
import { formatEventLine, parseEventLine } from './event-line.js';
import type { RunFolder } from './run-folder.js';

/** Where the run folder's logs stood when a checkpoint was taken (its manifest's `meta`). */
export type CheckpointMeta = {
  /** Bytes of events.jsonl up to and including this checkpoint's `checkpoint` event. */
  readonly eventsBytes: number;
  readonly timingBytes: number;
  /** The `checkpoint` event's line, rewritten on resume if a crash cut it off. */
  readonly checkpointLine: string;
  /** Wall-clock seconds the run had taken (all its parts). */
  readonly wallSeconds: number;
  /**
   * False for a checkpoint written only because the run was stopped (off the `every`
   * schedule): an uninterrupted run has no such checkpoint, so resuming from it drops its
   * event from events.jsonl.
   */
  readonly periodic: boolean;
};

/**
 * Writes a run's files while it runs: each event to `events.jsonl`, each timing to
 * `timing.jsonl`, and checkpoints that record how far both logs had got. On resume it cuts the
 * logs back to the checkpoint (dropping events of the lost steps and any half-written line),
 * so the resumed run's events.jsonl ends byte-identical to an uninterrupted run's.
 *
 * @example
 * ```ts
 * const recorder = RunRecorder.start(folder, clock);
 * interact(env, agent, { ..., checkpoint: { every: 1000, save: (step, loop, kind) => recorder.saveCheckpoint(step, state(loop), kind === 'periodic') },
 *   onTiming: (t) => recorder.timing(t) }).subscribe(recorder);
 * ```
 */
export class RunRecorder implements Observer<LoopEvent> {
  private readonly startTime: number;

  private constructor(
    private readonly folder: RunFolder,
    private readonly events: AppendLog,
    private readonly timings: AppendLog,
    private readonly clock: Clock,
    /** Wall-clock seconds spent before this process (resume). */
    private readonly priorSeconds: number,
  ) {
    this.startTime = clock.now();
  }

  /** A fresh run: empty logs. */
  static start(folder: RunFolder, clock: Clock): RunRecorder {
    return new RunRecorder(folder, AppendLog.open(folder.eventsPath), AppendLog.open(folder.timingPath), clock, 0);
  }

  /**
   * Continues a run from `checkpoint`: both logs are cut back to where they stood when it was
   * written. Returns the recorder and the events up to that point (for sinks to replay).
   */
  static resume(folder: RunFolder, checkpoint: Checkpoint, clock: Clock): { recorder: RunRecorder; previousEvents: LoopEvent[] } {
    const meta = readCheckpointMeta(checkpoint, folder.checkpointDir(checkpoint.step));
    const size = AppendLog.sizeOf(folder.eventsPath);
    const lineBytes = Buffer.byteLength(`${meta.checkpointLine}\n`);
    const before = meta.eventsBytes - lineBytes;
    if (!existsSync(folder.eventsPath) || size < before) {
      throw new FileFormatError(`${folder.eventsPath}: holds ${size} bytes, but checkpoint step-${checkpoint.step} was written after ${before} bytes of events; the log was changed or cut`);
    }
    // The checkpoint event is emitted right after the checkpoint is written, so a crash may have
    // cut it: keep the events before it, then write it again (if it belongs to the schedule).
    const events = AppendLog.open(folder.eventsPath, { truncateTo: before });
    if (meta.periodic) events.append(meta.checkpointLine);
    events.sync();
    const timings = AppendLog.open(folder.timingPath, { truncateTo: Math.min(meta.timingBytes, AppendLog.sizeOf(folder.timingPath)) });
    const previousEvents = readEvents(folder.eventsPath);
    return { recorder: new RunRecorder(folder, events, timings, clock, meta.wallSeconds), previousEvents };
  }

  /** Wall-clock seconds of the whole run so far (earlier parts included). */
  wallSeconds(): number {
    return this.priorSeconds + (this.clock.now() - this.startTime);
  }

  next(event: LoopEvent): void {
    this.events.append(formatEventLine(event));
  }

  error(): void {
    this.close();
  }

  complete(): void {
    this.close();
  }

  /** Appends a wall-clock measurement to timing.jsonl. */
  timing(event: TimingEvent): void {
    this.timings.append(formatEventLine(event));
  }

  /**
   * Writes `checkpoints/step-<step>/` with `state` and the logs' positions, and returns its path
   * relative to the run folder (what the loop's `checkpoint` event carries). `periodic`: whether
   * the step is on the checkpoint schedule (see {@link CheckpointMeta}).
   */
  saveCheckpoint(step: number, state: StateSnapshot, periodic: boolean): string {
    const path = `checkpoints/step-${step}`;
    const checkpointLine = formatEventLine({ type: 'checkpoint', step, path });
    // Flush both logs first: the checkpoint must never point past what is on disk.
    this.events.sync();
    this.timings.sync();
    const meta: CheckpointMeta = {
      eventsBytes: this.events.bytes + Buffer.byteLength(`${checkpointLine}\n`),
      timingBytes: this.timings.bytes,
      checkpointLine,
      wallSeconds: this.wallSeconds(),
      periodic,
    };
    writeCheckpoint(this.folder.checkpointDir(step), { step, state, meta: { ...meta } });
    return path;
  }

  /** Flushes and closes both logs. */
  close(): void {
    this.events.close();
    this.timings.close();
  }
}

function readCheckpointMeta(checkpoint: Checkpoint, dir: string): CheckpointMeta {
  const m = checkpoint.meta as Partial<Record<keyof CheckpointMeta, unknown>>;
  const where = `${dir}/manifest.json: meta`;
  for (const field of ['eventsBytes', 'timingBytes', 'wallSeconds'] as const) {
    const v = m[field];
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw new FileFormatError(`${where}.${field} should be a non-negative number, got ${JSON.stringify(v)}`);
  }
  if (typeof m.periodic !== 'boolean') throw new FileFormatError(`${where}.periodic should be true or false, got ${JSON.stringify(m.periodic)}`);
  if (typeof m.checkpointLine !== 'string') throw new FileFormatError(`${where}.checkpointLine should be a string, got ${JSON.stringify(m.checkpointLine)}`);
  return m as CheckpointMeta;
}

/** Every event of an events.jsonl file (each line validated, named by line number). */
export function readEvents(path: string): LoopEvent[] {
  const text = readFileSync(path, 'utf8');
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines.map((line, i) => parseEventLine(line, `${path}:${i + 1}`));
}

/** Reads a checkpoint and its run-folder bookkeeping (validated). */
export function readRunCheckpoint(folder: RunFolder, step: number): Omit<Checkpoint, 'meta'> & { meta: CheckpointMeta } {
  const dir = folder.checkpointDir(step);
  const checkpoint = readCheckpoint(dir);
  return { ...checkpoint, meta: readCheckpointMeta(checkpoint, dir) };
}
