import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/experiment/config.js';
import { aggregateSweep, meanStd, sweepMarkdown, type SweepRun } from '../../../src/experiment/sweep-report.js';
import { expandSweep, parseSweepSpec, setPath, settingName } from '../../../src/experiment/sweep-spec.js';
import { runSweep } from '../../../src/experiment/sweep.js';

describe('sweep specs', () => {
  it('expands a bare grid as a cartesian product, last path fastest', () => {
    const spec = parseSweepSpec('{"agent.options.learningRate": [0.1, 0.5], "agent.options.gamma": [0.9, 0.99]}');
    expect(expandSweep(spec)).toEqual([
      { name: 'learningRate-0.1_gamma-0.9', params: { 'agent.options.learningRate': 0.1, 'agent.options.gamma': 0.9 } },
      { name: 'learningRate-0.1_gamma-0.99', params: { 'agent.options.learningRate': 0.1, 'agent.options.gamma': 0.99 } },
      { name: 'learningRate-0.5_gamma-0.9', params: { 'agent.options.learningRate': 0.5, 'agent.options.gamma': 0.9 } },
      { name: 'learningRate-0.5_gamma-0.99', params: { 'agent.options.learningRate': 0.5, 'agent.options.gamma': 0.99 } },
    ]);
    expect(expandSweep(undefined)).toEqual([{ name: 'base', params: {} }]);
  });

  it('draws a seeded random search reproducibly, within bounds', () => {
    const spec = parseSweepSpec({ random: { samples: 20, seed: 4, params: { 'agent.options.lr': { logUniform: [1e-4, 1e-2] }, 'agent.options.n': { int: [1, 3] }, 'agent.options.act': { choice: ['relu', 'tanh'] } } } });
    const a = expandSweep(spec);
    expect(expandSweep(spec)).toEqual(a);
    expect(a).toHaveLength(20);
    for (const { params } of a) {
      expect(params['agent.options.lr']).toBeGreaterThanOrEqual(1e-4);
      expect(params['agent.options.lr']).toBeLessThan(1e-2);
      expect([1, 2, 3]).toContain(params['agent.options.n']);
      expect(['relu', 'tanh']).toContain(params['agent.options.act']);
    }
    expect(new Set(a.map((s) => s.name)).size).toBe(20);
    const other = expandSweep(parseSweepSpec({ random: { samples: 20, seed: 5, params: { 'agent.options.lr': { uniform: [0, 1] } } } }));
    expect(other[0]!.params).not.toEqual(a[0]!.params);
  });

  it('names clashing last segments by their full path, and numbers repeated settings', () => {
    expect(settingName({ 'agent.options.lr': 0.001, 'data.options.lr': 2 })).toBe('agent.options.lr-0.001_data.options.lr-2');
    const repeated = expandSweep({ grid: { 'agent.options.x': [1, 1] } });
    expect(repeated.map((s) => s.name)).toEqual(['0_x-1', '1_x-1']);
  });

  it('reports every problem of a bad spec', () => {
    expect(() => parseSweepSpec({ lr: [1] })).toThrow(/lr: expected a dotted config path such as "agent\.options\.lr", got "lr"/);
    expect(() => parseSweepSpec({ grid: { 'a.b': [] } })).toThrow(/grid\["a\.b"\]: expected at least one value/);
    expect(() => parseSweepSpec({ random: { samples: 2, params: { 'a.b': { uniform: [2, 1] } } } })).toThrow(/random\.params\["a\.b"\]\.uniform: expected finite \[low, high\] with low <= high/);
    expect(() => parseSweepSpec('{')).toThrow(/not valid JSON/);
  });

  it('sets dotted paths on a copy', () => {
    const base = { agent: { id: 'q', options: { lr: 1 } } };
    expect(setPath(base, 'agent.options.lr', 2)).toEqual({ agent: { id: 'q', options: { lr: 2 } } });
    expect(base.agent.options.lr).toBe(1);
    expect(setPath({}, 'env.kwargs.slippery', true)).toEqual({ env: { kwargs: { slippery: true } } });
    expect(() => setPath(base, 'agent.id.x', 1)).toThrow(/cannot set agent\.id\.x: agent\.id is "q", not an object/);
  });
});

