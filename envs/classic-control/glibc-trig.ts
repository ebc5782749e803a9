import { SPLIT, splitHigh, type fma } from './fma.js';
import { SINCOS_TABLE } from './sincos-table.js';

/**
 * `sin` and `cos` computed exactly as glibc's libm computes them (sysdeps/ieee754/dbl-64/s_sin.c,
 * the IBM Accurate Mathematical Library, ~0.55 ulp), so the classic-control envs reproduce
 * Gymnasium's float64 trajectories bit for bit.
 *
 * Why not `Math.sin`/`Math.cos`: V8's fdlibm port differs from glibc by one ulp on ~3% of
 * arguments. Gymnasium's physics runs on NumPy, which calls glibc; Acrobot is chaotic, so
 * those ulps grow into visible observation differences after ~290 steps, and Pendulum's
 * float64 rewards differ in the last digit. Neither is correctly rounded, so matching
 * Gymnasium means matching glibc's algorithm: table lookup at multiples of 1/128 plus short
 * polynomials, with glibc's constants and its exact operation order.
 *
 * Each `// name = fma(a, b, c)` block below is {@link fma} (fma.ts) written out inline: V8
 * inlines only a few calls per function and boxes the doubles passed to the rest, which made
 * the straightforward version several times slower. The blocks are a mechanical expansion of
 * those one-line forms; the tests compare the results with glibc's on recorded arguments.
 *
 * Arguments with |x| >= 105414350 (glibc's `__branred` range) and non-finite ones fall back to
 * `Math.sin`/`Math.cos`; the envs never produce them in practice.
 *
 * @example
 * ```ts
 * glibcCos(0.4888350576760945); // 0.8828805117992186, as NumPy; Math.cos gives ...187
 * ```
 */
export function glibcSin(x: number): number {
  const ax = Math.abs(x);
  if (ax < TINY_SIN) return x;
  if (ax < SMALL) return doSinNoTail(x);
  if (ax < MEDIUM) {
    const t = HP0 - ax;
    const r = doCos(t, HP1);
    return x < 0 ? -r : r;
  }
  if (ax < LARGE) return reduceAndEvaluate(x, 0);
  return Math.sin(x);
}

/** glibc's `cos`; see {@link glibcSin}. */
export function glibcCos(x: number): number {
  const ax = Math.abs(x);
  if (ax < TINY_COS) return 1.0;
  if (ax < SMALL) return doCos(x, 0);
  if (ax < MEDIUM) {
    const y = HP0 - ax;
    const a = y + HP1;
    const da = y - a + HP1;
    return doSin(a, da);
  }
  if (ax < LARGE) return reduceAndEvaluate(x, 1);
  return Math.cos(x);
}


// glibc's usncs.h constants (hex-float values written as exact decimals).
const S1 = -0.16666666666666666; // -0x1.5555555555555p-3
const S2 = 0.0083333333333323288; // 0x1.1111111110ECEp-7
const S3 = -0.00019841269834414642; // -0x1.A01A019DB08B8p-13
const S4 = 2.755729806860771e-6; // 0x1.71DE27B9A7ED9p-19
const S5 = -2.5022014848318398e-8; // -0x1.ADDFFC2FCDF59p-26
const BIG = 52776558133248; // 0x1.8p45: adding it rounds |x| to a multiple of 1/128
const HP0 = 1.5707963267948966; // pi/2 high part
const HP1 = 6.123233995736766e-17; // pi/2 low part
const MP1 = 1.5707963407039642; // 0x1.921FB58p0
const MP2 = -1.3909067564377153e-8; // -0x1.DDE973Cp-27
const PP3 = -4.9789962314799099e-17; // -0x1.CB3B398p-55
const PP4 = -1.9034889620193266e-25; // -0x1.d747f23e32ed7p-83
const HPINV = 0.63661977236758138; // 2/pi
const TOINT = 6755399441055744; // 0x1.8p52: adding it rounds to an integer
// s_sin.c's sn3, sn5, cs2, cs4, cs6.
const SN3 = -1.66666666666664880952546298448555e-1;
const SN5 = 8.33333214285722277379541354343671e-3;
const CS2 = 4.99999999999999999999950396842453e-1;
const CS4 = -4.16666666666664434524222570944589e-2;
const CS6 = 1.38888874007937613028114285595617e-3;

// The branch thresholds of s_sin.c, given there as high words of |x|.
const TINY_SIN = fromHighWord(0x3e500000); // 2^-26
const TINY_COS = fromHighWord(0x3e400000); // 2^-27
const SMALL = fromHighWord(0x3feb6000); // 0.855469
const MEDIUM = fromHighWord(0x400368fd); // 2.426265
const LARGE = fromHighWord(0x419921fb); // 105414350

function fromHighWord(high: number): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setUint32(0, high);
  view.setUint32(4, 0);
  return view.getFloat64(0);
}

