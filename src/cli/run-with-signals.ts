import type { Experiment } from '../experiment/experiment.js';
import type { RunSummary } from '../experiment/run-summary.js';
import type { CliIo } from './cli-io.js';

/**
 * Runs an experiment; with `io.handleSignals`, the first Ctrl-C stops it cleanly at the next
 * step (final checkpoint and summary written, so `neuroloop resume` continues it) and a second
 * one quits at once.
 */
export async function runWithSignals(experiment: Experiment, io: CliIo): Promise<RunSummary> {
  if (io.handleSignals !== true) return experiment.run();
  let stopping = false;
  const onSigint = (): void => {
    if (stopping) process.exit(130);
    stopping = true;
    io.stderr.write('\nstopping after the current step (press Ctrl-C again to quit at once)...\n');
    experiment.stop();
  };
  process.on('SIGINT', onSigint);
  try {
    return await experiment.run();
  } finally {
    process.off('SIGINT', onSigint);
  }
}
