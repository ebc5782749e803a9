// The input gradient ∇ₓC(x) of an MLP critic, built from ordinary graph ops so that a loss on it
// (the WGAN-GP penalty of Gulrajani et al., 2017, arXiv:1704.00028) back-propagates into the
// critic's parameters through the normal tape. neuroloop's autograd has no double backward
// (backward closures compute on raw tensors), so the reverse pass through the critic is written
// out here by hand: for a Dense layer a = h·W + b, y = f(a),
//
//   ∂C/∂a = ∂C/∂y ⊙ f'(a),   ∂C/∂h = (∂C/∂a)·Wᵀ,
//
// as matmul / mul ops on Variables (for a Conv2D layer, ∂C/∂h = conv2dTranspose(∂C/∂a, K), the
// differentiable transposed-convolution op). W enters twice (forward and this reverse pass), so the
// penalty's gradient w.r.t. W holds both paths, exactly as torch.autograd.grad(create_graph=True)
// gives. f'(a) is a graph expression for smooth activations (tanh, sigmoid, softplus, elu) and a
// constant mask for piecewise-linear ones (relu, leaky relu), whose second derivative is 0 almost
// everywhere, so treating the mask as a constant is exact.

import type { Graph, Input } from '../../src/autograd/graph.js';
import type { Variable } from '../../src/autograd/variable.js';
import { ConfigError, ShapeError, formatShape } from '../../src/errors.js';
import { ELU, LeakyReLU, ReLU, Sigmoid, Softplus, Tanh } from '../../src/nn/activation-layers.js';
import type { ActivationName } from '../../src/nn/activations.js';
import { activate } from '../../src/nn/activations.js';
import { Conv2D } from '../../src/nn/conv2d.js';
import { Conv2DTranspose } from '../../src/nn/conv2d-transpose.js';
import { Dense } from '../../src/nn/dense.js';
import { Flatten } from '../../src/nn/flatten.js';
import type { Layer } from '../../src/nn/layer.js';
import { Reshape } from '../../src/nn/reshape.js';
import { Tensor } from '../../src/tensor/tensor.js';

/** A critic output with its differentiable input gradient. */
export interface CriticWithGradient {
  /** C(x), `[batch, 1]`. */
  readonly output: Variable;
  /** ∇ₓ Σᵢ C(xᵢ), shaped like `x`; example i's slice is ∇ C(xᵢ) because the critic scores examples independently. */
  readonly inputGradient: Variable;
}

/** One layer's reverse step: the gradient w.r.t. its input from the gradient w.r.t. its output. */
type ReverseStep = (outputGradient: Variable) => Variable;

/**
 * Runs a critic (its layers in order: `Dense` and `Conv2D` with any activation but softmax,
 * `Flatten`, `Reshape`, and the activation layers ReLU, LeakyReLU, Tanh, Sigmoid, Softplus, ELU)
 * on a batch `x` and returns its output together with ∇ₓC built from graph ops (see the file
 * comment). Any other layer (batch norm, dropout, minibatch statistics: they mix examples or
 * draw noise) throws a `ConfigError`, because its input gradient would not be exact.
 *
 * @example
 * ```ts
 * const { inputGradient } = criticWithInputGradient(g, critic.layers, interpolates);
 * const norms = g.sqrt(g.addScalar(g.sum(g.square(inputGradient), 1), 1e-12));
 * const penalty = g.mean(g.square(g.addScalar(norms, -1)));   // differentiable in the critic's params
 * ```
 */
