import type { Padding, PoolOp } from '../../../src/kernels/kernel-backend.js';
import { Tensor } from '../../../src/tensor/tensor.js';

/*
 * Naive oracles of the window kernels, written straight from the definitions (scatter form for the
 * gradients, one loop per index), with their own TensorFlow same-padding arithmetic: nothing here
 * is shared with the kernels under test.
 */

/** Geometry of one spatial axis: output extent and leading pad. */
function axis(input: number, window: number, stride: number, dilation: number, padding: Padding): { out: number; pad: number } {
  const effective = (window - 1) * dilation + 1;
  if (padding === 'valid') return { out: Math.ceil((input - effective + 1) / stride), pad: 0 };
  const out = Math.ceil(input / stride);
  return { out, pad: Math.floor(Math.max((out - 1) * stride + effective - input, 0) / 2) };
}

/** Window options as plain pairs. */
export interface NaiveWindow {
  readonly kernel: readonly [number, number];
  readonly strides: readonly [number, number];
  readonly dilations: readonly [number, number];
  readonly padding: Padding;
}

interface Tap {
  /** Flat output position (b, oy, ox). */
  readonly row: number;
  /** Tap index ky·kw + kx. */
  readonly tap: number;
  /** Input pixel (b, iy, ix) as a flat index, or -1 in the padding. */
  readonly pixel: number;
}

/** Every (output position, tap) pair with the input pixel under it. */
function taps(shape: readonly number[], w: NaiveWindow): { taps: Tap[]; outH: number; outW: number } {
  const [n, h, wd] = shape as [number, number, number, number];
  const rows = axis(h, w.kernel[0], w.strides[0], w.dilations[0], w.padding);
  const cols = axis(wd, w.kernel[1], w.strides[1], w.dilations[1], w.padding);
  const out: Tap[] = [];
  for (let b = 0; b < n; b++) {
    for (let oy = 0; oy < rows.out; oy++) {
      for (let ox = 0; ox < cols.out; ox++) {
        const row = (b * rows.out + oy) * cols.out + ox;
        for (let ky = 0; ky < w.kernel[0]; ky++) {
          for (let kx = 0; kx < w.kernel[1]; kx++) {
            const iy = oy * w.strides[0] - rows.pad + ky * w.dilations[0];
            const ix = ox * w.strides[1] - cols.pad + kx * w.dilations[1];
            const inside = iy >= 0 && iy < h && ix >= 0 && ix < wd;
            out.push({ row, tap: ky * w.kernel[1] + kx, pixel: inside ? (b * h + iy) * wd + ix : -1 });
          }
        }
      }
    }
  }
  return { taps: out, outH: rows.out, outW: cols.out };
}

export function naiveConv2d(x: Tensor, filter: Tensor, w: NaiveWindow): Tensor {
  const c = x.shape[3]!;
  const oc = filter.shape[3]!;
  const { taps: list, outH, outW } = taps(x.shape, w);
  const out = new Tensor([x.shape[0]!, outH, outW, oc]);
  for (const t of list) {
    if (t.pixel < 0) continue;
    for (let ci = 0; ci < c; ci++) {
      for (let co = 0; co < oc; co++) out.data[t.row * oc + co] += x.data[t.pixel * c + ci]! * filter.data[(t.tap * c + ci) * oc + co]!;
    }
  }
  return out;
}

export function naiveConv2dBackpropInput(dy: Tensor, filter: Tensor, inputShape: readonly number[], w: NaiveWindow): Tensor {
  const c = inputShape[3]!;
  const oc = filter.shape[3]!;
  const dx = new Tensor(inputShape);
  for (const t of taps(inputShape, w).taps) {
    if (t.pixel < 0) continue;
    for (let ci = 0; ci < c; ci++) {
      for (let co = 0; co < oc; co++) dx.data[t.pixel * c + ci] += dy.data[t.row * oc + co]! * filter.data[(t.tap * c + ci) * oc + co]!;
    }
  }
  return dx;
}

export function naiveConv2dBackpropFilter(x: Tensor, dy: Tensor, filterShape: readonly number[], w: NaiveWindow): Tensor {
  const c = x.shape[3]!;
  const oc = filterShape[3]!;
  const dw = new Tensor(filterShape);
  for (const t of taps(x.shape, w).taps) {
    if (t.pixel < 0) continue;
    for (let ci = 0; ci < c; ci++) {
      for (let co = 0; co < oc; co++) dw.data[(t.tap * c + ci) * oc + co] += x.data[t.pixel * c + ci]! * dy.data[t.row * oc + co]!;
    }
  }
  return dw;
}

export function naiveIm2col(x: Tensor, w: NaiveWindow): Tensor {
  const c = x.shape[3]!;
  const { taps: list, outH, outW } = taps(x.shape, w);
  const depth = w.kernel[0] * w.kernel[1] * c;
  const out = new Tensor([x.shape[0]! * outH * outW, depth]);
  for (const t of list) {
    if (t.pixel < 0) continue;
    for (let ci = 0; ci < c; ci++) out.data[t.row * depth + t.tap * c + ci] = x.data[t.pixel * c + ci]!;
  }
  return out;
}

export function naiveCol2im(cols: Tensor, inputShape: readonly number[], w: NaiveWindow): Tensor {
  const c = inputShape[3]!;
  const depth = w.kernel[0] * w.kernel[1] * c;
  const out = new Tensor(inputShape);
  for (const t of taps(inputShape, w).taps) {
    if (t.pixel < 0) continue;
    for (let ci = 0; ci < c; ci++) out.data[t.pixel * c + ci] += cols.data[t.row * depth + t.tap * c + ci]!;
  }
  return out;
}

/** Pooling windows grouped by output position: the real input pixels of each, in row-major tap order. */
function poolWindows(shape: readonly number[], w: NaiveWindow): { windows: number[][]; outH: number; outW: number } {
  const { taps: list, outH, outW } = taps(shape, w);
  const windows: number[][] = Array.from({ length: shape[0]! * outH * outW }, () => []);
  for (const t of list) if (t.pixel >= 0) windows[t.row]!.push(t.pixel);
  return { windows, outH, outW };
}

export function naivePool2d(op: PoolOp, x: Tensor, w: NaiveWindow): Tensor {
  const c = x.shape[3]!;
  const { windows, outH, outW } = poolWindows(x.shape, w);
  const out = new Tensor([x.shape[0]!, outH, outW, c]);
  windows.forEach((pixels, row) => {
    for (let ci = 0; ci < c; ci++) {
      const values = pixels.map((p) => x.data[p * c + ci]!);
      out.data[row * c + ci] = op === 'max' ? Math.max(...values) : values.reduce((s, v) => s + v, 0) / values.length;
    }
  });
  return out;
}

export function naivePool2dGrad(op: PoolOp, x: Tensor, dy: Tensor, w: NaiveWindow): Tensor {
  const c = x.shape[3]!;
  const dx = new Tensor(x.shape);
  poolWindows(x.shape, w).windows.forEach((pixels, row) => {
    for (let ci = 0; ci < c; ci++) {
      const g = dy.data[row * c + ci]!;
      if (op === 'avg') {
        for (const p of pixels) dx.data[p * c + ci] += g / pixels.length;
      } else {
        const values = pixels.map((p) => x.data[p * c + ci]!);
        const first = values.indexOf(Math.max(...values));
        dx.data[pixels[first]! * c + ci] += g;
      }
    }
  });
  return dx;
}
