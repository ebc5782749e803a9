import { ConfigError, ShapeError, formatShape } from '../errors.js';
import type { NamedParams } from '../nn/param.js';
import type { Tensor } from '../tensor/tensor.js';

/** What {@link loadInto} did. */
export interface LoadReport {
  /** Params that received a value. */
  readonly loaded: string[];
  /** Params of the model with no weight of that name (left as they were). */
  readonly missing: string[];
  /** Weights with no param of that name (ignored). */
  readonly unexpected: string[];
}

/** Options of {@link loadInto}. */
export interface LoadIntoOptions {
  /** Throw unless the names match exactly (default true). */
  readonly strict?: boolean;
}

/**
 * Copies weights into a model's params by name (`dense_1/kernel`...), in place. Strict (the
 * default) throws a ConfigError listing missing and unexpected names; non-strict loads the names
 * both sides have and reports the rest (taking a pretrained trunk into a model with a new head).
 * A shape mismatch always throws a ShapeError naming the weight and both shapes. Nothing is
 * written unless every check passes.
 *
 * @example
 * ```ts
 * const report = loadInto(model, await loadWeights('pretrained/encoder'), { strict: false });
 * report.missing;   // ['head/kernel', 'head/bias']
 * ```
 */
export function loadInto(
  model: { namedParams(): NamedParams } | NamedParams,
  weights: Readonly<Record<string, Tensor>>,
  options: LoadIntoOptions = {},
): LoadReport {
  const params = typeof model.namedParams === 'function' ? (model as { namedParams(): NamedParams }).namedParams() : (model as NamedParams);
  const loaded: string[] = [];
  const missing: string[] = [];
  for (const [name, param] of Object.entries(params)) {
    const w = weights[name];
    if (w === undefined) {
      missing.push(name);
      continue;
    }
    if (!shapesMatch(w.shape, param.shape)) {
      throw new ShapeError(`loadInto: weight '${name}' has shape ${formatShape(w.shape)}, the model's param has ${formatShape(param.shape)}`);
    }
    loaded.push(name);
  }
  const unexpected = Object.keys(weights).filter((name) => !(name in params));
  if ((options.strict ?? true) && (missing.length > 0 || unexpected.length > 0)) {
    const parts = [
      missing.length > 0 ? `missing from the weights: ${missing.join(', ')}` : '',
      unexpected.length > 0 ? `not in the model: ${unexpected.join(', ')}` : '',
    ].filter((s) => s !== '');
    throw new ConfigError(`loadInto: names do not match (${parts.join('; ')}); pass { strict: false } to load the common ones`);
  }
  for (const name of loaded) {
    const param = params[name]!;
    param.value.data.set(weights[name]!.data);
    param.grad = null;
  }
  return { loaded, missing, unexpected };
}

function shapesMatch(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}
