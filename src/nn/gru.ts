import type { Graph, Input } from '../autograd/graph.js';
import type { Variable } from '../autograd/variable.js';
import type { Rng } from '../random/rng.js';
import type { Tensor } from '../tensor/tensor.js';
import { activate } from './activations.js';
import type { ForwardContext, LayerConfig } from './layer.js';
import { LayerOptionsCheck as Check } from './layer-options.js';
import { Recurrent, recurrentOptionsOf, type PreparedSteps, type RecurrentOptions, type RecurrentResult } from './recurrent.js';

/** The state of a {@link GRU}: its output h [batch, units]. */
export interface GruState<T = Variable> {
  readonly h: T;
}

/**
 * Gated recurrent unit (Cho et al., 2014) in Keras' default (TF2, cuDNN-compatible) form with the
 * reset gate applied after the recurrent product ("reset_after"): kernel [features, 3·units],
 * recurrent_kernel [units, 3·units] and bias [2, 3·units] (row 0 input bias, row 1 recurrent
 * bias), gate blocks in the order z, r, h:
 *
 *   z = σ(x·Wz + bz + h·Uz + b'z)     r = σ(x·Wr + br + h·Ur + b'r)
 *   ĥ = tanh(x·Wh + bh + r·(h·Uh + b'h))     h' = z·h + (1 − z)·ĥ
 *
 * Input [batch, time, features]; output the last h [batch, units], or all of them with
 * `returnSequences`. {@link GRU.run} takes an initial state and returns the final one.
 *
 * @example
 * ```ts
 * const gru = new GRU(32);
 * gru.build([-1, 8], rng);
 * const last = gru.forward(x, ctx);                 // [batch, 32]
 * ```
 */
export class GRU extends Recurrent {
  readonly className = 'GRU';
  protected readonly gates = 3;
  protected readonly stateNames = ['h'] as const;

  constructor(units: number, options: RecurrentOptions = {}) {
    super(units, options);
  }

  /** Rebuilds a GRU from its `getConfig()` output. */
  static fromConfig(config: LayerConfig): GRU {
    return new GRU(Check.required(config, 'units', Check.configNumber(config, 'units')), recurrentOptionsOf(config));
  }

  /** Runs the whole sequence from `initialState` (zeros when omitted); returns the output and the final { h }. */
  run(x: Input, ctx: ForwardContext, initialState?: GruState<Input>): RecurrentResult<GruState> {
    const { output, state } = this.runStates(x, ctx, initialState === undefined ? undefined : [initialState.h]);
    return { output, state: { h: state[0]! } };
  }

  protected initialBias(rng: Rng): Tensor {
    return this.biasInitializer.init([2, 3 * this.units], rng);
  }

  protected prepare(g: Graph, x: Variable): PreparedSteps {
    const [batch, time, features] = x.shape as [number, number, number];
    const u = this.units;
    let projected = g.matmul(g.reshape(x, [batch * time, features]), this.kernel);
    let recurrentBias: Variable | null = null;
    if (this.biasParam !== null) {
      projected = g.add(projected, g.slice(this.biasParam, [0, 0], [1, 3 * u]));
      recurrentBias = g.slice(this.biasParam, [1, 0], [1, 3 * u]);
    }
    return {
      projected: g.reshape(projected, [batch, time, 3 * u]),
      cell: (step, [h]) => {
        let hp = g.matmul(h!, this.recurrentKernel);
        if (recurrentBias !== null) hp = g.add(hp, recurrentBias);
        const [xz, xr, xh] = g.split(step, 3, 1);
        const [hz, hr, hh] = g.split(hp, 3, 1);
        const z = activate(g, this.recurrentActivation, g.add(xz!, hz!));
        const r = activate(g, this.recurrentActivation, g.add(xr!, hr!));
        const candidate = activate(g, this.activation, g.add(xh!, g.mul(r, hh!)));
        // z·h + (1 − z)·ĥ, written as ĥ + z·(h − ĥ): one op fewer.
        return [g.add(candidate, g.mul(z, g.sub(h!, candidate)))];
      },
    };
  }
}
