import { ConfigError } from '../../src/errors.js';
import { ACTIVATION_NAMES, type ActivationName } from '../../src/nn/activations.js';
import type { Layer } from '../../src/nn/layer.js';

/** Builds the trunk of a Q-network for observations of a shape (called once per network). */
export type FeaturesExtractorFactory = (observationShape: readonly number[]) => Layer;

/**
 * Options of {@link DqnAgent}: Stable-Baselines3's DQN hyperparameters in camelCase (same
 * meanings and defaults), then the network, then the extensions of vanilla DQN, all off by
 * default. Every field has a default ({@link DQN_DEFAULTS}).
 */
export interface DqnOptions {
  /** Adam step size. Default 1e-4. */
  readonly learningRate: number;
  /** Replay capacity in transitions. Default 1,000,000. */
  readonly bufferSize: number;
  /** Env steps of uniformly random actions (and no learning) at the start. Default 100. */
  readonly learningStarts: number;
  /** Transitions per gradient step. Default 32. */
  readonly batchSize: number;
  /** Target update coefficient: 1 copies (hard update), < 1 is Polyak averaging. Default 1. */
  readonly tau: number;
  /** Discount factor. Default 0.99. */
  readonly gamma: number;
  /** Vector steps between training rounds. Default 4. */
  readonly trainFreq: number;
  /** Gradient steps per training round; -1: as many as env steps in the round (trainFreq x numEnvs). Default 1. */
  readonly gradientSteps: number;
  /** Env steps between target updates (each a copy, or one Polyak step with tau < 1). Default 10,000. */
  readonly targetUpdateInterval: number;
  /** Fraction of `totalTimesteps` over which epsilon decays linearly. Default 0.1. */
  readonly explorationFraction: number;
  /** Epsilon at the start. Default 1. */
  readonly explorationInitialEps: number;
  /** Epsilon after the decay. Default 0.05. */
  readonly explorationFinalEps: number;
  /** Clip the global gradient norm to this before each Adam step; 0 turns clipping off. Default 10. */
  readonly maxGradNorm: number;
  /**
   * The training budget in env steps that `explorationFraction` (and prioritized replay's beta
   * annealing) are fractions of: SB3's `total_timesteps`, CleanRL's `total_timesteps`. Required
   * (default null is refused): set it to the run's `train.steps`.
   */
  readonly totalTimesteps: number | null;
  /** Hidden layer widths of the Q-network. Default [64, 64] (SB3's MlpPolicy). */
  readonly netArch: readonly number[];
  /** Activation of the hidden layers. Default 'relu'. */
  readonly activation: ActivationName;
  /**
   * Initial weights: 'glorot' (Glorot-uniform kernels, zero biases; the Keras default) or 'torch'
   * (kernels and biases U(±1/sqrt(fanIn)); PyTorch's nn.Linear default, which SB3's DQN starts from).
   */
  readonly weightInit: 'glorot' | 'torch';
  /** TD loss: 'huber' (smooth L1, delta 1, as SB3 and the Nature paper's error clipping) or 'mse'. Default 'huber'. */
  readonly loss: 'huber' | 'mse';
  /**
   * A trunk in front of the hidden layers (programmatic use only: a function, not JSON), e.g.
   * pretrained layers taken from a checkpoint with src/transfer. Called twice (Q-network and
   * target network), it must return a new layer each time. Default null (none).
   */
  readonly featuresExtractor: FeaturesExtractorFactory | null;
  /**
   * Double DQN (H. van Hasselt, A. Guez and D. Silver, "Deep Reinforcement Learning with Double
   * Q-learning", AAAI 2016, arXiv:1509.06461): the online network picks the next action, the
   * target network values it. Default false.
   */
  readonly doubleQ: boolean;
  /** Dueling head (Z. Wang et al., ICML 2016, arXiv:1511.06581): Q = V + A - mean(A). Default false. */
  readonly dueling: boolean;
  /**
   * Steps summed into each TD target (n-step returns; R. S. Sutton, 1988; Hessel et al.'s
   * Rainbow, 2018), stopping at episode ends. 1 is vanilla DQN. Default 1.
   */
  readonly nSteps: number;
  /**
   * Proportional prioritized replay (T. Schaul et al., "Prioritized Experience Replay", ICLR
   * 2016, arXiv:1511.05952) with importance-sampling weights. Default false.
   */
  readonly prioritizedReplay: boolean;
  /** Prioritization exponent alpha (0: uniform). Default 0.6 (Schaul et al.'s proportional variant). */
  readonly priorityAlpha: number;
  /** Importance-sampling exponent at the start, annealed linearly to 1 over `totalTimesteps`. Default 0.4. */
  readonly priorityBeta0: number;
  /** Added to |TD error| so every transition keeps a chance to be replayed. Default 1e-6. */
  readonly priorityEpsilon: number;
}

