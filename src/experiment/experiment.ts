import type { Container } from 'inversify';
import { mergeOptions } from '../agent/merge-options.js';
import type { JsonObject } from '../agent/state-snapshot.js';
import { Observable, Subject, type SchedulerLike } from 'rxjs';
import type { SinkRegistry as SinkRegistryClass } from '../di/sink-registry.js';
import { Clock as ClockToken, Rng as RngToken, Scheduler, SinkRegistry } from '../di/tokens.js';
import { ConfigError, FileFormatError } from '../errors.js';
import type { Clock } from '../loop/clock.js';
import type { LoopEvent } from '../loop/events.js';
import type { Sink } from '../loop/sink.js';
import type { Rng } from '../random/rng.js';
import { listCheckpoints } from './checkpoint-io.js';
import { parseConfig, type ExperimentConfig, type ExperimentConfigInput } from './config.js';
import { buildExperiment, type BuildExperimentOptions } from './build-experiment.js';
import { finalEvaluation, restoreTask, taskLabel, taskLoop, totalSteps, type ExperimentTask } from './experiment-task.js';
import { RunFolder } from './run-folder.js';
import { RunRecorder, readRunCheckpoint } from './run-recorder.js';
import type { RunSummary } from './run-summary.js';
import { SummaryTracker } from './summary-tracker.js';

/** A sink to attach by its registry id (see `neuroloop list sinks`), with options (as in the config's `sinks`). */
export interface SinkRequest {
  readonly id: string;
  readonly options?: Readonly<Record<string, unknown>>;
}

/** Options of {@link Experiment.create} and {@link Experiment.resume}. */
export interface ExperimentOptions extends BuildExperimentOptions {
  /** Replace a different run in the out folder instead of refusing. */
  readonly force?: boolean;
  /** No console progress line. */
  readonly quiet?: boolean;
  /**
   * Sinks by id, besides the defaults (`progress` unless quiet, and `curve` for curve.svg,
   * when registered) and the config's `sinks`. Sinks made from instances can be attached to
   * `events$` directly. A sink that ends the run belongs in the config instead, so `resume`
   * attaches it again.
   */
  readonly sinks?: readonly SinkRequest[];
  /** Loop units per chunk; never changes results. */
  readonly chunkSize?: number;
}

/** Where a resumed experiment starts: its checkpoint's state. */
interface ResumePoint {
  readonly step: number;
  readonly loop: JsonObject;
  readonly recorder: RunRecorder;
  readonly previousEvents: LoopEvent[];
}

/**
 * One reproducible run: a config, its own DI container (core module + built-in envs, agents and
 * sinks plugins + the config's plugins + extra plugins), the env and agent (or data and
 * learner) built from the container's registries, a run folder, and the loop that trains.
 *
 * Same config + seed + backend => byte-identical `events.jsonl` and checkpoints. `resume`
 * continues a stopped or crashed run from its last checkpoint exactly as if it had not stopped.
 *
 * @example
 * ```ts
 * const experiment = await Experiment.create(parseConfig(json, { source: 'exp.json' }), { quiet: true });
 * experiment.events$.subscribe((e) => { if (e.type === 'eval') console.log(e.step, e.meanReturn); });
 * const summary = await experiment.run();  // also written to <out>/summary.json
 * ```
 */
export class Experiment {
  private readonly subject = new Subject<LoopEvent>();
  private readonly abort = new AbortController();
  private started = false;
  private stopReason: string | null = null;

  private constructor(
    /** The resolved config (as written to config.json). */
    readonly config: ExperimentConfig,
    /** The run folder. */
    readonly folder: RunFolder,
    /** This experiment's container (registries, root Rng, backend, clock...). */
    readonly container: Container,
    /** What is trained. */
    readonly task: ExperimentTask,
    private readonly options: ExperimentOptions,
    private readonly resumePoint: ResumePoint | null,
  ) {}

  /**
   * Validates `config`, builds the container, the env(s) and the agent (or data and learner),
   * then prepares the run folder. Errors name the config field (`agent.id: Unknown agent id ...
   * Known: ...`); nothing is written before everything was built.
   */
  static async create(config: ExperimentConfig | ExperimentConfigInput, options: ExperimentOptions = {}): Promise<Experiment> {
    const resolved = parseConfig(config, { source: 'config', ...(options.cwd === undefined ? {} : { baseDir: options.cwd }) });
    const { container, task } = await buildExperiment(resolved, options);
    checkSinkIds(container, resolved, options);
    const folder = RunFolder.create(resolved, { ...(options.cwd === undefined ? {} : { cwd: options.cwd }), force: options.force ?? false });
    return new Experiment(folder.config, folder, container, task, options, null);
  }

