import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_THRESHOLDS_PATH } from '../../../src/cli/commands/calibrate-command.js';
import { DEFAULT_AUTO_THRESHOLDS_PATH } from '../../../src/di/core-module.js';
import { createContainer } from '../../../src/di/create-container.js';
import { KernelBackend } from '../../../src/di/tokens.js';
import { ConfigError, FileFormatError } from '../../../src/errors.js';
import { buildContainer } from '../../../src/experiment/build-experiment.js';
import { parseConfig } from '../../../src/experiment/config.js';
import { AutoBackend } from '../../../src/kernels/auto/auto-backend.js';
import { writeThresholdsFile, type AutoThresholds } from '../../../src/kernels/auto/auto-thresholds.js';

const CALIBRATED: AutoThresholds = { matmul: [{ from: 4096, backend: 'gpu' }], elementwise: [{ from: 1_000_000, backend: 'gpu' }] };

/** A fresh working folder, with `neuroloop calibrate`'s file at the default place unless told otherwise. */
function workspace(file: 'calibrated' | 'none' | string = 'calibrated'): string {
  const cwd = mkdtempSync(join(tmpdir(), 'nl-auto-'));
  mkdirSync(join(cwd, '.neuroloop'));
  const path = join(cwd, DEFAULT_AUTO_THRESHOLDS_PATH);
  if (file === 'calibrated') writeThresholdsFile(path, CALIBRATED);
  else if (file !== 'none') writeFileSync(path, file);
  return cwd;
}

/** The container's backend (an AutoBackend), disposed after reading its routing table. */
function autoThresholds(options: { cwd: string; autoThresholdsPath?: string | null }): AutoThresholds {
  const backend = createContainer({ seed: 0, backend: 'auto', ...options }).get<KernelBackend>(KernelBackend);
  expect(backend).toBeInstanceOf(AutoBackend);
  const thresholds = (backend as AutoBackend).thresholds;
  backend.dispose?.();
  return thresholds;
}

describe("the container's auto backend loads the calibrated thresholds", () => {
  it('from .neuroloop/auto-thresholds.json in the working folder, where `neuroloop calibrate` saves it', () => {
    expect(DEFAULT_THRESHOLDS_PATH).toBe(DEFAULT_AUTO_THRESHOLDS_PATH);
    expect(autoThresholds({ cwd: workspace() })).toEqual(CALIBRATED);
  });

  it('uses the default routing when there is no file, or when told not to load one', () => {
    const defaults = autoThresholds({ cwd: workspace('none') });
    expect(defaults).not.toEqual(CALIBRATED);
    expect(autoThresholds({ cwd: workspace(), autoThresholdsPath: null })).toEqual(defaults);
  });

  it('takes a configured path relative to the working folder, which must exist', () => {
    const cwd = workspace('none');
    writeThresholdsFile(join(cwd, 'mine.json'), CALIBRATED);
    expect(autoThresholds({ cwd, autoThresholdsPath: 'mine.json' })).toEqual(CALIBRATED);
    expect(() => autoThresholds({ cwd, autoThresholdsPath: 'missing.json' })).toThrow(ConfigError);
    expect(() => autoThresholds({ cwd, autoThresholdsPath: 'missing.json' })).toThrow(/auto backend: the thresholds file .*missing\.json does not exist; run `neuroloop calibrate --out missing\.json`/);
  });

  it('says clearly what is wrong with a malformed file and how to fix it', () => {
    const broken = (text: string) => () => autoThresholds({ cwd: workspace(text) });
    expect(broken('{ not json')).toThrow(FileFormatError);
    expect(broken('{ not json')).toThrow(/auto backend: .*auto-thresholds\.json: the auto-backend thresholds file is not valid JSON .*Run `neuroloop calibrate` again to rewrite it, or delete it/);
    const wrongBackend = JSON.stringify({ format: 'neuroloop-auto-thresholds', version: 1, thresholds: { matmul: [{ from: 1, backend: 'cuda' }] } });
    expect(broken(wrongBackend)).toThrow(/thresholds\.matmul\[0\]\.backend: expected one of the candidate backends \(js, wasm, gpu\), got "cuda"/);
  });

  it("an experiment's container resolves the file against the experiment's working folder", async () => {
    const config = parseConfig({ backend: 'auto', env: { id: 'CartPole-v1' }, agent: { id: 'random' }, train: { steps: 1 } });
    const container = await buildContainer(config, { builtins: false, cwd: workspace() });
    const backend = container.get<KernelBackend>(KernelBackend) as AutoBackend;
    expect(backend.thresholds).toEqual(CALIBRATED);
    backend.dispose();
  });
});
