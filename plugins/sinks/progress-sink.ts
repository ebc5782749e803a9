import { SystemClock, type Clock } from '../../src/loop/clock.js';
import type { LoopEvent } from '../../src/loop/events.js';
import type { Sink } from '../../src/loop/sink.js';

/** The slice of a stream the progress line needs (process.stderr fits). */
export interface ProgressStream {
  write(text: string): unknown;
  readonly isTTY?: boolean;
  readonly columns?: number;
}

/** Options of {@link ProgressSink}. */
export interface ProgressSinkOptions {
  /** The step budget (`train.steps`, or batches for learners); 0 when unknown. */
  readonly total: number;
  /** "steps" or "batches". */
  readonly unit?: string;
  /** Where to draw; process.stderr by default. */
  readonly stream?: ProgressStream;
  /**
   * Draw at all. Default: only on a TTY and when the `CI` environment variable is unset, so logs
   * and pipes never fill with carriage returns. The CLI's `--quiet` passes false.
   */
  readonly enabled?: boolean;
  /** Clock for rates and ETA (display only); a `SystemClock` by default. */
  readonly clock?: Clock;
  /** Redraw at most this often (ms); 100 by default. */
  readonly intervalMs?: number;
  /** Steps already done when a resumed run starts, so the rate counts only this process's steps. */
  readonly startStep?: number;
}

/**
 * A one-line console progress bar redrawn in place with `\r`: progress, recent episode return,
 * latest loss, speed and ETA. Silent unless enabled (see {@link ProgressSinkOptions.enabled}).
 *
 * `[#########...........]  45% 4.5k/10k steps | ep 120 return 35.0 (avg 31.2) | loss 0.123 | 2.1k/s | ETA 0:03`
 *
 * @example
 * ```ts
 * attachSink(experiment.events$, new ProgressSink({ total: config.train.steps ?? 0 }));
 * ```
 */
export class ProgressSink implements Sink {
  private readonly stream: ProgressStream;
  private readonly enabled: boolean;
  private readonly clock: Clock;
  private readonly intervalMs: number;
  private readonly startTime: number;
  private readonly startStep: number;
  private lastDraw = Number.NEGATIVE_INFINITY;
  private step = 0;
  private episodes = 0;
  private lastReturn: number | undefined;
  private readonly recentReturns: number[] = [];
  private loss: { name: string; value: number } | undefined;
  private evalReturn: number | undefined;
  private drawn = false;

  constructor(private readonly options: ProgressSinkOptions) {
    this.stream = options.stream ?? process.stderr;
    this.enabled = options.enabled ?? (this.stream.isTTY === true && !process.env['CI']);
    this.clock = options.clock ?? new SystemClock();
    this.intervalMs = options.intervalMs ?? 100;
    this.startTime = this.clock.now();
    this.startStep = options.startStep ?? 0;
    this.step = this.startStep;
  }

  handle(event: LoopEvent): void {
    this.step = Math.max(this.step, event.step);
    if (event.type === 'episode') {
      this.episodes = event.episode;
      this.lastReturn = event.return;
      this.recentReturns.push(event.return);
      if (this.recentReturns.length > 20) this.recentReturns.shift();
    } else if (event.type === 'update') {
      const name = 'loss' in event.metrics ? 'loss' : Object.keys(event.metrics).find((k) => k.toLowerCase().includes('loss'));
      if (name !== undefined) this.loss = { name, value: event.metrics[name]! };
    } else if (event.type === 'eval' && event.meanReturn !== undefined) {
      this.evalReturn = event.meanReturn;
    }
    if (!this.enabled) return;
    const t = this.clock.now();
    if ((t - this.lastDraw) * 1000 >= this.intervalMs || event.type === 'done') {
      this.lastDraw = t;
      this.draw(t);
    }
  }

  close(): void {
    if (this.enabled) this.draw(this.clock.now());
    if (this.drawn) this.stream.write('\n');
    this.drawn = false;
  }

  /** The current progress line at clock time `t` (seconds), without `\r`. */
  line(t: number = this.clock.now()): string {
    const { total } = this.options;
    const unit = this.options.unit ?? 'steps';
    const parts: string[] = [];
    if (total > 0) {
      const fraction = Math.min(1, this.step / total);
      const width = 20;
      const filled = Math.round(fraction * width);
      parts.push(`[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(Math.floor(fraction * 100)).padStart(3)}% ${compact(this.step)}/${compact(total)} ${unit}`);
    } else {
      parts.push(`${compact(this.step)} ${unit}`);
    }
    if (this.lastReturn !== undefined) {
      const mean = this.recentReturns.reduce((a, b) => a + b, 0) / this.recentReturns.length;
      parts.push(`ep ${this.episodes} return ${this.lastReturn.toFixed(1)} (avg ${mean.toFixed(1)})`);
    }
    if (this.evalReturn !== undefined) parts.push(`eval ${this.evalReturn.toFixed(1)}`);
    if (this.loss !== undefined) parts.push(`${this.loss.name} ${formatMetric(this.loss.value)}`);
    const seconds = t - this.startTime;
    const done = this.step - this.startStep;
    if (seconds > 0 && done > 0) {
      const rate = done / seconds;
      parts.push(`${compact(rate)}/s`);
      if (total > 0) parts.push(`ETA ${formatDuration(Math.max(0, total - this.step) / rate)}`);
    }
    return parts.join(' | ');
  }

  private draw(t: number): void {
    const columns = this.stream.columns ?? 100;
    let text = this.line(t);
    if (text.length > columns - 1) text = text.slice(0, columns - 1);
    // `\x1b[K` clears what a longer previous line left to the right.
    this.stream.write(`\r${text}\x1b[K`);
    this.drawn = true;
  }

}

/** 950, 12.3k, 4.5M. */
export function compact(value: number): string {
  const abs = Math.abs(value);
  if (abs >= 1e6) return `${trimZero((value / 1e6).toFixed(1))}M`;
  if (abs >= 1e4) return `${Math.round(value / 1e3)}k`;
  if (abs >= 1e3) return `${trimZero((value / 1e3).toFixed(1))}k`;
  return abs >= 100 || Number.isInteger(value) ? String(Math.round(value)) : value.toFixed(1);
}

/** 0:07, 3:05, 1:02:03. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${rest}` : `${m}:${rest}`;
}

function formatMetric(value: number): string {
  const abs = Math.abs(value);
  return abs !== 0 && (abs < 1e-3 || abs >= 1e5) ? value.toExponential(2) : value.toPrecision(3);
}

function trimZero(text: string): string {
  return text.endsWith('.0') ? text.slice(0, -2) : text;
}