describe('sweep reports', () => {
  const run = (setting: string, seed: number, meanReturn: number, solvedAtStep: number | null): SweepRun => ({
    setting,
    params: { 'agent.options.lr': setting === 'a' ? 0.1 : 0.5 },
    seed,
    dir: `/x/${setting}/seed-${seed}`,
    summary: { name: 'n', seed, steps: 100, reason: 'budget', finalEval: { meanReturn, stdReturn: 0, episodes: 5 }, solvedAtStep, wallSeconds: 1 },
  });

  it('aggregates mean and population std per setting and renders a table', () => {
    const summary = aggregateSweep('n', [1, 2], [run('a', 2, 3, null), run('b', 1, 10, 50), run('a', 1, 1, 20), run('b', 2, 10, 60)]);
    expect(summary.settings.map((s) => [s.name, s.seeds, s.finalReturn, s.solved])).toEqual([
      ['a', [1, 2], { mean: 2, std: 1 }, 1],
      ['b', [1, 2], { mean: 10, std: 0 }, 2],
    ]);
    expect(sweepMarkdown(summary)).toBe(
      [
        '# Sweep n',
        '',
        'Seeds: 1, 2',
        '',
        '| setting | agent.options.lr | seeds | final return | solved | mean steps |',
        '| --- | --- | --- | --- | --- | --- |',
        '| a | 0.1 | 2 | 2 ± 1 | 1/2 | 100 |',
        '| b | 0.5 | 2 | **10 ± 0** | 2/2 | 100 |',
        '',
      ].join('\n'),
    );
    expect(meanStd([])).toEqual({ mean: Number.NaN, std: Number.NaN });
  });
});

describe('runSweep', () => {
  const config = (root: string) =>
    parseConfig({ name: 'grid', env: { id: 'toy/GridWorld-v0' }, agent: { id: 'q-learning', options: { explorationSteps: 300 } }, train: { steps: 600 }, eval: { episodes: 3 } }, { baseDir: root });
  const spec = parseSweepSpec({ 'agent.options.learningRate': [0.1, 0.5] });

  it('runs every setting and seed in its own folder and aggregates them', async () => {
    const root = mkdtempSync(join(tmpdir(), 'nl-sweep-'));
    const seen: string[] = [];
    const summary = await runSweep(config(root), { seeds: [1, 2], spec, cwd: root, onRun: (r, done, total) => seen.push(`${r.setting}/${r.seed} ${done}/${total}`) });
    expect(seen).toEqual(['learningRate-0.1/1 1/4', 'learningRate-0.1/2 2/4', 'learningRate-0.5/1 3/4', 'learningRate-0.5/2 4/4']);
    const out = join(root, 'runs', 'grid-sweep');
    for (const dir of ['learningRate-0.1/seed-1', 'learningRate-0.5/seed-2']) expect(existsSync(join(out, dir, 'summary.json'))).toBe(true);
    const stored = JSON.parse(readFileSync(join(out, 'learningRate-0.5', 'seed-2', 'config.json'), 'utf8')) as { seed: number; agent: { options: Record<string, unknown> } };
    expect(stored.seed).toBe(2);
    expect(stored.agent.options).toEqual({ explorationSteps: 300, learningRate: 0.5 });
    expect(JSON.parse(readFileSync(join(out, 'sweep-summary.json'), 'utf8'))).toEqual(JSON.parse(JSON.stringify(summary)));
    expect(readFileSync(join(out, 'sweep-summary.md'), 'utf8')).toContain('| learningRate-0.5 | 0.5 | 2 |');
  });

  it('gives the same runs on worker threads', async () => {
    const root = mkdtempSync(join(tmpdir(), 'nl-sweep-'));
    const one = parseSweepSpec({ 'agent.options.learningRate': [0.5] });
    const sequential = await runSweep(config(root), { seeds: [1, 2], spec: one, cwd: root, out: 'seq' });
    const threaded = await runSweep(config(root), { seeds: [1, 2], spec: one, cwd: root, out: 'par', workers: 2 });
    expect(threaded.settings.map((s) => s.finalReturn)).toEqual(sequential.settings.map((s) => s.finalReturn));
    for (const seed of [1, 2]) {
      const events = (dir: string) => readFileSync(join(root, dir, 'learningRate-0.5', `seed-${seed}`, 'events.jsonl'));
      expect(events('par').equals(events('seq'))).toBe(true);
    }
  });

  it('validates every setting before running any', async () => {
    const root = mkdtempSync(join(tmpdir(), 'nl-sweep-'));
    const bad = parseSweepSpec({ 'train.steps': [100, -1] });
    await expect(runSweep(config(root), { seeds: [1], spec: bad, cwd: root })).rejects.toThrow(/for sweep setting steps--1.*\n\s+train\.steps: expected a positive integer/);
    expect(existsSync(join(root, 'runs', 'grid-sweep', 'steps-100'))).toBe(false);
    await expect(runSweep(config(root), { seeds: [1, 1], cwd: root })).rejects.toThrow(/seeds must be distinct/);
  });
});