/** glibc's TAYLOR_SIN: sin(a + da) for |a| < 0.126 (contracted into FMAs as glibc's build does). */
function taylorSin(xx: number, a: number, da: number): number {
  // Scratch for the inlined fma blocks (see fma.ts for the same algorithm as a function).
  let fp: number, ft: number, fah: number, fal: number, fbh: number, fbl: number, fpe: number, fs: number, fz: number, fse: number, fv: number, fer: number, fe2: number;
  // p1 = fma(S5, xx, S4)
  fp = S5 * xx;
  fah = S5_HI;
  fal = S5_LO;
  ft = SPLIT * xx;
  fbh = ft - (ft - xx);
  fbl = xx - fbh;
  fpe = fah * fbh - fp + fah * fbl + fal * fbh + fal * fbl;
  fs = fp + S4;
  fz = fs - fp;
  fse = fp - (fs - fz) + (S4 - fz);
  fv = fse + fpe;
  fz = fv - fse;
  fer = fse - (fv - fz) + (fpe - fz);
  let p1 = fs + fv;
  if (fer !== 0) {
    fz = p1 - fs;
    fe2 = fs - (p1 - fz) + (fv - fz);
    if (fe2 !== 0 && p1 + 2 * fe2 - p1 === 2 * fe2 && fe2 > 0 === fer > 0) p1 += 2 * fe2;
  }
  // p2 = fma(p1, xx, S3)
  fp = p1 * xx;
  ft = SPLIT * p1;
  fah = ft - (ft - p1);
  fal = p1 - fah;
  ft = SPLIT * xx;
  fbh = ft - (ft - xx);
  fbl = xx - fbh;
  fpe = fah * fbh - fp + fah * fbl + fal * fbh + fal * fbl;
  fs = fp + S3;
  fz = fs - fp;
  fse = fp - (fs - fz) + (S3 - fz);
  fv = fse + fpe;
  fz = fv - fse;
  fer = fse - (fv - fz) + (fpe - fz);
  let p2 = fs + fv;
  if (fer !== 0) {
    fz = p2 - fs;
    fe2 = fs - (p2 - fz) + (fv - fz);
    if (fe2 !== 0 && p2 + 2 * fe2 - p2 === 2 * fe2 && fe2 > 0 === fer > 0) p2 += 2 * fe2;
  }
  // p3 = fma(p2, xx, S2)
  fp = p2 * xx;
  ft = SPLIT * p2;
  fah = ft - (ft - p2);
  fal = p2 - fah;
  ft = SPLIT * xx;
  fbh = ft - (ft - xx);
  fbl = xx - fbh;
  fpe = fah * fbh - fp + fah * fbl + fal * fbh + fal * fbl;
  fs = fp + S2;
  fz = fs - fp;
  fse = fp - (fs - fz) + (S2 - fz);
  fv = fse + fpe;
  fz = fv - fse;
  fer = fse - (fv - fz) + (fpe - fz);
  let p3 = fs + fv;
  if (fer !== 0) {
    fz = p3 - fs;
    fe2 = fs - (p3 - fz) + (fv - fz);
    if (fe2 !== 0 && p3 + 2 * fe2 - p3 === 2 * fe2 && fe2 > 0 === fer > 0) p3 += 2 * fe2;
  }
  // poly = fma(p3, xx, S1)
  fp = p3 * xx;
  ft = SPLIT * p3;
  fah = ft - (ft - p3);
  fal = p3 - fah;
  ft = SPLIT * xx;
  fbh = ft - (ft - xx);
  fbl = xx - fbh;
  fpe = fah * fbh - fp + fah * fbl + fal * fbh + fal * fbl;
  fs = fp + S1;
  fz = fs - fp;
  fse = fp - (fs - fz) + (S1 - fz);
  fv = fse + fpe;
  fz = fv - fse;
  fer = fse - (fv - fz) + (fpe - fz);
  let poly = fs + fv;
  if (fer !== 0) {
    fz = poly - fs;
    fe2 = fs - (poly - fz) + (fv - fz);
    if (fe2 !== 0 && poly + 2 * fe2 - poly === 2 * fe2 && fe2 > 0 === fer > 0) poly += 2 * fe2;
  }
  const halfDa = -(0.5 * da);
  // q = fma(poly, a, halfDa)
  fp = poly * a;
  ft = SPLIT * poly;
  fah = ft - (ft - poly);
  fal = poly - fah;
  ft = SPLIT * a;
  fbh = ft - (ft - a);
  fbl = a - fbh;
  fpe = fah * fbh - fp + fah * fbl + fal * fbh + fal * fbl;
  fs = fp + halfDa;
  fz = fs - fp;
  fse = fp - (fs - fz) + (halfDa - fz);
  fv = fse + fpe;
  fz = fv - fse;
  fer = fse - (fv - fz) + (fpe - fz);
  let q = fs + fv;
  if (fer !== 0) {
    fz = q - fs;
    fe2 = fs - (q - fz) + (fv - fz);
    if (fe2 !== 0 && q + 2 * fe2 - q === 2 * fe2 && fe2 > 0 === fer > 0) q += 2 * fe2;
  }
  // t = fma(q, xx, da)
  fp = q * xx;
  ft = SPLIT * q;
  fah = ft - (ft - q);
  fal = q - fah;
  ft = SPLIT * xx;
  fbh = ft - (ft - xx);
  fbl = xx - fbh;
  fpe = fah * fbh - fp + fah * fbl + fal * fbh + fal * fbl;
  fs = fp + da;
  fz = fs - fp;
  fse = fp - (fs - fz) + (da - fz);
  fv = fse + fpe;
  fz = fv - fse;
  fer = fse - (fv - fz) + (fpe - fz);
  let t = fs + fv;
  if (fer !== 0) {
    fz = t - fs;
    fe2 = fs - (t - fz) + (fv - fz);
    if (fe2 !== 0 && t + 2 * fe2 - t === 2 * fe2 && fe2 > 0 === fer > 0) t += 2 * fe2;
  }
  return a + t;
}

