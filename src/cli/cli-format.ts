import type { RunSummary } from '../experiment/run-summary.js';

/** `0.74 ± 0.44` with a few significant digits. */
export function formatReturn(mean: number, std: number): string {
  return `${formatNumber(mean)} ± ${formatNumber(std)}`;
}

/** A number for humans: integers as is, others with 4 significant digits. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value) || Number.isInteger(value)) return String(value);
  return Number(value.toPrecision(4)).toString();
}

/** `accuracy 0.9812, loss 0.0634`. */
export function formatMetrics(metrics: Readonly<Record<string, number>>): string {
  return Object.entries(metrics)
    .map(([k, v]) => `${k} ${formatNumber(v)}`)
    .join(', ');
}

/**
 * The closing lines of `run` / `resume`: how the run ended, its final evaluation, and where
 * its files are.
 *
 * @example
 * ```ts
 * summaryLines(summary, 'runs/grid/seed-0');
 * // ['done: 20000 steps (budget); final eval return 0.8 ± 0.4 over 10 episodes', 'run folder: runs/grid/seed-0']
 * ```
 */
export function summaryLines(summary: RunSummary, dir: string): string[] {
  const { finalEval } = summary;
  const result =
    finalEval.meanReturn !== undefined
      ? `final eval return ${formatReturn(finalEval.meanReturn, finalEval.stdReturn ?? 0)} over ${finalEval.episodes ?? '?'} episodes`
      : finalEval.metrics !== undefined
        ? `final eval ${formatMetrics(finalEval.metrics)}`
        : 'no evaluation';
  const solved = summary.solvedAtStep === null ? '' : `; solved at step ${summary.solvedAtStep}`;
  const reason = summary.stopReason === undefined ? summary.reason : `${summary.reason}: ${summary.stopReason}`;
  const lines = [`${summary.reason === 'stopped' ? 'stopped' : 'done'}: ${summary.steps} steps (${reason}); ${result}${solved}`, `run folder: ${dir}`];
  // A run stopped with a reason (early stopping) is finished; an interrupted one can go on.
  if (summary.reason === 'stopped' && summary.stopReason === undefined) lines.push(`continue with: neuroloop resume ${dir}`);
  return lines;
}

/** Rows padded into aligned columns. */
export function table(rows: readonly (readonly string[])[]): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows.map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ').trimEnd()).join('\n');
}
