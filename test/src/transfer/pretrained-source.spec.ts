import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nestSnapshots, type StateSnapshot } from '../../../src/agent/state-snapshot.js';
import { ConfigError, FileFormatError, ShapeError } from '../../../src/errors.js';
import { writeCheckpoint } from '../../../src/experiment/checkpoint-io.js';
import { Dense, ReLU, Sequential } from '../../../src/nn/index.js';
import { Rng } from '../../../src/random/rng.js';
import { Tensor } from '../../../src/tensor/tensor.js';
import { applyPretrained, parsePretrainedOptions } from '../../../src/transfer/apply-pretrained.js';
import { saveModel } from '../../../src/transfer/model-file.js';
import { networkSnapshot, restoreNetworkSnapshot } from '../../../src/transfer/network-snapshot.js';
import { loadPretrainedModel, readPretrained } from '../../../src/transfer/pretrained-source.js';
import { saveWeights } from '../../../src/transfer/weights-io.js';

function mlp(seed: number, head = 3): Sequential {
  const model = new Sequential([new Dense(5, { name: 'hidden', activation: 'relu' }), new ReLU(), new Dense(head, { name: 'out' })], { name: 'net' });
  model.build([4], new Rng(seed));
  return model;
}

function weightsOf(model: Sequential): Record<string, number[]> {
  return Object.fromEntries(Object.entries(model.namedParams()).map(([k, p]) => [k, Array.from(p.value.data)]));
}

function tensorsOf(model: Sequential): Record<string, Tensor> {
  return Object.fromEntries(Object.entries(model.namedParams()).map(([k, p]) => [k, p.value.clone()]));
}

/** A checkpoint state shaped like a learner's: agent.{learner, model.{network, optimizer}} + loop. */
function learnerState(model: Sequential): StateSnapshot {
  const optimizerTensors = Object.fromEntries(Object.entries(model.namedParams()).map(([k, p]) => [`${k}/m`, Tensor.zeros(p.shape)]));
  return nestSnapshots({
    agent: nestSnapshots({
      learner: { json: { numSteps: 3 }, tensors: {} },
      model: nestSnapshots({ network: networkSnapshot(model), optimizer: { json: { className: 'Adam' }, tensors: optimizerTensors } }),
    }),
    loop: { json: { kind: 'fit' }, tensors: {} },
  });
}

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'nl-pretrained-'));
}

describe('network snapshots', () => {
  it('round-trip and refuse a network of another shape', () => {
    const a = mlp(1);
    const b = mlp(2);
    restoreNetworkSnapshot(b, networkSnapshot(a), 'test');
    expect(weightsOf(b)).toEqual(weightsOf(a));
    expect(() => restoreNetworkSnapshot(mlp(3, 2), networkSnapshot(a), 'Learner.setState')).toThrow(ShapeError);
    expect(() => restoreNetworkSnapshot(mlp(3, 2), networkSnapshot(a), 'Learner.setState')).toThrow("Learner.setState: saved weight 'out/kernel' has shape [5, 3], Sequential 'net' has [5, 2]");
  });
});

