import type { LoopEvent, TimingEvent } from './events.js';

/** The service token of {@link Sink} (sinks bound in a container, e.g. by the experiment). */
export const Sink = Symbol('Sink');

/**
 * A consumer of a run's events: progress display, JSONL/CSV logs, plots. Sinks are
 * subscribers: the experiment feeds each one every event in order, then closes it. A sink only
 * observes; it never changes the run.
 *
 * `Event` is the event type it understands (the loop's events by default; the experiment layer
 * may widen it with its own).
 *
 * @example
 * ```ts
 * class CountingSink implements Sink {
 *   episodes = 0;
 *   handle(event: LoopEvent): void { if (event.type === 'episode') this.episodes++; }
 * }
 * ```
 */
export interface Sink<Event = LoopEvent> {
  /** Receives one event. */
  handle(event: Event): void;
  /** Receives wall-clock timings (optional; kept apart from events). */
  timing?(event: TimingEvent): void;
  /** The run ended (completed, errored or was stopped): flush and release resources. */
  close?(): void | Promise<void>;
}
