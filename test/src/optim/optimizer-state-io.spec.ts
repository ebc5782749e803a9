import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/errors.js';
import { Adam, deserializeOptimizerState, serializeOptimizerState } from '../../../src/optim/index.js';
import { param, run } from './optim-helpers.js';

describe('optimizer state serialization', () => {
  it('splits into JSON and <param>/<slot> tensors and back, continuing identically', () => {
    const pa = param('dense_1/kernel', [1, -1]);
    const a = new Adam({ 'dense_1/kernel': pa }, { lr: 0.1 });
    run(a, pa, [[0.5, 1], [1, -2]]);
    const { json, tensors } = serializeOptimizerState(a.getState());
    expect(JSON.parse(JSON.stringify(json))).toEqual({ className: 'Adam', step: 2, params: { 'dense_1/kernel': { step: 2, slots: ['m', 'v'] } } });
    expect(Object.keys(tensors)).toEqual(['dense_1/kernel/m', 'dense_1/kernel/v']);

    const pb = param('dense_1/kernel', Array.from(pa.value.data));
    const b = new Adam({ 'dense_1/kernel': pb }, { lr: 0.1 });
    b.setState(deserializeOptimizerState(JSON.parse(JSON.stringify(json)), tensors));
    expect(run(b, pb, [[3, 3]])).toEqual(run(a, pa, [[3, 3]]));
  });

  it('names a missing slot tensor', () => {
    const json = { className: 'Adam', step: 1, params: { w: { step: 1, slots: ['m'] } } };
    expect(() => deserializeOptimizerState(json, {})).toThrow(ConfigError);
    expect(() => deserializeOptimizerState(json, {})).toThrow("no tensor 'w/m'");
  });
});
