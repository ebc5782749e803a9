import { describe, expect, it } from 'vitest';
import { nestSnapshots, pickSnapshot, rngStateFromJson, rngStateToJson, snapshotTensor } from '../../../src/agent/state-snapshot.js';
import { Rng } from '../../../src/random/rng.js';
import { Tensor } from '../../../src/tensor/tensor.js';

describe('state snapshots', () => {
  it('nest named parts and pick them back out', () => {
    const replay = { json: { size: 2 }, tensors: { rewards: Tensor.from([1, 2]) } };
    const model = { json: {}, tensors: { q: Tensor.from([[1]]) } };
    const state = nestSnapshots({ replay, model });
    expect(Object.keys(state.tensors).sort()).toEqual(['model.q', 'replay.rewards']);
    expect(pickSnapshot(state, 'replay')).toEqual(replay);
    expect(pickSnapshot(state, 'model')).toEqual(model);
    expect(() => pickSnapshot(state, 'optimizer')).toThrow(/no part 'optimizer' \(parts: replay, model\)/);
    expect(() => nestSnapshots({ 'a.b': replay })).toThrow(/must not contain '\.'/);
  });

  it('check tensor presence and shape', () => {
    const state = { json: {}, tensors: { w: Tensor.zeros([2, 3]) } };
    expect(snapshotTensor(state, 'w', [2, 3], 'test').shape).toEqual([2, 3]);
    expect(() => snapshotTensor(state, 'w', [3, 2], 'Dense.setState')).toThrow("Dense.setState: state tensor 'w' has shape [2, 3], expected [3, 2]");
    expect(() => snapshotTensor(state, 'b', [3], 'Dense.setState')).toThrow(/has no tensor 'b' \(has: w\)/);
  });

  it('round-trip an Rng through JSON', () => {
    const rng = new Rng(5);
    rng.normal();
    const copy = Rng.fromState(rngStateFromJson(JSON.parse(JSON.stringify(rngStateToJson(rng))), 'test'));
    expect(copy.normal()).toBe(rng.normal());
    expect(copy.nextUint32()).toBe(rng.nextUint32());
    expect(() => rngStateFromJson({ s: [1, 2], key: [1, 2, 3, 4], spareNormal: null }, 'agent rng')).toThrow(/agent rng: malformed Rng state/);
  });
});