  /**
   * Reopens the run in `runDir` and continues it from its last checkpoint: the model and the
   * loop are restored, and events.jsonl / timing.jsonl are cut back to that checkpoint, so
   * the finished run's files equal an uninterrupted run's. A run without a checkpoint yet
   * starts over in the same folder. A run ended by `stop()` (reason `stopped`) resumes from the
   * checkpoint the stop wrote; a run that finished otherwise, or was stopped with a reason (early
   * stopping), is refused.
   */
  static async resume(runDir: string, options: ExperimentOptions = {}): Promise<Experiment> {
    const opened = RunFolder.open(runDir);
    const finished = opened.readSummary();
    if (finished !== null && (finished.reason !== 'stopped' || finished.stopReason !== undefined)) {
      const why = finished.stopReason === undefined ? '' : ` (${finished.stopReason})`;
      throw new ConfigError(`The run in ${opened.dir} already finished (summary.json says ${finished.reason} at step ${finished.steps}${why}); nothing to resume`);
    }
    const { container, task } = await buildExperiment(opened.config, options);
    checkSinkIds(container, opened.config, options);
    const latest = listCheckpoints(opened.dir).pop();
    if (latest === undefined) {
      const folder = RunFolder.create({ ...opened.config, out: opened.dir }, { force: true });
      return new Experiment(folder.config, folder, container, task, options, null);
    }
    const checkpoint = readRunCheckpoint(opened, latest.step);
    const loop = restoreTask(task, checkpoint.state);
    opened.removeSummary();
    const clock = container.get<Clock>(ClockToken);
    const { recorder, previousEvents } = RunRecorder.resume(opened, checkpoint, clock);
    return new Experiment(opened.config, opened, container, task, options, { step: checkpoint.step, loop, recorder, previousEvents });
  }

  /**
   * Every event of the run as it happens (hot and shared: subscribe before `run()`). It
   * completes when the run ends, also when it fails (then `run()` rejects with the error). A
   * resumed run emits only the events after its checkpoint; the earlier ones are in
   * `previousEvents`.
   */
  get events$(): Observable<LoopEvent> {
    return this.subject.asObservable();
  }

  /** Events before the checkpoint a resumed run started from ([] for a fresh run). */
  get previousEvents(): readonly LoopEvent[] {
    return this.resumePoint?.previousEvents ?? [];
  }

  /**
   * Ends the run at the next step boundary (reason `stopped`), after a final checkpoint. With a
   * `reason` (early stopping), summary.json records it and the run counts as finished (`resume`
   * refuses it); without one (Ctrl-C), `resume` continues the run. The first call decides.
   */
  stop(reason?: string): void {
    if (this.abort.signal.aborted) return;
    if (reason !== undefined) this.stopReason = reason;
    this.abort.abort();
  }

