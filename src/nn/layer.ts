import type { Graph, Input } from '../autograd/graph.js';
import type { Variable } from '../autograd/variable.js';
import { ConfigError, ShapeError, formatShape } from '../errors.js';
import type { Rng } from '../random/rng.js';
import type { Shape } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { Param, type ParamOptions } from './param.js';

/** What a forward pass runs in: the graph (backend + recording), the mode, and randomness. */
export interface ForwardContext {
  readonly graph: Graph;
  /** Training mode: dropout drops, batch norm uses batch statistics. */
  readonly training: boolean;
  /** Randomness of stochastic layers (dropout, noise); they throw a ConfigError when it is missing. */
  readonly rng?: Rng;
}

/** A JSON value, as held by layer configs. */
export type ConfigValue = string | number | boolean | null | readonly ConfigValue[] | { readonly [key: string]: ConfigValue };

/** A layer's serializable description: enough to rebuild it (weights travel separately). */
export interface LayerConfig {
  readonly className: string;
  readonly name: string;
  readonly trainable: boolean;
  readonly [key: string]: ConfigValue;
}

/** Options every layer accepts. */
export interface LayerOptions {
  /** Unique name within the model; containers assign `dense_1`-style names when omitted. */
  readonly name?: string;
  /** Start frozen when false (default true). */
  readonly trainable?: boolean;
}

/**
 * The base of every layer (tfjs-layers style). The contract a new layer implements is small:
 *
 * - `className`: the registry key of its config (`'Dense'`).
 * - `buildLayer(inputShape, rng)`: create the params with `addParam` (drawing initial values from
 *   `rng`) and return the output shape. Shapes exclude the batch axis; -1 marks an extent
 *   unknown until forward (a sequence length).
 * - `call(x, ctx)`: the forward math on graph ops (`ctx.graph`); the base already checked that
 *   the layer is built and that `x` is `[batch, ...inputShape]`.
 * - `getConfig()`: `{ ...super.getConfig(), ownOptions }`, JSON-safe.
 * - containers and cells override `sublayers()` so params, names and `trainable` reach them.
 *
 * @example
 * ```ts
 * class Scale extends Layer {
 *   readonly className = 'Scale';
 *   private factor!: Param;
 *   protected buildLayer(inputShape: Shape, rng: Rng): number[] {
 *     this.factor = this.addParam('factor', Tensor.full([inputShape.at(-1)!], 1));
 *     return [...inputShape];
 *   }
 *   protected call(x: Variable, ctx: ForwardContext): Variable {
 *     return ctx.graph.mul(x, this.factor);
 *   }
 * }
 * ```
 */
export abstract class Layer {
  /** The layer type, the key of its config in a layer registry. */
  abstract readonly className: string;
  /** True when the name came from the options rather than from a container. */
  readonly hasExplicitName: boolean;
  private assignedName: string | undefined;
  private trainableFlag: boolean;
  private readonly ownParams: Param[] = [];
  private builtShapes: { input: number[]; output: number[] } | null = null;

  constructor(options: LayerOptions = {}) {
    this.assignedName = options.name === undefined ? undefined : checkName(options.name);
    this.hasExplicitName = options.name !== undefined;
    this.trainableFlag = options.trainable ?? true;
  }

  /** Creates the params for inputs of `inputShape` (no batch axis) and returns the output shape. */
  protected abstract buildLayer(inputShape: Shape, rng: Rng): number[];

  /** The forward math; `x` is already checked against the built input shape. */
  protected abstract call(x: Variable, ctx: ForwardContext): Variable;

  /** Sub-layers whose params and trainable flag belong to this layer (containers, cells). */
  protected sublayers(): readonly Layer[] {
    return [];
  }

  /**
   * Unique name within the model: the one given in the options, else the one its container
   * assigned (`dense_1`), else the snake-cased class name (`dense`).
   */
  get name(): string {
    return this.assignedName ?? snakeCase(this.className);
  }

  set name(value: string) {
    this.assignedName = checkName(value);
  }

  /** The name used in messages: `Dense 'dense_1'`. */
  get label(): string {
    return `${this.className} '${this.name}'`;
  }

  get built(): boolean {
    return this.builtShapes !== null;
  }

  /** Input shape without the batch axis; throws before build. */
  get inputShape(): readonly number[] {
    return this.shapes().input;
  }

