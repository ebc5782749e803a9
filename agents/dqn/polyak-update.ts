import { ConfigError, ShapeError, formatShape } from '../../src/errors.js';
import type { Layer } from '../../src/nn/layer.js';
import { shapesEqual } from '../../src/tensor/shape.js';

/**
 * Moves every param of `target` towards the same-named param of `source`:
 * target <- tau * source + (1 - tau) * target (Polyak averaging, T. P. Lillicrap et al., DDPG,
 * arXiv:1509.02971; SB3's `polyak_update`). `tau = 1` copies exactly: DQN's hard target update
 * (Mnih et al., 2015). Both layers must have the same param names and shapes.
 *
 * @example
 * ```ts
 * polyakUpdate(online, target, 1);       // hard copy
 * polyakUpdate(online, target, 0.005);   // soft update
 * ```
 */
export function polyakUpdate(source: Layer, target: Layer, tau: number): void {
  if (!(tau > 0 && tau <= 1)) throw new ConfigError(`polyakUpdate: tau must lie in (0, 1], got ${String(tau)}`);
  const from = source.namedParams();
  const to = target.namedParams();
  const names = Object.keys(to);
  if (names.length !== Object.keys(from).length) {
    throw new ConfigError(`polyakUpdate: ${source.label} has ${Object.keys(from).length} params, ${target.label} ${names.length}`);
  }
  for (const name of names) {
    const s = from[name];
    const t = to[name]!;
    if (s === undefined) throw new ConfigError(`polyakUpdate: ${source.label} has no param '${name}' (params: ${Object.keys(from).join(', ')})`);
    if (!shapesEqual(s.shape, t.shape)) throw new ShapeError(`polyakUpdate: param '${name}' is ${formatShape(s.shape)} in ${source.label}, ${formatShape(t.shape)} in ${target.label}`);
    const sv = s.value.data;
    const tv = t.value.data;
    if (tau === 1) {
      tv.set(sv);
    } else {
      for (let i = 0; i < tv.length; i++) tv[i] = tau * sv[i]! + (1 - tau) * tv[i]!;
    }
  }
}