export function criticWithInputGradient(g: Graph, layers: readonly Layer[], x: Input): CriticWithGradient {
  const steps: ReverseStep[] = [];
  let h = g.lift(x);
  for (const layer of layers) {
    if (layer instanceof Flatten || layer instanceof Reshape) {
      const inputShape = h.shape;
      h = layer.forward(h, { graph: g, training: true });
      steps.push((gy) => g.reshape(gy, inputShape));
      continue;
    }
    if (layer instanceof Conv2D && !(layer instanceof Conv2DTranspose)) {
      const inputShape = h.shape;
      const kernel = layer.kernel;
      const options = { strides: layer.strides, padding: layer.padding, dilations: layer.dilationRate };
      let a = g.conv2d(h, kernel, options);
      if (layer.bias !== null) a = g.add(a, layer.bias);
      const alpha = layer.activation === 'leakyRelu' ? 0.01 : layer.activation === 'elu' ? 1 : 0;
      const y = activate(g, layer.activation, a);
      const slope = activationSlope(g, layer.activation, alpha, a, y, layer.label);
      // The filter [kh, kw, inC, outC] is also the transposed convolution's [kh, kw, outC', inC'].
      steps.push((gy) => g.conv2dTranspose(slope === null ? gy : g.mul(gy, slope), kernel, options, inputShape));
      h = y;
      continue;
    }
    if (layer instanceof Dense) {
      const input = h;
      const kernel = layer.kernel;
      let a = g.matmul(input, kernel);
      if (layer.bias !== null) a = g.add(a, layer.bias);
      // Dense applies its activations with their default parameters (see `activate`).
      const alpha = layer.activation === 'leakyRelu' ? 0.01 : layer.activation === 'elu' ? 1 : 0;
      const y = activate(g, layer.activation, a);
      const slope = activationSlope(g, layer.activation, alpha, a, y, layer.label);
      steps.push((gy) => g.matmul(slope === null ? gy : g.mul(gy, slope), kernel, { transposeB: true }));
      h = y;
      continue;
    }
    const kind = activationKind(layer);
    const a = h;
    const y = kind.name === 'leakyRelu' ? g.leakyRelu(a, kind.alpha) : kind.name === 'elu' ? g.elu(a, kind.alpha) : activate(g, kind.name, a);
    const slope = activationSlope(g, kind.name, kind.alpha, a, y, layer.label);
    steps.push((gy) => (slope === null ? gy : g.mul(gy, slope)));
    h = y;
  }
  if (h.rank !== 2 || h.shape[1] !== 1) {
    throw new ShapeError(`criticWithInputGradient: the critic must output [batch, 1], got ${formatShape(h.shape)}`);
  }
  let grad: Variable = g.constant(Tensor.full(h.shape, 1));
  for (let i = steps.length - 1; i >= 0; i--) grad = steps[i]!(grad);
  return { output: h, inputGradient: grad };
}

/**
 * The WGAN-GP penalty mean_i (‖∇ₓC(x̂ᵢ)‖₂ − 1)² on a batch of `interpolates` (norms over all of an
 * example's values),
 * differentiable in the critic's params (see {@link criticWithInputGradient}). A tiny 1e-12 under
 * the square root keeps the norm's derivative finite at a zero gradient.
 *
 * @example
 * ```ts
 * const loss = g.add(wassersteinLoss, g.scale(gradientPenalty(g, critic.layers, xHat), 10));
 * ```
 */
export function gradientPenalty(g: Graph, layers: readonly Layer[], interpolates: Input): Variable {
  const { inputGradient } = criticWithInputGradient(g, layers, interpolates);
  const rows = g.reshape(inputGradient, [inputGradient.shape[0]!, -1]);
  const norms = g.sqrt(g.addScalar(g.sum(g.square(rows), 1), 1e-12));
  return g.mean(g.square(g.addScalar(norms, -1)));
}

/** Which activation an activation layer applies (leaky relu / elu with their alpha). */
function activationKind(layer: Layer): { name: ActivationName; alpha: number } {
  if (layer instanceof LeakyReLU) return { name: 'leakyRelu', alpha: layer.alpha };
  if (layer instanceof ELU) return { name: 'elu', alpha: layer.alpha };
  if (layer instanceof ReLU) return { name: 'relu', alpha: 0 };
  if (layer instanceof Tanh) return { name: 'tanh', alpha: 0 };
  if (layer instanceof Sigmoid) return { name: 'sigmoid', alpha: 0 };
  if (layer instanceof Softplus) return { name: 'softplus', alpha: 0 };
  throw new ConfigError(
    `criticWithInputGradient: ${layer.label} is not supported in a critic with a gradient penalty (supported: Dense, Conv2D, Flatten, Reshape, ReLU, LeakyReLU, Tanh, Sigmoid, Softplus, ELU)`,
  );
}

/** f'(a) for activation `name` (with `alpha` for leaky relu / elu), or null for the identity. Piecewise-linear slopes are constants. */
function activationSlope(g: Graph, name: ActivationName, alpha: number, a: Variable, y: Variable, where: string): Input | null {
  const k = g.backend;
  switch (name) {
    case 'linear':
      return null;
    case 'relu':
      return k.unary('step', a.value);
    case 'leakyRelu':
      return k.unary('addScalar', k.unary('mulScalar', k.unary('step', a.value), 1 - alpha), alpha);
    case 'tanh':
      return g.addScalar(g.neg(g.square(y)), 1);
    case 'sigmoid':
      return g.mul(y, g.addScalar(g.neg(y), 1));
    case 'softplus':
      return g.sigmoid(a);
    case 'elu': {
      // 1 where a > 0, else alpha·e^a = y + alpha.
      const positive = k.unary('step', a.value);
      const negative = k.unary('addScalar', k.unary('neg', positive), 1);
      return g.add(positive, g.mul(negative, g.addScalar(y, alpha)));
    }
    case 'softmax':
      throw new ConfigError(`criticWithInputGradient: ${where} uses softmax, which a critic with a gradient penalty does not support`);
  }
}
