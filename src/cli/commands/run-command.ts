import type { Command } from 'commander';
import { Experiment } from '../../experiment/experiment.js';
import { summaryLines } from '../cli-format.js';
import type { CliIo } from '../cli-io.js';
import { collect, nonNegativeInt } from '../cli-options.js';
import { loadConfigFile } from '../load-config-file.js';
import { runWithSignals } from '../run-with-signals.js';

/** Exit code of a run stopped with Ctrl-C (128 + SIGINT, as shells report it); an early-stopped run exits 0. */
export const EXIT_STOPPED = 130;

/** `neuroloop run <config.json>`. */
export function registerRunCommand(program: Command, io: CliIo, setExitCode: (code: number) => void): void {
  program
    .command('run')
    .description('run an experiment from a config file into its run folder')
    .argument('<config>', 'experiment config file (JSON)')
    .option('--seed <n>', "override the config's seed", nonNegativeInt)
    .option('--out <dir>', 'run folder (default: the config\'s "out", else runs/<name>/seed-<seed>)')
    .option('--quiet', 'no progress line')
    .option('--force', 'replace a different run already in the run folder')
    .option('--sink <id>', 'attach another sink by id, e.g. csv (repeatable; see `neuroloop list sinks`)', collect, [])
    .addHelpText(
      'after',
      `
Writes <out>/config.json, events.jsonl, timing.jsonl, checkpoints/, curve.svg and summary.json.
Ctrl-C stops at the next step with a checkpoint; continue with \`neuroloop resume <out>\`.

Examples:
  $ neuroloop run examples/q-learning-gridworld.json
  $ neuroloop run examples/random-cartpole.json --seed 7 --out runs/cartpole-7 --sink csv`,
    )
    .action(async (configPath: string, options: { seed?: number; out?: string; quiet?: boolean; force?: boolean; sink: string[] }) => {
      const config = loadConfigFile(configPath, io.cwd, { ...(options.seed === undefined ? {} : { seed: options.seed }), ...(options.out === undefined ? {} : { out: options.out }) });
      const experiment = await Experiment.create(config, {
        cwd: io.cwd,
        force: options.force === true,
        quiet: options.quiet === true,
        sinks: options.sink.map((id) => ({ id })),
      });
      if (options.quiet !== true) io.stderr.write(`running ${config.name} (seed ${config.seed}) into ${experiment.folder.dir}\n`);
      const summary = await runWithSignals(experiment, io);
      io.stdout.write(`${summaryLines(summary, experiment.folder.dir).join('\n')}\n`);
      if (summary.reason === 'stopped' && summary.stopReason === undefined) setExitCode(EXIT_STOPPED);
    });
}