  /** Output shape without the batch axis; throws before build. */
  get outputShape(): readonly number[] {
    return this.shapes().output;
  }

  /**
   * Creates the params for inputs shaped `[batch, ...inputShape]`, drawing initial values from
   * `rng`, and returns the output shape (without batch). Building twice throws.
   */
  build(inputShape: Shape, rng: Rng): readonly number[] {
    if (this.builtShapes !== null) throw new ConfigError(`${this.label} is already built (input shape ${formatShape(this.inputShape)})`);
    for (const d of inputShape) {
      if (!Number.isInteger(d) || d < -1 || d === 0) {
        throw new ShapeError(`${this.label}: input shape ${formatShape(inputShape)} must hold positive extents or -1 (unknown)`);
      }
    }
    const output = this.buildLayer(inputShape, rng);
    this.builtShapes = { input: [...inputShape], output };
    return output;
  }

  /** Runs the layer on a batch `[batch, ...inputShape]`. */
  forward(x: Input, ctx: ForwardContext): Variable {
    const xv = ctx.graph.lift(x);
    const expected = this.shapes().input;
    const ok = xv.rank === expected.length + 1 && expected.every((d, i) => d === -1 || d === xv.shape[i + 1]);
    if (!ok) {
      throw new ShapeError(`${this.label}: expected input of shape ${formatBatchShape(expected)}, got ${formatShape(xv.shape)}`);
    }
    return this.call(xv, ctx);
  }

  get trainable(): boolean {
    return this.trainableFlag;
  }

  /** Freezes (false) or unfreezes (true) this layer, its params and its sub-layers. */
  set trainable(value: boolean) {
    this.trainableFlag = value;
    for (const p of this.ownParams) p.trainable = value;
    for (const layer of this.sublayers()) layer.trainable = value;
  }

  /** Params by path relative to this layer: `kernel`, or `dense_1/kernel` through sub-layers. */
  namedParams(): Record<string, Param> {
    const out: Record<string, Param> = {};
    for (const p of this.ownParams) out[p.name] = p;
    for (const layer of this.sublayers()) {
      for (const [key, p] of Object.entries(layer.namedParams())) out[`${layer.name}/${key}`] = p;
    }
    return out;
  }

  /** All params, own first, then those of sub-layers in order. */
  params(): Param[] {
    return Object.values(this.namedParams());
  }

  /** Drops the accumulated gradients of all params. */
  zeroGrad(): void {
    for (const p of this.params()) p.grad = null;
  }

  /** Number of values in params, split into trainable and frozen ones. */
  countParams(): { trainable: number; frozen: number } {
    let trainable = 0;
    let frozen = 0;
    for (const p of this.params()) {
      if (p.trainable) trainable += p.size;
      else frozen += p.size;
    }
    return { trainable, frozen };
  }

  /** The serializable description (subclasses add their options). */
  getConfig(): LayerConfig {
    return { className: this.className, name: this.name, trainable: this.trainable };
  }

  /** Registers a param (call from `buildLayer`); it starts frozen when the layer is frozen. */
  protected addParam(name: string, value: Tensor, options: ParamOptions = {}): Param {
    if (this.ownParams.some((p) => p.name === name)) throw new ConfigError(`${this.label}: param '${name}' is already defined`);
    const param = new Param(name, value, { ...options, trainable: this.trainableFlag && (options.trainable ?? true) });
    this.ownParams.push(param);
    return param;
  }

  private shapes(): { input: number[]; output: number[] } {
    if (this.builtShapes === null) {
      throw new ConfigError(`${this.label} is not built: call build(inputShape, rng) on it or on its model first`);
    }
    return this.builtShapes;
  }
}

/** A per-example shape with its batch axis, for messages: `[batch, 4]`, `[batch, ?, 8]` for unknown extents. */
export function formatBatchShape(shape: Shape): string {
  return `[batch${shape.map((d) => `, ${d === -1 ? '?' : d}`).join('')}]`;
}

function checkName(name: string): string {
  // '/' separates layer names in param paths (`dense_1/kernel`).
  if (name === '' || name.includes('/')) throw new ConfigError(`a layer name must be non-empty and contain no '/', got '${name}'`);
  return name;
}

/** `Dense` -> `dense`, `LeakyReLU` -> `leaky_relu`, `Conv2D` -> `conv2d`: the default name prefix. */
export function snakeCase(className: string): string {
  return className.replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase();
}
