import { ConfigError } from '../../src/errors.js';

/**
 * Options of the {@link CharRnn} learner; every field has a default ({@link CHAR_RNN_DEFAULTS}),
 * in the spirit of Karpathy's char-rnn (2015): one recurrent layer of 256 units, Adam at 2e-3
 * with the gradient norm clipped to 5.
 */
export interface CharRnnOptions {
  /** Recurrent cell: `lstm` (Hochreiter & Schmidhuber, 1997) or `gru` (Cho et al., 2014). Default `lstm`. */
  readonly cell: 'lstm' | 'gru';
  /** Width of the character embedding. Default 32. */
  readonly embeddingDim: number;
  /** Units of each recurrent layer. Default 256. */
  readonly units: number;
  /** Stacked recurrent layers. Default 1. */
  readonly numLayers: number;
  /** Adam learning rate. Default 2e-3. */
  readonly learningRate: number;
  /** Clip the global gradient norm to this (0: off); keeps BPTT from exploding. Default 5. */
  readonly maxGradNorm: number;
  /** Softmax temperature of `sample` (lower: safer, more repetitive text). Default 0.8. */
  readonly temperature: number;
  /** Characters `sample` generates per sequence. Default 200. */
  readonly sampleLength: number;
  /** Text `sample` starts from (its characters must be in the vocabulary); empty: a newline if the vocabulary has one, else its first character. Default ''. */
  readonly prompt: string;
  /** Sequences per forward pass in `evaluate` (bounds memory, not results). Default 64. */
  readonly evalBatchSize: number;
}

/** The defaults of {@link CharRnnOptions}. */
export const CHAR_RNN_DEFAULTS: CharRnnOptions = Object.freeze({
  cell: 'lstm',
  embeddingDim: 32,
  units: 256,
  numLayers: 1,
  learningRate: 2e-3,
  maxGradNorm: 5,
  temperature: 0.8,
  sampleLength: 200,
  prompt: '',
  evalBatchSize: 64,
} satisfies CharRnnOptions);

/**
 * Throws a `ConfigError` naming the option unless `options` are valid.
 *
 * @example
 * ```ts
 * checkCharRnnOptions({ ...CHAR_RNN_DEFAULTS, cell: 'rnn' as 'lstm' });   // throws: char-rnn: cell must be ...
 * ```
 */
export function checkCharRnnOptions(options: CharRnnOptions): void {
  const fail = (message: string): never => {
    throw new ConfigError(`char-rnn: ${message}`);
  };
  if (options.cell !== 'lstm' && options.cell !== 'gru') fail(`cell must be 'lstm' or 'gru', got ${JSON.stringify(options.cell)}`);
  for (const key of ['embeddingDim', 'units', 'numLayers', 'sampleLength', 'evalBatchSize'] as const) {
    if (!Number.isSafeInteger(options[key]) || options[key] < 1) fail(`${key} must be a positive integer, got ${JSON.stringify(options[key])}`);
  }
  for (const key of ['learningRate', 'temperature'] as const) {
    if (!(options[key] > 0) || !Number.isFinite(options[key])) fail(`${key} must be a positive number, got ${JSON.stringify(options[key])}`);
  }
  if (!(options.maxGradNorm >= 0) || !Number.isFinite(options.maxGradNorm)) fail(`maxGradNorm must be a non-negative number, got ${JSON.stringify(options.maxGradNorm)}`);
  if (typeof options.prompt !== 'string') fail(`prompt must be a string, got ${JSON.stringify(options.prompt)}`);
}