/** glibc's do_sin: sin(x + dx) from the table entry nearest |x| and short polynomials. */
function doSin(x: number, dx: number): number {
  // Scratch for the inlined fma blocks (see fma.ts for the same algorithm as a function).
  let fp: number, ft: number, fah: number, fal: number, fbh: number, fbl: number, fpe: number, fs: number, fz: number, fse: number, fv: number, fer: number, fe2: number;
  const xold = x;
  if (Math.abs(x) < 0.126) return taylorSin(x * x, x, dx);
  if (x <= 0) dx = -dx;
  const u = BIG + Math.abs(x);
  const k = ((u - BIG) * 512) | 0; // the table index: 4 * round(|x| * 128)
  x = Math.abs(x) - (u - BIG);
  const xx = x * x;
  const x3 = x * xx;
  // sp = fma(xx, SN5, SN3)
  fp = xx * SN5;
  ft = SPLIT * xx;
  fah = ft - (ft - xx);
  fal = xx - fah;
  fbh = SN5_HI;
  fbl = SN5_LO;
  fpe = fah * fbh - fp + fah * fbl + fal * fbh + fal * fbl;
  fs = fp + SN3;
  fz = fs - fp;
  fse = fp - (fs - fz) + (SN3 - fz);
  fv = fse + fpe;
  fz = fv - fse;
  fer = fse - (fv - fz) + (fpe - fz);
  let sp = fs + fv;
  if (fer !== 0) {
    fz = sp - fs;
    fe2 = fs - (sp - fz) + (fv - fz);
    if (fe2 !== 0 && sp + 2 * fe2 - sp === 2 * fe2 && fe2 > 0 === fer > 0) sp += 2 * fe2;
  }
  // sf = fma(x3, sp, dx)
  fp = x3 * sp;
  ft = SPLIT * x3;
  fah = ft - (ft - x3);
  fal = x3 - fah;
  ft = SPLIT * sp;
  fbh = ft - (ft - sp);
  fbl = sp - fbh;
  fpe = fah * fbh - fp + fah * fbl + fal * fbh + fal * fbl;
  fs = fp + dx;
  fz = fs - fp;
  fse = fp - (fs - fz) + (dx - fz);
  fv = fse + fpe;
  fz = fv - fse;
  fer = fse - (fv - fz) + (fpe - fz);
  let sf = fs + fv;
  if (fer !== 0) {
    fz = sf - fs;
    fe2 = fs - (sf - fz) + (fv - fz);
    if (fe2 !== 0 && sf + 2 * fe2 - sf === 2 * fe2 && fe2 > 0 === fer > 0) sf += 2 * fe2;
  }
  const s = x + sf;
  // c1 = fma(xx, CS6, CS4)
  fp = xx * CS6;
  ft = SPLIT * xx;
  fah = ft - (ft - xx);
  fal = xx - fah;
  fbh = CS6_HI;
  fbl = CS6_LO;
  fpe = fah * fbh - fp + fah * fbl + fal * fbh + fal * fbl;
  fs = fp + CS4;
  fz = fs - fp;
  fse = fp - (fs - fz) + (CS4 - fz);
  fv = fse + fpe;
  fz = fv - fse;
  fer = fse - (fv - fz) + (fpe - fz);
  let c1 = fs + fv;
  if (fer !== 0) {
    fz = c1 - fs;
    fe2 = fs - (c1 - fz) + (fv - fz);
    if (fe2 !== 0 && c1 + 2 * fe2 - c1 === 2 * fe2 && fe2 > 0 === fer > 0) c1 += 2 * fe2;
  }
  // c2 = fma(xx, c1, CS2)
  fp = xx * c1;
  ft = SPLIT * xx;
  fah = ft - (ft - xx);
  fal = xx - fah;
  ft = SPLIT * c1;
  fbh = ft - (ft - c1);
  fbl = c1 - fbh;
  fpe = fah * fbh - fp + fah * fbl + fal * fbh + fal * fbl;
  fs = fp + CS2;
  fz = fs - fp;
  fse = fp - (fs - fz) + (CS2 - fz);
  fv = fse + fpe;
  fz = fv - fse;
  fer = fse - (fv - fz) + (fpe - fz);
  let c2 = fs + fv;
  if (fer !== 0) {
    fz = c2 - fs;
    fe2 = fs - (c2 - fz) + (fv - fz);
    if (fe2 !== 0 && c2 + 2 * fe2 - c2 === 2 * fe2 && fe2 > 0 === fer > 0) c2 += 2 * fe2;
  }
  const xxc = xx * c2;
  // c = fma(x, dx, xxc)
  fp = x * dx;
  ft = SPLIT * x;
  fah = ft - (ft - x);
  fal = x - fah;
  ft = SPLIT * dx;
  fbh = ft - (ft - dx);
  fbl = dx - fbh;
  fpe = fah * fbh - fp + fah * fbl + fal * fbh + fal * fbl;
  fs = fp + xxc;
  fz = fs - fp;
  fse = fp - (fs - fz) + (xxc - fz);
  fv = fse + fpe;
  fz = fv - fse;
  fer = fse - (fv - fz) + (fpe - fz);
  let c = fs + fv;
  if (fer !== 0) {
    fz = c - fs;
    fe2 = fs - (c - fz) + (fv - fz);
    if (fe2 !== 0 && c + 2 * fe2 - c === 2 * fe2 && fe2 > 0 === fer > 0) c += 2 * fe2;
  }
  const sn = SINCOS_TABLE[k]!;
  const ssn = SINCOS_TABLE[k + 1]!;
  const cs = SINCOS_TABLE[k + 2]!;
  const ccs = SINCOS_TABLE[k + 3]!;
  // o1 = fma(s, ccs, ssn)
  fp = s * ccs;
  ft = SPLIT * s;
  fah = ft - (ft - s);
  fal = s - fah;
  ft = SPLIT * ccs;
  fbh = ft - (ft - ccs);
  fbl = ccs - fbh;
  fpe = fah * fbh - fp + fah * fbl + fal * fbh + fal * fbl;
  fs = fp + ssn;
  fz = fs - fp;
  fse = fp - (fs - fz) + (ssn - fz);
  fv = fse + fpe;
  fz = fv - fse;
  fer = fse - (fv - fz) + (fpe - fz);
  let o1 = fs + fv;
  if (fer !== 0) {
    fz = o1 - fs;
    fe2 = fs - (o1 - fz) + (fv - fz);
    if (fe2 !== 0 && o1 + 2 * fe2 - o1 === 2 * fe2 && fe2 > 0 === fer > 0) o1 += 2 * fe2;
  }
  const nsn = -sn;
  // o2 = fma(nsn, c, o1)
  fp = nsn * c;
  ft = SPLIT * nsn;
  fah = ft - (ft - nsn);
  fal = nsn - fah;
  ft = SPLIT * c;
  fbh = ft - (ft - c);
  fbl = c - fbh;
  fpe = fah * fbh - fp + fah * fbl + fal * fbh + fal * fbl;
  fs = fp + o1;
  fz = fs - fp;
  fse = fp - (fs - fz) + (o1 - fz);
  fv = fse + fpe;
  fz = fv - fse;
  fer = fse - (fv - fz) + (fpe - fz);
  let o2 = fs + fv;
  if (fer !== 0) {
    fz = o2 - fs;
    fe2 = fs - (o2 - fz) + (fv - fz);
    if (fe2 !== 0 && o2 + 2 * fe2 - o2 === 2 * fe2 && fe2 > 0 === fer > 0) o2 += 2 * fe2;
  }
  // cor = fma(s, cs, o2)
  fp = s * cs;
  ft = SPLIT * s;
  fah = ft - (ft - s);
  fal = s - fah;
  ft = SPLIT * cs;
  fbh = ft - (ft - cs);
  fbl = cs - fbh;
  fpe = fah * fbh - fp + fah * fbl + fal * fbh + fal * fbl;
  fs = fp + o2;
  fz = fs - fp;
  fse = fp - (fs - fz) + (o2 - fz);
  fv = fse + fpe;
  fz = fv - fse;
  fer = fse - (fv - fz) + (fpe - fz);
  let cor = fs + fv;
  if (fer !== 0) {
    fz = cor - fs;
    fe2 = fs - (cor - fz) + (fv - fz);
    if (fe2 !== 0 && cor + 2 * fe2 - cor === 2 * fe2 && fe2 > 0 === fer > 0) cor += 2 * fe2;
  }
  const r = Math.abs(sn + cor);
  // copysign(r, xold)
  return xold < 0 || Object.is(xold, -0) ? -r : r;
}

