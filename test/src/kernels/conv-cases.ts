import type { Conv2DOptions, Padding } from '../../../src/kernels/kernel-backend.js';
import { Tensor } from '../../../src/tensor/tensor.js';
import type { ErrorCase, ExactCase } from './exact-cases.js';
import { randomTensor, type KernelCase } from './kernel-cases.js';
import * as naive from './naive-conv-reference.js';

/** One convolution geometry of the randomized cases. */
interface ConvGeometryCase {
  readonly x: readonly [number, number, number, number];
  readonly kernel: readonly [number, number];
  readonly outChannels: number;
  readonly strides: readonly [number, number];
  readonly dilations: readonly [number, number];
  readonly padding: Padding;
}

/**
 * Geometries chosen to cover: valid and same padding, odd and even (asymmetric same padding)
 * windows, strides larger than the window, unequal strides, dilation, and the 1x1 shortcut.
 */
const CONV_GEOMETRIES: readonly ConvGeometryCase[] = [
  { x: [2, 5, 7, 3], kernel: [3, 3], outChannels: 4, strides: [1, 1], dilations: [1, 1], padding: 'valid' },
  { x: [2, 5, 7, 3], kernel: [3, 3], outChannels: 4, strides: [2, 2], dilations: [1, 1], padding: 'same' },
  { x: [1, 6, 6, 2], kernel: [2, 3], outChannels: 3, strides: [2, 1], dilations: [1, 1], padding: 'same' },
  { x: [1, 7, 8, 2], kernel: [4, 2], outChannels: 2, strides: [3, 3], dilations: [1, 1], padding: 'same' },
  { x: [2, 7, 6, 2], kernel: [3, 2], outChannels: 3, strides: [1, 1], dilations: [2, 2], padding: 'valid' },
  { x: [1, 5, 5, 1], kernel: [3, 3], outChannels: 2, strides: [1, 2], dilations: [2, 1], padding: 'same' },
  { x: [2, 3, 4, 5], kernel: [1, 1], outChannels: 3, strides: [1, 1], dilations: [1, 1], padding: 'valid' },
];

function label(g: ConvGeometryCase): string {
  return `x [${g.x.join(', ')}] window ${g.kernel.join('x')} strides ${g.strides.join('x')} dilations ${g.dilations.join('x')} ${g.padding}`;
}

function convOptions(g: ConvGeometryCase): Conv2DOptions {
  return { strides: g.strides, dilations: g.dilations, padding: g.padding };
}

/** Randomized conv, im2col and pooling cases with naive oracles. */
export function convCases(): KernelCase[] {
  const cases: KernelCase[] = [];
  CONV_GEOMETRIES.forEach((g, i) => {
    const window: naive.NaiveWindow = { kernel: g.kernel, strides: g.strides, dilations: g.dilations, padding: g.padding };
    const x = randomTensor(`conv-x-${i}`, g.x);
    const filterShape = [g.kernel[0], g.kernel[1], g.x[3], g.outChannels];
    const filter = randomTensor(`conv-f-${i}`, filterShape);
    const y = naive.naiveConv2d(x, filter, window);
    const dy = randomTensor(`conv-dy-${i}`, y.shape);
    const depth = g.kernel[0] * g.kernel[1] * g.x[3];
    const options = convOptions(g);
    const tolerance = 1e-5 * depth;
    cases.push(
      { name: `conv2d ${label(g)}`, run: (b) => b.conv2d(x, filter, options), oracle: () => y, tolerance },
      {
        name: `conv2dBackpropInput ${label(g)}`,
        run: (b) => b.conv2dBackpropInput(dy, filter, g.x, options),
        oracle: () => naive.naiveConv2dBackpropInput(dy, filter, g.x, window),
        tolerance,
      },
      {
        name: `conv2dBackpropFilter ${label(g)}`,
        run: (b) => b.conv2dBackpropFilter(x, dy, filterShape, options),
        oracle: () => naive.naiveConv2dBackpropFilter(x, dy, filterShape, window),
        tolerance: 1e-5 * y.size,
      },
    );
    if (i === 3 || i === 5) {
      const im2colOptions = { ...options, kernelSize: g.kernel };
      const cols = randomTensor(`conv-cols-${i}`, naive.naiveIm2col(x, window).shape);
      cases.push(
        { name: `im2col ${label(g)}`, run: (b) => b.im2col(x, im2colOptions), oracle: () => naive.naiveIm2col(x, window), tolerance: 0 },
        { name: `col2im ${label(g)}`, run: (b) => b.col2im(cols, g.x, im2colOptions), oracle: () => naive.naiveCol2im(cols, g.x, window), tolerance: 1e-5 * depth },
      );
    }
  });
  const pools: ReadonlyArray<{ readonly x: number[]; readonly pool: [number, number]; readonly strides: [number, number]; readonly padding: Padding }> = [
    { x: [2, 6, 7, 3], pool: [2, 2], strides: [2, 2], padding: 'valid' },
    { x: [2, 5, 7, 3], pool: [3, 3], strides: [2, 2], padding: 'same' },
    { x: [1, 5, 4, 2], pool: [2, 3], strides: [1, 2], padding: 'same' },
  ];
  pools.forEach((p, i) => {
    const window: naive.NaiveWindow = { kernel: p.pool, strides: p.strides, dilations: [1, 1], padding: p.padding };
    const x = randomTensor(`pool-x-${i}`, p.x);
    const options = { poolSize: p.pool, strides: p.strides, padding: p.padding };
    const name = `x [${p.x.join(', ')}] pool ${p.pool.join('x')} strides ${p.strides.join('x')} ${p.padding}`;
    for (const op of ['max', 'avg'] as const) {
      const y = naive.naivePool2d(op, x, window);
      const dy = randomTensor(`pool-dy-${i}`, y.shape);
      cases.push(
        { name: `pool2d ${op} ${name}`, run: (b) => b.pool2d(op, x, options), oracle: () => y, tolerance: 1e-6 },
        { name: `pool2dGrad ${op} ${name}`, run: (b) => b.pool2dGrad(op, x, dy, options), oracle: () => naive.naivePool2dGrad(op, x, dy, window), tolerance: 1e-5 },
      );
    }
  });
  return cases;
}

