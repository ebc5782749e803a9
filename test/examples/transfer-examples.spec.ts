import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DqnAgent } from '../../agents/dqn/dqn.js';
import { createContainer } from '../../src/di/create-container.js';
import type { DataRegistry } from '../../src/di/data-registry.js';
import { definePlugin } from '../../src/di/plugin.js';
import { DataRegistry as DataRegistryToken } from '../../src/di/tokens.js';
import { buildExperiment } from '../../src/experiment/build-experiment.js';
import { parseConfig } from '../../src/experiment/config.js';
import { Experiment } from '../../src/experiment/experiment.js';
import { readPretrained } from '../../src/transfer/pretrained-source.js';
import { DQN_OPTIONS, dqnTrunkHook } from '../../examples/transfer-cartpole.js';
import { digitsPlugin, TRUNK } from '../../examples/transfer-mnist.js';
import { formatRows, meanStd, parseSeeds } from '../../examples/transfer-table.js';

describe('examples/transfer-mnist.ts', () => {
  it('contributes the two digit subsets as data sources', () => {
    const data = createContainer({ seed: 0, plugins: [digitsPlugin()] }).get<DataRegistry>(DataRegistryToken);
    const low = data.make('mnist-0-4');
    const few = data.make('mnist-5-9', { labelled: 50, subsetSeed: 3 });
    expect(low.train.numClasses).toBe(5);
    expect(new Set(low.train.labels)).toEqual(new Set([0, 1, 2, 3, 4]));
    expect(few.train.size).toBe(50);
    expect(few.test!.numClasses).toBe(5);
    // Every 5-9 test digit, relabelled 0-4; the labelled subset depends on its seed only.
    expect(few.test!.size + low.test!.size).toBe(2000);
    expect(Array.from(data.make('mnist-5-9', { labelled: 50, subsetSeed: 3 }).train.labels!)).toEqual(Array.from(few.train.labels!));
    expect(TRUNK).toHaveLength(5);
  });
});

describe('examples/transfer-cartpole.ts', () => {
  it('its TransferHook gives a new DQN the pretrained trunk and syncs the target network', async () => {
    const root = mkdtempSync(join(tmpdir(), 'nl-transfer-cartpole-'));
    const options = { ...DQN_OPTIONS, netArch: [8, 8], learningStarts: 50, trainFreq: 16, gradientSteps: 4, totalTimesteps: 200 };
    const pretrain = await Experiment.create(
      { name: 'pre', env: { id: 'CartPole-v1' }, agent: { id: 'dqn', options }, train: { steps: 200 }, out: join(root, 'pre') },
      { quiet: true },
    );
    await pretrain.run();
    const trunk = readPretrained(join(root, 'pre'), { network: 'qNetwork' });
    const config = parseConfig({ env: { id: 'CartPole-v1', kwargs: { length: 0.75 } }, agent: { id: 'dqn', options }, train: { steps: 200 } });
    const { task } = await buildExperiment(config, { plugins: [definePlugin({ name: 'trunk', transferHooks: [dqnTrunkHook(join(root, 'pre'))] })] });
    const agent = task.model as DqnAgent;
    const online = agent.qNetwork.namedParams();
    for (const layer of ['hidden_1', 'hidden_2']) {
      expect(online[`${layer}/kernel`]!.value.data).toEqual(trunk.layers.find((l) => l.name === layer)!.params['kernel']!.data);
    }
    expect(online['q/kernel']!.value.data).not.toEqual(trunk.layers.find((l) => l.name === 'q')!.params['kernel']!.data);
    const target = agent.targetNetwork.namedParams();
    for (const [name, p] of Object.entries(online)) expect(target[name]!.value.data).toEqual(p.value.data);
  });
});

describe('examples/transfer-table.ts', () => {
  it('computes mean ± sample std and parses seeds', () => {
    expect(meanStd([1, 2, 3])).toEqual({ mean: 2, std: 1 });
    expect(parseSeeds('2-4')).toEqual([2, 3, 4]);
    expect(parseSeeds('0,7')).toEqual([0, 7]);
    expect(formatRows([['a', [1, 3]]], (v) => v.toFixed(1)).split('\n')[2]).toBe('| a     | 2.0 ± 1.4   | 1.0, 3.0');
  });
});