/**
 * do_sin(x, 0), the common case: with dx = +-0 glibc's fma(q, xx, dx) and fma(x3, sp, dx) are
 * plain rounded products and fma(x, dx, xxc) is xxc, so four fmas become multiplications.
 */
function doSinNoTail(x: number): number {
  // Scratch for the inlined fma blocks (see fma.ts for the same algorithm as a function).
  let fp: number, ft: number, fah: number, fal: number, fbh: number, fbl: number, fpe: number, fs: number, fz: number, fse: number, fv: number, fer: number, fe2: number;
  if (Math.abs(x) < 0.126) {
    const xx = x * x;
    // p1 = fma(S5, xx, S4)
    fp = S5 * xx;
    fah = S5_HI;
    fal = S5_LO;
    ft = SPLIT * xx;
    fbh = ft - (ft - xx);
    fbl = xx - fbh;
    fpe = fah * fbh - fp + fah * fbl + fal * fbh + fal * fbl;
    fs = fp + S4;
    fz = fs - fp;
    fse = fp - (fs - fz) + (S4 - fz);
    fv = fse + fpe;
    fz = fv - fse;
    fer = fse - (fv - fz) + (fpe - fz);
    let p1 = fs + fv;
    if (fer !== 0) {
      fz = p1 - fs;
      fe2 = fs - (p1 - fz) + (fv - fz);
      if (fe2 !== 0 && p1 + 2 * fe2 - p1 === 2 * fe2 && fe2 > 0 === fer > 0) p1 += 2 * fe2;
    }
    // p2 = fma(p1, xx, S3)
    fp = p1 * xx;
    ft = SPLIT * p1;
    fah = ft - (ft - p1);
    fal = p1 - fah;
    ft = SPLIT * xx;
    fbh = ft - (ft - xx);
    fbl = xx - fbh;
    fpe = fah * fbh - fp + fah * fbl + fal * fbh + fal * fbl;
    fs = fp + S3;
    fz = fs - fp;
    fse = fp - (fs - fz) + (S3 - fz);
    fv = fse + fpe;
    fz = fv - fse;
    fer = fse - (fv - fz) + (fpe - fz);
    let p2 = fs + fv;
    if (fer !== 0) {
      fz = p2 - fs;
      fe2 = fs - (p2 - fz) + (fv - fz);
      if (fe2 !== 0 && p2 + 2 * fe2 - p2 === 2 * fe2 && fe2 > 0 === fer > 0) p2 += 2 * fe2;
    }
    // p3 = fma(p2, xx, S2)
    fp = p2 * xx;
    ft = SPLIT * p2;
    fah = ft - (ft - p2);
    fal = p2 - fah;
    ft = SPLIT * xx;
    fbh = ft - (ft - xx);
    fbl = xx - fbh;
    fpe = fah * fbh - fp + fah * fbl + fal * fbh + fal * fbl;
    fs = fp + S2;
    fz = fs - fp;
    fse = fp - (fs - fz) + (S2 - fz);
    fv = fse + fpe;
    fz = fv - fse;
    fer = fse - (fv - fz) + (fpe - fz);
    let p3 = fs + fv;
    if (fer !== 0) {
      fz = p3 - fs;
      fe2 = fs - (p3 - fz) + (fv - fz);
      if (fe2 !== 0 && p3 + 2 * fe2 - p3 === 2 * fe2 && fe2 > 0 === fer > 0) p3 += 2 * fe2;
    }
    // poly = fma(p3, xx, S1)
    fp = p3 * xx;
    ft = SPLIT * p3;
    fah = ft - (ft - p3);
    fal = p3 - fah;
    ft = SPLIT * xx;
    fbh = ft - (ft - xx);
    fbl = xx - fbh;
    fpe = fah * fbh - fp + fah * fbl + fal * fbh + fal * fbl;
    fs = fp + S1;
    fz = fs - fp;
    fse = fp - (fs - fz) + (S1 - fz);
    fv = fse + fpe;
    fz = fv - fse;
    fer = fse - (fv - fz) + (fpe - fz);
    let poly = fs + fv;
    if (fer !== 0) {
      fz = poly - fs;
      fe2 = fs - (poly - fz) + (fv - fz);
      if (fe2 !== 0 && poly + 2 * fe2 - poly === 2 * fe2 && fe2 > 0 === fer > 0) poly += 2 * fe2;
    }
    return x + poly * x * xx;
  }
  const u = BIG + Math.abs(x);
  const k = ((u - BIG) * 512) | 0;
  const ax = Math.abs(x) - (u - BIG);
  const xx = ax * ax;
  // sp = fma(xx, SN5, SN3)
  fp = xx * SN5;
  ft = SPLIT * xx;
  fah = ft - (ft - xx);
  fal = xx - fah;
  fbh = SN5_HI;
  fbl = SN5_LO;
  fpe = fah * fbh - fp + fah * fbl + fal * fbh + fal * fbl;
  fs = fp + SN3;
  fz = fs - fp;
  fse = fp - (fs - fz) + (SN3 - fz);
  fv = fse + fpe;
  fz = fv - fse;
  fer = fse - (fv - fz) + (fpe - fz);
  let sp = fs + fv;
  if (fer !== 0) {
    fz = sp - fs;
    fe2 = fs - (sp - fz) + (fv - fz);
    if (fe2 !== 0 && sp + 2 * fe2 - sp === 2 * fe2 && fe2 > 0 === fer > 0) sp += 2 * fe2;
  }
  const s = ax + ax * xx * sp;
  // c1 = fma(xx, CS6, CS4)
  fp = xx * CS6;
  ft = SPLIT * xx;
  fah = ft - (ft - xx);
  fal = xx - fah;
  fbh = CS6_HI;
  fbl = CS6_LO;
  fpe = fah * fbh - fp + fah * fbl + fal * fbh + fal * fbl;
  fs = fp + CS4;
  fz = fs - fp;
  fse = fp - (fs - fz) + (CS4 - fz);
  fv = fse + fpe;
  fz = fv - fse;
  fer = fse - (fv - fz) + (fpe - fz);
  let c1 = fs + fv;
  if (fer !== 0) {
    fz = c1 - fs;
    fe2 = fs - (c1 - fz) + (fv - fz);
    if (fe2 !== 0 && c1 + 2 * fe2 - c1 === 2 * fe2 && fe2 > 0 === fer > 0) c1 += 2 * fe2;
  }
  // c2 = fma(xx, c1, CS2)
  fp = xx * c1;
  ft = SPLIT * xx;
  fah = ft - (ft - xx);
  fal = xx - fah;
  ft = SPLIT * c1;
  fbh = ft - (ft - c1);
  fbl = c1 - fbh;
  fpe = fah * fbh - fp + fah * fbl + fal * fbh + fal * fbl;
  fs = fp + CS2;
  fz = fs - fp;
  fse = fp - (fs - fz) + (CS2 - fz);
  fv = fse + fpe;
  fz = fv - fse;
  fer = fse - (fv - fz) + (fpe - fz);
  let c2 = fs + fv;
  if (fer !== 0) {
    fz = c2 - fs;
    fe2 = fs - (c2 - fz) + (fv - fz);
    if (fe2 !== 0 && c2 + 2 * fe2 - c2 === 2 * fe2 && fe2 > 0 === fer > 0) c2 += 2 * fe2;
  }
  const c = xx * c2;
  const sn = SINCOS_TABLE[k]!;
  const ssn = SINCOS_TABLE[k + 1]!;
  const cs = SINCOS_TABLE[k + 2]!;
  const ccs = SINCOS_TABLE[k + 3]!;
  // o1 = fma(s, ccs, ssn)
  fp = s * ccs;
  ft = SPLIT * s;
  fah = ft - (ft - s);
  fal = s - fah;
  ft = SPLIT * ccs;
  fbh = ft - (ft - ccs);
  fbl = ccs - fbh;
  fpe = fah * fbh - fp + fah * fbl + fal * fbh + fal * fbl;
  fs = fp + ssn;
  fz = fs - fp;
  fse = fp - (fs - fz) + (ssn - fz);
  fv = fse + fpe;
  fz = fv - fse;
  fer = fse - (fv - fz) + (fpe - fz);
  let o1 = fs + fv;
  if (fer !== 0) {
    fz = o1 - fs;
    fe2 = fs - (o1 - fz) + (fv - fz);
    if (fe2 !== 0 && o1 + 2 * fe2 - o1 === 2 * fe2 && fe2 > 0 === fer > 0) o1 += 2 * fe2;
  }
  const nsn = -sn;
  // o2 = fma(nsn, c, o1)
  fp = nsn * c;
  ft = SPLIT * nsn;
  fah = ft - (ft - nsn);
  fal = nsn - fah;
  ft = SPLIT * c;
  fbh = ft - (ft - c);
  fbl = c - fbh;
  fpe = fah * fbh - fp + fah * fbl + fal * fbh + fal * fbl;
  fs = fp + o1;
  fz = fs - fp;
  fse = fp - (fs - fz) + (o1 - fz);
  fv = fse + fpe;
  fz = fv - fse;
  fer = fse - (fv - fz) + (fpe - fz);
  let o2 = fs + fv;
  if (fer !== 0) {
    fz = o2 - fs;
    fe2 = fs - (o2 - fz) + (fv - fz);
    if (fe2 !== 0 && o2 + 2 * fe2 - o2 === 2 * fe2 && fe2 > 0 === fer > 0) o2 += 2 * fe2;
  }
  // cor = fma(s, cs, o2)
  fp = s * cs;
  ft = SPLIT * s;
  fah = ft - (ft - s);
  fal = s - fah;
  ft = SPLIT * cs;
  fbh = ft - (ft - cs);
  fbl = cs - fbh;
  fpe = fah * fbh - fp + fah * fbl + fal * fbh + fal * fbl;
  fs = fp + o2;
  fz = fs - fp;
  fse = fp - (fs - fz) + (o2 - fz);
  fv = fse + fpe;
  fz = fv - fse;
  fer = fse - (fv - fz) + (fpe - fz);
  let cor = fs + fv;
  if (fer !== 0) {
    fz = cor - fs;
    fe2 = fs - (cor - fz) + (fv - fz);
    if (fe2 !== 0 && cor + 2 * fe2 - cor === 2 * fe2 && fe2 > 0 === fer > 0) cor += 2 * fe2;
  }
  const r = Math.abs(sn + cor);
  return x < 0 || Object.is(x, -0) ? -r : r;
}

