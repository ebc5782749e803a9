import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../../..');
const bin = join(root, 'bin', 'neuroloop.js');

/** Runs `node bin/neuroloop.js ...args` in `cwd` as a user would. */
function neuroloop(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], { cwd, env: { ...process.env, CI: '1' } }, (error, stdout, stderr) => {
      resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : 1, stdout, stderr });
    });
  });
}

describe('bin/neuroloop.js in a child process', () => {
  it('runs an example config as is, and fails on a bad one with one line and exit code 2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nl-bin-'));
    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ env: { id: 'CartPole-v1' }, agent: { id: 'random' }, train: { steps: 0 } }));
    // Both at once: most of each is process start-up.
    const [ok, bad] = await Promise.all([
      neuroloop(['run', join(root, 'examples', 'random-cartpole.json'), '--out', 'cartpole', '--quiet'], dir),
      neuroloop(['run', 'bad.json'], dir),
    ]);
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/^done: 10000 steps \(budget\); final eval return [\d.]+ ± [\d.]+ over 10 episodes\nrun folder: .*cartpole\n$/);
    const summary = JSON.parse(readFileSync(join(dir, 'cartpole', 'summary.json'), 'utf8')) as { steps: number; seed: number };
    expect(summary).toMatchObject({ steps: 10000, seed: 0 });
    expect(bad.code).toBe(2);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toBe('neuroloop: Invalid experiment config bad.json (1 problem):\n  train.steps: expected a positive integer (environment steps), got 0\n');
  });
});
