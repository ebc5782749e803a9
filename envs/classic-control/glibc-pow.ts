import { SPLIT, splitHigh, type fma } from './fma.js';
import {
  EXP_INV_LN2_N,
  EXP_NEG_LN2_HI_N,
  EXP_NEG_LN2_LO_N,
  EXP_POLY,
  EXP_SCALE,
  EXP_SHIFT,
  EXP_TAIL,
  POW_LN2_HI,
  POW_LN2_LO,
  POW_LOG_POLY,
  POW_LOG_TAB,
} from './pow-tables.js';

/**
 * `x ** 2` exactly as Python and NumPy compute it for a float64 scalar: glibc's `pow(x, 2.0)`
 * (sysdeps/ieee754/dbl-64/e_pow.c, x86-64 FMA build), which is *not* always `x * x`: pow
 * evaluates exp(2 log x) with ~0.52 ulp error, so it differs from the correctly rounded square
 * on a few percent of arguments. Gymnasium's Acrobot (`dtheta1**2`, `dtheta2**2`, `d2**2`) and
 * Pendulum (`angle_normalize(th) ** 2`, `thdot**2`) square with `**`, so matching their float64
 * trajectories bit for bit needs this. (CartPole uses `np.square`, which is `x * x`.)
 *
 * Each `// name = fma(a, b, c)` block below is {@link fma} (fma.ts) written out inline: V8
 * inlines only a few calls per function and boxes the doubles passed to the rest, which made
 * the straightforward version several times slower. The blocks are a mechanical expansion of
 * those one-line forms; the tests compare the results with glibc's on recorded arguments.
 *
 * Outside glibc's main path (|x| not in [2^-126, 2^126], non-finite, or x^2 within 2^-54 of 1,
 * which glibc returns as 1 + 2 log|x|) it follows glibc's special cases or, for the extremes the
 * envs never reach, falls back to `x * x`.
 *
 * @example
 * ```ts
 * glibcSquare(1.6122650899732003); // 2.5993987203462914 (Python's 1.6122650899732003 ** 2)
 * 1.6122650899732003 * 1.6122650899732003; // 2.599398720346292
 * ```
 */
