import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ConfigError } from '../../errors.js';
import { parseSweepSpec, type SweepSpec } from '../../experiment/sweep-spec.js';
import { runSweep } from '../../experiment/sweep.js';
import { sweepMarkdown } from '../../experiment/sweep-report.js';
import { formatMetrics, formatReturn } from '../cli-format.js';
import type { CliIo } from '../cli-io.js';
import { positiveInt, seedList } from '../cli-options.js';
import { loadConfigFile } from '../load-config-file.js';

/** `neuroloop sweep <config.json> --seeds 1,2,3 [--grid sweep.json]`. */
export function registerSweepCommand(program: Command, io: CliIo): void {
  program
    .command('sweep')
    .description('run a config over several seeds, and over a grid or random sample of hyperparameters')
    .argument('<config>', 'experiment config file (JSON)')
    .requiredOption('--seeds <list>', 'seeds, e.g. 1,2,3 or 1-5', seedList)
    .option('--grid <file>', 'sweep file: { "agent.options.lr": [0.001, 0.003] } or { "random": { "samples", "seed", "params" } }')
    .option('--workers <n>', 'runs at a time on worker threads (default 1: one after another)', positiveInt, 1)
    .option('--out <dir>', 'sweep folder (default runs/<name>-sweep)')
    .option('--force', 'replace different runs in the run folders')
    .addHelpText(
      'after',
      `
Each run goes to <out>/<setting>/seed-<s>/; the final evaluations, averaged over seeds per
setting, go to <out>/sweep-summary.json and sweep-summary.md.

Random search file:
  { "random": { "samples": 8, "seed": 0, "params": {
      "agent.options.learningRate": { "logUniform": [0.01, 1] },
      "agent.options.gamma": { "choice": [0.9, 0.99] } } } }

Examples:
  $ neuroloop sweep examples/q-learning-gridworld.json --seeds 1,2,3
  $ neuroloop sweep examples/q-learning-gridworld.json --seeds 1-4 --grid examples/q-learning-sweep.json --workers 2`,
    )
    .action(async (configPath: string, options: { seeds: number[]; grid?: string; workers: number; out?: string; force?: boolean }) => {
      const config = loadConfigFile(configPath, io.cwd);
      let spec: SweepSpec | undefined;
      if (options.grid !== undefined) {
        let text: string;
        try {
          text = readFileSync(resolve(io.cwd, options.grid), 'utf8');
        } catch (error) {
          throw new ConfigError(`Cannot read sweep file ${options.grid}: ${(error as Error).message}`);
        }
        spec = parseSweepSpec(text, options.grid);
      }
      const out = resolve(io.cwd, options.out ?? `runs/${config.name}-sweep`);
      const summary = await runSweep(config, {
        seeds: options.seeds,
        ...(spec === undefined ? {} : { spec }),
        workers: options.workers,
        out,
        cwd: io.cwd,
        force: options.force === true,
        onRun: (run, done, total) => {
          const { finalEval } = run.summary;
          const result = finalEval.meanReturn !== undefined ? `final return ${formatReturn(finalEval.meanReturn, finalEval.stdReturn ?? 0)}` : formatMetrics(finalEval.metrics ?? {});
          io.stderr.write(`[${done}/${total}] ${run.setting}/seed-${run.seed}: ${result}\n`);
        },
      });
      io.stdout.write(`${sweepMarkdown(summary)}\nsweep folder: ${out} (${join(out, 'sweep-summary.json')})\n`);
    });
}
