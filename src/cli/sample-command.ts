import { InvalidArgumentError, type Command } from 'commander';
import { extname, resolve } from 'node:path';
import type { Learner } from '../agent/learner.js';
import { pickSnapshot } from '../agent/state-snapshot.js';
import type { DataSource } from '../data/data-source.js';
import { ConfigError } from '../errors.js';
import { writeFileAtomic } from '../experiment/atomic-write.js';
import { buildExperiment } from '../experiment/build-experiment.js';
import { listCheckpoints } from '../experiment/checkpoint-io.js';
import { RunFolder } from '../experiment/run-folder.js';
import { readRunCheckpoint } from '../experiment/run-recorder.js';
import { Rng } from '../random/rng.js';
import type { CliIo } from './cli-io.js';
import { nonNegativeInt, positiveInt } from './cli-options.js';

/**
 * What a generative learner may offer besides `sample`: its samples rendered for people (the
 * built-in GAN and VAE render an SVG scatter plot for 2-D data and a PNG grid for images, the
 * char-RNN text). Learners without it get their raw samples written as JSON.
 */
interface SampleRenderer {
  renderSamples(
    count: number,
    rng: Rng,
    options: { readonly source?: DataSource; readonly temperature?: number; readonly length?: number; readonly prompt?: string },
  ): { readonly format: string; readonly data: Uint8Array | string; readonly summary: string };
}

/** What an autoencoder may offer: held-out examples next to their reconstructions (the built-in VAE: a PNG grid). */
interface ReconstructionRenderer {
  renderReconstructions(count: number, source: DataSource): { readonly format: string; readonly data: Uint8Array | string; readonly summary: string };
}

function hasRenderer(model: Learner): model is Learner & SampleRenderer {
  return typeof (model as Partial<SampleRenderer>).renderSamples === 'function';
}

function hasReconstructions(model: Learner): model is Learner & ReconstructionRenderer {
  return typeof (model as Partial<ReconstructionRenderer>).renderReconstructions === 'function';
}

interface SampleOptions {
  n: number;
  out?: string;
  seed?: number;
  step?: number;
  temperature?: number;
  length?: number;
  prompt?: string;
  reconstructions?: boolean;
}

/** Commander parser for a positive number option (`--temperature 0.7`). */
function positiveNumber(value: string): number {
  const n = Number(value);
  if (!(n > 0) || !Number.isFinite(n)) throw new InvalidArgumentError(`expected a positive number, got "${value}"`);
  return n;
}

/** `neuroloop sample <run-dir>`: generated examples of a run's saved learner, written to a file. */
export function registerSampleCommand(program: Command, io: CliIo): void {
  program
    .command('sample')
    .description("draw samples from a run's saved generative learner (latest checkpoint): PNG grid, SVG scatter plot or text")
    .argument('<run-dir>', 'the run folder')
    .option('--n <count>', 'samples to draw', positiveInt, 64)
    .option('--out <file>', 'output file; its extension must match what the learner renders (default: <run-dir>/samples.<png|svg|txt|json>)')
    .option('--seed <n>', 'seed of the sampling noise (default: derived from the run seed)', nonNegativeInt)
    .option('--step <n>', 'use the checkpoint of this step instead of the latest', nonNegativeInt)
    .option('--temperature <t>', 'text models: softmax temperature', positiveNumber)
    .option('--length <n>', 'text models: characters per sample', positiveInt)
    .option('--prompt <text>', 'text models: the text to continue')
    .option('--reconstructions', 'autoencoders: draw the first n held-out examples over their reconstructions instead of samples')
    .addHelpText(
      'after',
      `
Examples:
  $ neuroloop sample runs/gan-mnist/seed-0 --n 64 --out samples.png
  $ neuroloop sample runs/gan-ring8/seed-0 --n 2500 --out ring.svg
  $ neuroloop sample runs/vae-mnist/seed-0 --n 32 --reconstructions --out reconstructions.png
  $ neuroloop sample runs/char-rnn-docs/seed-0 --n 3 --temperature 0.6 --prompt "The loop"`,
    )
    .action(async (runDir: string, options: SampleOptions) => {
      const folder = RunFolder.open(resolve(io.cwd, runDir));
      const checkpoints = listCheckpoints(folder.dir);
      if (checkpoints.length === 0) throw new ConfigError(`${folder.dir} has no checkpoint yet; nothing to sample from`);
      const chosen = options.step === undefined ? checkpoints.at(-1)! : checkpoints.find((c) => c.step === options.step);
      if (chosen === undefined) throw new ConfigError(`${folder.dir} has no checkpoint at step ${options.step}; it has steps ${checkpoints.map((c) => c.step).join(', ')}`);
      const { task } = await buildExperiment(folder.config);
      if (task.kind !== 'data' || typeof task.model.sample !== 'function') {
        throw new ConfigError(`agent '${folder.config.agent.id}' of ${folder.dir} is not a generative learner: it has no sample method`);
      }
      if (options.reconstructions === true && !hasReconstructions(task.model)) {
        throw new ConfigError(`--reconstructions: agent '${folder.config.agent.id}' is not an autoencoder (it cannot render reconstructions)`);
      }
      task.model.setState(pickSnapshot(readRunCheckpoint(folder, chosen.step).state, 'agent'));
      const seed = options.seed ?? new Rng(folder.config.seed).child('cli-sample').int(0x80000000);
      const rng = new Rng(seed);
      const rendered = options.reconstructions === true && hasReconstructions(task.model)
        ? task.model.renderReconstructions(options.n, task.source)
        : hasRenderer(task.model)
        ? task.model.renderSamples(options.n, rng, {
            source: task.source,
            ...(options.temperature === undefined ? {} : { temperature: options.temperature }),
            ...(options.length === undefined ? {} : { length: options.length }),
            ...(options.prompt === undefined ? {} : { prompt: options.prompt }),
          })
        : rawSamples(task.model.sample(options.n, rng));
      const out = resolve(io.cwd, options.out ?? resolve(folder.dir, `${options.reconstructions === true ? 'reconstructions' : 'samples'}.${rendered.format}`));
      if (extname(out).toLowerCase() !== `.${rendered.format}`) {
        throw new ConfigError(`--out ${options.out}: this learner's samples are ${rendered.format}; name the file *.${rendered.format}`);
      }
      writeFileAtomic(out, rendered.data);
      io.stdout.write(`${rendered.summary} (step ${chosen.step}, seed ${seed})\nwrote ${out}\n`);
    });
}

function rawSamples(samples: { readonly shape: readonly number[]; readonly data: Float32Array }): { format: string; data: string; summary: string } {
  return {
    format: 'json',
    data: `${JSON.stringify({ shape: samples.shape, data: Array.from(samples.data) })}\n`,
    summary: `${samples.shape[0]} samples of shape [${samples.shape.slice(1).join(', ')}]`,
  };
}
