import { Command, CommanderError } from 'commander';
import { ConfigError, FileFormatError, NeuroloopError } from '../errors.js';
import { packageVersion } from '../experiment/package-version.js';
import type { CliIo } from './cli-io.js';
import { registerCalibrateCommand } from './commands/calibrate-command.js';
import { registerCheckEnvCommand } from './commands/check-env-command.js';
import { registerEvalCommand } from './commands/eval-command.js';
import { registerListCommand } from './commands/list-command.js';
import { registerResumeCommand } from './commands/resume-command.js';
import { registerRunCommand } from './commands/run-command.js';
import { registerSampleCommand } from './sample-command.js';
import { registerSweepCommand } from './commands/sweep-command.js';

/** Exit codes: 0 success, 1 a failure while running, 2 bad input (usage, config, files). */
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

/**
 * The `neuroloop` command line: builds the commander program, runs the command in `argv`
 * (without the node and script names) and returns the exit code. Errors print one line,
 * `neuroloop: <message>` (a config error lists each problem on its own line), without a
 * stack unless `--verbose`.
 *
 * @example
 * ```ts
 * process.exitCode = await runCli(['run', 'examples/q-learning-gridworld.json', '--quiet'], processIo());
 * ```
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let exitCode = 0;
  const program = new Command('neuroloop')
    .description('Reinforcement-learning and generative agents for Node.js: run reproducible experiments.')
    .version(packageVersion(), '-V, --version')
    .option('--verbose', 'print stack traces of errors')
    .exitOverride()
    .configureOutput({ writeOut: (text) => io.stdout.write(text), writeErr: (text) => io.stderr.write(text) })
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText(
      'after',
      `
Examples:
  $ neuroloop run examples/q-learning-gridworld.json
  $ neuroloop resume runs/q-learning-gridworld/seed-0
  $ neuroloop eval runs/q-learning-gridworld/seed-0 --episodes 100
  $ neuroloop sweep examples/q-learning-gridworld.json --seeds 1,2,3
  $ neuroloop list envs
  $ neuroloop check-env ./my-env.ts`,
    );
  const setExitCode = (code: number): void => {
    exitCode = code;
  };
  registerRunCommand(program, io, setExitCode);
  registerResumeCommand(program, io, setExitCode);
  registerEvalCommand(program, io);
  registerSweepCommand(program, io);
  registerListCommand(program, io);
  registerCheckEnvCommand(program, io);
  registerCalibrateCommand(program, io);
  registerSampleCommand(program, io);
  for (const command of program.commands) command.exitOverride().configureOutput({ writeOut: (text) => io.stdout.write(text), writeErr: (text) => io.stderr.write(text) });

  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander already printed its message (or the help / version text).
      return error.exitCode === 0 ? 0 : EXIT_USAGE;
    }
    const verbose = argv.includes('--verbose');
    io.stderr.write(`neuroloop: ${describeError(error, verbose)}\n`);
    return error instanceof ConfigError || error instanceof FileFormatError ? EXIT_USAGE : EXIT_FAILURE;
  }
}

/** The message of an error (with its causes and stack when verbose). */
function describeError(error: unknown, verbose: boolean): string {
  if (!(error instanceof Error)) return String(error);
  if (verbose) {
    let text = error.stack ?? error.message;
    for (let cause = error.cause; cause instanceof Error; cause = cause.cause) text += `\ncaused by: ${cause.stack ?? cause.message}`;
    return text;
  }
  const prefix = error instanceof NeuroloopError ? '' : `${error.name}: `;
  return `${prefix}${error.message}`;
}
