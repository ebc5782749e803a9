import type { Command } from 'commander';
import { resolve } from 'node:path';
import { Experiment } from '../../experiment/experiment.js';
import { summaryLines } from '../cli-format.js';
import type { CliIo } from '../cli-io.js';
import { collect } from '../cli-options.js';
import { runWithSignals } from '../run-with-signals.js';
import { EXIT_STOPPED } from './run-command.js';

/** `neuroloop resume <run-dir>`. */
export function registerResumeCommand(program: Command, io: CliIo, setExitCode: (code: number) => void): void {
  program
    .command('resume')
    .description('continue a stopped or crashed run from its last checkpoint')
    .argument('<run-dir>', 'the run folder (holds config.json and checkpoints/)')
    .option('--quiet', 'no progress line')
    .option('--sink <id>', 'attach another sink by id (repeatable)', collect, [])
    .addHelpText(
      'after',
      `
The resumed run ends with the same events.jsonl and weights as a run that never stopped.

Example:
  $ neuroloop resume runs/grid/seed-0`,
    )
    .action(async (runDir: string, options: { quiet?: boolean; sink: string[] }) => {
      const experiment = await Experiment.resume(resolve(io.cwd, runDir), { quiet: options.quiet === true, sinks: options.sink.map((id) => ({ id })) });
      const from = experiment.previousEvents.at(-1)?.step ?? 0;
      if (options.quiet !== true) io.stderr.write(`resuming ${experiment.folder.dir} from step ${from}\n`);
      const summary = await runWithSignals(experiment, io);
      io.stdout.write(`${summaryLines(summary, experiment.folder.dir).join('\n')}\n`);
      if (summary.reason === 'stopped' && summary.stopReason === undefined) setExitCode(EXIT_STOPPED);
    });
}