/** The defaults of {@link DqnOptions}: Stable-Baselines3's `DQN` ones, extensions off. */
export const DQN_DEFAULTS: DqnOptions = Object.freeze({
  learningRate: 1e-4,
  bufferSize: 1_000_000,
  learningStarts: 100,
  batchSize: 32,
  tau: 1,
  gamma: 0.99,
  trainFreq: 4,
  gradientSteps: 1,
  targetUpdateInterval: 10_000,
  explorationFraction: 0.1,
  explorationInitialEps: 1,
  explorationFinalEps: 0.05,
  maxGradNorm: 10,
  totalTimesteps: null,
  netArch: Object.freeze([64, 64]),
  activation: 'relu',
  weightInit: 'glorot',
  loss: 'huber',
  featuresExtractor: null,
  doubleQ: false,
  dueling: false,
  nSteps: 1,
  prioritizedReplay: false,
  priorityAlpha: 0.6,
  priorityBeta0: 0.4,
  priorityEpsilon: 1e-6,
});

/**
 * Throws a `ConfigError` naming the first option out of its range (and what the range is).
 * Checks what the off-policy base does not: the base checks the bookkeeping counts itself.
 *
 * @example
 * ```ts
 * checkDqnOptions({ ...DQN_DEFAULTS, gamma: 1.5 });   // throws: dqn option gamma must lie in [0, 1], got 1.5
 * ```
 */
export function checkDqnOptions(options: DqnOptions): void {
  const fail = (field: keyof DqnOptions, expected: string): never => {
    throw new ConfigError(`dqn option ${field} must ${expected}, got ${JSON.stringify(options[field]) ?? String(options[field])}`);
  };
  const within = (field: keyof DqnOptions, low: number, high: number, lowOpen = false): void => {
    const v = options[field] as number;
    if (typeof v !== 'number' || !(lowOpen ? v > low : v >= low) || !(v <= high)) fail(field, `lie in ${lowOpen ? '(' : '['}${low}, ${high}]`);
  };
  const integer = (field: keyof DqnOptions, min: number): void => {
    const v = options[field] as number;
    if (!Number.isSafeInteger(v) || v < min) fail(field, `be an integer >= ${min}`);
  };
  if (!(options.learningRate > 0 && Number.isFinite(options.learningRate))) fail('learningRate', 'be a finite number > 0');
  integer('bufferSize', 1);
  integer('learningStarts', 0);
  integer('batchSize', 1);
  within('tau', 0, 1, true);
  within('gamma', 0, 1);
  integer('trainFreq', 1);
  if (options.gradientSteps !== -1) integer('gradientSteps', 0);
  integer('targetUpdateInterval', 1);
  within('explorationFraction', 0, 1);
  within('explorationInitialEps', 0, 1);
  within('explorationFinalEps', 0, 1);
  if (!(options.maxGradNorm >= 0 && Number.isFinite(options.maxGradNorm))) fail('maxGradNorm', 'be a finite number >= 0 (0: no clipping)');
  if (options.totalTimesteps !== null) integer('totalTimesteps', 1);
  if (!Array.isArray(options.netArch) || !options.netArch.every((w) => Number.isSafeInteger(w) && w > 0)) fail('netArch', 'be an array of positive integers (hidden layer widths)');
  if (!(ACTIVATION_NAMES as readonly string[]).includes(options.activation)) fail('activation', `be one of ${ACTIVATION_NAMES.join(', ')}`);
  if (options.weightInit !== 'glorot' && options.weightInit !== 'torch') fail('weightInit', "be 'glorot' or 'torch'");
  if (options.loss !== 'huber' && options.loss !== 'mse') fail('loss', "be 'huber' or 'mse'");
  if (options.featuresExtractor !== null && typeof options.featuresExtractor !== 'function') fail('featuresExtractor', 'be null or a function (observationShape) => Layer');
  for (const flag of ['doubleQ', 'dueling', 'prioritizedReplay'] as const) if (typeof options[flag] !== 'boolean') fail(flag, 'be true or false');
  integer('nSteps', 1);
  if (!(options.priorityAlpha >= 0 && Number.isFinite(options.priorityAlpha))) fail('priorityAlpha', 'be a finite number >= 0');
  within('priorityBeta0', 0, 1);
  if (!(options.priorityEpsilon > 0 && Number.isFinite(options.priorityEpsilon))) fail('priorityEpsilon', 'be a finite number > 0');
}
