import { ConfigError } from '../errors.js';
import type { Layer } from '../nn/layer.js';
import type { Param } from '../nn/param.js';
import { Sequential } from '../nn/sequential.js';

/**
 * Which layers of a network transfer learning works on: the first `k` (by position), or layer
 * names, where `*` matches any run of characters within a name and `?` one character
 * (`['conv*']` selects `conv2d_1` and `conv2d_2`).
 *
 * @example
 * ```ts
 * const trunk: LayerSelection = 5;                        // conv, pool, conv, pool, flatten
 * const byName: LayerSelection = ['conv2d_1', 'dense_*'];
 * ```
 */
export type LayerSelection = number | readonly string[];

/**
 * One layer of a network as transfer learning sees it: its name, its type when known, and its
 * params by their path relative to the layer (`kernel`, `bias`, `dense_1/kernel` inside a
 * nested container).
 *
 * A live `Sequential` lists every layer, parameterless ones (pooling, flatten) included, with the
 * `Layer` object. Any other model, and a weights file without its architecture, is seen as the
 * groups of its param paths (`hidden_1/kernel` -> layer `hidden_1`): only layers with params
 * appear there, in the order the params are listed.
 */
export interface NetworkLayer<T> {
  readonly name: string;
  /** The layer type (`Conv2D`), or null when only the weights are known. */
  readonly className: string | null;
  readonly params: Readonly<Record<string, T>>;
  /** The layer itself, for layers of a live `Sequential` (or a single-layer model). */
  readonly layer: Layer | null;
}

/**
 * The layers of a live model (see {@link NetworkLayer}).
 *
 * @example
 * ```ts
 * modelLayers(cnn).map((l) => l.name);   // ['conv2d_1', 'max_pool2d_1', ..., 'logits']
 * ```
 */
export function modelLayers(model: Layer): NetworkLayer<Param>[] {
  if (model instanceof Sequential) {
    return model.layers.map((layer) => ({ name: layer.name, className: layer.className, params: layer.namedParams(), layer }));
  }
  const params = model.namedParams();
  if (Object.keys(params).every((path) => !path.includes('/'))) {
    // A single layer used as a model (a bare Dense): it is its own only layer.
    return [{ name: model.name, className: model.className, params, layer: model }];
  }
  return groupByLayer(params).map(({ name, params: group }) => ({ name, className: null, params: group, layer: null }));
}

/**
 * Groups param paths by their first segment: `{ 'h/kernel': a, 'h/bias': b, 'q/kernel': c }` ->
 * `[{ name: 'h', params: { kernel: a, bias: b } }, { name: 'q', params: { kernel: c } }]`, in
 * first-seen order. A path without `/` forms a group named after itself.
 *
 * @example
 * ```ts
 * groupByLayer(await loadWeights('pretrained/encoder')).map((g) => g.name);
 * ```
 */
export function groupByLayer<T>(params: Readonly<Record<string, T>>): { name: string; params: Record<string, T> }[] {
  const groups = new Map<string, Record<string, T>>();
  for (const [path, value] of Object.entries(params)) {
    const slash = path.indexOf('/');
    const name = slash < 0 ? path : path.slice(0, slash);
    const rest = slash < 0 ? path : path.slice(slash + 1);
    let group = groups.get(name);
    if (group === undefined) {
      group = {};
      groups.set(name, group);
    }
    group[rest] = value;
  }
  return [...groups].map(([name, group]) => ({ name, params: group }));
}

/**
 * The layers of `layers` that `selection` picks, in network order. Throws a ConfigError naming
 * `where` when `k` is out of range or a name pattern matches no layer (listing the names there
 * are).
 *
 * @example
 * ```ts
 * selectLayers(modelLayers(model), ['conv*'], 'freeze');   // the conv layers
 * ```
 */
export function selectLayers<T extends { readonly name: string }>(layers: readonly T[], selection: LayerSelection, where: string): T[] {
  const names = (): string => layers.map((l) => l.name).join(', ') || 'none';
  if (typeof selection === 'number') {
    if (!Number.isSafeInteger(selection) || selection < 0 || selection > layers.length) {
      throw new ConfigError(`${where}: layers ${String(selection)} must be an integer in [0, ${layers.length}] (the network has ${layers.length} layers: ${names()})`);
    }
    return layers.slice(0, selection);
  }
  if (!Array.isArray(selection) || !selection.every((s) => typeof s === 'string' && s.length > 0)) {
    throw new ConfigError(`${where}: layers must be a number (the first k layers) or an array of layer names, got ${JSON.stringify(selection)}`);
  }
  const picked = new Set<T>();
  for (const pattern of selection) {
    const re = globToRegExp(pattern);
    const matched = layers.filter((l) => re.test(l.name));
    if (matched.length === 0) throw new ConfigError(`${where}: no layer matches '${pattern}'; layers: ${names()}`);
    for (const l of matched) picked.add(l);
  }
  return layers.filter((l) => picked.has(l));
}

/**
 * A glob over names or param paths as an anchored RegExp: `*` is any run of characters other
 * than `/`, `?` one such character, everything else literal.
 *
 * @example
 * ```ts
 * globToRegExp('conv*').test('conv2d_1');          // true
 * globToRegExp('conv*').test('conv2d_1/kernel');   // false
 * ```
 */
export function globToRegExp(pattern: string): RegExp {
  const body = [...pattern]
    .map((c) => (c === '*' ? '[^/]*' : c === '?' ? '[^/]' : c.replace(/[\\^$.|+()[\]{}]/g, '\\$&')))
    .join('');
  return new RegExp(`^${body}$`);
}
