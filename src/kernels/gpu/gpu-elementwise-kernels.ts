import type { IKernelFunctionThis } from 'gpu.js';
import type { BinaryOp, UnaryOp } from '../kernel-backend.js';

/*
 * gpu.js compiles these functions from their source text, so each one is a top-level `function`
 * with only the JavaScript subset gpu.js understands: no arrows, no nested functions, no
 * destructuring, numbers only. Every kernel writes a flat 1-D output indexed by `this.thread.x`.
 */

/** Merged broadcast layout passed as constants: extents d1..d3 (d0 implied) and strides. */
export interface BroadcastConstants {
  readonly d1: number;
  readonly d2: number;
  readonly d3: number;
  readonly sa0: number;
  readonly sa1: number;
  readonly sa2: number;
  readonly sa3: number;
  readonly sb0: number;
  readonly sb1: number;
  readonly sb2: number;
  readonly sb3: number;
}

type Unary = (this: IKernelFunctionThis, x: Float32Array) => number;
type UnaryWithParam = (this: IKernelFunctionThis, x: Float32Array, param: number) => number;
type Binary = (this: IKernelFunctionThis<BroadcastConstants>, a: Float32Array, b: Float32Array) => number;

/**
 * Offset of output cell `index` in an operand of a rank-4 (merged, padded) broadcast, given the
 * output extents d1..d3 and the operand's strides s0..s3 (0 on broadcast axes). Float division
 * is exact here for index < 2^24, which the backend guarantees.
 */
export function broadcastOffset(index: number, d1: number, d2: number, d3: number, s0: number, s1: number, s2: number, s3: number): number {
  const q3 = Math.floor(index / d3);
  const i3 = index - q3 * d3;
  const q2 = Math.floor(q3 / d2);
  const i2 = q3 - q2 * d2;
  const q1 = Math.floor(q2 / d1);
  const i1 = q2 - q1 * d1;
  return q1 * s0 + i1 * s1 + i2 * s2 + i3 * s3;
}

function unaryNeg(this: IKernelFunctionThis, x: Float32Array): number { return -x[this.thread.x]!; }
function unaryAbs(this: IKernelFunctionThis, x: Float32Array): number { return Math.abs(x[this.thread.x]!); }
function unarySign(this: IKernelFunctionThis, x: Float32Array): number { return Math.sign(x[this.thread.x]!); }
function unarySquare(this: IKernelFunctionThis, x: Float32Array): number { const v = x[this.thread.x]!; return v * v; }
function unarySqrt(this: IKernelFunctionThis, x: Float32Array): number { return Math.sqrt(x[this.thread.x]!); }
function unaryRsqrt(this: IKernelFunctionThis, x: Float32Array): number { return 1 / Math.sqrt(x[this.thread.x]!); }
function unaryExp(this: IKernelFunctionThis, x: Float32Array): number { return Math.exp(x[this.thread.x]!); }
function unaryLog(this: IKernelFunctionThis, x: Float32Array): number { return Math.log(x[this.thread.x]!); }
function unaryLog1p(this: IKernelFunctionThis, x: Float32Array): number { return Math.log1p(x[this.thread.x]!); }
function unaryTanh(this: IKernelFunctionThis, x: Float32Array): number { return Math.tanh(x[this.thread.x]!); }
function unarySigmoid(this: IKernelFunctionThis, x: Float32Array): number { return 1 / (1 + Math.exp(-x[this.thread.x]!)); }
function unaryRelu(this: IKernelFunctionThis, x: Float32Array): number { return Math.max(x[this.thread.x]!, 0); }
function unaryStep(this: IKernelFunctionThis, x: Float32Array): number {
  if (x[this.thread.x]! > 0) return 1;
  return 0;
}
function unaryLeakyRelu(this: IKernelFunctionThis, x: Float32Array, param: number): number {
  const v = x[this.thread.x]!;
  if (v > 0) return v;
  return param * v;
}
function unaryElu(this: IKernelFunctionThis, x: Float32Array, param: number): number {
  const v = x[this.thread.x]!;
  if (v > 0) return v;
  return param * Math.expm1(v);
}
function unarySoftplus(this: IKernelFunctionThis, x: Float32Array): number {
  const v = x[this.thread.x]!;
  return Math.max(v, 0) + Math.log1p(Math.exp(-Math.abs(v)));
}
function unaryReciprocal(this: IKernelFunctionThis, x: Float32Array): number { return 1 / x[this.thread.x]!; }
function unaryPowScalar(this: IKernelFunctionThis, x: Float32Array, param: number): number { return Math.pow(x[this.thread.x]!, param); }
function unaryAddScalar(this: IKernelFunctionThis, x: Float32Array, param: number): number { return x[this.thread.x]! + param; }
function unaryMulScalar(this: IKernelFunctionThis, x: Float32Array, param: number): number { return x[this.thread.x]! * param; }

