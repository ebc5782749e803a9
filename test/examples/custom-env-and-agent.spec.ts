import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { checkEnv } from '../../src/env/check-env.js';
import { parseConfig } from '../../src/experiment/config.js';
import { Experiment } from '../../src/experiment/experiment.js';
import { BanditEnv, main } from '../../examples/custom-env-and-agent.js';

describe('examples/custom-env-and-agent.ts', () => {
  it('defines a contract-abiding env and learns the best arm', async () => {
    expect(checkEnv(new BanditEnv({ means: [0, 1], noise: 1 })).passed).toContain('seed-determinism');
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    const out = join(mkdtempSync(join(tmpdir(), 'nl-example-')), 'bandit');
    const summary = await main(out, 2000);
    log.mockRestore();
    // The best arm pays 0.9 on average; greedy evaluation finds it and stops at the target.
    expect(summary.reason).toBe('solved');
    expect(summary.finalEval.meanReturn).toBeGreaterThan(0.85);
    expect(JSON.parse(readFileSync(join(out, 'config.json'), 'utf8'))).toMatchObject({ env: { id: 'example/Bandit-v0' }, agent: { id: 'example/epsilon-greedy' } });
  });
});

describe('examples/*.json', () => {
  it('are valid configs; the q-learning one solves its grid world', async () => {
    const dir = join(import.meta.dirname, '../../examples');
    const cartpole = parseConfig(readFileSync(join(dir, 'random-cartpole.json'), 'utf8'), { source: 'random-cartpole.json' });
    expect(cartpole.agent.id).toBe('random');
    const grid = parseConfig(readFileSync(join(dir, 'q-learning-gridworld.json'), 'utf8'), { source: 'q-learning-gridworld.json' });
    const experiment = await Experiment.create({ ...grid, out: join(mkdtempSync(join(tmpdir(), 'nl-example-')), 'grid') }, { quiet: true });
    const summary = await experiment.run();
    expect(summary.reason).toBe('solved');
    expect(summary.solvedAtStep).toBeLessThanOrEqual(40000);
  });
});
