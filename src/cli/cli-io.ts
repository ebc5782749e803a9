/** A writable text stream as the CLI uses it (process.stdout / process.stderr fit). */
export interface CliStream {
  write(text: string): unknown;
  readonly isTTY?: boolean;
  readonly columns?: number;
}

/**
 * Where the CLI reads and writes: injected so tests run commands in-process and read their
 * output, while `bin/neuroloop.js` passes the real process streams.
 *
 * @example
 * ```ts
 * const io: CliIo = { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd(), handleSignals: true };
 * process.exitCode = await runCli(process.argv.slice(2), io);
 * ```
 */
export interface CliIo {
  readonly stdout: CliStream;
  readonly stderr: CliStream;
  /** Relative paths (configs, --out, run folders) resolve against it. */
  readonly cwd: string;
  /** Install a SIGINT handler during runs (Ctrl-C stops at a checkpoint). Off in tests. */
  readonly handleSignals?: boolean;
}

/** The process's streams and working directory, with signal handling. */
export function processIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd(), handleSignals: true };
}
