import type { Observable, Subscription } from 'rxjs';
import type { LoopEvent } from '../loop/events.js';
import type { Sink } from '../loop/sink.js';

/**
 * Subscribes a {@link Sink} to an event stream: each event goes to `handle`, and `close` runs
 * once when the stream completes or errors. Returns the subscription (unsubscribe to detach
 * without closing). A rejected async `close` is reported to `onCloseError` (default: rethrown
 * asynchronously, like an unhandled error).
 *
 * @example
 * ```ts
 * attachSink(experiment.events$, new CsvSink('runs/a'));
 * ```
 */
export function attachSink<E = LoopEvent>(events$: Observable<E>, sink: Sink<E>, onCloseError?: (error: unknown) => void): Subscription {
  const close = (): void => {
    try {
      const closing = sink.close?.();
      if (closing instanceof Promise) closing.catch(onCloseError ?? rethrowLater);
    } catch (error) {
      (onCloseError ?? rethrowLater)(error);
    }
  };
  return events$.subscribe({ next: (event) => sink.handle(event), error: close, complete: close });
}

function rethrowLater(error: unknown): void {
  queueMicrotask(() => {
    throw error;
  });
}
