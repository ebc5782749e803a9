import type { Command } from 'commander';
import { resolve } from 'node:path';
import { evaluateRun } from '../../experiment/evaluate-run.js';
import { formatMetrics, formatNumber, formatReturn } from '../cli-format.js';
import type { CliIo } from '../cli-io.js';
import { nonNegativeInt, positiveInt } from '../cli-options.js';

/** `neuroloop eval <run-dir>`. */
export function registerEvalCommand(program: Command, io: CliIo): void {
  program
    .command('eval')
    .description("evaluate a run's saved agent (latest checkpoint) with greedy episodes")
    .argument('<run-dir>', 'the run folder')
    .option('--episodes <n>', "episodes to run (default: the config's eval.episodes)", positiveInt)
    .option('--seed <n>', 'seed of the first evaluation episode', nonNegativeInt)
    .option('--step <n>', 'evaluate the checkpoint of this step instead of the latest', nonNegativeInt)
    .option('--json', 'print the result as JSON')
    .addHelpText(
      'after',
      `
Example:
  $ neuroloop eval runs/grid/seed-0 --episodes 100`,
    )
    .action(async (runDir: string, options: { episodes?: number; seed?: number; step?: number; json?: boolean }) => {
      const result = await evaluateRun(resolve(io.cwd, runDir), options);
      if (options.json === true) {
        io.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
        return;
      }
      const what =
        result.meanReturn !== undefined
          ? `return ${formatReturn(result.meanReturn, result.stdReturn ?? 0)} over ${result.returns?.length} episodes (min ${formatNumber(Math.min(...result.returns!))}, max ${formatNumber(Math.max(...result.returns!))})`
          : formatMetrics(result.metrics ?? {});
      io.stdout.write(`${result.dir} at step ${result.step} (eval seed ${result.seed}): ${what}\n`);
    });
}
