import type { Layer } from '../nn/layer.js';
import { modelLayers, selectLayers, type LayerSelection } from './layer-selection.js';

/**
 * Freezes layers of `model` (all of it without a selection): their params stop getting
 * gradients, and optimizers neither update them nor create state for them. Freezing sets the
 * layers' `trainable` flag, which cascades to their params and sub-layers (tfjs-layers'
 * semantics), so `summary()` counts them as frozen. Returns the names of the frozen layers.
 *
 * Layers of a model that is not a `Sequential` are addressed by their param paths
 * (`hidden_1/kernel` belongs to `hidden_1`); there the params themselves are frozen.
 *
 * @example
 * ```ts
 * freeze(cnn, ['conv*']);    // ['conv2d_1', 'conv2d_2']
 * freeze(cnn, 5);            // the first five layers: the conv trunk
 * console.log(cnn.summary()); // ... Frozen params: 12,544
 * ```
 */
export function freeze(model: Layer, selection?: LayerSelection): string[] {
  return setTrainable(model, selection, false, 'freeze');
}

/**
 * The inverse of {@link freeze}: makes layers (all of `model` without a selection) trainable again.
 * Returns the names of the layers it unfroze.
 *
 * @example
 * ```ts
 * freeze(cnn);
 * unfreeze(cnn, ['logits']);   // fine-tune only the head
 * ```
 */
export function unfreeze(model: Layer, selection?: LayerSelection): string[] {
  return setTrainable(model, selection, true, 'unfreeze');
}

function setTrainable(model: Layer, selection: LayerSelection | undefined, trainable: boolean, where: string): string[] {
  const layers = modelLayers(model);
  if (selection === undefined) {
    model.trainable = trainable;
    return layers.map((l) => l.name);
  }
  const picked = selectLayers(layers, selection, where);
  for (const entry of picked) {
    if (entry.layer !== null) entry.layer.trainable = trainable;
    else for (const param of Object.values(entry.params)) param.trainable = trainable;
  }
  return picked.map((l) => l.name);
}
