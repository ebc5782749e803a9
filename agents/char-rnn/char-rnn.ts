// Character-level language model with a recurrent network, after A. Karpathy's char-rnn (2015,
// "The Unreasonable Effectiveness of Recurrent Neural Networks") and A. Graves, "Generating
// Sequences With Recurrent Neural Networks" (arXiv:1308.0850): characters are embedded, run
// through stacked LSTM (Hochreiter & Schmidhuber, 1997) or GRU (Cho et al., 2014) layers, and a
// softmax predicts the next character; trained by truncated backpropagation through time on
// fixed-length windows, with the gradient norm clipped. Text is generated one character at a
// time from softmax(logits / temperature), carrying the recurrent state.

import type { AgentRegistration } from '../../src/agent/agent-registry.js';
import type { Metrics } from '../../src/agent/agent.js';
import { BaseLearner } from '../../src/agent/base-learner.js';
import { mergeOptions } from '../../src/agent/merge-options.js';
import type { JsonValue, StateSnapshot } from '../../src/agent/state-snapshot.js';
import { Graph } from '../../src/autograd/graph.js';
import type { Variable } from '../../src/autograd/variable.js';
import type { CharCorpus } from '../../src/data/char-corpus.js';
import { CharVocabulary } from '../../src/data/char-vocabulary.js';
import type { Batch, DataSource } from '../../src/data/data-source.js';
import { ConfigError, ShapeError, formatShape } from '../../src/errors.js';
import { JsBackend } from '../../src/kernels/js/js-backend.js';
import type { KernelBackend } from '../../src/kernels/kernel-backend.js';
import { Dense } from '../../src/nn/dense.js';
import { Embedding } from '../../src/nn/embedding.js';
import { GRU, type GruState } from '../../src/nn/gru.js';
import type { ForwardContext } from '../../src/nn/layer.js';
import { softmaxCrossEntropy } from '../../src/nn/losses.js';
import { LSTM, type LstmState } from '../../src/nn/lstm.js';
import { Sequential } from '../../src/nn/sequential.js';
import { Adam } from '../../src/optim/adam.js';
import type { Rng } from '../../src/random/rng.js';
import { Tensor } from '../../src/tensor/tensor.js';
import { networksSnapshot, restoreNetworks } from '../shared-generative/network-state.js';
import type { RenderedSamples, RenderSamplesOptions } from '../shared-generative/render-samples.js';
import { CHAR_RNN_DEFAULTS, checkCharRnnOptions, type CharRnnOptions } from './char-rnn-options.js';

/** The recurrent state of every layer while generating. */
type RecurrentState = LstmState | GruState | undefined;

/** Options of {@link CharRnn.generate}; each defaults to the learner's option of the same name. */
export interface GenerateOptions {
  readonly temperature?: number;
  readonly length?: number;
  readonly prompt?: string;
}

/**
 * A next-character model for `fit` on a {@link CharCorpus}: `Embedding -> LSTM/GRU (× numLayers)
 * -> Dense(vocabulary)`. Batch metrics: `loss` (nats per character) and `bpc` (bits per
 * character); `evaluate` gives both over the whole validation split (`bpc` is what to watch,
 * once per epoch). `sample(n, rng)` returns `[n, sampleLength]` character ids; `generate`
 * returns the text.
 *
 * @example
 * ```ts
 * const corpus = charCorpus(defaultCorpusText(), { seqLength: 64 });
 * const model = new CharRnn(corpus.vocabulary, rng.child('agent'), { cell: 'gru', units: 128 });
 * fit(corpus, model, { budget: { epochs: 5 }, batchSize: 32, eval: { every: 93 } }).subscribe(...);
 * model.generate(1, rng.child('text'), { temperature: 0.5, prompt: 'The ' })[0];
 * ```
 */
export class CharRnn extends BaseLearner {
  readonly options: CharRnnOptions;
  readonly vocabulary: CharVocabulary;
  readonly network: Sequential;
  private readonly embedding: Embedding;
  private readonly recurrent: readonly (LSTM | GRU)[];
  private readonly output: Dense;
  private readonly graph: Graph;
  private readonly optimizer: Adam;

