import { ConfigError } from '../../src/errors.js';

/**
 * Options of the {@link Vae} learner (Kingma & Welling, 2014, arXiv:1312.6114); every field has a
 * default ({@link VAE_DEFAULTS}), those of the paper's MNIST model: one hidden layer of 400
 * units, 20 latent dimensions, a Bernoulli decoder, Adam at 1e-3.
 */
export interface VaeOptions {
  /** `mlp` (flattened inputs), `conv` (NHWC images: two strided convolutions each way), or `auto` (mlp). Default `auto`. */
  readonly architecture: 'auto' | 'mlp' | 'conv';
  /** Dimension of the latent code z. Default 20. */
  readonly latentDim: number;
  /** MLP encoder hidden widths; the decoder mirrors them. Default [400]. */
  readonly hidden: readonly number[];
  /** Conv channels of the encoder's two strided convolutions (the decoder mirrors them). Default [32, 64]. */
  readonly convChannels: readonly number[];
  /** Hidden activation. Default `relu`. */
  readonly activation: 'relu' | 'tanh' | 'elu' | 'softplus';
  /**
   * p(x | z): `bernoulli` (the decoder outputs logits; the reconstruction term is the binary
   * cross-entropy, pixels in [0, 1]) or `gaussian` (the decoder outputs the mean; fixed standard
   * deviation `gaussianStd` per value). Default `bernoulli`.
   */
  readonly likelihood: 'bernoulli' | 'gaussian';
  /** Standard deviation of the Gaussian likelihood. Default 0.1. */
  readonly gaussianStd: number;
  /** Weight of the KL term (β-VAE, Higgins et al., 2017); 1 is the ELBO. Default 1. */
  readonly beta: number;
  /** Adam learning rate. Default 1e-3. */
  readonly learningRate: number;
  /** Examples per forward pass in `evaluate` (bounds memory, not results). Default 500. */
  readonly evalBatchSize: number;
}

/** The defaults of {@link VaeOptions}. */
export const VAE_DEFAULTS: VaeOptions = Object.freeze({
  architecture: 'auto',
  latentDim: 20,
  hidden: Object.freeze([400]),
  convChannels: Object.freeze([32, 64]),
  activation: 'relu',
  likelihood: 'bernoulli',
  gaussianStd: 0.1,
  beta: 1,
  learningRate: 1e-3,
  evalBatchSize: 500,
} satisfies VaeOptions);

/**
 * Throws a `ConfigError` naming the option unless `options` are valid.
 *
 * @example
 * ```ts
 * checkVaeOptions({ ...VAE_DEFAULTS, beta: -1 });   // throws: vae: beta must be ...
 * ```
 */
export function checkVaeOptions(options: VaeOptions): void {
  const fail = (message: string): never => {
    throw new ConfigError(`vae: ${message}`);
  };
  const oneOf = (key: keyof VaeOptions, allowed: readonly string[]): void => {
    if (!allowed.includes(options[key] as string)) fail(`${key} must be one of ${allowed.join(', ')}, got ${JSON.stringify(options[key])}`);
  };
  oneOf('architecture', ['auto', 'mlp', 'conv']);
  oneOf('activation', ['relu', 'tanh', 'elu', 'softplus']);
  oneOf('likelihood', ['bernoulli', 'gaussian']);
  for (const key of ['latentDim', 'evalBatchSize'] as const) {
    if (!Number.isSafeInteger(options[key]) || options[key] < 1) fail(`${key} must be a positive integer, got ${JSON.stringify(options[key])}`);
  }
  for (const key of ['hidden', 'convChannels'] as const) {
    const widths = options[key];
    if (!Array.isArray(widths) || !widths.every((w) => Number.isSafeInteger(w) && w > 0)) fail(`${key} must be an array of positive integers, got ${JSON.stringify(widths)}`);
  }
  if (options.convChannels.length !== 2) fail(`convChannels must hold two channel counts (one per strided convolution), got ${JSON.stringify(options.convChannels)}`);
  for (const key of ['gaussianStd', 'learningRate'] as const) {
    if (!(options[key] > 0) || !Number.isFinite(options[key])) fail(`${key} must be a positive number, got ${JSON.stringify(options[key])}`);
  }
  if (!(options.beta >= 0) || !Number.isFinite(options.beta)) fail(`beta must be a non-negative number, got ${JSON.stringify(options.beta)}`);
}