export function glibcSquare(x: number): number {
  // Scratch for the inlined fma blocks (see fma.ts for the same algorithm as a function).
  let fp: number, ft: number, fah: number, fal: number, fbh: number, fbl: number, fpe: number, fs: number, fz: number, fse: number, fv: number, fer: number, fe2: number;
  const ax = Math.abs(x);
  if (!(ax >= MIN_NORMAL_POW && ax <= MAX_POW)) return x * x;
  SCRATCH_F64[0] = ax;
  const hi = SCRATCH_U32[1]!;
  // log_inline: |x| = 2^k z with z in [OFF, 2 OFF), split into 128 subintervals.
  const tmpHi = hi - OFF_HI;
  const i = (tmpHi >>> 13) & 127;
  const k = (tmpHi | 0) >> 20;
  SCRATCH_U32[1] = (hi - (tmpHi & 0xfff00000)) >>> 0;
  const z = SCRATCH_F64[0]!;
  const kd = k;
  const invc = POW_LOG_TAB[4 * i]!;
  const logc = POW_LOG_TAB[4 * i + 2]!;
  const logctail = POW_LOG_TAB[4 * i + 3]!;
  // r = fma(z, invc, MINUS_ONE)
  fp = z * invc;
  ft = SPLIT * z;
  fah = ft - (ft - z);
  fal = z - fah;
  ft = SPLIT * invc;
  fbh = ft - (ft - invc);
  fbl = invc - fbh;
  fpe = fah * fbh - fp + fah * fbl + fal * fbh + fal * fbl;
  fs = fp + MINUS_ONE;
  fz = fs - fp;
  fse = fp - (fs - fz) + (MINUS_ONE - fz);
  fv = fse + fpe;
  fz = fv - fse;
  fer = fse - (fv - fz) + (fpe - fz);
  let r = fs + fv;
  if (fer !== 0) {
    fz = r - fs;
    fe2 = fs - (r - fz) + (fv - fz);
    if (fe2 !== 0 && r + 2 * fe2 - r === 2 * fe2 && fe2 > 0 === fer > 0) r += 2 * fe2;
  }
  // t1 = fma(kd, POW_LN2_HI, logc)
  fp = kd * POW_LN2_HI;
  ft = SPLIT * kd;
  fah = ft - (ft - kd);
  fal = kd - fah;
  fbh = POW_LN2_HI_HI;
  fbl = POW_LN2_HI_LO;
  fpe = fah * fbh - fp + fah * fbl + fal * fbh + fal * fbl;
  fs = fp + logc;
  fz = fs - fp;
  fse = fp - (fs - fz) + (logc - fz);
  fv = fse + fpe;
  fz = fv - fse;
  fer = fse - (fv - fz) + (fpe - fz);
  let t1 = fs + fv;
  if (fer !== 0) {
    fz = t1 - fs;
    fe2 = fs - (t1 - fz) + (fv - fz);
    if (fe2 !== 0 && t1 + 2 * fe2 - t1 === 2 * fe2 && fe2 > 0 === fer > 0) t1 += 2 * fe2;
  }
  const t2 = t1 + r;
  // lo1 = fma(kd, POW_LN2_LO, logctail)
  fp = kd * POW_LN2_LO;
  ft = SPLIT * kd;
  fah = ft - (ft - kd);
  fal = kd - fah;
  fbh = POW_LN2_LO_HI;
  fbl = POW_LN2_LO_LO;
  fpe = fah * fbh - fp + fah * fbl + fal * fbh + fal * fbl;
  fs = fp + logctail;
  fz = fs - fp;
  fse = fp - (fs - fz) + (logctail - fz);
  fv = fse + fpe;
  fz = fv - fse;
  fer = fse - (fv - fz) + (fpe - fz);
  let lo1 = fs + fv;
  if (fer !== 0) {
    fz = lo1 - fs;
    fe2 = fs - (lo1 - fz) + (fv - fz);
    if (fe2 !== 0 && lo1 + 2 * fe2 - lo1 === 2 * fe2 && fe2 > 0 === fer > 0) lo1 += 2 * fe2;
  }
  const lo2 = t1 - t2 + r;
  const ar = A0 * r;
  const ar2 = r * ar;
  const ar3 = r * ar2;
  const logHi = t2 + ar2;
  const negAr2 = -ar2;
  // lo3 = fma(ar, r, negAr2)
  fp = ar * r;
  ft = SPLIT * ar;
  fah = ft - (ft - ar);
  fal = ar - fah;
  ft = SPLIT * r;
  fbh = ft - (ft - r);
  fbl = r - fbh;
  fpe = fah * fbh - fp + fah * fbl + fal * fbh + fal * fbl;
  fs = fp + negAr2;
  fz = fs - fp;
  fse = fp - (fs - fz) + (negAr2 - fz);
  fv = fse + fpe;
  fz = fv - fse;
  fer = fse - (fv - fz) + (fpe - fz);
  let lo3 = fs + fv;
  if (fer !== 0) {
    fz = lo3 - fs;
    fe2 = fs - (lo3 - fz) + (fv - fz);
    if (fe2 !== 0 && lo3 + 2 * fe2 - lo3 === 2 * fe2 && fe2 > 0 === fer > 0) lo3 += 2 * fe2;
  }
  const lo4 = t2 - logHi + ar2;
  // q56 = fma(r, A6, A5)
  fp = r * A6;
  ft = SPLIT * r;
  fah = ft - (ft - r);
  fal = r - fah;
  fbh = A6_HI;
  fbl = A6_LO;
  fpe = fah * fbh - fp + fah * fbl + fal * fbh + fal * fbl;
  fs = fp + A5;
  fz = fs - fp;
  fse = fp - (fs - fz) + (A5 - fz);
  fv = fse + fpe;
  fz = fv - fse;
  fer = fse - (fv - fz) + (fpe - fz);
  let q56 = fs + fv;
  if (fer !== 0) {
    fz = q56 - fs;
    fe2 = fs - (q56 - fz) + (fv - fz);
    if (fe2 !== 0 && q56 + 2 * fe2 - q56 === 2 * fe2 && fe2 > 0 === fer > 0) q56 += 2 * fe2;
  }
  // q34 = fma(r, A4, A3)
  fp = r * A4;
  ft = SPLIT * r;
  fah = ft - (ft - r);
  fal = r - fah;
  fbh = A4_HI;
  fbl = A4_LO;
  fpe = fah * fbh - fp + fah * fbl + fal * fbh + fal * fbl;
  fs = fp + A3;
  fz = fs - fp;
  fse = fp - (fs - fz) + (A3 - fz);
  fv = fse + fpe;
  fz = fv - fse;
  fer = fse - (fv - fz) + (fpe - fz);
  let q34 = fs + fv;
  if (fer !== 0) {
    fz = q34 - fs;
    fe2 = fs - (q34 - fz) + (fv - fz);
    if (fe2 !== 0 && q34 + 2 * fe2 - q34 === 2 * fe2 && fe2 > 0 === fer > 0) q34 += 2 * fe2;
  }
  // q12 = fma(r, A2, A1)
  fp = r * A2;
  ft = SPLIT * r;
  fah = ft - (ft - r);
  fal = r - fah;
  fbh = A2_HI;
  fbl = A2_LO;
  fpe = fah * fbh - fp + fah * fbl + fal * fbh + fal * fbl;
  fs = fp + A1;
  fz = fs - fp;
  fse = fp - (fs - fz) + (A1 - fz);
  fv = fse + fpe;
  fz = fv - fse;
  fer = fse - (fv - fz) + (fpe - fz);
  let q12 = fs + fv;
  if (fer !== 0) {
    fz = q12 - fs;
    fe2 = fs - (q12 - fz) + (fv - fz);
    if (fe2 !== 0 && q12 + 2 * fe2 - q12 === 2 * fe2 && fe2 > 0 === fer > 0) q12 += 2 * fe2;
  }
  // q36 = fma(q56, ar2, q34)
  fp = q56 * ar2;
  ft = SPLIT * q56;
  fah = ft - (ft - q56);
  fal = q56 - fah;
  ft = SPLIT * ar2;
  fbh = ft - (ft - ar2);
  fbl = ar2 - fbh;
  fpe = fah * fbh - fp + fah * fbl + fal * fbh + fal * fbl;
  fs = fp + q34;
  fz = fs - fp;
  fse = fp - (fs - fz) + (q34 - fz);
  fv = fse + fpe;
  fz = fv - fse;
  fer = fse - (fv - fz) + (fpe - fz);
  let q36 = fs + fv;
  if (fer !== 0) {
    fz = q36 - fs;
    fe2 = fs - (q36 - fz) + (fv - fz);
    if (fe2 !== 0 && q36 + 2 * fe2 - q36 === 2 * fe2 && fe2 > 0 === fer > 0) q36 += 2 * fe2;
  }
  // q = fma(ar2, q36, q12)
  fp = ar2 * q36;
  ft = SPLIT * ar2;
  fah = ft - (ft - ar2);
  fal = ar2 - fah;
  ft = SPLIT * q36;
  fbh = ft - (ft - q36);
  fbl = q36 - fbh;
  fpe = fah * fbh - fp + fah * fbl + fal * fbh + fal * fbl;
  fs = fp + q12;
  fz = fs - fp;
  fse = fp - (fs - fz) + (q12 - fz);
  fv = fse + fpe;
  fz = fv - fse;
  fer = fse - (fv - fz) + (fpe - fz);
  let q = fs + fv;
  if (fer !== 0) {
    fz = q - fs;
    fe2 = fs - (q - fz) + (fv - fz);
    if (fe2 !== 0 && q + 2 * fe2 - q === 2 * fe2 && fe2 > 0 === fer > 0) q += 2 * fe2;
  }
  const loSum = lo1 + lo2 + lo3 + lo4;
  // lo = fma(ar3, q, loSum)
  fp = ar3 * q;
  ft = SPLIT * ar3;
  fah = ft - (ft - ar3);
  fal = ar3 - fah;
  ft = SPLIT * q;
  fbh = ft - (ft - q);
  fbl = q - fbh;
  fpe = fah * fbh - fp + fah * fbl + fal * fbh + fal * fbl;
  fs = fp + loSum;
  fz = fs - fp;
  fse = fp - (fs - fz) + (loSum - fz);
  fv = fse + fpe;
  fz = fv - fse;
  fer = fse - (fv - fz) + (fpe - fz);
  let lo = fs + fv;
  if (fer !== 0) {
    fz = lo - fs;
    fe2 = fs - (lo - fz) + (fv - fz);
    if (fe2 !== 0 && lo + 2 * fe2 - lo === 2 * fe2 && fe2 > 0 === fer > 0) lo += 2 * fe2;
  }
  const y = logHi + lo;
  const tail = logHi - y + lo;
  // pow: y * log|x| with y = 2 is exact: ehi = 2 * y, elo = 2 * tail.
  return expInline(2 * y, 2 * tail);
}

