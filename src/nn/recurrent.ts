import type { Graph, Input } from '../autograd/graph.js';
import type { Variable } from '../autograd/variable.js';
import { ConfigError, ShapeError, formatShape } from '../errors.js';
import type { Rng } from '../random/rng.js';
import type { Shape } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import { checkActivation, type ActivationName } from './activations.js';
import { toInitializer, type Initializer, type InitializerConfig, type InitializerName } from './initializers.js';
import { Layer, snakeCase, type ForwardContext, type LayerConfig, type LayerOptions } from './layer.js';
import { LayerOptionsCheck as Check } from './layer-options.js';
import type { Param } from './param.js';

/** Options shared by {@link LSTM} and {@link GRU}. */
export interface RecurrentOptions extends LayerOptions {
  /** Output every step [batch, time, units] instead of the last one [batch, units] (default false). */
  readonly returnSequences?: boolean;
  /** Of the candidate state and the output (default `'tanh'`). */
  readonly activation?: ActivationName;
  /** Of the gates (default `'sigmoid'`). */
  readonly recurrentActivation?: ActivationName;
  /** Learn gate biases (default true). */
  readonly useBias?: boolean;
  /** Of the input kernel; default glorotUniform, as in Keras. */
  readonly kernelInitializer?: Initializer | InitializerName | InitializerConfig;
  /** Of the recurrent kernel; default orthogonal, as in Keras. */
  readonly recurrentInitializer?: Initializer | InitializerName | InitializerConfig;
  /** Default zeros (LSTM then sets its forget-gate bias to 1, see `unitForgetBias`). */
  readonly biasInitializer?: Initializer | InitializerName | InitializerConfig;
}

/** See {@link Recurrent.prepare}. */
export interface PreparedSteps {
  readonly projected: Variable;
  readonly cell: (step: Variable, state: readonly Variable[]) => Variable[];
}

/** What a recurrent run returns: the layer output and the state after the last step. */
export interface RecurrentResult<S> {
  /** [batch, time, units] with `returnSequences`, else [batch, units]. */
  readonly output: Variable;
  /** The final state (for truncated backprop through time, or to seed the next chunk). */
  readonly state: S;
}

/**
 * The machinery of a gated recurrent layer over [batch, time, features]: parameters, the input
 * projection of all steps in one matmul, the time loop on graph ops (so backprop through time is
 * the autograd graph itself), output stacking and state checks. A subclass supplies the number
 * of gates, its state names and one step (`prepare`).
 *
 * Why graph ops and not a fused cell kernel: profiled on LSTM(32), batch 32, 20 steps (js), the
 * time goes to the matmuls and elementwise kernels themselves; graph bookkeeping (nodes, closures,
 * the backward walk) stays in the low percents. What did dominate was slicing the per-step inputs
 * and gates, whose backward pads every gradient to the full tensor (O(time²)); `Graph.split`
 * removed that.
 *
 * @example
 * ```ts
 * const layers: Recurrent[] = [new LSTM(32), new GRU(32)];
 * layers.forEach((l) => l.build([-1, 8], rng.child(l.name)));
 * ```
 */
export abstract class Recurrent extends Layer {
  readonly units: number;
  readonly returnSequences: boolean;
  readonly activation: ActivationName;
  readonly recurrentActivation: ActivationName;
  readonly useBias: boolean;
  readonly kernelInitializer: Initializer;
  readonly recurrentInitializer: Initializer;
  readonly biasInitializer: Initializer;
  protected kernelParam: Param | null = null;
  protected recurrentParam: Param | null = null;
  protected biasParam: Param | null = null;
  /** Gate blocks per step: 4 for LSTM (i, f, c, o), 3 for GRU (z, r, h). */
  protected abstract readonly gates: number;
  /** Names of the state tensors, the output h first. */
  protected abstract readonly stateNames: readonly string[];

  constructor(units: number, options: RecurrentOptions) {
    super(options);
    const where = `${new.target.name} '${options.name ?? snakeCase(new.target.name)}'`;
    this.units = Check.positiveInt(units, `${where}: units`);
    this.returnSequences = options.returnSequences ?? false;
    this.activation = checkActivation(options.activation ?? 'tanh', where);
    this.recurrentActivation = checkActivation(options.recurrentActivation ?? 'sigmoid', where);
    this.useBias = options.useBias ?? true;
    this.kernelInitializer = toInitializer(options.kernelInitializer ?? 'glorotUniform');
    this.recurrentInitializer = toInitializer(options.recurrentInitializer ?? 'orthogonal');
    this.biasInitializer = toInitializer(options.biasInitializer ?? 'zeros');
  }

  /** The [features, gates·units] input kernel; throws before build. */
  get kernel(): Param {
    if (this.kernelParam === null) throw new ConfigError(`${this.label} is not built: it has no kernel yet`);
    return this.kernelParam;
  }

  /** The [units, gates·units] recurrent kernel; throws before build. */
  get recurrentKernel(): Param {
    if (this.recurrentParam === null) throw new ConfigError(`${this.label} is not built: it has no recurrent kernel yet`);
    return this.recurrentParam;
  }

