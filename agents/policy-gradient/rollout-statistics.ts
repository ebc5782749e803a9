// Statistics of rollouts used by the policy-gradient updates and their metrics.

/**
 * Standardizes advantages in place as SB3 does: (A - mean) / (std + 1e-8), with the sample std
 * (n - 1, as torch's `std`); a single advantage is left as is.
 *
 * @example
 * ```ts
 * const a = Float32Array.of(1, 2, 3);
 * normalizeAdvantages(a);   // [-1, 0, 1]
 * ```
 */
export function normalizeAdvantages(advantages: Float32Array): void {
  const n = advantages.length;
  if (n < 2) return;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += advantages[i]!;
  mean /= n;
  let sumSquares = 0;
  for (let i = 0; i < n; i++) sumSquares += (advantages[i]! - mean) ** 2;
  const std = Math.sqrt(sumSquares / (n - 1));
  for (let i = 0; i < n; i++) advantages[i] = (advantages[i]! - mean) / (std + 1e-8);
}

/**
 * The fraction of the variance of `returns` that `values` explain: 1 - Var[R - V] / Var[R]
 * (SB3's `explained_variance`; NaN when the returns do not vary). 1 is a perfect critic, 0 no
 * better than the mean, negative worse.
 *
 * @example
 * ```ts
 * explainedVariance(Float32Array.of(1, 2, 3), Float32Array.of(1, 2, 3));   // 1
 * ```
 */
export function explainedVariance(values: Float32Array, returns: Float32Array): number {
  const n = returns.length;
  let meanR = 0;
  let meanD = 0;
  for (let i = 0; i < n; i++) {
    meanR += returns[i]!;
    meanD += returns[i]! - values[i]!;
  }
  meanR /= n;
  meanD /= n;
  let varR = 0;
  let varD = 0;
  for (let i = 0; i < n; i++) {
    varR += (returns[i]! - meanR) ** 2;
    varD += (returns[i]! - values[i]! - meanD) ** 2;
  }
  return varR === 0 ? Number.NaN : 1 - varD / varR;
}