describe('readPretrained', () => {
  it('loads a checkpoint folder, or a run folder (its latest checkpoint), as a model', () => {
    const run = tempDir();
    writeFileSync(join(run, 'config.json'), '{}');
    const early = mlp(1);
    const late = mlp(2);
    writeCheckpoint(join(run, 'checkpoints', 'step-10'), { step: 10, state: learnerState(early), meta: {} });
    writeCheckpoint(join(run, 'checkpoints', 'step-20'), { step: 20, state: learnerState(late), meta: {} });

    const fromCheckpoint = readPretrained(join(run, 'checkpoints', 'step-10'));
    expect(fromCheckpoint.origin).toBe(`${join(run, 'checkpoints', 'step-10')} (agent.model.network)`);
    expect(fromCheckpoint.layers.map((l) => [l.name, l.className])).toEqual([['hidden', 'Dense'], ['re_lu_1', 'ReLU'], ['out', 'Dense']]);
    expect(weightsOf(fromCheckpoint.model as Sequential)).toEqual(weightsOf(early));

    const fromRun = loadPretrainedModel(run) as Sequential;
    expect(fromRun).toBeInstanceOf(Sequential);
    expect(fromRun.inputShape).toEqual([4]);
    expect(weightsOf(fromRun)).toEqual(weightsOf(late));
    expect(weightsOf(loadPretrainedModel(join(run, 'checkpoints', 'step-20', 'manifest.json')) as Sequential)).toEqual(weightsOf(late));
  });

  it('loads weights prefixes: weights only from saveWeights, a model with saveModel', async () => {
    const dir = tempDir();
    const model = mlp(4);
    await saveWeights(join(dir, 'plain'), model.namedParams());
    const plain = readPretrained(join(dir, 'plain'));
    expect(plain.model).toBeNull();
    expect(plain.layers.map((l) => [l.name, l.className, Object.keys(l.params)])).toEqual([['hidden', null, ['kernel', 'bias']], ['out', null, ['kernel', 'bias']]]);
    expect(() => loadPretrainedModel(join(dir, 'plain.json'))).toThrow(/cannot be loaded as a model: the source holds weights only/);

    saveModel(join(dir, 'full'), model);
    expect(weightsOf(loadPretrainedModel(join(dir, 'full')) as Sequential)).toEqual(weightsOf(model));
    expect(weightsOf(loadPretrainedModel(join(dir, 'full.model.json')) as Sequential)).toEqual(weightsOf(model));
  });

  it('picks one network of a checkpoint holding several (a DQN: online, target, optimizer)', () => {
    const dir = tempDir();
    const online = mlp(5);
    const target = mlp(6);
    const optimizer = Object.fromEntries(Object.entries(online.namedParams()).map(([k, p]) => [`${k}/m`, Tensor.zeros(p.shape)]));
    const state = nestSnapshots({
      agent: nestSnapshots({
        model: nestSnapshots({
          qNetwork: { json: {}, tensors: tensorsOf(online) },
          targetNetwork: { json: {}, tensors: tensorsOf(target) },
          optimizer: { json: {}, tensors: optimizer },
        }),
        replay: { json: {}, tensors: { observations: Tensor.zeros([2, 4]) } },
      }),
    });
    writeCheckpoint(join(dir, 'ckpt'), { step: 1, state, meta: {} });
    const picked = readPretrained(join(dir, 'ckpt'));
    expect(picked.origin).toMatch(/\(agent\.model\.qNetwork\)$/);
    expect(picked.layers.map((l) => l.name)).toEqual(['hidden', 'out']);
    expect(Array.from(picked.layers[0]!.params['kernel']!.data)).toEqual(weightsOf(online)['hidden/kernel']);
    const targetNet = readPretrained(join(dir, 'ckpt'), { network: 'targetNetwork' });
    expect(Array.from(targetNet.layers[1]!.params['bias']!.data)).toEqual(weightsOf(target)['out/bias']);
    expect(() => readPretrained(join(dir, 'ckpt'), { network: 'policy' })).toThrow(ConfigError);
    expect(() => readPretrained(join(dir, 'ckpt'), { network: 'policy' })).toThrow(
      /no network matches 'policy'; choose one with the 'network' option \(networks: agent\.model\.qNetwork, agent\.model\.targetNetwork, agent\.model\.optimizer\)/,
    );
  });

  it('names what it looked for when nothing is there', () => {
    const dir = tempDir();
    expect(() => readPretrained(join(dir, 'missing'))).toThrow(FileFormatError);
    expect(() => readPretrained(join(dir, 'missing'))).toThrow(/pretrained source .*missing: no such folder, file or weights prefix/);
    mkdirSync(join(dir, 'empty'));
    expect(() => readPretrained(join(dir, 'empty'))).toThrow(/the folder holds none of config.json \(a run\), manifest.json, model.json, weights.json/);
    mkdirSync(join(dir, 'run'), { recursive: true });
    writeFileSync(join(dir, 'run', 'config.json'), '{}');
    expect(() => readPretrained(join(dir, 'run'))).toThrow(/the run folder has no checkpoint yet/);
  });
});

describe('applyPretrained and the pretrained option', () => {
  it('loads the selected layers from a run and freezes them', () => {
    const run = tempDir();
    writeFileSync(join(run, 'config.json'), '{}');
    const pre = mlp(7);
    writeCheckpoint(join(run, 'checkpoints', 'step-5'), { step: 5, state: learnerState(pre), meta: {} });
    const target = mlp(8, 2);
    const headBefore = weightsOf(target)['out/kernel'];
    const options = parsePretrainedOptions({ from: run, layers: 2, freeze: true }, 'option pretrained')!;
    const report = applyPretrained(target, options);
    expect(report.frozen).toEqual(['hidden', 're_lu_1']);
    expect(weightsOf(target)['hidden/kernel']).toEqual(weightsOf(pre)['hidden/kernel']);
    expect(weightsOf(target)['out/kernel']).toEqual(headBefore);
    expect(target.countParams()).toEqual({ trainable: 12, frozen: 25 });
    // A 3-class head does not fit a 2-class one: the error names both layers and shapes.
    expect(() => applyPretrained(mlp(9, 2), { from: run })).toThrow(/source layer 'out' param 'kernel' has shape \[5, 3\], target layer 'out' expects \[5, 2\]/);
  });

  it('validates the option', () => {
    expect(parsePretrainedOptions(null, 'p')).toBeNull();
    expect(parsePretrainedOptions({ from: 'a', layers: ['conv*'] }, 'p')).toEqual({ from: 'a', layers: ['conv*'], freeze: false, network: null });
    expect(() => parsePretrainedOptions({ from: 'a', layer: 2 }, 'agent option pretrained')).toThrow("agent option pretrained: unknown field 'layer' (accepted: from, layers, freeze, network)");
    expect(() => parsePretrainedOptions({ from: 'a', layers: -1 }, 'p')).toThrow(/p.layers: expected a number of leading layers/);
    expect(() => parsePretrainedOptions({ layers: 1 }, 'p')).toThrow(/p.from: expected a run folder/);
    expect(() => parsePretrainedOptions({ from: 'a', freeze: 'yes' }, 'p')).toThrow(/p.freeze: expected true or false/);
  });
});
