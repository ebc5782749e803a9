import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/errors.js';
import type { ExperimentConfigInput } from '../../../src/experiment/config.js';
import { Experiment } from '../../../src/experiment/experiment.js';
import { readEvents } from '../../../src/experiment/run-recorder.js';
import meanLearnerPlugin, { TRUE_MEAN } from './fixtures/mean-learner-plugin.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'nl-exp-'));

const gridConfig = (out: string, seed = 3) => ({
  name: 'grid',
  seed,
  env: { id: 'toy/GridWorld-v0', kwargs: { slippery: true } },
  agent: { id: 'q-learning', options: { explorationSteps: 2000 } },
  train: { steps: 4000 },
  eval: { every: 1000, episodes: 5 },
  checkpoint: { every: 1000 },
  out,
});

/** Runs a config to the end (quietly) and returns its folder. */
async function runToEnd(config: ExperimentConfigInput): Promise<string> {
  const experiment = await Experiment.create(config, { quiet: true });
  await experiment.run();
  return experiment.folder.dir;
}

const bytes = (dir: string, file: string) => readFileSync(join(dir, file));

/** Every checkpoint's tensors.bin, by step folder name. */
function weights(dir: string): Record<string, Buffer> {
  const root = join(dir, 'checkpoints');
  return Object.fromEntries(readdirSync(root).map((name) => [name, readFileSync(join(root, name, 'tensors.bin'))]));
}

describe('Experiment determinism', () => {
  it('q-learning: the same config and seed give byte-identical events and weights', async () => {
    const root = tmp();
    const a = await runToEnd(gridConfig(join(root, 'a')));
    const b = await runToEnd(gridConfig(join(root, 'b')));
    expect(bytes(a, 'events.jsonl').equals(bytes(b, 'events.jsonl'))).toBe(true);
    expect(Object.keys(weights(a)).sort()).toEqual(['step-1000', 'step-2000', 'step-3000', 'step-4000']);
    // One checkpoint event per checkpoint: the periodic one at the last step is also the final one.
    expect(readEvents(join(a, 'events.jsonl')).filter((e) => e.type === 'checkpoint').map((e) => e.step)).toEqual([1000, 2000, 3000, 4000]);
    expect(weights(a)).toEqual(weights(b));
    expect(bytes(a, 'curve.svg').equals(bytes(b, 'curve.svg'))).toBe(true);
    const summary = JSON.parse(bytes(a, 'summary.json').toString()) as Record<string, unknown>;
    expect(summary).toMatchObject({ name: 'grid', seed: 3, steps: 4000, reason: 'budget', solvedAtStep: null, finalEval: { episodes: 5 } });
    // A different seed is a different run (the comparison above can fail).
    const c = await runToEnd(gridConfig(join(root, 'c'), 4));
    expect(bytes(a, 'events.jsonl').equals(bytes(c, 'events.jsonl'))).toBe(false);
  });

  it('random agent on CartPole: same seed, same events; the run folder has every file', async () => {
    const config = (out: string) => ({ seed: 11, env: { id: 'CartPole-v1' }, agent: { id: 'random' }, train: { steps: 1500 }, eval: { every: 500, episodes: 3 }, out });
    const root = tmp();
    const a = await runToEnd(config(join(root, 'a')));
    const b = await runToEnd(config(join(root, 'b')));
    expect(bytes(a, 'events.jsonl').equals(bytes(b, 'events.jsonl'))).toBe(true);
    expect(readdirSync(a).sort()).toEqual(['checkpoints', 'config.json', 'curve.svg', 'events.jsonl', 'summary.json', 'timing.jsonl']);
    const events = readEvents(join(a, 'events.jsonl'));
    expect(events.filter((e) => e.type === 'eval').map((e) => e.step)).toEqual([500, 1000, 1500]);
    expect(events.at(-2)).toEqual({ type: 'checkpoint', step: 1500, path: 'checkpoints/step-1500' });
    expect(events.at(-1)).toEqual({ type: 'done', step: 1500, reason: 'budget' });
    expect(events.filter((e) => e.type === 'episode').every((e) => e.return === e.length)).toBe(true);
  });
});

