import { ConfigError } from '../../src/errors.js';

/** The adversarial objective of a {@link GanOptions}. */
export type GanLoss = 'minimax' | 'nonSaturating' | 'wasserstein';

/** Network family: MLPs, DCGAN-style convolutions (images only), or `auto` (DCGAN for images, MLP otherwise). */
export type GanArchitecture = 'auto' | 'mlp' | 'dcgan';

/** Activation of the generator's output: `auto` is tanh for images (pixels in [-1, 1]) and linear otherwise. */
export type GanOutputActivation = 'auto' | 'linear' | 'tanh' | 'sigmoid';

/**
 * Options of the {@link Gan} learner (Goodfellow et al., 2014, arXiv:1406.2661); every field has a
 * default ({@link GAN_DEFAULTS}). The defaults follow DCGAN (Radford et al., 2016,
 * arXiv:1511.06434): Adam 2e-4 with beta1 0.5, leaky ReLU 0.2 in the discriminator, batch norm in
 * the generator. With `loss: 'wasserstein'` set `beta1: 0`, `beta2: 0.9`, `nCritic: 5` as in
 * WGAN-GP (Gulrajani et al., 2017, arXiv:1704.00028).
 */
export interface GanOptions {
  /**
   * `minimax`: D maximizes log D(x) + log(1 − D(G(z))), G minimizes log(1 − D(G(z))) (the
   * original game; its generator gradient vanishes early). `nonSaturating`: G maximizes
   * log D(G(z)) instead (the paper's practical variant). `wasserstein`: a critic C with
   * loss C(fake) − C(real) plus `gradientPenalty`·(‖∇ₓC(x̂)‖ − 1)² on random interpolates x̂.
   * Default `nonSaturating`.
   */
  readonly loss: GanLoss;
  /** Dimension of the latent code z. Default 64. */
  readonly latentDim: number;
  /** Prior of z: standard normal, or uniform on [-1, 1]. Default `normal`. */
  readonly latentPrior: 'normal' | 'uniform';
  /** Network family. Default `auto`. */
  readonly architecture: GanArchitecture;
  /** MLP generator hidden widths. Default [256, 256]. */
  readonly generatorHidden: readonly number[];
  /** MLP discriminator hidden widths. Default [256, 256]. */
  readonly discriminatorHidden: readonly number[];
  /** Hidden activation of the generator: `relu`, `leakyRelu` (slope 0.2), `tanh` or `elu`. Default `relu`. */
  readonly generatorActivation: 'relu' | 'leakyRelu' | 'tanh' | 'elu';
  /** Hidden activation of the discriminator, as above. Default `leakyRelu` (slope 0.2). */
  readonly discriminatorActivation: 'relu' | 'leakyRelu' | 'tanh' | 'elu';
  /** Batch normalization after each hidden layer of the generator. Default true. */
  readonly generatorBatchNorm: boolean;
  /** Batch normalization in the DCGAN discriminator (never with `wasserstein`, whose penalty is per example). Default true. */
  readonly discriminatorBatchNorm: boolean;
  /** DCGAN: channels of the generator's first feature map / the discriminator's last conv (halved per 2x upsampling). Default 64. */
  readonly dcganChannels: number;
  /** Generator output activation. Default `auto`. */
  readonly outputActivation: GanOutputActivation;
  /** Generator learning rate. Default 2e-4. */
  readonly generatorLr: number;
  /** Discriminator learning rate. Default 2e-4. */
  readonly discriminatorLr: number;
  /**
   * Training batches over which both learning rates decay linearly to `finalLrFraction` of their
   * value, then stay there (the generator's schedule counts its updates in batches, so both
   * decay together whatever `nCritic`). A late small rate stops the generator's samples
   * jittering around the modes. Default 0 (constant rates).
   */
  readonly lrDecaySteps: number;
  /** See `lrDecaySteps`. Default 0.1. */
  readonly finalLrFraction: number;
  /** Adam beta1 of both optimizers. Default 0.5. */
  readonly beta1: number;
  /** Adam beta2 of both optimizers. Default 0.999. */
  readonly beta2: number;
  /**
   * Standardize vector data for both networks with the training set's per-feature mean and one
   * common scale (see `DataNormalizer`); samples are mapped back. Puts data of any range at the
   * scale freshly initialized layers resolve well (grid-25 spans [-4, 4]). Vector data only.
   * Default false.
   */
  readonly normalizeData: boolean;
  /** Discriminator updates per generator turn (one per training batch). Default 1. */
  readonly nCritic: number;
  /** Generator updates per generator turn. Default 1. */
  readonly generatorSteps: number;
  /** Weight λ of the WGAN-GP gradient penalty (only with `wasserstein`). Default 10. */
  readonly gradientPenalty: number;
  /** Target of real examples in the BCE losses; 0.9 is one-sided label smoothing (Salimans et al., 2016). Default 1. */
  readonly realLabel: number;
  /**
   * PacGAN packing degree m (Lin et al., 2018, arXiv:1712.04086): the discriminator judges m
   * samples at once (concatenated features), all real or all fake, which penalizes mode
   * collapse. Batches are trimmed to a multiple of m. Default 1 (off).
   */
  readonly pack: number;
  /**
   * Minibatch standard deviation (Karras et al., 2018, arXiv:1710.10196): the discriminator's
   * last hidden features get one extra feature, the mean over features of their standard
   * deviation across the batch, so a collapsed (low-variety) batch is easy to spot. Not with
   * `wasserstein` (the exact gradient penalty needs per-example critics). Default false.
   */
  readonly minibatchStdDev: boolean;
  /** Samples drawn by `evaluate` on 2-D toy data (ring-8, grid-25). Default 2,500. */
  readonly evalSamples: number;
  /**
   * A classifier checkpoint for the image score (`evaluate` on MNIST): a weights file written by
   * examples/train-mnist-cnn.ts. Default null (no image score).
   */
  readonly scoreClassifier: string | null;
  /** Samples scored by the image score (or by the mean gap on other data). Default 1,000. */
  readonly scoreSamples: number;
}

