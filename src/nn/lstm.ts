import type { Graph, Input } from '../autograd/graph.js';
import type { Variable } from '../autograd/variable.js';
import type { Rng } from '../random/rng.js';
import { activate } from './activations.js';
import type { ForwardContext, LayerConfig } from './layer.js';
import { LayerOptionsCheck as Check } from './layer-options.js';
import { Recurrent, recurrentOptionsOf, type PreparedSteps, type RecurrentOptions, type RecurrentResult } from './recurrent.js';
import type { Tensor } from '../tensor/tensor.js';

/** Options of {@link LSTM}. */
export interface LstmOptions extends RecurrentOptions {
  /** Start the forget-gate bias at 1 so early training remembers (Jozefowicz et al., 2015; Keras default true). */
  readonly unitForgetBias?: boolean;
}

/** The state of an {@link LSTM}: output h and cell c, each [batch, units]. */
export interface LstmState<T = Variable> {
  readonly h: T;
  readonly c: T;
}

/**
 * Long short-term memory (Hochreiter & Schmidhuber, 1997), Keras' formulation and weight layout:
 * kernel [features, 4·units], recurrent_kernel [units, 4·units] and bias [4·units], gate blocks
 * in the order i, f, c, o:
 *
 *   i = σ(x·Wi + h·Ui + bi)   f = σ(x·Wf + h·Uf + bf)   o = σ(x·Wo + h·Uo + bo)
 *   c' = f·c + i·tanh(x·Wc + h·Uc + bc)                 h' = o·tanh(c')
 *
 * Input [batch, time, features] (time may be -1 at build); output the last h [batch, units], or
 * every h [batch, time, units] with `returnSequences`. Backprop through time is the autograd
 * graph of the unrolled steps; the input projection of all steps is one matmul.
 * `forward` starts from zeros; {@link LSTM.run} takes an initial state and returns the final one.
 *
 * @example
 * ```ts
 * const lstm = new LSTM(64, { returnSequences: true });
 * lstm.build([-1, 16], rng);
 * const { output, state } = lstm.run(x, ctx, previous);   // previous: { h, c } or undefined
 * ```
 */
export class LSTM extends Recurrent {
  readonly className = 'LSTM';
  readonly unitForgetBias: boolean;
  protected readonly gates = 4;
  protected readonly stateNames = ['h', 'c'] as const;

  constructor(units: number, options: LstmOptions = {}) {
    super(units, options);
    this.unitForgetBias = options.unitForgetBias ?? true;
  }

  /** Rebuilds an LSTM from its `getConfig()` output. */
  static fromConfig(config: LayerConfig): LSTM {
    const unitForgetBias = Check.configBool(config, 'unitForgetBias');
    return new LSTM(Check.required(config, 'units', Check.configNumber(config, 'units')), {
      ...recurrentOptionsOf(config),
      ...(unitForgetBias !== undefined ? { unitForgetBias } : {}),
    });
  }

  /** Runs the whole sequence from `initialState` (zeros when omitted); returns the output and the final { h, c }. */
  run(x: Input, ctx: ForwardContext, initialState?: LstmState<Input>): RecurrentResult<LstmState> {
    const { output, state } = this.runStates(x, ctx, initialState === undefined ? undefined : [initialState.h, initialState.c]);
    return { output, state: { h: state[0]!, c: state[1]! } };
  }

  override getConfig(): LayerConfig {
    return { ...super.getConfig(), unitForgetBias: this.unitForgetBias };
  }

  protected initialBias(rng: Rng): Tensor {
    const bias = this.biasInitializer.init([4 * this.units], rng);
    if (this.unitForgetBias) bias.data.fill(1, this.units, 2 * this.units);
    return bias;
  }

  protected prepare(g: Graph, x: Variable): PreparedSteps {
    const [batch, time, features] = x.shape as [number, number, number];
    const u = this.units;
    let projected = g.matmul(g.reshape(x, [batch * time, features]), this.kernel);
    if (this.biasParam !== null) projected = g.add(projected, this.biasParam);
    return {
      projected: g.reshape(projected, [batch, time, 4 * u]),
      cell: (step, [h, c]) => {
        const [zi, zf, zc, zo] = g.split(g.add(step, g.matmul(h!, this.recurrentKernel)), 4, 1);
        const i = activate(g, this.recurrentActivation, zi!);
        const f = activate(g, this.recurrentActivation, zf!);
        const candidate = activate(g, this.activation, zc!);
        const o = activate(g, this.recurrentActivation, zo!);
        const cNext = g.add(g.mul(f, c!), g.mul(i, candidate));
        return [g.mul(o, activate(g, this.activation, cNext)), cNext];
      },
    };
  }
}