  /**
   * Trains until the budget is spent, the stop rule is met or {@link Experiment.stop} is called;
   * then evaluates once more (unless an evaluation just ran), writes the final checkpoint and
   * summary.json, closes the sinks, and resolves with the summary. Rejects with the loop's
   * error (a `LoopError` naming the call and step) if training fails; checkpoints written
   * until then stay usable by `resume`.
   */
  async run(): Promise<RunSummary> {
    if (this.started) throw new ConfigError('Experiment.run() was already called; create a new experiment (or resume the run folder)');
    this.started = true;
    const { config, folder, container, task } = this;
    const clock = container.get<Clock>(ClockToken);
    const root = container.get<Rng>(RngToken);
    const recorder = this.resumePoint?.recorder ?? RunRecorder.start(folder, clock);
    const tracker = new SummaryTracker(config.stop.meanReturn);
    const sinks = this.makeSinks();
    for (const event of this.previousEvents) {
      tracker.next(event);
      for (const sink of sinks) sink.handle(event);
    }
    const loop$ = taskLoop(task, config, {
      rng: root.child('loop'),
      signal: this.abort.signal,
      save: (step, state, kind) => recorder.saveCheckpoint(step, state, kind === 'periodic'),
      ...(this.resumePoint === null ? {} : { resume: this.resumePoint.loop }),
      scheduler: container.get<SchedulerLike>(Scheduler),
      clock,
      ...(this.options.chunkSize === undefined ? {} : { chunkSize: this.options.chunkSize }),
      onTiming: (timing) => {
        recorder.timing(timing);
        for (const sink of sinks) sink.timing?.(timing);
      },
    });
    // The closing evaluation goes in right before `done`, unless an evaluation ran at that step.
    const withFinalEval$ = new Observable<LoopEvent>((subscriber) =>
      loop$.subscribe({
        next: (event) => {
          if (event.type === 'done' && tracker.lastEval?.step !== event.step) subscriber.next(finalEvaluation(task, config, event.step, root.child('final-eval')));
          subscriber.next(event);
        },
        error: (error: unknown) => subscriber.error(error),
        complete: () => subscriber.complete(),
      }),
    );
    this.subject.subscribe(recorder);
    this.subject.subscribe(tracker);
    for (const sink of sinks) this.subject.subscribe({ next: (event) => sink.handle(event) });

    const outcome = await new Promise<{ error?: unknown }>((resolve) => {
      withFinalEval$.subscribe({
        next: (event) => this.subject.next(event),
        error: (error: unknown) => {
          resolve({ error });
          // `run()` rejects with the error; events$ just ends, so a subscriber without an error
          // handler does not turn it into a second, uncaught exception.
          this.subject.complete();
        },
        complete: () => {
          resolve({});
          this.subject.complete();
        },
      });
    });
    recorder.close();
    const closeErrors: unknown[] = [];
    for (const sink of sinks) {
      try {
        await sink.close?.();
      } catch (error) {
        closeErrors.push(error);
      }
    }
    if (outcome.error !== undefined) throw outcome.error;
    if (closeErrors.length > 0) throw closeErrors[0];
    const summary: RunSummary = {
      name: config.name,
      seed: config.seed,
      steps: tracker.step,
      reason: tracker.reason ?? 'budget',
      finalEval: tracker.finalEval(),
      solvedAtStep: tracker.solvedAtStep ?? (tracker.reason === 'solved' ? tracker.step : null),
      wallSeconds: recorder.wallSeconds(),
      ...(tracker.reason === 'stopped' && this.stopReason !== null ? { stopReason: this.stopReason } : {}),
    };
    folder.writeSummary(summary);
    return summary;
  }

  /**
   * The default sinks (progress, curve) when registered, then the config's and the options'
   * sinks. Each gets `stop` (a sink may end the run, e.g. early stopping).
   */
  private makeSinks(): Sink[] {
    const registry = this.container.get<SinkRegistryClass>(SinkRegistry);
    const { config, task } = this;
    const requests: SinkRequest[] = [];
    if (registry.has('progress') && this.options.quiet !== true) {
      requests.push({ id: 'progress', options: { total: totalSteps(task, config), unit: task.kind === 'env' ? 'steps' : 'batches', startStep: this.resumePoint?.step ?? 0 } });
    }
    if (registry.has('curve')) {
      requests.push({
        id: 'curve',
        options: { title: `${config.name}: ${taskLabel(config)}`, xLabel: task.kind === 'env' ? 'env steps' : 'batches', ...(config.stop.meanReturn === undefined ? {} : { targetReturn: config.stop.meanReturn }) },
      });
    }
    requests.push(...config.sinks, ...(this.options.sinks ?? []));
    const stop = (reason: string): void => this.stop(reason);
    return requests.map((request) => {
      try {
        return registry.make(request.id, { runDir: this.folder.dir, stop, ...(request.options === undefined ? {} : { options: request.options }) });
      } catch (error) {
        throw error instanceof ConfigError || error instanceof FileFormatError ? new ConfigError(`sink '${request.id}': ${error.message}`) : error;
      }
    });
  }
}

/** Fails early (before any file is written) on a sink id no plugin registered, or options its registration does not take. */
function checkSinkIds(container: Container, config: ExperimentConfig, options: ExperimentOptions): void {
  const registry = container.get<SinkRegistryClass>(SinkRegistry);
  const requests = [...config.sinks.map((request, i) => ({ request, field: `sinks[${i}]` })), ...(options.sinks ?? []).map((request) => ({ request, field: 'sinks' }))];
  for (const { request, field } of requests) {
    try {
      const registration = registry.get(request.id);
      if (registration.defaults !== undefined) mergeOptions(`sink '${request.id}'`, registration.defaults, request.options ?? {});
    } catch (error) {
      throw error instanceof ConfigError ? new ConfigError(`${field}: ${error.message}`) : error;
    }
  }
}