const NINE = Tensor.from([1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 3, 3, 1]);
const DIAGONAL = Tensor.from([1, 0, 0, 1], [2, 2, 1, 1]);
const FOUR = Tensor.from([1, 2, 3, 4], [1, 2, 2, 1]);

/** Hand-computed window cases (the values are worked out in comments, not computed). */
export const CONV_EXACT_CASES: readonly ExactCase[] = [
  // Each output sums the diagonal of its 2x2 window: 1+5, 2+6, 4+8, 5+9.
  { name: 'conv2d valid 2x2 diagonal filter', run: (b) => b.conv2d(NINE, DIAGONAL), shape: [1, 2, 2, 1], expected: [[[[6], [8]], [[12], [14]]]] },
  // same, stride 2: 2 outputs per axis, total pad 2 -> 1 before; window sums 1+2+4+5, 2+3+5+6, 4+5+7+8, 5+6+8+9.
  { name: 'conv2d same stride 2 3x3 ones', run: (b) => b.conv2d(NINE, Tensor.ones([3, 3, 1, 1]), { strides: 2, padding: 'same' }), shape: [1, 2, 2, 1], expected: [[[[12], [16]], [[24], [28]]]] },
  // Each input cell counts the (output, tap) pairs on the filter's diagonal that read it.
  { name: 'conv2dBackpropInput valid', run: (b) => b.conv2dBackpropInput(Tensor.ones([1, 2, 2, 1]), DIAGONAL, [1, 3, 3, 1]), shape: [1, 3, 3, 1], expected: [[[[1], [1], [0]], [[1], [2], [1]], [[0], [1], [1]]]] },
  // dW[ky, kx] = sum of the input under tap (ky, kx) over the 4 outputs.
  { name: 'conv2dBackpropFilter valid', run: (b) => b.conv2dBackpropFilter(NINE, Tensor.ones([1, 2, 2, 1]), [2, 2, 1, 1]), shape: [2, 2, 1, 1], expected: [[[[12]], [[16]]], [[[24]], [[28]]]] },
  // same 2x2 over 2x2: total pad 1, all after; rows are the windows at (0,0), (0,1), (1,0), (1,1).
  { name: 'im2col same 2x2', run: (b) => b.im2col(FOUR, { kernelSize: 2, padding: 'same' }), shape: [4, 4], expected: [[1, 2, 3, 4], [2, 0, 4, 0], [3, 4, 0, 0], [4, 0, 0, 0]] },
  // Adjoint of the case above with ones: how many windows read each cell.
  { name: 'col2im same 2x2', run: (b) => b.col2im(Tensor.ones([4, 4]), [1, 2, 2, 1], { kernelSize: 2, padding: 'same' }), shape: [1, 2, 2, 1], expected: [[[[1], [2]], [[2], [4]]]] },
  { name: 'pool2d max 2x2 of 1..16', run: (b) => b.pool2d('max', Tensor.from(Array.from({ length: 16 }, (_, i) => i + 1), [1, 4, 4, 1]), { poolSize: 2 }), shape: [1, 2, 2, 1], expected: [[[[6], [8]], [[14], [16]]]] },
  // same, stride 2: pad 1 after; partial windows average their real cells only: (1+2+4+5)/4, (3+6)/2, (7+8)/2, 9.
  { name: 'pool2d avg same ignores padding', run: (b) => b.pool2d('avg', NINE, { poolSize: 2, padding: 'same' }), shape: [1, 2, 2, 1], expected: [[[[3], [4.5]], [[7.5], [9]]]] },
  { name: 'pool2dGrad max goes to the first of tied maxima', run: (b) => b.pool2dGrad('max', Tensor.from([1, 5, 5, 2], [1, 2, 2, 1]), Tensor.from([7], [1, 1, 1, 1]), { poolSize: 2 }), shape: [1, 2, 2, 1], expected: [[[[0], [7]], [[0], [0]]]] },
  { name: 'pool2dGrad avg same splits over real cells', run: (b) => b.pool2dGrad('avg', NINE, Tensor.ones([1, 2, 2, 1]), { poolSize: 2, padding: 'same' }), shape: [1, 3, 3, 1], expected: [[[[0.25], [0.25], [0.5]], [[0.25], [0.25], [0.5]], [[0.5], [0.5], [1]]]] },
  { name: 'pool2d max with channels', run: (b) => b.pool2d('max', Tensor.from([1, -1, 2, -2, 3, -3, 4, -4], [1, 2, 2, 2]), { poolSize: 2 }), shape: [1, 1, 1, 2], expected: [[[[4, -1]]]] },
];