const MIN_NORMAL_POW = 2 ** -126;
const MAX_POW = 2 ** 126;
const OFF_HI = 0x3fe69555;
const [A0, A1, A2, A3, A4, A5, A6] = POW_LOG_POLY as unknown as [number, number, number, number, number, number, number];
const [C2, C3, C4, C5] = EXP_POLY as unknown as [number, number, number, number];
const TWO_POW_M54 = 2 ** -54;
const MINUS_ONE = -1.0;
// A scratch register for reading and writing a double's high word; it holds no state between
// calls (written and read within one call). Little-endian, as every Node target.
const SCRATCH_F64 = new Float64Array(1);
const SCRATCH_U32 = new Uint32Array(SCRATCH_F64.buffer);

/** glibc's exp_inline(x, xtail) with sign_bias 0, for |x| < 512 (the only range reached here). */
function expInline(x: number, xtail: number): number {
  // Scratch for the inlined fma blocks (see fma.ts for the same algorithm as a function).
  let fp: number, ft: number, fah: number, fal: number, fbh: number, fbl: number, fpe: number, fs: number, fz: number, fse: number, fv: number, fer: number, fe2: number;
  const ax = Math.abs(x);
  if (ax < TWO_POW_M54) return 1.0 + x;
  if (!(ax < 512)) return Math.exp(x + xtail); // unreachable for |log x| < 126 ln 2; kept total
  // kdShifted = fma(x, EXP_INV_LN2_N, EXP_SHIFT)
  fp = x * EXP_INV_LN2_N;
  ft = SPLIT * x;
  fah = ft - (ft - x);
  fal = x - fah;
  fbh = EXP_INV_LN2_N_HI;
  fbl = EXP_INV_LN2_N_LO;
  fpe = fah * fbh - fp + fah * fbl + fal * fbh + fal * fbl;
  fs = fp + EXP_SHIFT;
  fz = fs - fp;
  fse = fp - (fs - fz) + (EXP_SHIFT - fz);
  fv = fse + fpe;
  fz = fv - fse;
  fer = fse - (fv - fz) + (fpe - fz);
  let kdShifted = fs + fv;
  if (fer !== 0) {
    fz = kdShifted - fs;
    fe2 = fs - (kdShifted - fz) + (fv - fz);
    if (fe2 !== 0 && kdShifted + 2 * fe2 - kdShifted === 2 * fe2 && fe2 > 0 === fer > 0) kdShifted += 2 * fe2;
  }
  const kd = kdShifted - EXP_SHIFT;
  // r1 = fma(kd, EXP_NEG_LN2_HI_N, x)
  fp = kd * EXP_NEG_LN2_HI_N;
  ft = SPLIT * kd;
  fah = ft - (ft - kd);
  fal = kd - fah;
  fbh = EXP_NEG_LN2_HI_N_HI;
  fbl = EXP_NEG_LN2_HI_N_LO;
  fpe = fah * fbh - fp + fah * fbl + fal * fbh + fal * fbl;
  fs = fp + x;
  fz = fs - fp;
  fse = fp - (fs - fz) + (x - fz);
  fv = fse + fpe;
  fz = fv - fse;
  fer = fse - (fv - fz) + (fpe - fz);
  let r1 = fs + fv;
  if (fer !== 0) {
    fz = r1 - fs;
    fe2 = fs - (r1 - fz) + (fv - fz);
    if (fe2 !== 0 && r1 + 2 * fe2 - r1 === 2 * fe2 && fe2 > 0 === fer > 0) r1 += 2 * fe2;
  }
  // r0 = fma(kd, EXP_NEG_LN2_LO_N, r1)
  fp = kd * EXP_NEG_LN2_LO_N;
  ft = SPLIT * kd;
  fah = ft - (ft - kd);
  fal = kd - fah;
  fbh = EXP_NEG_LN2_LO_N_HI;
  fbl = EXP_NEG_LN2_LO_N_LO;
  fpe = fah * fbh - fp + fah * fbl + fal * fbh + fal * fbl;
  fs = fp + r1;
  fz = fs - fp;
  fse = fp - (fs - fz) + (r1 - fz);
  fv = fse + fpe;
  fz = fv - fse;
  fer = fse - (fv - fz) + (fpe - fz);
  let r0 = fs + fv;
  if (fer !== 0) {
    fz = r0 - fs;
    fe2 = fs - (r0 - fz) + (fv - fz);
    if (fe2 !== 0 && r0 + 2 * fe2 - r0 === 2 * fe2 && fe2 > 0 === fer > 0) r0 += 2 * fe2;
  }
  const r = r0 + xtail;
  const j = kd & 127;
  const tail = EXP_TAIL[j]!;
  // 2^(k/128) = 2^(k >> 7) * 2^(j/128): the power of two is exact.
  const scale = EXP_SCALE[j]! * 2 ** (kd >> 7);
  const r2 = r * r;
  const r4 = r2 * r2;
  // p45 = fma(r, C5, C4)
  fp = r * C5;
  ft = SPLIT * r;
  fah = ft - (ft - r);
  fal = r - fah;
  fbh = C5_HI;
  fbl = C5_LO;
  fpe = fah * fbh - fp + fah * fbl + fal * fbh + fal * fbl;
  fs = fp + C4;
  fz = fs - fp;
  fse = fp - (fs - fz) + (C4 - fz);
  fv = fse + fpe;
  fz = fv - fse;
  fer = fse - (fv - fz) + (fpe - fz);
  let p45 = fs + fv;
  if (fer !== 0) {
    fz = p45 - fs;
    fe2 = fs - (p45 - fz) + (fv - fz);
    if (fe2 !== 0 && p45 + 2 * fe2 - p45 === 2 * fe2 && fe2 > 0 === fer > 0) p45 += 2 * fe2;
  }
  // p23 = fma(r, C3, C2)
  fp = r * C3;
  ft = SPLIT * r;
  fah = ft - (ft - r);
  fal = r - fah;
  fbh = C3_HI;
  fbl = C3_LO;
  fpe = fah * fbh - fp + fah * fbl + fal * fbh + fal * fbl;
  fs = fp + C2;
  fz = fs - fp;
  fse = fp - (fs - fz) + (C2 - fz);
  fv = fse + fpe;
  fz = fv - fse;
  fer = fse - (fv - fz) + (fpe - fz);
  let p23 = fs + fv;
  if (fer !== 0) {
    fz = p23 - fs;
    fe2 = fs - (p23 - fz) + (fv - fz);
    if (fe2 !== 0 && p23 + 2 * fe2 - p23 === 2 * fe2 && fe2 > 0 === fer > 0) p23 += 2 * fe2;
  }
  const tailR = tail + r;
  // p0 = fma(p23, r2, tailR)
  fp = p23 * r2;
  ft = SPLIT * p23;
  fah = ft - (ft - p23);
  fal = p23 - fah;
  ft = SPLIT * r2;
  fbh = ft - (ft - r2);
  fbl = r2 - fbh;
  fpe = fah * fbh - fp + fah * fbl + fal * fbh + fal * fbl;
  fs = fp + tailR;
  fz = fs - fp;
  fse = fp - (fs - fz) + (tailR - fz);
  fv = fse + fpe;
  fz = fv - fse;
  fer = fse - (fv - fz) + (fpe - fz);
  let p0 = fs + fv;
  if (fer !== 0) {
    fz = p0 - fs;
    fe2 = fs - (p0 - fz) + (fv - fz);
    if (fe2 !== 0 && p0 + 2 * fe2 - p0 === 2 * fe2 && fe2 > 0 === fer > 0) p0 += 2 * fe2;
  }
  // tmp = fma(p45, r4, p0)
  fp = p45 * r4;
  ft = SPLIT * p45;
  fah = ft - (ft - p45);
  fal = p45 - fah;
  ft = SPLIT * r4;
  fbh = ft - (ft - r4);
  fbl = r4 - fbh;
  fpe = fah * fbh - fp + fah * fbl + fal * fbh + fal * fbl;
  fs = fp + p0;
  fz = fs - fp;
  fse = fp - (fs - fz) + (p0 - fz);
  fv = fse + fpe;
  fz = fv - fse;
  fer = fse - (fv - fz) + (fpe - fz);
  let tmp = fs + fv;
  if (fer !== 0) {
    fz = tmp - fs;
    fe2 = fs - (tmp - fz) + (fv - fz);
    if (fe2 !== 0 && tmp + 2 * fe2 - tmp === 2 * fe2 && fe2 > 0 === fer > 0) tmp += 2 * fe2;
  }
  // result = fma(tmp, scale, scale)
  fp = tmp * scale;
  ft = SPLIT * tmp;
  fah = ft - (ft - tmp);
  fal = tmp - fah;
  ft = SPLIT * scale;
  fbh = ft - (ft - scale);
  fbl = scale - fbh;
  fpe = fah * fbh - fp + fah * fbl + fal * fbh + fal * fbl;
  fs = fp + scale;
  fz = fs - fp;
  fse = fp - (fs - fz) + (scale - fz);
  fv = fse + fpe;
  fz = fv - fse;
  fer = fse - (fv - fz) + (fpe - fz);
  let result = fs + fv;
  if (fer !== 0) {
    fz = result - fs;
    fe2 = fs - (result - fz) + (fv - fz);
    if (fe2 !== 0 && result + 2 * fe2 - result === 2 * fe2 && fe2 > 0 === fer > 0) result += 2 * fe2;
  }
  return result;
}