  constructor(vocabulary: CharVocabulary, rng: Rng, options: Partial<CharRnnOptions> = {}, backend: KernelBackend = new JsBackend()) {
    super(rng);
    const resolved = mergeOptions('char-rnn', CHAR_RNN_DEFAULTS, options);
    checkCharRnnOptions(resolved);
    if (vocabulary.size < 2) throw new ConfigError(`char-rnn: the vocabulary needs at least 2 characters, got ${vocabulary.size}`);
    this.options = resolved;
    this.vocabulary = vocabulary;
    this.promptIds(resolved.prompt);
    this.embedding = new Embedding(vocabulary.size, resolved.embeddingDim, { name: 'embedding' });
    this.recurrent = Array.from({ length: resolved.numLayers }, (_, i) => {
      const layerOptions = { returnSequences: true, name: `${resolved.cell}_${i + 1}` };
      return resolved.cell === 'lstm' ? new LSTM(resolved.units, layerOptions) : new GRU(resolved.units, layerOptions);
    });
    this.output = new Dense(vocabulary.size, { name: 'logits' });
    this.network = new Sequential([this.embedding, ...this.recurrent, this.output], { name: 'char_rnn' });
    // Time is left open (-1): training windows and one-character generation steps share the weights.
    this.network.build([-1], rng.child('init'));
    this.graph = new Graph(backend);
    this.optimizer = new Adam(this.network.namedParams(), { lr: resolved.learningRate, ...(resolved.maxGradNorm > 0 ? { maxGradNorm: resolved.maxGradNorm } : {}) });
  }

  /** Next-character logits `[batch, time, vocabulary]` of character ids `[batch, time]`. */
  logits(ids: Tensor, ctx: ForwardContext): Variable {
    return this.network.forward(ids, ctx);
  }

  /** Mean cross-entropy (nats per character) of a batch of windows; labels are the next characters, row-major `[batch, time]`. */
  loss(batch: Batch, ctx: ForwardContext): Variable {
    const { inputs, labels } = batch;
    if (inputs.rank !== 2) throw new ShapeError(`char-rnn: inputs must be character ids [batch, time], got ${formatShape(inputs.shape)}`);
    if (labels === undefined || labels.length !== inputs.size) {
      throw new ShapeError(`char-rnn: needs one label (the next character) per input character: ${inputs.size} inputs, ${labels?.length ?? 0} labels`);
    }
    const logits = this.logits(inputs, ctx);
    return softmaxCrossEntropy(ctx.graph, ctx.graph.reshape(logits, [inputs.size, this.vocabulary.size]), labels);
  }

  /** `loss` (nats per character) and `bpc` over the validation split (else `test`, else the training split). */
  evaluate(source: DataSource, rng: Rng): Metrics {
    void rng; // Evaluation is deterministic: no dropout, no sampling.
    const data = (source as Partial<CharCorpus>).validation ?? source.test ?? source.train;
    const g = this.graph;
    let total = 0;
    let characters = 0;
    for (let start = 0; start < data.size; start += this.options.evalBatchSize) {
      const rows = Math.min(this.options.evalBatchSize, data.size - start);
      const batch = data.batch(Int32Array.from({ length: rows }, (_, i) => start + i));
      const loss = g.noGrad(() => this.loss(batch, { graph: g, training: false })).item();
      total += loss * batch.inputs.size;
      characters += batch.inputs.size;
    }
    const loss = total / characters;
    return { loss, bpc: loss / Math.LN2 };
  }

  sample(count: number, rng: Rng): Tensor {
    if (!Number.isSafeInteger(count) || count < 0) throw new ConfigError(`char-rnn.sample: count must be a non-negative integer, got ${count}`);
    return this.sampleIds(count, rng, {});
  }

  /** `count` texts of `length` characters each, continuing `prompt` (the prompt is not repeated). */
  generate(count: number, rng: Rng, options: GenerateOptions = {}): string[] {
    const ids = this.sampleIds(count, rng, options);
    const length = ids.shape[1]!;
    return Array.from({ length: count }, (_, i) => this.vocabulary.decode(ids.data.subarray(i * length, (i + 1) * length)));
  }

  /** `count` generated texts for people (`neuroloop sample`), each under a `--- sample i ---` line. */
  renderSamples(count: number, rng: Rng, options: RenderSamplesOptions = {}): RenderedSamples {
    const { temperature, length, prompt } = options;
    const texts = this.generate(count, rng, {
      ...(temperature === undefined ? {} : { temperature }),
      ...(length === undefined ? {} : { length }),
      ...(prompt === undefined ? {} : { prompt }),
    });
    const used = temperature ?? this.options.temperature;
    const data = texts.map((text, i) => `--- sample ${i + 1} (temperature ${used}) ---\n${prompt ?? this.options.prompt}${text}\n`).join('\n');
    return { format: 'txt', data, summary: `${count} texts of ${texts[0]?.length ?? 0} characters at temperature ${used}` };
  }

  protected train(batch: Batch): Metrics {
    const g = this.graph;
    const loss = this.optimizer.minimize(g, () => this.loss(batch, { graph: g, training: true, rng: this.rng }));
    return { loss, bpc: loss / Math.LN2 };
  }

  protected getModelState(): StateSnapshot {
    return networksSnapshot({ network: { params: this.network.namedParams(), optimizer: this.optimizer } }, { vocabulary: this.vocabulary.chars.join('') });
  }