/** Bad window inputs: each must throw with a message naming the kernel and the shapes. */
export const CONV_ERROR_CASES: readonly ErrorCase[] = [
  { name: 'conv2d channel mismatch', run: (b) => b.conv2d(new Tensor([1, 3, 3, 2]), new Tensor([2, 2, 1, 1])), error: 'ShapeError', message: 'conv2d: the input [1, 3, 3, 2] has 2 channels but the filter [2, 2, 1, 1] expects 1' },
  { name: 'conv2d window larger than a valid input', run: (b) => b.conv2d(new Tensor([1, 2, 2, 1]), new Tensor([3, 3, 1, 1])), error: 'ShapeError', message: "conv2d: the 3x3 window is larger than the 2x2 input [1, 2, 2, 1] with padding 'valid'" },
  { name: 'conv2d dilated window larger than a valid input', run: (b) => b.conv2d(new Tensor([1, 4, 4, 1]), new Tensor([3, 3, 1, 1]), { dilations: 2 }), error: 'ShapeError', message: "conv2d: the 3x3 window (dilated to 5x5) is larger than the 4x4 input" },
  { name: 'conv2d input not NHWC', run: (b) => b.conv2d(new Tensor([3, 3, 1]), new Tensor([2, 2, 1, 1])), error: 'ShapeError', message: 'conv2d: the input must be NHWC [batch, height, width, channels], got [3, 3, 1]' },
  { name: 'conv2d filter rank', run: (b) => b.conv2d(new Tensor([1, 3, 3, 1]), new Tensor([2, 2, 1])), error: 'ShapeError', message: 'conv2d: the filter must be [kernelHeight, kernelWidth, inChannels, outChannels], got [2, 2, 1]' },
  { name: 'conv2d bad strides', run: (b) => b.conv2d(new Tensor([1, 3, 3, 1]), new Tensor([2, 2, 1, 1]), { strides: 0 }), error: 'ConfigError', message: 'conv2d: strides must be a positive integer or a [height, width] pair of them, got 0' },
  { name: 'conv2dBackpropInput dy shape', run: (b) => b.conv2dBackpropInput(new Tensor([1, 3, 3, 1]), new Tensor([2, 2, 1, 1]), [1, 3, 3, 1]), error: 'ShapeError', message: 'conv2dBackpropInput: dy [1, 3, 3, 1] must have shape [1, 2, 2, 1]' },
  { name: 'conv2dBackpropFilter dy shape', run: (b) => b.conv2dBackpropFilter(new Tensor([1, 3, 3, 1]), new Tensor([1, 2, 2, 2]), [2, 2, 1, 1]), error: 'ShapeError', message: 'conv2dBackpropFilter: dy [1, 2, 2, 2] must have shape [1, 2, 2, 1]' },
  { name: 'col2im cols shape', run: (b) => b.col2im(new Tensor([4, 3]), [1, 2, 2, 1], { kernelSize: 2, padding: 'same' }), error: 'ShapeError', message: 'col2im: cols [4, 3] must have shape [4, 4]' },
  { name: 'pool2d bad padding', run: (b) => b.pool2d('max', new Tensor([1, 2, 2, 1]), { poolSize: 2, padding: 'full' as never }), error: 'ConfigError', message: `maxPool2d: padding must be 'same' or 'valid', got "full"` },
  { name: 'pool2d window larger than a valid input', run: (b) => b.pool2d('avg', new Tensor([1, 2, 2, 1]), { poolSize: 3 }), error: 'ShapeError', message: "avgPool2d: the 3x3 window is larger than the 2x2 input [1, 2, 2, 1] with padding 'valid'" },
  { name: 'pool2dGrad dy shape', run: (b) => b.pool2dGrad('max', new Tensor([1, 4, 4, 1]), new Tensor([1, 4, 4, 1]), { poolSize: 2 }), error: 'ShapeError', message: 'maxPool2dGrad: dy [1, 4, 4, 1] must have shape [1, 2, 2, 1]' },
];
