import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, FileFormatError } from '../../../src/errors.js';
import { parseConfig } from '../../../src/experiment/config.js';
import { RunFolder } from '../../../src/experiment/run-folder.js';

const base = { env: { id: 'toy/GridWorld-v0' }, agent: { id: 'q-learning' }, train: { steps: 100 }, out: 'run' };
const version = (JSON.parse(readFileSync(join(import.meta.dirname, '../../../package.json'), 'utf8')) as { version: string }).version;

describe('RunFolder', () => {
  it('writes the resolved config with the package version, as a valid config file', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'nl-run-'));
    const folder = RunFolder.create(parseConfig(base), { cwd });
    expect(folder.dir).toBe(join(cwd, 'run'));
    const stored = JSON.parse(readFileSync(folder.configPath, 'utf8')) as Record<string, unknown>;
    expect(stored['neuroloopVersion']).toBe(version);
    expect(stored['eval']).toEqual({ episodes: 10 });
    expect(RunFolder.open(folder.dir).config).toEqual(stored);
  });

  it('refuses a folder holding a different run, naming the difference, unless forced', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'nl-run-'));
    RunFolder.create(parseConfig(base), { cwd });
    const other = parseConfig({ ...base, seed: 2 });
    expect(() => RunFolder.create(other, { cwd })).toThrow(ConfigError);
    expect(() => RunFolder.create(other, { cwd })).toThrow(/already holds a different run \(seed: 0 -> 2\).*--force/);
    const forced = RunFolder.create(other, { cwd, force: true });
    expect(forced.config.seed).toBe(2);
  });

  it('starts a run of the same config over, clearing old results and checkpoints', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'nl-run-'));
    const folder = RunFolder.create(parseConfig(base), { cwd });
    writeFileSync(folder.summaryPath, '{}');
    mkdirSync(folder.checkpointDir(50), { recursive: true });
    writeFileSync(join(folder.dir, 'notes.txt'), 'mine');
    RunFolder.create(parseConfig(base), { cwd });
    expect(existsSync(folder.summaryPath)).toBe(false);
    expect(existsSync(folder.checkpointsDir)).toBe(false);
    expect(readFileSync(join(folder.dir, 'notes.txt'), 'utf8')).toBe('mine');
  });

  it('refuses a non-empty folder that is not a run', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'nl-run-'));
    mkdirSync(join(cwd, 'run'));
    writeFileSync(join(cwd, 'run', 'thesis.tex'), '');
    expect(() => RunFolder.create(parseConfig(base), { cwd })).toThrow(/is not empty and holds no neuroloop run/);
  });

  it('opens only real run folders and round-trips the summary', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'nl-run-'));
    expect(() => RunFolder.open(cwd)).toThrow(FileFormatError);
    const folder = RunFolder.create(parseConfig(base), { cwd });
    expect(folder.readSummary()).toBeNull();
    const summary = { name: 'experiment', seed: 0, steps: 100, reason: 'budget' as const, finalEval: { meanReturn: 1, stdReturn: 0, episodes: 10 }, solvedAtStep: null, wallSeconds: 0.5 };
    folder.writeSummary(summary);
    expect(folder.readSummary()).toEqual(summary);
  });
});
