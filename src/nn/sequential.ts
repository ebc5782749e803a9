import type { Graph, Input } from '../autograd/graph.js';
import type { Variable } from '../autograd/variable.js';
import { ConfigError } from '../errors.js';
import type { Rng } from '../random/rng.js';
import type { Shape } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { Layer, formatBatchShape, snakeCase, type ForwardContext, type LayerConfig, type LayerOptions } from './layer.js';
import type { LayerRegistry } from './layer-registry.js';

/**
 * A stack of layers applied in order. Unnamed layers get names unique within the model
 * (`dense_1`, `dense_2`, `re_lu_1`), and params are addressed by path (`dense_1/kernel`).
 * `build` gives each layer its own Rng child named after the layer, so adding or changing one
 * layer never changes another's initial weights. Two models built from the same Rng with the
 * same layer names get the same weights (what a DQN target network wants); give unrelated
 * models different streams (`rng.child('actor')`, `rng.child('critic')`).
 *
 * @example
 * ```ts
 * const model = new Sequential([
 *   new Dense(64, { activation: 'relu' }),
 *   new Dense(2),
 * ]);
 * model.build([4], rng.child('init'));
 * const q = model.forward(obs, { graph: g, training: true });   // [batch, 2]
 * console.log(model.summary());
 * ```
 */
export class Sequential extends Layer {
  readonly className = 'Sequential';
  private readonly list: Layer[] = [];

  constructor(layers: readonly Layer[] = [], options: LayerOptions = {}) {
    super(options);
    for (const layer of layers) this.add(layer);
  }

  /** Rebuilds a model (unbuilt when the config has no input shape) from {@link Sequential.getConfig}. */
  static fromConfig(config: LayerConfig, registry: LayerRegistry): Sequential {
    const { layers, name, trainable } = config;
    if (!Array.isArray(layers)) throw new ConfigError(`Sequential config '${name}': layers must be an array of layer configs`);
    return new Sequential(
      layers.map((c) => registry.fromConfig(c as LayerConfig)),
      { name, trainable },
    );
  }

  /** The layers, in order. */
  get layers(): readonly Layer[] {
    return this.list;
  }

  /** Appends a layer (before build), naming it when it has no explicit name. */
  add(layer: Layer): this {
    if (this.built) throw new ConfigError(`${this.label}: cannot add ${layer.label} after build`);
    if (!layer.hasExplicitName) layer.name = this.freshName(snakeCase(layer.className));
    if (this.list.some((l) => l.name === layer.name)) {
      throw new ConfigError(`${this.label}: two layers are named '${layer.name}'; layer names must be unique`);
    }
    if (!this.trainable) layer.trainable = false;
    this.list.push(layer);
    return this;
  }

  /** The layer named `name`; throws listing the names when there is none. */
  getLayer(name: string): Layer {
    const layer = this.list.find((l) => l.name === name);
    if (layer === undefined) throw new ConfigError(`${this.label} has no layer '${name}'; layers: ${this.list.map((l) => l.name).join(', ')}`);
    return layer;
  }

  /** Runs the model without recording gradients, in inference mode: `[batch, ...] -> Tensor`. */
  predict(graph: Graph, x: Input): Tensor {
    return graph.noGrad(() => this.forward(x, { graph, training: false })).value;
  }

  protected override sublayers(): readonly Layer[] {
    return this.list;
  }

  protected buildLayer(inputShape: Shape, rng: Rng): number[] {
    if (this.list.length === 0) throw new ConfigError(`${this.label} has no layers to build`);
    let shape: readonly number[] = inputShape;
    for (const layer of this.list) shape = layer.build(shape, rng.child(layer.name));
    return [...shape];
  }

  protected call(x: Variable, ctx: ForwardContext): Variable {
    let y = x;
    for (const layer of this.list) y = layer.forward(y, ctx);
    return y;
  }

  /**
   * A text table of the layers with their output shapes and parameter counts, then the totals
   * of trainable and frozen parameters. Needs a built model.
   */
  summary(): string {
    const rows = this.list.map((l) => {
      const { trainable, frozen } = l.countParams();
      const frozenNote = frozen > 0 ? ` (${formatCount(frozen)} frozen)` : '';
      return [`${l.name} (${l.className})`, formatBatchShape(l.outputShape), `${formatCount(trainable + frozen)}${frozenNote}`];
    });
    const header = ['Layer (type)', 'Output shape', 'Params'];
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
    const line = (cells: readonly string[]): string => cells.map((c, i) => c.padEnd(widths[i]!)).join('   ').trimEnd();
    const rule = '-'.repeat(widths.reduce((a, b) => a + b, 0) + 3 * (widths.length - 1));
    const { trainable, frozen } = this.countParams();
    return [
      `Model: ${this.name}  (input ${formatBatchShape(this.inputShape)})`,
      rule,
      line(header),
      rule,
      ...rows.map(line),
      rule,
      `Total params: ${formatCount(trainable + frozen)}`,
      `Trainable params: ${formatCount(trainable)}`,
      `Frozen params: ${formatCount(frozen)}`,
    ].join('\n');
  }

  /** Config of the model and of every layer, plus the input shape once built. */
  override getConfig(): LayerConfig {
    return {
      ...super.getConfig(),
      layers: this.list.map((l) => l.getConfig()),
      inputShape: this.built ? [...this.inputShape] : null,
    };
  }

  private freshName(prefix: string): string {
    let n = 1;
    while (this.list.some((l) => l.name === `${prefix}_${n}`)) n++;
    return `${prefix}_${n}`;
  }
}

function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}