function clipKernel(this: IKernelFunctionThis, x: Float32Array, low: number, high: number): number {
  return Math.min(Math.max(x[this.thread.x]!, low), high);
}

/* Binary kernels: a[offsetA] op b[offsetB] with the merged broadcast layout in constants. */

function binaryAdd(this: IKernelFunctionThis<BroadcastConstants>, a: Float32Array, b: Float32Array): number {
  const x = a[broadcastOffset(this.thread.x, this.constants.d1, this.constants.d2, this.constants.d3, this.constants.sa0, this.constants.sa1, this.constants.sa2, this.constants.sa3)]!;
  const y = b[broadcastOffset(this.thread.x, this.constants.d1, this.constants.d2, this.constants.d3, this.constants.sb0, this.constants.sb1, this.constants.sb2, this.constants.sb3)]!;
  return x + y;
}
function binarySub(this: IKernelFunctionThis<BroadcastConstants>, a: Float32Array, b: Float32Array): number {
  const x = a[broadcastOffset(this.thread.x, this.constants.d1, this.constants.d2, this.constants.d3, this.constants.sa0, this.constants.sa1, this.constants.sa2, this.constants.sa3)]!;
  const y = b[broadcastOffset(this.thread.x, this.constants.d1, this.constants.d2, this.constants.d3, this.constants.sb0, this.constants.sb1, this.constants.sb2, this.constants.sb3)]!;
  return x - y;
}
function binaryMul(this: IKernelFunctionThis<BroadcastConstants>, a: Float32Array, b: Float32Array): number {
  const x = a[broadcastOffset(this.thread.x, this.constants.d1, this.constants.d2, this.constants.d3, this.constants.sa0, this.constants.sa1, this.constants.sa2, this.constants.sa3)]!;
  const y = b[broadcastOffset(this.thread.x, this.constants.d1, this.constants.d2, this.constants.d3, this.constants.sb0, this.constants.sb1, this.constants.sb2, this.constants.sb3)]!;
  return x * y;
}
function binaryDiv(this: IKernelFunctionThis<BroadcastConstants>, a: Float32Array, b: Float32Array): number {
  const x = a[broadcastOffset(this.thread.x, this.constants.d1, this.constants.d2, this.constants.d3, this.constants.sa0, this.constants.sa1, this.constants.sa2, this.constants.sa3)]!;
  const y = b[broadcastOffset(this.thread.x, this.constants.d1, this.constants.d2, this.constants.d3, this.constants.sb0, this.constants.sb1, this.constants.sb2, this.constants.sb3)]!;
  return x / y;
}
function binaryPow(this: IKernelFunctionThis<BroadcastConstants>, a: Float32Array, b: Float32Array): number {
  const x = a[broadcastOffset(this.thread.x, this.constants.d1, this.constants.d2, this.constants.d3, this.constants.sa0, this.constants.sa1, this.constants.sa2, this.constants.sa3)]!;
  const y = b[broadcastOffset(this.thread.x, this.constants.d1, this.constants.d2, this.constants.d3, this.constants.sb0, this.constants.sb1, this.constants.sb2, this.constants.sb3)]!;
  return Math.pow(x, y);
}
function binaryMaximum(this: IKernelFunctionThis<BroadcastConstants>, a: Float32Array, b: Float32Array): number {
  const x = a[broadcastOffset(this.thread.x, this.constants.d1, this.constants.d2, this.constants.d3, this.constants.sa0, this.constants.sa1, this.constants.sa2, this.constants.sa3)]!;
  const y = b[broadcastOffset(this.thread.x, this.constants.d1, this.constants.d2, this.constants.d3, this.constants.sb0, this.constants.sb1, this.constants.sb2, this.constants.sb3)]!;
  return Math.max(x, y);
}
function binaryMinimum(this: IKernelFunctionThis<BroadcastConstants>, a: Float32Array, b: Float32Array): number {
  const x = a[broadcastOffset(this.thread.x, this.constants.d1, this.constants.d2, this.constants.d3, this.constants.sa0, this.constants.sa1, this.constants.sa2, this.constants.sa3)]!;
  const y = b[broadcastOffset(this.thread.x, this.constants.d1, this.constants.d2, this.constants.d3, this.constants.sb0, this.constants.sb1, this.constants.sb2, this.constants.sb3)]!;
  return Math.min(x, y);
}
function binaryGreater(this: IKernelFunctionThis<BroadcastConstants>, a: Float32Array, b: Float32Array): number {
  const x = a[broadcastOffset(this.thread.x, this.constants.d1, this.constants.d2, this.constants.d3, this.constants.sa0, this.constants.sa1, this.constants.sa2, this.constants.sa3)]!;
  const y = b[broadcastOffset(this.thread.x, this.constants.d1, this.constants.d2, this.constants.d3, this.constants.sb0, this.constants.sb1, this.constants.sb2, this.constants.sb3)]!;
  if (x > y) return 1;
  return 0;
}
function binaryGreaterEqual(this: IKernelFunctionThis<BroadcastConstants>, a: Float32Array, b: Float32Array): number {
  const x = a[broadcastOffset(this.thread.x, this.constants.d1, this.constants.d2, this.constants.d3, this.constants.sa0, this.constants.sa1, this.constants.sa2, this.constants.sa3)]!;
  const y = b[broadcastOffset(this.thread.x, this.constants.d1, this.constants.d2, this.constants.d3, this.constants.sb0, this.constants.sb1, this.constants.sb2, this.constants.sb3)]!;
  if (x >= y) return 1;
  return 0;
}
function binaryEqual(this: IKernelFunctionThis<BroadcastConstants>, a: Float32Array, b: Float32Array): number {
  const x = a[broadcastOffset(this.thread.x, this.constants.d1, this.constants.d2, this.constants.d3, this.constants.sa0, this.constants.sa1, this.constants.sa2, this.constants.sa3)]!;
  const y = b[broadcastOffset(this.thread.x, this.constants.d1, this.constants.d2, this.constants.d3, this.constants.sb0, this.constants.sb1, this.constants.sb2, this.constants.sb3)]!;
  if (x === y) return 1;
  return 0;
}

