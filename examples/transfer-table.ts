/** Small helpers the transfer demos share: seeds from the command line, mean ± std tables. */

/**
 * Mean and sample standard deviation (0 for a single value).
 *
 * @example
 * ```ts
 * meanStd([1, 2, 3]);   // { mean: 2, std: 1 }
 * ```
 */
export function meanStd(values: readonly number[]): { mean: number; std: number } {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const variance = values.length > 1 ? values.reduce((a, b) => a + (b - mean) ** 2, 0) / (values.length - 1) : 0;
  return { mean, std: Math.sqrt(variance) };
}

/**
 * Seeds from `0-4` (a range) or `0,3,7` (a list).
 *
 * @example
 * ```ts
 * parseSeeds('0-2');   // [0, 1, 2]
 * ```
 */
export function parseSeeds(text: string): number[] {
  const m = /^(\d+)-(\d+)$/.exec(text);
  const seeds = m !== null ? Array.from({ length: Number(m[2]) - Number(m[1]) + 1 }, (_, i) => Number(m[1]) + i) : text.split(',').map(Number);
  if (seeds.length === 0 || !seeds.every((s) => Number.isSafeInteger(s) && s >= 0)) throw new Error(`--seeds: expected a range like 0-4 or a list like 0,3,7, got '${text}'`);
  return seeds;
}

/**
 * A markdown table with one row per named series: mean ± std, then the values per seed.
 *
 * @example
 * ```ts
 * formatRows([['transfer', [0.95, 0.96]], ['scratch', [0.9, 0.91]]], (v) => v.toFixed(3));
 * ```
 */
export function formatRows(rows: readonly (readonly [string, readonly number[]])[], format: (value: number) => string): string {
  const width = Math.max(5, ...rows.map(([name]) => name.length));
  const cells = rows.map(([name, values]) => {
    const { mean, std } = meanStd(values);
    return [name.padEnd(width), `${format(mean)} ± ${format(std)}`, values.map(format).join(', ')];
  });
  const meanWidth = Math.max(11, ...cells.map((c) => c[1]!.length));
  return [
    `| ${'model'.padEnd(width)} | ${'mean ± std'.padEnd(meanWidth)} | per seed`,
    `|${'-'.repeat(width + 2)}|${'-'.repeat(meanWidth + 2)}|---------`,
    ...cells.map(([name, mean, per]) => `| ${name} | ${mean!.padEnd(meanWidth)} | ${per}`),
  ].join('\n');
}
