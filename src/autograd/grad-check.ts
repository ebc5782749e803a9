import { Rng } from '../random/rng.js';
import { Tensor } from '../tensor/tensor.js';
import type { Graph } from './graph.js';
import { Variable } from './variable.js';

/** Options of {@link gradCheck}. */
export interface GradCheckOptions {
  /** Perturbation of each input value (default 1e-2, suited to float32 evaluation). */
  readonly eps?: number;
  /** Relative tolerance (default 1e-2). */
  readonly rtol?: number;
  /** Absolute tolerance (default 1e-3). */
  readonly atol?: number;
  /** Seed of the random projection applied to non-scalar outputs (default 0). */
  readonly seed?: number;
}

/** One gradient entry where the analytic and numeric values disagree. */
export interface GradCheckMismatch {
  /** Which input (position in `inputs`). */
  readonly input: number;
  /** Flat index into that input. */
  readonly index: number;
  readonly analytic: number;
  readonly numeric: number;
}

/** Outcome of {@link gradCheck}. */
export interface GradCheckResult {
  readonly ok: boolean;
  /** Number of gradient entries compared. */
  readonly checked: number;
  readonly maxAbsError: number;
  readonly mismatches: GradCheckMismatch[];
}

/**
 * Compares the autograd gradients of `fn` with central differences. A non-scalar output is
 * projected onto fixed random weights w (so the checked function is Σ w·fn(x), and the
 * backward seed is w). `fn` runs on float32 tensors like any op; the perturbed input values are
 * the float32 numbers nearest to x ± eps, and the difference quotient divides by their exact
 * float64 distance and sums the projection in float64, so rounding the perturbation itself adds
 * no error. An entry passes when |analytic − numeric| <= atol + rtol · max(|analytic|, |numeric|).
 *
 * Keep inputs away from kinks (relu at 0, abs at 0, ties in max) by more than `eps`.
 *
 * @example
 * ```ts
 * const r = gradCheck(g, (a, b) => g.mul(a, b), [Tensor.from([1, 2]), Tensor.from([3])]);
 * expect(r.mismatches).toEqual([]);
 * ```
 */
export function gradCheck(
  g: Graph,
  fn: (...inputs: Variable[]) => Variable,
  inputs: readonly Tensor[],
  options: GradCheckOptions = {},
): GradCheckResult {
  const eps = options.eps ?? 1e-2;
  const rtol = options.rtol ?? 1e-2;
  const atol = options.atol ?? 1e-3;
  const xs = inputs.map((t) => t.clone());

  // Analytic: one backward with the projection weights as the seed.
  const leaves = xs.map((t) => new Variable(t, { requiresGrad: true }));
  const out = fn(...leaves);
  const rng = new Rng(options.seed ?? 0);
  const weights = new Tensor(out.shape, rng.fillUniform(new Float32Array(out.size), -1, 1));
  if (out.requiresGrad) g.backward(out, weights);
  const analytic = leaves.map((l) => l.grad ?? new Tensor(l.shape));

  const project = (): number => {
    const y = g.noGrad(() => fn(...xs.map((t) => new Variable(t)))).value;
    let total = 0;
    for (let i = 0; i < y.size; i++) total += y.data[i]! * weights.data[i]!;
    return total;
  };

  const mismatches: GradCheckMismatch[] = [];
  let maxAbsError = 0;
  let checked = 0;
  xs.forEach((x, input) => {
    for (let index = 0; index < x.size; index++) {
      const original = x.data[index]!;
      const up = Math.fround(original + eps);
      const down = Math.fround(original - eps);
      x.data[index] = up;
      const fUp = project();
      x.data[index] = down;
      const fDown = project();
      x.data[index] = original;
      const numeric = (fUp - fDown) / (up - down);
      const a = analytic[input]!.data[index]!;
      const err = Math.abs(a - numeric);
      maxAbsError = Math.max(maxAbsError, err);
      checked++;
      if (!(err <= atol + rtol * Math.max(Math.abs(a), Math.abs(numeric)))) {
        mismatches.push({ input, index, analytic: a, numeric });
      }
    }
  });
  return { ok: mismatches.length === 0, checked, maxAbsError, mismatches };
}