/** The defaults of {@link GanOptions}. */
export const GAN_DEFAULTS: GanOptions = Object.freeze({
  loss: 'nonSaturating',
  latentDim: 64,
  latentPrior: 'normal',
  architecture: 'auto',
  generatorHidden: Object.freeze([256, 256]),
  discriminatorHidden: Object.freeze([256, 256]),
  generatorActivation: 'relu',
  discriminatorActivation: 'leakyRelu',
  generatorBatchNorm: true,
  discriminatorBatchNorm: true,
  dcganChannels: 64,
  outputActivation: 'auto',
  generatorLr: 2e-4,
  discriminatorLr: 2e-4,
  lrDecaySteps: 0,
  finalLrFraction: 0.1,
  beta1: 0.5,
  beta2: 0.999,
  normalizeData: false,
  nCritic: 1,
  generatorSteps: 1,
  gradientPenalty: 10,
  realLabel: 1,
  pack: 1,
  minibatchStdDev: false,
  evalSamples: 2500,
  scoreClassifier: null,
  scoreSamples: 1000,
} satisfies GanOptions);

const ACTIVATIONS = ['relu', 'leakyRelu', 'tanh', 'elu'];

/**
 * Throws a `ConfigError` naming the option unless `options` are valid.
 *
 * @example
 * ```ts
 * checkGanOptions({ ...GAN_DEFAULTS, pack: 0 });   // throws: gan: pack must be a positive integer, got 0
 * ```
 */
export function checkGanOptions(options: GanOptions): void {
  const fail = (message: string): never => {
    throw new ConfigError(`gan: ${message}`);
  };
  const oneOf = (key: keyof GanOptions, allowed: readonly string[]): void => {
    if (!allowed.includes(options[key] as string)) fail(`${key} must be one of ${allowed.join(', ')}, got ${JSON.stringify(options[key])}`);
  };
  const positiveInt = (key: keyof GanOptions): void => {
    const v = options[key];
    if (!Number.isSafeInteger(v) || (v as number) < 1) fail(`${key} must be a positive integer, got ${JSON.stringify(v)}`);
  };
  const positive = (key: keyof GanOptions): void => {
    const v = options[key];
    if (typeof v !== 'number' || !(v > 0) || !Number.isFinite(v)) fail(`${key} must be a positive number, got ${JSON.stringify(v)}`);
  };
  oneOf('loss', ['minimax', 'nonSaturating', 'wasserstein']);
  oneOf('latentPrior', ['normal', 'uniform']);
  oneOf('architecture', ['auto', 'mlp', 'dcgan']);
  oneOf('generatorActivation', ACTIVATIONS);
  oneOf('discriminatorActivation', ACTIVATIONS);
  oneOf('outputActivation', ['auto', 'linear', 'tanh', 'sigmoid']);
  for (const key of ['latentDim', 'dcganChannels', 'nCritic', 'generatorSteps', 'pack', 'evalSamples', 'scoreSamples'] as const) positiveInt(key);
  for (const key of ['generatorLr', 'discriminatorLr'] as const) positive(key);
  for (const key of ['generatorHidden', 'discriminatorHidden'] as const) {
    const widths = options[key];
    if (!Array.isArray(widths) || !widths.every((w) => Number.isSafeInteger(w) && w > 0)) {
      fail(`${key} must be an array of positive integers (hidden layer widths), got ${JSON.stringify(widths)}`);
    }
  }
  for (const key of ['beta1', 'beta2'] as const) {
    if (!(options[key] >= 0 && options[key] < 1)) fail(`${key} must be in [0, 1), got ${JSON.stringify(options[key])}`);
  }
  if (!Number.isSafeInteger(options.lrDecaySteps) || options.lrDecaySteps < 0) fail(`lrDecaySteps must be a non-negative integer, got ${JSON.stringify(options.lrDecaySteps)}`);
  if (!(options.finalLrFraction >= 0 && options.finalLrFraction <= 1)) fail(`finalLrFraction must be in [0, 1], got ${JSON.stringify(options.finalLrFraction)}`);
  if (!(options.gradientPenalty >= 0) || !Number.isFinite(options.gradientPenalty)) fail(`gradientPenalty must be a non-negative number, got ${options.gradientPenalty}`);
  if (!(options.realLabel > 0 && options.realLabel <= 1)) fail(`realLabel must be in (0, 1], got ${options.realLabel}`);
  if (options.loss === 'wasserstein' && options.minibatchStdDev) {
    fail("minibatchStdDev cannot be combined with loss 'wasserstein': the gradient penalty needs a critic that scores each example on its own; use pack instead");
  }
  if (options.scoreClassifier !== null && (typeof options.scoreClassifier !== 'string' || options.scoreClassifier.length === 0)) {
    fail(`scoreClassifier must be a checkpoint path or null, got ${JSON.stringify(options.scoreClassifier)}`);
  }
}
