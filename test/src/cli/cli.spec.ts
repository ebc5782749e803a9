import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CliIo } from '../../../src/cli/cli-io.js';
import { runCli } from '../../../src/cli/run-cli.js';
import { Experiment } from '../../../src/experiment/experiment.js';
import { readThresholdsFile } from '../../../src/kernels/auto/auto-thresholds.js';

/** Runs the CLI in-process in `cwd`; returns the exit code and what it wrote. */
async function cli(args: string[], cwd: string): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = { stdout: { write: (t: string) => (out += t) }, stderr: { write: (t: string) => (err += t) }, cwd };
  const code = await runCli(args, io);
  return { code, out, err };
}

const tiny = { name: 'tiny', env: { id: 'toy/GridWorld-v0' }, agent: { id: 'q-learning' }, train: { steps: 300 }, eval: { every: 100, episodes: 3 }, checkpoint: { every: 100 } };

function workspace(config: object = tiny): string {
  const dir = mkdtempSync(join(tmpdir(), 'nl-cli-'));
  writeFileSync(join(dir, 'exp.json'), JSON.stringify(config));
  return dir;
}

describe('neuroloop CLI (in-process)', () => {
  it('documents every command with an example', async () => {
    const dir = workspace();
    const top = await cli(['--help'], dir);
    expect(top.code).toBe(0);
    for (const command of ['run', 'resume', 'eval', 'sweep', 'list', 'check-env', 'calibrate']) {
      expect(top.out).toContain(command);
      const help = await cli([command, '--help'], dir);
      expect(help.code).toBe(0);
      expect(help.out).toMatch(/Examples?:\n\s+\$ neuroloop /);
    }
  });

  it('runs a config into runs/<name>/seed-<seed>, with --seed moving the folder', async () => {
    const dir = workspace();
    const { code, out } = await cli(['run', 'exp.json', '--quiet', '--seed', '4'], dir);
    expect(code).toBe(0);
    expect(out).toMatch(/^done: 300 steps \(budget\); final eval return .* over 3 episodes\nrun folder: .*runs[\\/]tiny[\\/]seed-4\n$/);
    expect(existsSync(join(dir, 'runs', 'tiny', 'seed-4', 'summary.json'))).toBe(true);
    const again = await cli(['run', 'exp.json', '--quiet', '--seed', '5', '--out', 'runs/tiny/seed-4'], dir);
    expect(again.code).toBe(2);
    expect(again.err).toMatch(/^neuroloop: Output folder .* already holds a different run \(seed: 4 -> 5\)/);
  });

  it('prints config errors without a stack and exits 2; --verbose adds the stack', async () => {
    const dir = workspace({ ...tiny, train: { steps: -5 }, agent: { id: 'q-learning', lr: 1 } });
    const bad = await cli(['run', 'exp.json'], dir);
    expect(bad.code).toBe(2);
    expect(bad.err).toBe('neuroloop: Invalid experiment config exp.json (2 problems):\n  agent.lr: unknown key (allowed: id, options)\n  train.steps: expected a positive integer (environment steps), got -5\n');
    const verbose = await cli(['run', 'exp.json', '--verbose'], dir);
    expect(verbose.err).toMatch(/\n\s+at /);
    const missing = await cli(['run', 'nope.json'], dir);
    expect(missing).toMatchObject({ code: 2, err: 'neuroloop: Cannot read config file nope.json: no such file\n' });
    const unknown = await cli(['run', 'exp.json'], workspace({ ...tiny, agent: { id: 'dqm' } }));
    expect(unknown.err).toMatch(/^neuroloop: agent\.id: Unknown agent id 'dqm'.*Known: ([\w-]+, )*q-learning, ([\w-]+, )*random\b.*\n$/);
    const usage = await cli(['run'], dir);
    expect(usage.code).toBe(2);
    expect(usage.err).toContain("missing required argument 'config'");
  });

  it('resumes a stopped run and evaluates a finished one', async () => {
    const dir = workspace();
    const experiment = await Experiment.create({ ...tiny, out: join(dir, 'run') }, { quiet: true });
    experiment.events$.subscribe((e) => {
      if (e.step >= 150) experiment.stop();
    });
    await experiment.run();
    const resumed = await cli(['resume', 'run', '--quiet'], dir);
    expect(resumed.code).toBe(0);
    expect(resumed.out).toMatch(/^done: 300 steps \(budget\)/);
    const again = await cli(['resume', 'run'], dir);
    expect(again).toMatchObject({ code: 2 });
    expect(again.err).toContain('already finished');
    const evaluated = await cli(['eval', 'run', '--episodes', '7', '--seed', '3', '--json'], dir);
    expect(evaluated.code).toBe(0);
    const result = JSON.parse(evaluated.out) as { step: number; seed: number; returns: number[] };
    expect(result).toMatchObject({ step: 300, seed: 3 });
    expect(result.returns).toHaveLength(7);
    const text = await cli(['eval', 'run', '--episodes', '4'], dir);
    expect(text.out).toMatch(/at step 300 \(eval seed \d+\): return .* over 4 episodes/);
    expect((await cli(['eval', 'run', '--step', '7'], dir)).err).toMatch(/no checkpoint at step 7; it has steps 100, 150, 200, 300/);
  });

  it('sweeps seeds over a grid and prints the table', async () => {
    const dir = workspace({ ...tiny, checkpoint: {} });
    writeFileSync(join(dir, 'grid.json'), JSON.stringify({ 'agent.options.learningRate': [0.1, 0.9] }));
    const { code, out, err } = await cli(['sweep', 'exp.json', '--seeds', '1-2', '--grid', 'grid.json'], dir);
    expect(code).toBe(0);
    expect(err.split('\n').filter((l) => l.startsWith('['))).toHaveLength(4);
    expect(out).toContain('| learningRate-0.9 | 0.9 | 2 |');
    expect(existsSync(join(dir, 'runs', 'tiny-sweep', 'learningRate-0.1', 'seed-2', 'events.jsonl'))).toBe(true);
    const bad = await cli(['sweep', 'exp.json', '--seeds', 'x'], dir);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain("option '--seeds <list>' argument 'x' is invalid. expected a non-negative integer");
  });

  it('lists envs, agents, sinks and backends, with plugins', async () => {
    const dir = workspace();
    expect((await cli(['list', 'envs'], dir)).out).toMatch(/^id\s+max steps\s+solved at\s+description\n(.*\n)*CartPole-v1\s+500\s+475\s+Balance a pole/);
    expect((await cli(['list', 'agents'], dir)).out).toMatch(/q-learning\s+Tabular Q-learning/);
    expect((await cli(['list', 'sinks'], dir)).out).toMatch(/csv\s+.*\ncurve\s+.*\nearly-stopping\s+.*\njsonl\s+.*\nprogress\s+/);
    expect((await cli(['list', 'backends'], dir)).out).toMatch(/^js\s+yes\s*$/m);
    const fixture = join(import.meta.dirname, 'fixtures', 'coin-envs.ts');
    writeFileSync(join(dir, 'plugin.ts'), `import { coinPlugin } from ${JSON.stringify(fixture)};\nexport default coinPlugin;\n`);
    expect((await cli(['list', 'envs', '--plugin', './plugin.ts'], dir)).out).toContain('test/Coin-v0');
    const wrong = await cli(['list', 'things'], dir);
    expect(wrong.code).toBe(2);
    expect(wrong.err).toContain("'things' is invalid for argument 'what'. Allowed choices are envs, agents, data, sinks, backends");
  });

  it('checks a user env class, a plugin, and reports a broken env', async () => {
    const dir = workspace();
    const fixture = join(import.meta.dirname, 'fixtures', 'coin-envs.ts');
    const good = await cli(['check-env', fixture, '--export', 'CoinEnv', '--kwargs', '{"flips":3}'], dir);
    expect(good.code).toBe(0);
    expect(good.out).toMatch(/^CoinEnv: ok \(\d+ rules passed: spaces, reset-return, .*seed-determinism/);
    const plugin = await cli(['check-env', fixture, '--export', 'coinPlugin'], dir);
    expect(plugin.out).toMatch(/^test\/Coin-v0: ok/);
    const broken = await cli(['check-env', fixture, '--export', 'NanRewardEnv'], dir);
    expect(broken.code).toBe(1);
    expect(broken.err).toMatch(/^neuroloop: checkEnv\(NanRewardEnv\) failed rule 'reward-finite': .*NaN/);
    const ambiguous = await cli(['check-env', fixture], dir);
    expect(ambiguous.err).toContain('exports several env-like values (CoinEnv, NanRewardEnv, coinPlugin): choose one with --export');
    expect((await cli(['check-env', fixture, '--export', 'Nope'], dir)).err).toContain("has no export 'Nope'; its exports: CoinEnv, NanRewardEnv, coinPlugin");
  });

  it('calibrates the auto backend and saves a thresholds file it can read back', async () => {
    const dir = workspace();
    const { code, out } = await cli(['calibrate', '--budget-ms', '30', '--out', 'th/auto.json'], dir);
    expect(code).toBe(0);
    // How many sizes fit in the time budget depends on the machine's load; the table has a header
    // and rows of measurements (possibly none), then the thresholds.
    expect(out).toMatch(/^family\s+size\s+backend\s+median ms\n(\w+\s+\d+\s+(js|gpu)\s+[\d.]+\n)*\nthresholds: \{.*\}\n/);
    expect(out).toMatch(/saved to .*th[\\/]auto\.json\n$/);
    const saved = readThresholdsFile(join(dir, 'th', 'auto.json'), ['js', 'gpu']);
    expect(typeof saved).toBe('object');
  });
});