/**
 * The gpu.js kernel functions of the elementwise family, by op. Unary ops listed in
 * `unaryWithParam` take the op's `param` as a second (scalar) argument.
 *
 * @example
 * ```ts
 * const kernel = gpu.createKernel(GpuElementwiseKernels.unary.relu, { output: [n] });
 * ```
 */
export const GpuElementwiseKernels: {
  readonly unary: Readonly<Record<UnaryOp, Unary | UnaryWithParam>>;
  readonly unaryWithParam: ReadonlySet<UnaryOp>;
  readonly binary: Readonly<Record<BinaryOp, Binary>>;
  readonly clip: typeof clipKernel;
} = {
  unary: {
    neg: unaryNeg, abs: unaryAbs, sign: unarySign, square: unarySquare, sqrt: unarySqrt, rsqrt: unaryRsqrt,
    exp: unaryExp, log: unaryLog, log1p: unaryLog1p, tanh: unaryTanh, sigmoid: unarySigmoid, relu: unaryRelu,
    step: unaryStep, leakyRelu: unaryLeakyRelu, elu: unaryElu, softplus: unarySoftplus, reciprocal: unaryReciprocal,
    powScalar: unaryPowScalar, addScalar: unaryAddScalar, mulScalar: unaryMulScalar,
  },
  unaryWithParam: new Set<UnaryOp>(['leakyRelu', 'elu', 'powScalar', 'addScalar', 'mulScalar']),
  binary: {
    add: binaryAdd, sub: binarySub, mul: binaryMul, div: binaryDiv, pow: binaryPow, maximum: binaryMaximum,
    minimum: binaryMinimum, greater: binaryGreater, greaterEqual: binaryGreaterEqual, equal: binaryEqual,
  },
  clip: clipKernel,
};
