import { ConfigError, ShapeError, formatShape } from '../errors.js';
import { Layer } from '../nn/layer.js';
import type { Param } from '../nn/param.js';
import { shapesEqual } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { modelLayers, selectLayers, type LayerSelection, type NetworkLayer } from './layer-selection.js';
import { describeNetwork, type PretrainedNetwork } from './pretrained-source.js';

/** Options of {@link transferWeights}. */
export interface TransferWeightsOptions {
  /**
   * Which source layers to copy: the first `k` (layer `i` of the source goes to layer `i` of the
   * target), or names / globs (each goes to the target layer of the same name). Default: every
   * source layer, by name.
   */
  readonly layers?: LayerSelection;
  /** Freeze the target layers that received weights (default false). */
  readonly freeze?: boolean;
}

/** What {@link transferWeights} did. */
export interface TransferReport {
  /** Source layer -> target layer, with the params copied. */
  readonly copied: readonly { readonly from: string; readonly to: string; readonly params: readonly string[] }[];
  /** Target layers frozen. */
  readonly frozen: readonly string[];
}

/**
 * Copies the weights of pretrained layers into a built model, in place: by position for
 * `layers: k` (Keras' `model.layers[:k]`) or by name. Every pair is checked before anything is
 * written: layer types must agree when both are known, param names must be the same, and shapes
 * must match, else a ConfigError / ShapeError names both layers and both shapes. Weights-only
 * sources (no architecture) list only layers with params, so for them `k` counts the target's
 * layers with params too.
 *
 * @example
 * ```ts
 * const target = buildNetwork(specs);                       // same trunk, new 5-way head
 * target.build([28, 28, 1], rng.child('init'));
 * transferWeights(readPretrained('runs/digits-0-4/seed-0'), target, { layers: 5, freeze: true });
 * ```
 */
export function transferWeights(source: PretrainedNetwork | Layer, target: Layer, options: TransferWeightsOptions = {}): TransferReport {
  const pretrained = source instanceof Layer ? describeNetwork(source) : source;
  const where = `transfer from ${pretrained.origin} to ${target.label}`;
  const targetAll = modelLayers(target);
  const pairs = pairLayers(pretrained, targetAll, options.layers, where);
  const writes: Array<[Param, Tensor]> = [];
  for (const [from, to] of pairs) {
    if (from.className !== null && to.className !== null && from.className !== to.className) {
      throw new ConfigError(`${where}: source layer '${from.name}' is a ${from.className}, target layer '${to.name}' is a ${to.className}`);
    }
    const fromNames = Object.keys(from.params).sort();
    const toNames = Object.keys(to.params).sort();
    if (fromNames.join('|') !== toNames.join('|')) {
      throw new ConfigError(
        `${where}: source layer '${from.name}' has params [${fromNames.join(', ')}], target layer '${to.name}' has [${toNames.join(', ')}]`,
      );
    }
    for (const name of Object.keys(from.params)) {
      const value = from.params[name]!;
      const param = to.params[name]!;
      if (!shapesEqual(value.shape, param.shape)) {
        throw new ShapeError(
          `${where}: source layer '${from.name}' param '${name}' has shape ${formatShape(value.shape)}, target layer '${to.name}' expects ${formatShape(param.shape)}`,
        );
      }
      writes.push([param, value]);
    }
  }
  for (const [param, value] of writes) {
    param.value.data.set(value.data);
    param.grad = null;
  }
  const frozen: string[] = [];
  if (options.freeze === true) {
    for (const [, to] of pairs) {
      if (to.layer !== null) to.layer.trainable = false;
      else for (const param of Object.values(to.params)) param.trainable = false;
      frozen.push(to.name);
    }
  }
  return { copied: pairs.map(([from, to]) => ({ from: from.name, to: to.name, params: Object.keys(from.params) })), frozen };
}

function pairLayers(
  source: PretrainedNetwork,
  targetAll: readonly NetworkLayer<Param>[],
  selection: LayerSelection | undefined,
  where: string,
): Array<[NetworkLayer<Tensor>, NetworkLayer<Param>]> {
  if (typeof selection === 'number') {
    const picked = selectLayers(source.layers, selection, where);
    const weightsOnly = source.layers.every((l) => l.className === null);
    const targets = weightsOnly ? targetAll.filter((l) => Object.keys(l.params).length > 0) : targetAll;
    if (picked.length > targets.length) {
      throw new ConfigError(
        `${where}: ${picked.length} source layers for ${targets.length} target layers${weightsOnly ? ' with params' : ''} (${targets.map((l) => l.name).join(', ')})`,
      );
    }
    return picked.map((layer, i) => [layer, targets[i]!]);
  }
  const picked = selection === undefined ? [...source.layers] : selectLayers(source.layers, selection, where);
  return picked.map((layer) => {
    const to = targetAll.find((l) => l.name === layer.name);
    if (to === undefined) {
      throw new ConfigError(`${where}: the target has no layer '${layer.name}'; its layers: ${targetAll.map((l) => l.name).join(', ')}`);
    }
    return [layer, to];
  });
}
