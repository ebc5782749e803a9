import type { Variable } from '../autograd/variable.js';
import { ConfigError } from '../errors.js';
import type { Rng } from '../random/rng.js';
import type { Shape } from '../tensor/shape.js';
import { toInitializer, type Initializer, type InitializerConfig, type InitializerName } from './initializers.js';
import { Layer, snakeCase, type ForwardContext, type LayerConfig, type LayerOptions } from './layer.js';
import { LayerOptionsCheck as Check } from './layer-options.js';
import type { Param } from './param.js';

/** Options of {@link Embedding}. */
export interface EmbeddingOptions extends LayerOptions {
  /** Default glorotUniform (Keras uses U(−0.05, 0.05); both keep initial vectors small). */
  readonly embeddingsInitializer?: Initializer | InitializerName | InitializerConfig;
}

/**
 * A lookup table of learned vectors: integer ids (stored as float32 values in the input tensor,
 * e.g. [batch, time]) -> their rows of `embeddings` [inputDim, outputDim], appended as a last
 * axis ([batch, time, outputDim]). Forward is a gather; the gradient is a scatter-add into the
 * rows that were looked up (repeated ids accumulate). Ids must be integers in [0, inputDim).
 *
 * @example
 * ```ts
 * const embed = new Embedding(vocabularySize, 32);
 * embed.build([-1], rng);                         // any sequence length
 * embed.forward(tokenIds, ctx).shape;             // [batch, time, 32]
 * ```
 */
export class Embedding extends Layer {
  readonly className = 'Embedding';
  readonly inputDim: number;
  readonly outputDim: number;
  readonly embeddingsInitializer: Initializer;
  private table: Param | null = null;

  constructor(inputDim: number, outputDim: number, options: EmbeddingOptions = {}) {
    super(options);
    const where = `Embedding '${options.name ?? snakeCase('Embedding')}'`;
    this.inputDim = Check.positiveInt(inputDim, `${where}: inputDim`);
    this.outputDim = Check.positiveInt(outputDim, `${where}: outputDim`);
    this.embeddingsInitializer = toInitializer(options.embeddingsInitializer ?? 'glorotUniform');
  }

  /** Rebuilds an Embedding from its `getConfig()` output. */
  static fromConfig(config: LayerConfig): Embedding {
    return new Embedding(
      Check.required(config, 'inputDim', Check.configNumber(config, 'inputDim')),
      Check.required(config, 'outputDim', Check.configNumber(config, 'outputDim')),
      {
        name: config.name,
        trainable: config.trainable,
        ...(config['embeddingsInitializer'] !== undefined ? { embeddingsInitializer: config['embeddingsInitializer'] as InitializerConfig } : {}),
      },
    );
  }

  /** The [inputDim, outputDim] table; throws before build. */
  get embeddings(): Param {
    if (this.table === null) throw new ConfigError(`${this.label} is not built: it has no embeddings yet`);
    return this.table;
  }

  protected buildLayer(inputShape: Shape, rng: Rng): number[] {
    this.table = this.addParam('embeddings', this.embeddingsInitializer.init([this.inputDim, this.outputDim], rng.child('embeddings')));
    return [...inputShape, this.outputDim];
  }

  protected call(x: Variable, ctx: ForwardContext): Variable {
    const ids = new Int32Array(x.size);
    const values = x.value.data;
    for (let i = 0; i < ids.length; i++) {
      const id = values[i]!;
      if (!Number.isInteger(id) || id < 0 || id >= this.inputDim) {
        throw new ConfigError(`${this.label}: input value ${id} at flat index ${i} is not an id in [0, ${this.inputDim})`);
      }
      ids[i] = id;
    }
    const g = ctx.graph;
    return g.reshape(g.gather(this.embeddings, ids, 0), [...x.shape, this.outputDim]);
  }

  override getConfig(): LayerConfig {
    return { ...super.getConfig(), inputDim: this.inputDim, outputDim: this.outputDim, embeddingsInitializer: this.embeddingsInitializer.getConfig() };
  }
}
