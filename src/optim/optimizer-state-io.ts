import { ConfigError } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import type { OptimizerState, ParamState } from './optimizer.js';

/** The JSON half of a serialized optimizer state; the tensors travel as named weights. */
export interface OptimizerStateJson {
  readonly className: string;
  readonly step: number;
  /** Per param: its update count and the names of its slots. */
  readonly params: Readonly<Record<string, { readonly step: number; readonly slots: readonly string[] }>>;
}

/**
 * Splits an optimizer state into plain JSON and tensors named `<param>/<slot>`
 * (`dense_1/kernel/m`), ready for `saveWeights` and a JSON file (checkpoints).
 *
 * @example
 * ```ts
 * const { json, tensors } = serializeOptimizerState(optimizer.getState());
 * await saveWeights(join(dir, 'optimizer'), tensors);
 * ```
 */
export function serializeOptimizerState(state: OptimizerState): { json: OptimizerStateJson; tensors: Record<string, Tensor> } {
  const tensors: Record<string, Tensor> = {};
  const params: Record<string, { step: number; slots: string[] }> = {};
  for (const [name, s] of Object.entries(state.params)) {
    params[name] = { step: s.step, slots: Object.keys(s.slots) };
    for (const [slot, t] of Object.entries(s.slots)) tensors[`${name}/${slot}`] = t;
  }
  return { json: { className: state.className, step: state.step, params }, tensors };
}

/**
 * The inverse of {@link serializeOptimizerState}; throws a ConfigError naming a missing tensor.
 * Pass the result to `optimizer.setState`, which checks names and shapes against the params.
 */
export function deserializeOptimizerState(json: OptimizerStateJson, tensors: Readonly<Record<string, Tensor>>): OptimizerState {
  const params: Record<string, ParamState> = {};
  for (const [name, s] of Object.entries(json.params)) {
    const slots: Record<string, Tensor> = {};
    for (const slot of s.slots) {
      const t = tensors[`${name}/${slot}`];
      if (t === undefined) throw new ConfigError(`optimizer state: no tensor '${name}/${slot}' for slot '${slot}' of param '${name}'`);
      slots[slot] = t;
    }
    params[name] = { step: s.step, slots };
  }
  return { className: json.className, step: json.step, params };
}
