import { ConfigError } from '../errors.js';
import { Tensor } from '../tensor/tensor.js';
import { checkBatchIndices } from './batch-indices.js';
import { CharVocabulary } from './char-vocabulary.js';
import type { Batch, DataSource, Dataset } from './data-source.js';

/** Options of {@link charCorpus}. */
export interface CharCorpusOptions {
  /** Characters per training sequence (the truncated-BPTT length), e.g. 64. */
  readonly seqLength: number;
  /** Fraction of the text, taken from its end, held out for validation (default 0.1; 0 for none). */
  readonly validationFraction?: number;
  /** Distance between the starts of consecutive sequences (default `seqLength`: no overlap). */
  readonly stride?: number;
}

/** A character-level language-modelling source (see {@link charCorpus}). */
export interface CharCorpus extends DataSource {
  readonly id: 'char-corpus';
  readonly vocabulary: CharVocabulary;
  readonly seqLength: number;
  /** The held-out split (also `test`), absent when `validationFraction` is 0. */
  readonly validation?: Dataset;
  /** `vocabulary.encode`. */
  encode(text: string): Int32Array;
  /** `vocabulary.decode`. */
  decode(ids: ArrayLike<number>): string;
}

/**
 * Next-character prediction data from one text. The vocabulary is the text's sorted unique
 * characters. The text is split by position, not by sequence: the first `1 - validationFraction`
 * of it trains and the rest validates, so no validation character is ever seen in training.
 * Sequence k of a split starts at `t = k * stride`; its inputs are the ids of characters
 * `t .. t+L-1` and its targets those of `t+1 .. t+L`.
 *
 * A batch of B sequences holds `inputs`: `[B, L]` float32 ids (what an Embedding layer reads),
 * `labels`: the target ids as an `Int32Array` of length `B * L` (row-major `[B, L]`, one class
 * per time step), and `targets`: the same ids as a `[B, L]` tensor.
 *
 * @example
 * ```ts
 * const corpus = charCorpus('hello world, hello rnn', { seqLength: 4, validationFraction: 0.25 });
 * const batch = corpus.train.batch([0]);
 * corpus.decode(batch.inputs.data);  // 'hell'
 * corpus.decode(batch.labels!);      // 'ello'
 * ```
 */
export function charCorpus(text: string, options: CharCorpusOptions): CharCorpus {
  const { seqLength, validationFraction = 0.1 } = options;
  const stride = options.stride ?? seqLength;
  if (!Number.isInteger(seqLength) || seqLength < 1) {
    throw new ConfigError(`char-corpus: seqLength must be a positive integer, got ${String(seqLength)}`);
  }
  if (!Number.isInteger(stride) || stride < 1) throw new ConfigError(`char-corpus: stride must be a positive integer, got ${String(stride)}`);
  if (!(validationFraction >= 0 && validationFraction < 1)) {
    throw new ConfigError(`char-corpus: validationFraction must be in [0, 1), got ${String(validationFraction)}`);
  }
  const vocabulary = CharVocabulary.fromText(text);
  const ids = vocabulary.encode(text);
  const trainLength = validationFraction === 0 ? ids.length : Math.floor(ids.length * (1 - validationFraction));
  const train = new SequenceDataset(ids.subarray(0, trainLength), seqLength, stride, vocabulary.size, 'char-corpus/train');
  const validation =
    validationFraction === 0 ? undefined : new SequenceDataset(ids.subarray(trainLength), seqLength, stride, vocabulary.size, 'char-corpus/validation');
  return {
    id: 'char-corpus',
    vocabulary,
    seqLength,
    train,
    ...(validation === undefined ? {} : { validation, test: validation }),
    encode: (s) => vocabulary.encode(s),
    decode: (xs) => vocabulary.decode(xs),
  };
}

/** Fixed-length windows over one split's character ids. */
class SequenceDataset implements Dataset {
  readonly size: number;
  readonly inputShape: readonly number[];
  readonly numClasses: number;

  constructor(
    private readonly ids: Int32Array,
    private readonly seqLength: number,
    private readonly stride: number,
    vocabularySize: number,
    private readonly name: string,
  ) {
    // A window needs L + 1 characters: L inputs and the one after the last as its final target.
    if (ids.length < seqLength + 1) {
      throw new ConfigError(
        `${name}: the split has ${ids.length} characters, fewer than seqLength + 1 = ${seqLength + 1}; use a longer text, a shorter seqLength or another validationFraction`,
      );
    }
    this.size = Math.floor((ids.length - 1 - seqLength) / stride) + 1;
    this.inputShape = Object.freeze([seqLength]);
    this.numClasses = vocabularySize;
  }

  batch(indices: ArrayLike<number>): Batch {
    const rows = checkBatchIndices(indices, this.size, this.name);
    const L = this.seqLength;
    const inputs = new Float32Array(rows.length * L);
    const labels = new Int32Array(rows.length * L);
    rows.forEach((row, b) => {
      const start = row * this.stride;
      for (let t = 0; t < L; t++) {
        inputs[b * L + t] = this.ids[start + t]!;
        labels[b * L + t] = this.ids[start + t + 1]!;
      }
    });
    return { inputs: new Tensor([rows.length, L], inputs), labels, targets: new Tensor([rows.length, L], Float32Array.from(labels)) };
  }
}