/** glibc's do_cos: cos(x + dx). */
function doCos(x: number, dx: number): number {
  // Scratch for the inlined fma blocks (see fma.ts for the same algorithm as a function).
  let fp: number, ft: number, fah: number, fal: number, fbh: number, fbl: number, fpe: number, fs: number, fz: number, fse: number, fv: number, fer: number, fe2: number;
  if (x < 0) dx = -dx;
  const u = BIG + Math.abs(x);
  const k = ((u - BIG) * 512) | 0;
  x = Math.abs(x) - (u - BIG) + dx;
  const xx = x * x;
  const x3 = x * xx;
  // sp = fma(xx, SN5, SN3)
  fp = xx * SN5;
  ft = SPLIT * xx;
  fah = ft - (ft - xx);
  fal = xx - fah;
  fbh = SN5_HI;
  fbl = SN5_LO;
  fpe = fah * fbh - fp + fah * fbl + fal * fbh + fal * fbl;
  fs = fp + SN3;
  fz = fs - fp;
  fse = fp - (fs - fz) + (SN3 - fz);
  fv = fse + fpe;
  fz = fv - fse;
  fer = fse - (fv - fz) + (fpe - fz);
  let sp = fs + fv;
  if (fer !== 0) {
    fz = sp - fs;
    fe2 = fs - (sp - fz) + (fv - fz);
    if (fe2 !== 0 && sp + 2 * fe2 - sp === 2 * fe2 && fe2 > 0 === fer > 0) sp += 2 * fe2;
  }
  // s = fma(x3, sp, x)
  fp = x3 * sp;
  ft = SPLIT * x3;
  fah = ft - (ft - x3);
  fal = x3 - fah;
  ft = SPLIT * sp;
  fbh = ft - (ft - sp);
  fbl = sp - fbh;
  fpe = fah * fbh - fp + fah * fbl + fal * fbh + fal * fbl;
  fs = fp + x;
  fz = fs - fp;
  fse = fp - (fs - fz) + (x - fz);
  fv = fse + fpe;
  fz = fv - fse;
  fer = fse - (fv - fz) + (fpe - fz);
  let s = fs + fv;
  if (fer !== 0) {
    fz = s - fs;
    fe2 = fs - (s - fz) + (fv - fz);
    if (fe2 !== 0 && s + 2 * fe2 - s === 2 * fe2 && fe2 > 0 === fer > 0) s += 2 * fe2;
  }
  // c1 = fma(xx, CS6, CS4)
  fp = xx * CS6;
  ft = SPLIT * xx;
  fah = ft - (ft - xx);
  fal = xx - fah;
  fbh = CS6_HI;
  fbl = CS6_LO;
  fpe = fah * fbh - fp + fah * fbl + fal * fbh + fal * fbl;
  fs = fp + CS4;
  fz = fs - fp;
  fse = fp - (fs - fz) + (CS4 - fz);
  fv = fse + fpe;
  fz = fv - fse;
  fer = fse - (fv - fz) + (fpe - fz);
  let c1 = fs + fv;
  if (fer !== 0) {
    fz = c1 - fs;
    fe2 = fs - (c1 - fz) + (fv - fz);
    if (fe2 !== 0 && c1 + 2 * fe2 - c1 === 2 * fe2 && fe2 > 0 === fer > 0) c1 += 2 * fe2;
  }
  // c2 = fma(xx, c1, CS2)
  fp = xx * c1;
  ft = SPLIT * xx;
  fah = ft - (ft - xx);
  fal = xx - fah;
  ft = SPLIT * c1;
  fbh = ft - (ft - c1);
  fbl = c1 - fbh;
  fpe = fah * fbh - fp + fah * fbl + fal * fbh + fal * fbl;
  fs = fp + CS2;
  fz = fs - fp;
  fse = fp - (fs - fz) + (CS2 - fz);
  fv = fse + fpe;
  fz = fv - fse;
  fer = fse - (fv - fz) + (fpe - fz);
  let c2 = fs + fv;
  if (fer !== 0) {
    fz = c2 - fs;
    fe2 = fs - (c2 - fz) + (fv - fz);
    if (fe2 !== 0 && c2 + 2 * fe2 - c2 === 2 * fe2 && fe2 > 0 === fer > 0) c2 += 2 * fe2;
  }
  const c = xx * c2;
  const sn = SINCOS_TABLE[k]!;
  const ssn = SINCOS_TABLE[k + 1]!;
  const cs = SINCOS_TABLE[k + 2]!;
  const ccs = SINCOS_TABLE[k + 3]!;
  const ns = -s;
  const nc = -c;
  // o1 = fma(ns, ssn, ccs)
  fp = ns * ssn;
  ft = SPLIT * ns;
  fah = ft - (ft - ns);
  fal = ns - fah;
  ft = SPLIT * ssn;
  fbh = ft - (ft - ssn);
  fbl = ssn - fbh;
  fpe = fah * fbh - fp + fah * fbl + fal * fbh + fal * fbl;
  fs = fp + ccs;
  fz = fs - fp;
  fse = fp - (fs - fz) + (ccs - fz);
  fv = fse + fpe;
  fz = fv - fse;
  fer = fse - (fv - fz) + (fpe - fz);
  let o1 = fs + fv;
  if (fer !== 0) {
    fz = o1 - fs;
    fe2 = fs - (o1 - fz) + (fv - fz);
    if (fe2 !== 0 && o1 + 2 * fe2 - o1 === 2 * fe2 && fe2 > 0 === fer > 0) o1 += 2 * fe2;
  }
  // o2 = fma(nc, cs, o1)
  fp = nc * cs;
  ft = SPLIT * nc;
  fah = ft - (ft - nc);
  fal = nc - fah;
  ft = SPLIT * cs;
  fbh = ft - (ft - cs);
  fbl = cs - fbh;
  fpe = fah * fbh - fp + fah * fbl + fal * fbh + fal * fbl;
  fs = fp + o1;
  fz = fs - fp;
  fse = fp - (fs - fz) + (o1 - fz);
  fv = fse + fpe;
  fz = fv - fse;
  fer = fse - (fv - fz) + (fpe - fz);
  let o2 = fs + fv;
  if (fer !== 0) {
    fz = o2 - fs;
    fe2 = fs - (o2 - fz) + (fv - fz);
    if (fe2 !== 0 && o2 + 2 * fe2 - o2 === 2 * fe2 && fe2 > 0 === fer > 0) o2 += 2 * fe2;
  }
  // cor = fma(ns, sn, o2)
  fp = ns * sn;
  ft = SPLIT * ns;
  fah = ft - (ft - ns);
  fal = ns - fah;
  ft = SPLIT * sn;
  fbh = ft - (ft - sn);
  fbl = sn - fbh;
  fpe = fah * fbh - fp + fah * fbl + fal * fbh + fal * fbl;
  fs = fp + o2;
  fz = fs - fp;
  fse = fp - (fs - fz) + (o2 - fz);
  fv = fse + fpe;
  fz = fv - fse;
  fer = fse - (fv - fz) + (fpe - fz);
  let cor = fs + fv;
  if (fer !== 0) {
    fz = cor - fs;
    fe2 = fs - (cor - fz) + (fv - fz);
    if (fe2 !== 0 && cor + 2 * fe2 - cor === 2 * fe2 && fe2 > 0 === fer > 0) cor += 2 * fe2;
  }
  return cs + cor;
}