// Dekker splits of the constant fma operands, computed once.
const A2_HI = splitHigh(A2);
const A2_LO = A2 - A2_HI;
const A4_HI = splitHigh(A4);
const A4_LO = A4 - A4_HI;
const A6_HI = splitHigh(A6);
const A6_LO = A6 - A6_HI;
const C3_HI = splitHigh(C3);
const C3_LO = C3 - C3_HI;
const C5_HI = splitHigh(C5);
const C5_LO = C5 - C5_HI;
const EXP_INV_LN2_N_HI = splitHigh(EXP_INV_LN2_N);
const EXP_INV_LN2_N_LO = EXP_INV_LN2_N - EXP_INV_LN2_N_HI;
const EXP_NEG_LN2_HI_N_HI = splitHigh(EXP_NEG_LN2_HI_N);
const EXP_NEG_LN2_HI_N_LO = EXP_NEG_LN2_HI_N - EXP_NEG_LN2_HI_N_HI;
const EXP_NEG_LN2_LO_N_HI = splitHigh(EXP_NEG_LN2_LO_N);
const EXP_NEG_LN2_LO_N_LO = EXP_NEG_LN2_LO_N - EXP_NEG_LN2_LO_N_HI;
const POW_LN2_HI_HI = splitHigh(POW_LN2_HI);
const POW_LN2_HI_LO = POW_LN2_HI - POW_LN2_HI_HI;
const POW_LN2_LO_HI = splitHigh(POW_LN2_LO);
const POW_LN2_LO_LO = POW_LN2_LO - POW_LN2_LO_HI;
