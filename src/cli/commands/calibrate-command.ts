import type { Command } from 'commander';
import { dirname, resolve } from 'node:path';
import { mkdirSync } from 'node:fs';
import { DEFAULT_AUTO_THRESHOLDS_PATH } from '../../di/core-module.js';
import { calibrate } from '../../kernels/auto/calibrate.js';
import { writeThresholdsFile } from '../../kernels/auto/auto-thresholds.js';
import { createBackend } from '../../kernels/create-backend.js';
import { table } from '../cli-format.js';
import type { CliIo } from '../cli-io.js';
import { positiveInt } from '../cli-options.js';

/** Where `neuroloop calibrate` saves thresholds unless told otherwise (where the `auto` backend looks). */
export const DEFAULT_THRESHOLDS_PATH = DEFAULT_AUTO_THRESHOLDS_PATH;

/** `neuroloop calibrate`. */
export function registerCalibrateCommand(program: Command, io: CliIo): void {
  program
    .command('calibrate')
    .description("measure where gpu.js beats the js kernels on this machine and save the auto backend's thresholds")
    .option('--out <file>', 'thresholds file', DEFAULT_THRESHOLDS_PATH)
    .option('--budget-ms <n>', 'time budget of the measurements', positiveInt, 20_000)
    .addHelpText(
      'after',
      `
Times each kernel family at growing sizes on the js and gpu (webasm) backends and writes the
crossovers as JSON. Experiments with "backend": "auto" load ${DEFAULT_AUTO_THRESHOLDS_PATH}
(relative to the working folder) when it exists; code can use AutoBackend.loadThresholds.

Example:
  $ neuroloop calibrate --out .neuroloop/auto-thresholds.json`,
    )
    .action((options: { out: string; budgetMs: number }) => {
      const backends = { js: createBackend('js'), gpu: createBackend('gpu') };
      const rows: string[][] = [['family', 'size', 'backend', 'median ms']];
      const thresholds = calibrate(backends, {
        budgetMs: options.budgetMs,
        onMeasurement: (m) => rows.push([m.family, String(m.size), m.backend, m.medianMs.toFixed(3)]),
      });
      for (const backend of Object.values(backends)) backend.dispose?.();
      const out = resolve(io.cwd, options.out);
      mkdirSync(dirname(out), { recursive: true });
      writeThresholdsFile(out, thresholds);
      io.stdout.write(`${table(rows)}\n\nthresholds: ${JSON.stringify(thresholds)}\nsaved to ${out}\n`);
    });
}
