import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Wrapper } from '../../../src/env/wrappers/wrapper.js';
import { buildExperiment } from '../../../src/experiment/build-experiment.js';
import { parseConfig } from '../../../src/experiment/config.js';
import { EpisodeReplayEnv } from '../../../src/experiment/episode-replay-env.js';
import { isStatefulEnv } from '../../../src/loop/env-driver.js';

const linePlugin = join(import.meta.dirname, '..', 'di', 'fixtures', 'corridor-plugin.ts');

describe('buildTask: the training env checkpoints its own state when it can', () => {
  it('uses a built-in env (and its wrappers) as is: their native state', async () => {
    const { task } = await buildExperiment(parseConfig({ env: { id: 'CartPole-v1' }, agent: { id: 'random' }, train: { steps: 10 } }));
    if (task.kind !== 'env') throw new Error('expected an env task');
    expect(task.env).not.toBeInstanceOf(EpisodeReplayEnv);
    const env = task.env;
    if (!isStatefulEnv(env)) throw new Error('expected a stateful env');
    task.env.reset({ seed: 1 });
    expect(env.getState()).toMatchObject({ kind: 'OrderEnforcing', env: { kind: 'TimeLimit', env: { kind: 'CartPole' } } });
  });

  it('falls back to replay for a user env without getState/setState', async () => {
    const config = parseConfig({ env: { id: 'test/Line-v0' }, agent: { id: 'always-right' }, train: { steps: 10 }, plugins: [linePlugin] });
    const { task } = await buildExperiment(config);
    if (task.kind !== 'env') throw new Error('expected an env task');
    expect(task.env).toBeInstanceOf(EpisodeReplayEnv);
    expect(isStatefulEnv((task.env as Wrapper).env)).toBe(false);
    task.env.reset({ seed: 2 });
    task.env.step(1);
    expect((task.env as EpisodeReplayEnv<unknown, unknown>).getState()).toEqual({ start: { seed: 2 }, actions: [1] });
  });
});
