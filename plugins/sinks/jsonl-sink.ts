import { AppendLog } from '../../src/experiment/append-log.js';
import { formatEventLine } from '../../src/experiment/event-line.js';
import type { LoopEvent } from '../../src/loop/events.js';
import type { Sink } from '../../src/loop/sink.js';

/**
 * Writes every event as one line of JSON (`formatEventLine`: stable key order, numbers printed
 * identically run to run), so two runs with the same config and seed give byte-identical files.
 * The run folder's `events.jsonl` uses the same format; this sink is for extra copies or streams
 * filtered with rxjs operators.
 *
 * @example
 * ```ts
 * attachSink(experiment.events$.pipe(filter((e) => e.type === 'episode')), new JsonlSink('episodes.jsonl'));
 * ```
 */
export class JsonlSink implements Sink {
  private readonly log: AppendLog;

  constructor(readonly path: string) {
    this.log = AppendLog.open(path);
  }

  handle(event: LoopEvent): void {
    this.log.append(formatEventLine(event));
  }

  close(): void {
    this.log.close();
  }
}