describe('Experiment.resume', () => {
  it('continues a stopped run exactly: events and weights equal an uninterrupted run', async () => {
    const root = tmp();
    const whole = await runToEnd(gridConfig(join(root, 'whole')));
    const first = await Experiment.create(gridConfig(join(root, 'parts')), { quiet: true });
    first.events$.subscribe((e) => {
      if (e.step >= 2345) first.stop();
    });
    const stopped = await first.run();
    expect(stopped).toMatchObject({ reason: 'stopped', steps: 2345 });
    const second = await Experiment.resume(first.folder.dir, { quiet: true });
    expect(second.previousEvents.at(-1)).toMatchObject({ type: 'update', step: 2345 });
    const summary = await second.run();
    expect(summary).toMatchObject({ reason: 'budget', steps: 4000 });
    expect(bytes(first.folder.dir, 'events.jsonl').equals(bytes(whole, 'events.jsonl'))).toBe(true);
    const parts = weights(first.folder.dir);
    for (const [name, bin] of Object.entries(weights(whole))) expect(parts[name]!.equals(bin)).toBe(true);
    expect(Object.keys(parts)).toContain('step-2345');
    expect(bytes(first.folder.dir, 'curve.svg').equals(bytes(whole, 'curve.svg'))).toBe(true);
  });

  it('refuses a finished run and restarts a run that has no checkpoint yet', async () => {
    const root = tmp();
    const done = await runToEnd(gridConfig(join(root, 'done')));
    await expect(Experiment.resume(done)).rejects.toThrow(/already finished \(summary\.json says budget at step 4000\)/);
    const config = { ...gridConfig(join(root, 'early')), checkpoint: {} };
    const early = await Experiment.create(config, { quiet: true });
    early.events$.subscribe((e) => {
      if (e.step >= 100) early.stop();
    });
    await early.run();
    const reference = await runToEnd({ ...config, out: join(root, 'reference') });
    // The stop wrote the only checkpoint (off schedule); resuming from it still ends identical.
    const resumed = await Experiment.resume(early.folder.dir, { quiet: true });
    await resumed.run();
    expect(bytes(early.folder.dir, 'events.jsonl').equals(bytes(reference, 'events.jsonl'))).toBe(true);
    await expect(Experiment.resume(join(root, 'nothing'))).rejects.toThrow(/not a neuroloop run folder/);
  });
});

describe('Experiment sinks from the config', () => {
  it('an early-stopping sink made by id ends the run with its reason; the run counts as finished', async () => {
    const root = tmp();
    const config = { ...gridConfig(join(root, 'early')), sinks: [{ id: 'early-stopping', options: { threshold: 0 } }] };
    const experiment = await Experiment.create(config, { quiet: true });
    const summary = await experiment.run();
    expect(summary).toMatchObject({ reason: 'stopped', steps: 1000, stopReason: expect.stringMatching(/^meanReturn \S+ reached 0 at step 1000$/) });
    const events = readEvents(join(experiment.folder.dir, 'events.jsonl'));
    // Stopped at the next step boundary after the eval: the periodic checkpoint is the final one.
    expect(events.slice(-3).map((e) => [e.type, e.step])).toEqual([['eval', 1000], ['checkpoint', 1000], ['done', 1000]]);
    expect(JSON.parse(bytes(experiment.folder.dir, 'config.json').toString()).sinks).toEqual(config.sinks);
    await expect(Experiment.resume(experiment.folder.dir)).rejects.toThrow(/already finished \(summary\.json says stopped at step 1000 \(meanReturn .* reached 0 at step 1000\)\)/);
  });

  it('checks sink ids and options before writing anything', async () => {
    const out = join(tmp(), 'x');
    await expect(Experiment.create({ ...gridConfig(out), sinks: [{ id: 'early-stoping' }] })).rejects.toThrow(/sinks\[0\]: Unknown sink id 'early-stoping'\. Did you mean 'early-stopping'\?/);
    await expect(Experiment.create({ ...gridConfig(out), sinks: [{ id: 'early-stopping', options: { patiense: 3 } }] })).rejects.toThrow(
      /sinks\[0\]: sink 'early-stopping': unknown option 'patiense'\. Did you mean 'patience'\?/,
    );
    expect(existsSync(out)).toBe(false);
  });
});

