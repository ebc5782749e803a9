import { writeFileAtomic } from '../../src/experiment/atomic-write.js';
import type { EvalEvent, LoopEvent } from '../../src/loop/events.js';
import type { Sink } from '../../src/loop/sink.js';
import { renderLineChart, type ChartPoint, type ChartSeries } from './svg-line-chart.js';

/** Options of {@link CurveSink}. */
export interface CurveSinkOptions {
  /** Chart title, e.g. the run name and env id. */
  readonly title?: string;
  /** Draws a dashed line at this eval return (the config's `stop.meanReturn`). */
  readonly targetReturn?: number;
  /** x-axis label; "env steps" by default ("batches" suits learners). */
  readonly xLabel?: string;
}

/**
 * Draws the learning curve to an SVG file: eval mean return (with a ± std band) against steps,
 * or, for learners, each eval metric as its own line. The file is rewritten atomically after
 * every eval, so it can be watched while the run goes, and is deterministic for a given run.
 *
 * @example
 * ```ts
 * attachSink(experiment.events$, new CurveSink('runs/a/curve.svg', { title: 'cartpole', targetReturn: 475 }));
 * ```
 */
export class CurveSink implements Sink {
  private readonly evals: EvalEvent[] = [];

  constructor(
    readonly path: string,
    private readonly options: CurveSinkOptions = {},
  ) {}

  handle(event: LoopEvent): void {
    if (event.type !== 'eval') return;
    this.evals.push(event);
    this.write();
  }

  close(): void {
    this.write();
  }

  /** The chart for the evals seen so far. */
  render(): string {
    const series: ChartSeries[] = [];
    const returns = this.evals.filter((e) => e.meanReturn !== undefined);
    if (returns.length > 0) {
      const points: ChartPoint[] = returns.map((e) => {
        const y = e.meanReturn!;
        const std = e.stdReturn;
        return std === undefined ? { x: e.step, y } : { x: e.step, y, low: y - std, high: y + std };
      });
      series.push({ name: 'eval mean return (± std)', points });
    }
    // Names with a '/' are detail metrics (a classifier's `confusion/<true>/<pred>` counts): kept in
    // events and summaries, left out of the chart, whose scale they would swamp.
    const metricNames = [...new Set(this.evals.flatMap((e) => Object.keys(e.metrics ?? {})))].filter((name) => !name.includes('/')).sort();
    if (returns.length === 0) {
      for (const name of metricNames) {
        series.push({ name, points: this.evals.filter((e) => e.metrics?.[name] !== undefined).map((e) => ({ x: e.step, y: e.metrics![name]! })) });
      }
    }
    const target = this.options.targetReturn;
    return renderLineChart(series, {
      title: this.options.title ?? 'learning curve',
      xLabel: this.options.xLabel ?? 'env steps',
      yLabel: returns.length > 0 || metricNames.length === 0 ? 'eval return' : 'eval metrics',
      ...(target !== undefined ? { target: { y: target, label: `target ${target}` } } : {}),
    });
  }

  private write(): void {
    writeFileAtomic(this.path, this.render(), { fsync: false });
  }
}