/** glibc's reduce_sincos + do_sincos: reduce by pi/2 to a + da and quadrant n, then evaluate. */
function reduceAndEvaluate(x: number, quadrantShift: number): number {
  // Scratch for the inlined fma blocks (see fma.ts for the same algorithm as a function).
  let fp: number, ft: number, fah: number, fal: number, fbh: number, fbl: number, fpe: number, fs: number, fz: number, fse: number, fv: number, fer: number, fe2: number;
  // t = fma(x, HPINV, TOINT)
  fp = x * HPINV;
  ft = SPLIT * x;
  fah = ft - (ft - x);
  fal = x - fah;
  fbh = HPINV_HI;
  fbl = HPINV_LO;
  fpe = fah * fbh - fp + fah * fbl + fal * fbh + fal * fbl;
  fs = fp + TOINT;
  fz = fs - fp;
  fse = fp - (fs - fz) + (TOINT - fz);
  fv = fse + fpe;
  fz = fv - fse;
  fer = fse - (fv - fz) + (fpe - fz);
  let t = fs + fv;
  if (fer !== 0) {
    fz = t - fs;
    fe2 = fs - (t - fz) + (fv - fz);
    if (fe2 !== 0 && t + 2 * fe2 - t === 2 * fe2 && fe2 > 0 === fer > 0) t += 2 * fe2;
  }
  const xn = t - TOINT;
  const nxn = -xn;
  // y1 = fma(nxn, MP1, x)
  fp = nxn * MP1;
  ft = SPLIT * nxn;
  fah = ft - (ft - nxn);
  fal = nxn - fah;
  fbh = MP1_HI;
  fbl = MP1_LO;
  fpe = fah * fbh - fp + fah * fbl + fal * fbh + fal * fbl;
  fs = fp + x;
  fz = fs - fp;
  fse = fp - (fs - fz) + (x - fz);
  fv = fse + fpe;
  fz = fv - fse;
  fer = fse - (fv - fz) + (fpe - fz);
  let y1 = fs + fv;
  if (fer !== 0) {
    fz = y1 - fs;
    fe2 = fs - (y1 - fz) + (fv - fz);
    if (fe2 !== 0 && y1 + 2 * fe2 - y1 === 2 * fe2 && fe2 > 0 === fer > 0) y1 += 2 * fe2;
  }
  // y = fma(nxn, MP2, y1)
  fp = nxn * MP2;
  ft = SPLIT * nxn;
  fah = ft - (ft - nxn);
  fal = nxn - fah;
  fbh = MP2_HI;
  fbl = MP2_LO;
  fpe = fah * fbh - fp + fah * fbl + fal * fbh + fal * fbl;
  fs = fp + y1;
  fz = fs - fp;
  fse = fp - (fs - fz) + (y1 - fz);
  fv = fse + fpe;
  fz = fv - fse;
  fer = fse - (fv - fz) + (fpe - fz);
  let y = fs + fv;
  if (fer !== 0) {
    fz = y - fs;
    fe2 = fs - (y - fz) + (fv - fz);
    if (fe2 !== 0 && y + 2 * fe2 - y === 2 * fe2 && fe2 > 0 === fer > 0) y += 2 * fe2;
  }
  const n = ((((xn % 4) + 4) % 4) + quadrantShift) & 3;
  // t2 = fma(nxn, PP3, y)
  fp = nxn * PP3;
  ft = SPLIT * nxn;
  fah = ft - (ft - nxn);
  fal = nxn - fah;
  fbh = PP3_HI;
  fbl = PP3_LO;
  fpe = fah * fbh - fp + fah * fbl + fal * fbh + fal * fbl;
  fs = fp + y;
  fz = fs - fp;
  fse = fp - (fs - fz) + (y - fz);
  fv = fse + fpe;
  fz = fv - fse;
  fer = fse - (fv - fz) + (fpe - fz);
  let t2 = fs + fv;
  if (fer !== 0) {
    fz = t2 - fs;
    fe2 = fs - (t2 - fz) + (fv - fz);
    if (fe2 !== 0 && t2 + 2 * fe2 - t2 === 2 * fe2 && fe2 > 0 === fer > 0) t2 += 2 * fe2;
  }
  const d1 = y - t2;
  // db1 = fma(nxn, PP3, d1)
  fp = nxn * PP3;
  ft = SPLIT * nxn;
  fah = ft - (ft - nxn);
  fal = nxn - fah;
  fbh = PP3_HI;
  fbl = PP3_LO;
  fpe = fah * fbh - fp + fah * fbl + fal * fbh + fal * fbl;
  fs = fp + d1;
  fz = fs - fp;
  fse = fp - (fs - fz) + (d1 - fz);
  fv = fse + fpe;
  fz = fv - fse;
  fer = fse - (fv - fz) + (fpe - fz);
  let db1 = fs + fv;
  if (fer !== 0) {
    fz = db1 - fs;
    fe2 = fs - (db1 - fz) + (fv - fz);
    if (fe2 !== 0 && db1 + 2 * fe2 - db1 === 2 * fe2 && fe2 > 0 === fer > 0) db1 += 2 * fe2;
  }
  // b = fma(nxn, PP4, t2)
  fp = nxn * PP4;
  ft = SPLIT * nxn;
  fah = ft - (ft - nxn);
  fal = nxn - fah;
  fbh = PP4_HI;
  fbl = PP4_LO;
  fpe = fah * fbh - fp + fah * fbl + fal * fbh + fal * fbl;
  fs = fp + t2;
  fz = fs - fp;
  fse = fp - (fs - fz) + (t2 - fz);
  fv = fse + fpe;
  fz = fv - fse;
  fer = fse - (fv - fz) + (fpe - fz);
  let b = fs + fv;
  if (fer !== 0) {
    fz = b - fs;
    fe2 = fs - (b - fz) + (fv - fz);
    if (fe2 !== 0 && b + 2 * fe2 - b === 2 * fe2 && fe2 > 0 === fer > 0) b += 2 * fe2;
  }
  const d2 = t2 - b;
  // db2 = fma(nxn, PP4, d2)
  fp = nxn * PP4;
  ft = SPLIT * nxn;
  fah = ft - (ft - nxn);
  fal = nxn - fah;
  fbh = PP4_HI;
  fbl = PP4_LO;
  fpe = fah * fbh - fp + fah * fbl + fal * fbh + fal * fbl;
  fs = fp + d2;
  fz = fs - fp;
  fse = fp - (fs - fz) + (d2 - fz);
  fv = fse + fpe;
  fz = fv - fse;
  fer = fse - (fv - fz) + (fpe - fz);
  let db2 = fs + fv;
  if (fer !== 0) {
    fz = db2 - fs;
    fe2 = fs - (db2 - fz) + (fv - fz);
    if (fe2 !== 0 && db2 + 2 * fe2 - db2 === 2 * fe2 && fe2 > 0 === fer > 0) db2 += 2 * fe2;
  }
  const db = db1 + db2;
  const r = (n & 1) === 1 ? doCos(b, db) : doSin(b, db);
  return (n & 2) !== 0 ? -r : r;
}

// Dekker splits of the constant fma operands, computed once.
const CS6_HI = splitHigh(CS6);
const CS6_LO = CS6 - CS6_HI;
const HPINV_HI = splitHigh(HPINV);
const HPINV_LO = HPINV - HPINV_HI;
const MP1_HI = splitHigh(MP1);
const MP1_LO = MP1 - MP1_HI;
const MP2_HI = splitHigh(MP2);
const MP2_LO = MP2 - MP2_HI;
const PP3_HI = splitHigh(PP3);
const PP3_LO = PP3 - PP3_HI;
const PP4_HI = splitHigh(PP4);
const PP4_LO = PP4 - PP4_HI;
const S5_HI = splitHigh(S5);
const S5_LO = S5 - S5_HI;
const SN5_HI = splitHigh(SN5);
const SN5_LO = SN5 - SN5_HI;