  /** The bias, or null with `useBias: false`. */
  get bias(): Param | null {
    return this.biasParam;
  }

  /** Checks for a batch of sequences first, so a missing time axis gets a message about sequences. */
  override forward(x: Input, ctx: ForwardContext): Variable {
    if (this.built) Check.sequence(this.label, this.inputShape, this.inputShape[1], ctx.graph.lift(x));
    return super.forward(x, ctx);
  }

  protected buildLayer(inputShape: Shape, rng: Rng): number[] {
    const features = Check.sequence(this.label, inputShape);
    const width = this.gates * this.units;
    this.kernelParam = this.addParam('kernel', this.kernelInitializer.init([features, width], rng.child('kernel')));
    this.recurrentParam = this.addParam('recurrent_kernel', this.recurrentInitializer.init([this.units, width], rng.child('recurrent_kernel')));
    if (this.useBias) this.biasParam = this.addParam('bias', this.initialBias(rng.child('bias')));
    return this.returnSequences ? [inputShape[0]!, this.units] : [this.units];
  }

  protected call(x: Variable, ctx: ForwardContext): Variable {
    return this.runStates(x, ctx, undefined).output;
  }

  /** The bias value at build (subclasses shape it and set gate-specific values). */
  protected abstract initialBias(rng: Rng): Tensor;

  /**
   * The input projection of every step, [batch, time, gates·units] (one matmul for the whole
   * sequence), and the step function: this step's projection [batch, gates·units] and the state
   * -> the new state.
   */
  protected abstract prepare(g: Graph, x: Variable): PreparedSteps;

  /** Runs every step from `initial` (zeros by default), checking the sequence and the state shapes. */
  protected runStates(x: Input, ctx: ForwardContext, initial: readonly Input[] | undefined): { output: Variable; state: Variable[] } {
    const g = ctx.graph;
    const xv = g.lift(x);
    Check.sequence(this.label, this.inputShape, this.inputShape[1], xv);
    const [batch, time] = xv.shape as [number, number, number];
    const builtTime = this.inputShape[0]!;
    if (time === 0 || (builtTime !== -1 && time !== builtTime)) {
      throw new ShapeError(`${this.label}: the sequence ${formatShape(xv.shape)} must have ${builtTime === -1 ? 'at least one step' : `${builtTime} steps`}`);
    }
    let state = this.initialState(g, batch, initial);
    const { projected, cell } = this.prepare(g, xv);
    const width = this.gates * this.units;
    const steps = g.split(projected, time, 1);
    const outputs: Variable[] = [];
    for (let t = 0; t < time; t++) {
      state = cell(g.reshape(steps[t]!, [batch, width]), state);
      if (this.returnSequences) outputs.push(g.reshape(state[0]!, [batch, 1, this.units]));
    }
    const output = this.returnSequences ? (outputs.length === 1 ? outputs[0]! : g.concat(outputs, 1)) : state[0]!;
    return { output, state };
  }

  override getConfig(): LayerConfig {
    return {
      ...super.getConfig(),
      units: this.units,
      returnSequences: this.returnSequences,
      activation: this.activation,
      recurrentActivation: this.recurrentActivation,
      useBias: this.useBias,
      kernelInitializer: this.kernelInitializer.getConfig(),
      recurrentInitializer: this.recurrentInitializer.getConfig(),
      biasInitializer: this.biasInitializer.getConfig(),
    };
  }

  private initialState(g: Graph, batch: number, initial: readonly Input[] | undefined): Variable[] {
    return this.stateNames.map((name, i) => {
      const given = initial?.[i];
      if (given === undefined) return g.constant(new Tensor([batch, this.units]));
      if (given.shape.length !== 2 || given.shape[0] !== batch || given.shape[1] !== this.units) {
        throw new ShapeError(`${this.label}: initial state '${name}' must be [batch, units] = [${batch}, ${this.units}], got ${formatShape(given.shape)}`);
      }
      return g.lift(given);
    });
  }
}

/**
 * The options shared by recurrent layer configs (what `getConfig` wrote).
 * @example `new GRU(units, recurrentOptionsOf(config))`
 */
export function recurrentOptionsOf(config: LayerConfig): RecurrentOptions {
  const where = `${config.className} config '${config.name}'`;
  const activation = Check.configString(config, 'activation');
  const recurrentActivation = Check.configString(config, 'recurrentActivation');
  const flag = (key: string): { [k: string]: boolean } => {
    const v = Check.configBool(config, key);
    return v === undefined ? {} : { [key]: v };
  };
  const init = (key: string): { [k: string]: InitializerConfig } => (config[key] === undefined ? {} : { [key]: config[key] as InitializerConfig });
  return {
    name: config.name,
    trainable: config.trainable,
    ...flag('returnSequences'),
    ...flag('useBias'),
    ...(activation !== undefined ? { activation: checkActivation(activation, where) } : {}),
    ...(recurrentActivation !== undefined ? { recurrentActivation: checkActivation(recurrentActivation, where) } : {}),
    ...init('kernelInitializer'),
    ...init('recurrentInitializer'),
    ...init('biasInitializer'),
  };
}
