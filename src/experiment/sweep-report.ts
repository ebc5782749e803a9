import type { RunSummary } from './run-summary.js';

/** One finished run of a sweep. */
export interface SweepRun {
  readonly setting: string;
  readonly params: Readonly<Record<string, unknown>>;
  readonly seed: number;
  /** The run folder. */
  readonly dir: string;
  readonly summary: RunSummary;
}

/** Mean and (population) standard deviation over a setting's seeds. */
export interface MeanStd {
  readonly mean: number;
  readonly std: number;
}

/** One setting of a sweep, aggregated over its seeds. */
export interface SweepSettingSummary {
  readonly name: string;
  readonly params: Readonly<Record<string, unknown>>;
  readonly seeds: readonly number[];
  /** Final eval mean return over seeds (env runs). */
  readonly finalReturn?: MeanStd;
  /** Each final eval metric over seeds (data runs). */
  readonly finalMetrics?: Readonly<Record<string, MeanStd>>;
  /** Runs that reached the stop target. */
  readonly solved: number;
  readonly meanSteps: number;
  readonly runs: readonly { readonly seed: number; readonly dir: string; readonly finalEval: RunSummary['finalEval']; readonly solvedAtStep: number | null; readonly steps: number }[];
}

/** What `sweep-summary.json` holds. */
export interface SweepSummary {
  readonly name: string;
  readonly seeds: readonly number[];
  readonly settings: readonly SweepSettingSummary[];
}

/**
 * Groups runs by setting (in the order settings first appear) and aggregates each: mean and
 * std of the final eval return (or each learner metric) over seeds, solved count, mean steps.
 * The std is the population std (NumPy's default), as for eval returns.
 *
 * @example
 * ```ts
 * const summary = aggregateSweep('grid', [1, 2], runs);
 * summary.settings[0].finalReturn; // { mean: 0.74, std: 0.05 }
 * ```
 */
export function aggregateSweep(name: string, seeds: readonly number[], runs: readonly SweepRun[]): SweepSummary {
  const groups = new Map<string, SweepRun[]>();
  for (const run of runs) {
    const group = groups.get(run.setting) ?? [];
    group.push(run);
    groups.set(run.setting, group);
  }
  const settings = [...groups.values()].map((group): SweepSettingSummary => {
    const sorted = [...group].sort((a, b) => a.seed - b.seed);
    const returns = sorted.map((r) => r.summary.finalEval.meanReturn).filter((v): v is number => v !== undefined);
    const metricNames = [...new Set(sorted.flatMap((r) => Object.keys(r.summary.finalEval.metrics ?? {})))].sort();
    const finalMetrics: Record<string, MeanStd> = {};
    for (const metric of metricNames) {
      finalMetrics[metric] = meanStd(sorted.map((r) => r.summary.finalEval.metrics?.[metric]).filter((v): v is number => v !== undefined));
    }
    return {
      name: sorted[0]!.setting,
      params: sorted[0]!.params,
      seeds: sorted.map((r) => r.seed),
      ...(returns.length > 0 ? { finalReturn: meanStd(returns) } : {}),
      ...(metricNames.length > 0 ? { finalMetrics } : {}),
      solved: sorted.filter((r) => r.summary.solvedAtStep !== null).length,
      meanSteps: meanStd(sorted.map((r) => r.summary.steps)).mean,
      runs: sorted.map((r) => ({ seed: r.seed, dir: r.dir, finalEval: r.summary.finalEval, solvedAtStep: r.summary.solvedAtStep, steps: r.summary.steps })),
    };
  });
  return { name, seeds: [...seeds], settings };
}

/** Mean and population std; NaN for an empty list. */
export function meanStd(values: readonly number[]): MeanStd {
  if (values.length === 0) return { mean: Number.NaN, std: Number.NaN };
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const variance = values.reduce((a, v) => a + (v - mean) ** 2, 0) / values.length;
  return { mean, std: Math.sqrt(variance) };
}

/**
 * The sweep as a markdown table: one row per setting, one column per swept parameter, then the
 * aggregated results (`mean ± std`). The best setting's result is bold.
 *
 * @example
 * ```ts
 * writeFileSync('sweep-summary.md', sweepMarkdown(summary));
 * ```
 */
export function sweepMarkdown(summary: SweepSummary): string {
  const params = [...new Set(summary.settings.flatMap((s) => Object.keys(s.params)))];
  const metricNames = [...new Set(summary.settings.flatMap((s) => Object.keys(s.finalMetrics ?? {})))].sort();
  const hasReturn = summary.settings.some((s) => s.finalReturn !== undefined);
  const best = hasReturn ? bestIndex(summary.settings.map((s) => s.finalReturn?.mean)) : -1;
  const header = ['setting', ...params, 'seeds', ...(hasReturn ? ['final return'] : []), ...metricNames.map((m) => `final ${m}`), 'solved', 'mean steps'];
  const rows = summary.settings.map((s, i) => {
    const result = s.finalReturn === undefined ? '' : formatMeanStd(s.finalReturn);
    return [
      s.name,
      ...params.map((p) => (p in s.params ? formatValue(s.params[p]) : '')),
      String(s.seeds.length),
      ...(hasReturn ? [i === best ? `**${result}**` : result] : []),
      ...metricNames.map((m) => (s.finalMetrics?.[m] === undefined ? '' : formatMeanStd(s.finalMetrics[m]!))),
      `${s.solved}/${s.seeds.length}`,
      formatNumber(s.meanSteps),
    ];
  });
  const line = (cells: readonly string[]) => `| ${cells.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`;
  return [`# Sweep ${summary.name}`, '', `Seeds: ${summary.seeds.join(', ')}`, '', line(header), line(header.map(() => '---')), ...rows.map(line), ''].join('\n');
}

function bestIndex(values: readonly (number | undefined)[]): number {
  let best = -1;
  values.forEach((v, i) => {
    if (v !== undefined && Number.isFinite(v) && (best === -1 || v > values[best]!)) best = i;
  });
  return best;
}

function formatMeanStd({ mean, std }: MeanStd): string {
  return `${formatNumber(mean)} ± ${formatNumber(std)}`;
}

function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Number.isInteger(value)) return String(value);
  return Math.abs(value) >= 100 ? value.toFixed(1) : Number(value.toPrecision(4)).toString();
}

function formatValue(value: unknown): string {
  return typeof value === 'number' ? formatNumber(value) : typeof value === 'string' ? value : JSON.stringify(value);
}