  protected setModelState(state: StateSnapshot): void {
    const counters = restoreNetworks(state, { network: { params: this.network.namedParams(), optimizer: this.optimizer } }, 'CharRnn.setState');
    const saved: JsonValue | undefined = counters['vocabulary'];
    if (saved !== this.vocabulary.chars.join('')) {
      throw new ConfigError(`CharRnn.setState: the state was trained on another vocabulary (${typeof saved === 'string' ? [...saved].length : '?'} characters, this model has ${this.vocabulary.size})`);
    }
  }

  private sampleIds(count: number, rng: Rng, options: GenerateOptions): Tensor {
    const temperature = options.temperature ?? this.options.temperature;
    const length = options.length ?? this.options.sampleLength;
    if (!(temperature > 0) || !Number.isFinite(temperature)) throw new ConfigError(`char-rnn: temperature must be a positive number, got ${temperature}`);
    if (!Number.isSafeInteger(length) || length < 1) throw new ConfigError(`char-rnn: length must be a positive integer, got ${length}`);
    const prompt = this.promptIds(options.prompt ?? this.options.prompt);
    const out = new Tensor([count, length]);
    if (count === 0) return out;
    const g = this.graph;
    const ctx: ForwardContext = { graph: g, training: false };
    const states: RecurrentState[] = this.recurrent.map(() => undefined);
    const step = (ids: Tensor): Tensor => g.noGrad(() => this.lastLogits(ids, ctx, states));
    // The prompt runs as one sequence; then one character at a time, feeding each sample back.
    let logits = step(new Tensor([count, prompt.length], Float32Array.from({ length: count * prompt.length }, (_, i) => prompt[i % prompt.length]!)));
    const vocabularySize = this.vocabulary.size;
    const weights = new Float64Array(vocabularySize);
    for (let t = 0; t < length; t++) {
      const next = new Tensor([count, 1]);
      for (let i = 0; i < count; i++) {
        const row = logits.data.subarray(i * vocabularySize, (i + 1) * vocabularySize);
        const max = Math.max(...row);
        for (let c = 0; c < vocabularySize; c++) weights[c] = Math.exp((row[c]! - max) / temperature);
        const id = rng.categorical(weights);
        next.data[i] = id;
        out.data[i * length + t] = id;
      }
      if (t + 1 < length) logits = step(next);
    }
    return out;
  }

  /** Runs ids `[n, time]` through the network from `states` (updated in place) and returns the last step's logits `[n, vocabulary]`. */
  private lastLogits(ids: Tensor, ctx: ForwardContext, states: RecurrentState[]): Tensor {
    const g = ctx.graph;
    let h = this.embedding.forward(ids, ctx);
    this.recurrent.forEach((layer, i) => {
      const result = layer instanceof LSTM ? layer.run(h, ctx, states[i] as LstmState | undefined) : layer.run(h, ctx, states[i] as GruState | undefined);
      states[i] = result.state;
      h = result.output;
    });
    const [n, time] = ids.shape as [number, number];
    // The output layer was built for [batch, time, units]: feed it the last step as a 1-step sequence.
    const last = g.slice(h, [0, time - 1, 0], [n, 1, this.options.units]);
    return this.output.forward(last, ctx).value.reshape([n, this.vocabulary.size]);
  }

  /** The prompt's ids, at least one character (a newline or the first character by default). */
  private promptIds(prompt: string): Int32Array {
    if (prompt.length > 0) return this.vocabulary.encode(prompt);
    return Int32Array.of(this.vocabulary.chars.includes('\n') ? this.vocabulary.chars.indexOf('\n') : 0);
  }
}

/**
 * The `char-rnn` learner of the agent registry: trained on a `char-corpus` source (its vocabulary
 * sizes the network), options {@link CHAR_RNN_DEFAULTS}.
 *
 * @example
 * ```ts
 * agents.register(charRnnRegistration);
 * const model = agents.makeLearner('char-rnn', { rng, data: charCorpus(text, { seqLength: 64 }) });
 * ```
 */
export const charRnnRegistration: AgentRegistration<CharRnnOptions> = {
  id: 'char-rnn',
  description: 'Character-level LSTM / GRU language model with temperature sampling (data: char-corpus)',
  defaults: CHAR_RNN_DEFAULTS,
  create: (context) => {
    const vocabulary = (context.data as Partial<CharCorpus> | undefined)?.vocabulary;
    if (!(vocabulary instanceof CharVocabulary)) {
      throw new ConfigError(`agent '${context.id}' needs a character corpus (data id 'char-corpus'), got ${context.data === undefined ? 'no data' : `'${context.data.id}'`}`);
    }
    return new CharRnn(vocabulary, context.rng, context.options, context.backend);
  },
};