describe('Experiment.create errors', () => {
  const base = (out: string) => ({ env: { id: 'toy/GridWorld-v0' }, agent: { id: 'q-learning' }, train: { steps: 10 }, out });

  it('names the config field and lists known ids, writing nothing', async () => {
    const root = tmp();
    const out = join(root, 'x');
    await expect(Experiment.create({ ...base(out), agent: { id: 'q-lerning' } })).rejects.toThrow(
      // Other built-in agents may sit between these in the sorted list.
      /agent\.id: Unknown agent id 'q-lerning'\. Did you mean 'q-learning'\? Known: ([\w-]+, )*q-learning, ([\w-]+, )*random\b/,
    );
    await expect(Experiment.create({ ...base(out), env: { id: 'CartPole-v7' } })).rejects.toThrow(/env\.id: Unknown env id 'CartPole-v7'\. Did you mean 'CartPole-v1'\?/);
    await expect(Experiment.create({ ...base(out), agent: { id: 'q-learning', options: { lr: 0.1 } } })).rejects.toThrow(/agent\.options: agent 'q-learning': unknown option 'lr'/);
    await expect(Experiment.create({ ...base(out), env: { id: 'toy/GridWorld-v0', kwargs: { slipery: true } } })).rejects.toThrow(/env\.kwargs: .*unknown kwarg 'slipery'/);
    await expect(Experiment.create({ ...base(out), backend: 'tpu' })).rejects.toThrow(/backend: Unknown kernel backend 'tpu'; known backends: js, wasm, wasm:threads, gpu/);
    await expect(Experiment.create({ ...base(out), plugins: ['./nope.js'] })).rejects.toThrow(/plugins\[0\]: Could not load plugin module/);
    await expect(Experiment.create({ ...base(out), train: { steps: -1 } })).rejects.toThrow(ConfigError);
    await expect(Experiment.create(base(out), { sinks: [{ id: 'cvs' }] })).rejects.toThrow(/sinks: Unknown sink id 'cvs'\. Did you mean 'csv'\?/);
    expect(existsSync(out)).toBe(false);
  });

  it('refuses an out folder holding a different run unless forced', async () => {
    const out = join(tmp(), 'run');
    await runToEnd(base(out));
    await expect(Experiment.create({ ...base(out), seed: 9 })).rejects.toThrow(/already holds a different run \(seed: 0 -> 9\)/);
    const forced = await Experiment.create({ ...base(out), seed: 9 }, { force: true, quiet: true });
    expect(forced.config.seed).toBe(9);
  });
});

describe('Experiment with a learner (fit) from a config plugin', () => {
  const config = (out: string) => ({
    seed: 5,
    data: { id: 'test/samples', options: { size: 40 } },
    agent: { id: 'test/mean', options: { lr: 0.2 } },
    train: { epochs: 6, batchSize: 8 },
    eval: { every: 10 },
    checkpoint: { every: 7 },
    plugins: [join(import.meta.dirname, 'fixtures', 'mean-learner-plugin.ts')],
    out,
  });

  it('trains, evaluates, reports metrics and resumes exactly', async () => {
    const root = tmp();
    const whole = await Experiment.create(config(join(root, 'whole')), { quiet: true, sinks: [{ id: 'csv' }] });
    const summary = await whole.run();
    expect(summary.steps).toBe(30);
    expect(summary.finalEval.metrics!['error']).toBeLessThan(0.5);
    expect(summary.finalEval.metrics!['size']).toBe(40);
    expect(readFileSync(join(whole.folder.dir, 'updates.csv'), 'utf8').split('\n')[0]).toBe('step,updates,epoch,loss');
    const parts = await Experiment.create(config(join(root, 'parts')), { quiet: true });
    parts.events$.subscribe((e) => {
      if (e.step >= 16) parts.stop();
    });
    await parts.run();
    await (await Experiment.resume(parts.folder.dir, { quiet: true })).run();
    expect(bytes(parts.folder.dir, 'events.jsonl').equals(bytes(whole.folder.dir, 'events.jsonl'))).toBe(true);
    expect(weights(parts.folder.dir)['step-30']!.equals(weights(whole.folder.dir)['step-30']!)).toBe(true);
    expect(TRUE_MEAN).toBe(3);
  });

  it('takes plugins passed in code as well', async () => {
    const experiment = await Experiment.create({ ...config(join(tmp(), 'p')), plugins: [] }, { quiet: true, plugins: [meanLearnerPlugin] });
    expect((await experiment.run()).steps).toBe(30);
  });
});
