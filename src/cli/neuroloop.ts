/**
 * The `neuroloop` executable's program (bin/neuroloop.js imports it, from dist/ when built,
 * else through tsx): runs the CLI on the process's arguments and streams.
 */
import { processIo } from './cli-io.js';
import { runCli } from './run-cli.js';

process.exitCode = await runCli(process.argv.slice(2), processIo());
