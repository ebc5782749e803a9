import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Metrics } from '../../../src/agent/agent.js';
import { BaseLearner } from '../../../src/agent/base-learner.js';
import type { StateSnapshot } from '../../../src/agent/state-snapshot.js';
import { ContributionProvider } from '../../../src/di/contribution-provider.js';
import { TransferHook } from '../../../src/di/contributions.js';
import { createContainer } from '../../../src/di/create-container.js';
import { definePlugin } from '../../../src/di/plugin.js';
import { ConfigError, ShapeError } from '../../../src/errors.js';
import { Dense, Sequential } from '../../../src/nn/index.js';
import { Rng } from '../../../src/random/rng.js';
import { freeze } from '../../../src/transfer/freeze.js';
import { saveModel } from '../../../src/transfer/model-file.js';
import { applyTransferHooks, hasNetworks, networksOf, pretrainedHook } from '../../../src/transfer/transfer-hooks.js';

/** The smallest learner with a network, exposed through `networks()`. */
class TinyLearner extends BaseLearner {
  readonly network: Sequential;
  constructor(seed: number) {
    super(new Rng(seed));
    this.network = new Sequential([new Dense(3, { name: 'trunk' }), new Dense(2, { name: 'head' })]);
    this.network.build([4], new Rng(seed).child('init'));
  }
  networks() {
    return { network: this.network };
  }
  evaluate(): Metrics {
    return {};
  }
  protected train(): Metrics {
    return { loss: 0 };
  }
  protected getModelState(): StateSnapshot {
    return { json: {}, tensors: {} };
  }
  protected setModelState(): void {}
}

/** A test plugin whose hook zeroes the head of every network and freezes the trunk. */
const zeroHeadPlugin = definePlugin({
  name: 'test/zero-head',
  transferHooks: [
    {
      name: 'zero-head',
      apply: ({ model }) => {
        const network = networksOf(model)['network'];
        if (network === undefined) return;
        for (const [path, p] of Object.entries(network.namedParams())) if (path.startsWith('head/')) p.value.data.fill(0);
        freeze(network, ['trunk']);
      },
    },
  ],
});

describe('transfer hooks', () => {
  it('a plugin hook bound in the container changes the weights before training', () => {
    const container = createContainer({ seed: 0, plugins: [zeroHeadPlugin] });
    const hooks = container.get<ContributionProvider<TransferHook>>(ContributionProvider, { name: TransferHook }).getContributions();
    expect(hooks.map((h) => h.name)).toEqual(['zero-head']);
    const learner = new TinyLearner(1);
    const trunkBefore = Array.from(learner.network.namedParams()['trunk/kernel']!.value.data);
    expect(learner.network.namedParams()['head/kernel']!.value.data.some((v) => v !== 0)).toBe(true);
    applyTransferHooks(learner, { agentId: 'tiny' }, hooks);
    expect(Array.from(learner.network.namedParams()['head/kernel']!.value.data)).toEqual([0, 0, 0, 0, 0, 0]);
    expect(Array.from(learner.network.namedParams()['trunk/kernel']!.value.data)).toEqual(trunkBefore);
    expect(learner.network.countParams()).toEqual({ trainable: 8, frozen: 15 });
  });

  it('runs hooks in order and names the failing hook and agent', () => {
    const calls: string[] = [];
    const learner = new TinyLearner(2);
    applyTransferHooks(learner, { agentId: 'tiny' }, [
      { name: 'a', apply: ({ agentId }) => calls.push(`a:${agentId}`) },
      { name: 'b', apply: ({ model }) => calls.push(`b:${Object.keys(networksOf(model)).join()}`) },
    ]);
    expect(calls).toEqual(['a:tiny', 'b:network']);
    const failing = { name: 'bad-shape', apply: () => { throw new ShapeError('weights [3] vs [2]'); } };
    expect(() => applyTransferHooks(learner, { agentId: 'tiny' }, [failing])).toThrow(ShapeError);
    expect(() => applyTransferHooks(learner, { agentId: 'tiny' }, [failing])).toThrow("transfer hook 'bad-shape' on agent 'tiny': weights [3] vs [2]");
  });

  it('networksOf is empty for models without networks', () => {
    expect(hasNetworks({})).toBe(false);
    expect(networksOf({ act: () => 0 })).toEqual({});
    expect(Object.keys(networksOf(new TinyLearner(3)))).toEqual(['network']);
  });

  it('pretrainedHook loads a saved model into the named network', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nl-hook-'));
    const source = new TinyLearner(4);
    saveModel(join(dir, 'model'), source.network);
    const learner = new TinyLearner(5);
    applyTransferHooks(learner, { agentId: 'tiny' }, [pretrainedHook({ from: join(dir, 'model'), layers: ['trunk'], freeze: true })]);
    expect(learner.network.namedParams()['trunk/bias']!.value.data).toEqual(source.network.namedParams()['trunk/bias']!.value.data);
    expect(learner.network.getLayer('trunk').trainable).toBe(false);
    expect(learner.network.namedParams()['head/kernel']!.value.data).not.toEqual(source.network.namedParams()['head/kernel']!.value.data);
    const strict = pretrainedHook({ agentId: 'tiny', target: 'policy', from: join(dir, 'model') });
    expect(() => applyTransferHooks(learner, { agentId: 'tiny' }, [strict])).toThrow(ConfigError);
    expect(() => applyTransferHooks(learner, { agentId: 'tiny' }, [strict])).toThrow(/agent 'tiny' has no network 'policy' \(networks: network\)/);
    // Hooks for another agent id leave this one alone.
    expect(() => applyTransferHooks(learner, { agentId: 'other' }, [strict])).not.toThrow();
  });
});
