/** Dekker's splitter 2^27 + 1: `t = SPLIT * a; hi = t - (t - a)` keeps the high 26 bits of a. */
export const SPLIT = 134217729;

/** The high half of Dekker's split of a (a - splitHigh(a) is the exact low half). */
export function splitHigh(a: number): number {
  const t = SPLIT * a;
  return t - (t - a);
}

/**
 * Fused multiply-add `round(a * b + c)` with a single rounding, as the FMA instructions of
 * glibc's x86-64 build (JavaScript has no fma). a * b = p + pe exactly (Dekker's product),
 * p + c = s + se exactly (two-sum); the result is round(s + (se + pe)). Rounding se + pe first
 * can only change the final rounding when s + v lands exactly on a midpoint between doubles
 * (a tie): then the sign of the discarded error err decides, which the last branch applies.
 * Checked against exact BigInt arithmetic in test/envs/classic-control/fma.spec.ts.
 *
 * @example
 * ```ts
 * fma(0.1, 10, -1); // 5.551115123125783e-17: the rounding error of 0.1 * 10, which a * b + c loses
 * ```
 */
export function fma(a: number, b: number, c: number): number {
  const p = a * b;
  let t = SPLIT * a;
  const ah = t - (t - a);
  const al = a - ah;
  t = SPLIT * b;
  const bh = t - (t - b);
  const bl = b - bh;
  const pe = ah * bh - p + ah * bl + al * bh + al * bl;
  const s = p + c;
  let z = s - p;
  const se = p - (s - z) + (c - z);
  const v = se + pe;
  z = v - se;
  const err = se - (v - z) + (pe - z);
  const r = s + v;
  if (err === 0) return r;
  z = r - s;
  const e2 = s - (r - z) + (v - z);
  // A tie: r + 2 * e2 is the other neighbour exactly; err says which side the exact value is on.
  if (e2 !== 0 && r + 2 * e2 - r === 2 * e2 && e2 > 0 === err > 0) return r + 2 * e2;
  return r;
}
