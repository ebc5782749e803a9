import { Tensor } from '../../tensor/tensor.js';
import type { MatmulOptions } from '../kernel-backend.js';
import { KernelShapes } from '../kernel-shapes.js';

/**
 * Matrix product on plain typed arrays, one loop nest per transpose combination so the innermost
 * loop always walks contiguous memory. Allocates only the output (plus one temporary when both
 * operands are transposed).
 *
 * @example
 * ```ts
 * const c = jsMatmul(Tensor.from([[1, 2]]), Tensor.from([[3], [4]])); // [[11]]
 * ```
 */
export function jsMatmul(a: Tensor, b: Tensor, options: MatmulOptions = {}): Tensor {
  const { m, n, k } = KernelShapes.matmul(a, b, options);
  const out = new Float32Array(m * n);
  const tA = options.transposeA === true;
  const tB = options.transposeB === true;
  if (!tB) matmulRowsTimesB(a.data, b.data, out, m, n, k, tA);
  else if (!tA) matmulNT(a.data, b.data, out, m, n, k);
  else matmulTT(a.data, b.data, out, m, n, k);
  return new Tensor([m, n], out);
}

/**
 * C += A·B (or Aᵀ·B) in i-k-j order: rows of C accumulate scaled rows of B, so the inner loop
 * is contiguous. Two rows of C and four rows of B per pass: each loaded B value feeds two
 * rows and each C value is loaded and stored a quarter as often (about 2x plain i-k-j in V8).
 */
function matmulRowsTimesB(a: Float32Array, b: Float32Array, c: Float32Array, m: number, n: number, k: number, tA: boolean): void {
  // A[i, p] lives at i*k + p, or at p*m + i when a is stored transposed ([k, m]).
  const rowStep = tA ? 1 : k;
  const colStep = tA ? m : 1;
  const k4 = k - (k % 4);
  let i = 0;
  for (; i + 1 < m; i += 2) {
    const c0 = i * n;
    const c1 = c0 + n;
    const x0 = i * rowStep;
    const x1 = x0 + rowStep;
    let p = 0;
    for (; p < k4; p += 4) {
      const q0 = p * colStep;
      const q1 = q0 + colStep;
      const q2 = q1 + colStep;
      const q3 = q2 + colStep;
      const a00 = a[x0 + q0]!, a01 = a[x0 + q1]!, a02 = a[x0 + q2]!, a03 = a[x0 + q3]!;
      const a10 = a[x1 + q0]!, a11 = a[x1 + q1]!, a12 = a[x1 + q2]!, a13 = a[x1 + q3]!;
      const b0 = p * n;
      const b1 = b0 + n;
      const b2 = b1 + n;
      const b3 = b2 + n;
      for (let j = 0; j < n; j++) {
        const y0 = b[b0 + j]!, y1 = b[b1 + j]!, y2 = b[b2 + j]!, y3 = b[b3 + j]!;
        c[c0 + j] = c[c0 + j]! + a00 * y0 + a01 * y1 + a02 * y2 + a03 * y3;
        c[c1 + j] = c[c1 + j]! + a10 * y0 + a11 * y1 + a12 * y2 + a13 * y3;
      }
    }
    for (; p < k; p++) {
      const u = a[x0 + p * colStep]!;
      const v = a[x1 + p * colStep]!;
      const bp = p * n;
      for (let j = 0; j < n; j++) {
        const y = b[bp + j]!;
        c[c0 + j] = c[c0 + j]! + u * y;
        c[c1 + j] = c[c1 + j]! + v * y;
      }
    }
  }
  if (i < m) {
    // Odd m: the last row alone.
    const ci = i * n;
    const xi = i * rowStep;
    for (let p = 0; p < k; p++) {
      const u = a[xi + p * colStep]!;
      const bp = p * n;
      for (let j = 0; j < n; j++) c[ci + j] = c[ci + j]! + u * b[bp + j]!;
    }
  }
}

/**
 * C = A·Bᵀ with b stored [n, k]: every entry is a dot product of two contiguous rows. Entries
 * are computed in 2x2 blocks so each loaded value feeds two products.
 */
function matmulNT(a: Float32Array, b: Float32Array, c: Float32Array, m: number, n: number, k: number): void {
  let i = 0;
  for (; i + 1 < m; i += 2) {
    const a0 = i * k;
    const a1 = a0 + k;
    let j = 0;
    for (; j + 1 < n; j += 2) {
      const b0 = j * k;
      const b1 = b0 + k;
      let s00 = 0, s01 = 0, s10 = 0, s11 = 0;
      for (let p = 0; p < k; p++) {
        const u0 = a[a0 + p]!, u1 = a[a1 + p]!, v0 = b[b0 + p]!, v1 = b[b1 + p]!;
        s00 += u0 * v0;
        s01 += u0 * v1;
        s10 += u1 * v0;
        s11 += u1 * v1;
      }
      c[i * n + j] = s00;
      c[i * n + j + 1] = s01;
      c[(i + 1) * n + j] = s10;
      c[(i + 1) * n + j + 1] = s11;
    }
    if (j < n) {
      c[i * n + j] = dot(a, a0, b, j * k, k);
      c[(i + 1) * n + j] = dot(a, a1, b, j * k, k);
    }
  }
  if (i < m) for (let j = 0; j < n; j++) c[i * n + j] = dot(a, i * k, b, j * k, k);
}

function dot(a: Float32Array, ia: number, b: Float32Array, ib: number, k: number): number {
  let s = 0;
  for (let p = 0; p < k; p++) s += a[ia + p]! * b[ib + p]!;
  return s;
}

/**
 * C = Aᵀ·Bᵀ with a stored [k, m] and b stored [n, k]. Since Aᵀ·Bᵀ = (B·A)ᵀ and b, a are already
 * laid out as the row-major [n, k] and [k, m] operands of B·A, compute that product with the fast
 * i-k-j loop and transpose it into C. The one temporary buffer is the price of the rare case
 * (it appears only in gradients of products that are themselves transposed on both sides).
 */
function matmulTT(a: Float32Array, b: Float32Array, c: Float32Array, m: number, n: number, k: number): void {
  const product = new Float32Array(n * m);
  matmulRowsTimesB(b, a, product, n, m, k, false);
  const tile = 32;
  for (let r0 = 0; r0 < n; r0 += tile) {
    const r1 = Math.min(r0 + tile, n);
    for (let c0 = 0; c0 < m; c0 += tile) {
      const c1 = Math.min(c0 + tile, m);
      for (let r = r0; r < r1; r++) {
        for (let col = c0; col < c1; col++) c[col * n + r] = product[r * m + col]!;
      }
    }
  }
}
