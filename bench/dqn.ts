/**
 * DQN time-to-train on CartPole-v1: wall seconds and env steps per second of neuroloop's
 * `DqnAgent` (driven by `interact`, on each kernel backend asked for) and of the same algorithm
 * written in TensorFlow.js (bench/peers/tfjs-dqn.ts, tfjs cpu and wasm backends), with the
 * hyperparameters of examples/dqn-cartpole.json (rl-baselines3-zoo's) on neuroloop's own
 * CartPole, so the env is identical. A greedy evaluation after training (not timed) shows that
 * each run learned.
 *
 * Run: `npm run bench:dqn` (50,000 steps, the full config), or shorter:
 * `npm run bench:dqn -- --steps 10000`. Options: `--seed 1`, `--backends js,wasm`,
 * `--peers cpu,wasm` (`--peers none` skips tfjs), `--eval-episodes 10`.
 */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { count, lastValueFrom } from 'rxjs';
import { DqnAgent } from '../agents/dqn/dqn.js';
import type { DqnOptions } from '../agents/dqn/dqn-options.js';
import { registerBuiltinEnvs } from '../envs/index.js';
import { evaluate } from '../src/agent/evaluate.js';
import { EnvRegistry } from '../src/env/registry.js';
import { ConfigError } from '../src/errors.js';
import { BACKEND_NAMES, backendAvailability, createBackend, type BackendName } from '../src/kernels/create-backend.js';
import type { KernelBackend } from '../src/kernels/kernel-backend.js';
import { interact } from '../src/loop/interact.js';
import { Rng } from '../src/random/rng.js';
import { loadTfjs } from './peers/tfjs.js';
import { runTfjsDqn, type DqnBenchConfig, type DqnRunResult } from './peers/tfjs-dqn.js';

/** One row of the table. */
interface Row extends DqnRunResult {
  readonly implementation: string;
  readonly backend: string;
}

const CONFIG_PATH = new URL('../examples/dqn-cartpole.json', import.meta.url);

function makeEnv() {
  const registry = new EnvRegistry();
  registerBuiltinEnvs(registry);
  return registry.make<Float32Array, number>('CartPole-v1');
}

/** A backend by name, refusing names createBackend does not know or this machine cannot run. */
function backendNamed(name: string): KernelBackend {
  if (!(BACKEND_NAMES as readonly string[]).includes(name)) throw new ConfigError(`bench/dqn: unknown backend '${name}'; known: ${BACKEND_NAMES.join(', ')}`);
  const { available, reason } = backendAvailability(name as BackendName);
  if (!available) throw new ConfigError(`bench/dqn: ${reason}`);
  return createBackend(name as BackendName);
}

async function runNeuroloop(backendName: string, options: Partial<DqnOptions>, steps: number, seed: number, evalEpisodes: number): Promise<Row> {
  const backend = backendNamed(backendName);
  try {
    const env = makeEnv();
    const rng = new Rng(seed);
    const agent = new DqnAgent(
      { observationSpace: env.observationSpace, actionSpace: env.actionSpace, numEnvs: 1 },
      rng.child('agent'),
      { ...options, totalTimesteps: steps },
      backend,
    );
    const start = performance.now();
    const rounds = await lastValueFrom(interact(env, agent, { budget: { steps }, rng: rng.child('loop') }).pipe(count((e) => e.type === 'update')));
    const seconds = (performance.now() - start) / 1000;
    const { gradientSteps, trainFreq } = agent.options;
    const updates = rounds * (gradientSteps === -1 ? trainFreq : gradientSteps);
    const { meanReturn } = evaluate(agent, makeEnv(), { episodes: evalEpisodes, seed: 10_000 + seed });
    return { implementation: 'neuroloop DqnAgent', backend: backend.name, seconds, steps, gradientSteps: updates, evalReturn: meanReturn };
  } finally {
    backend.dispose();
  }
}

function argument(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 && process.argv[at + 1] !== undefined ? process.argv[at + 1]! : fallback;
}

async function main(): Promise<void> {
  const config = JSON.parse(readFileSync(CONFIG_PATH, 'utf8')) as { train: { steps: number }; agent: { options: Partial<DqnOptions> } };
  const steps = Number(argument('steps', String(config.train.steps)));
  const seed = Number(argument('seed', '1'));
  const evalEpisodes = Number(argument('eval-episodes', '10'));
  const backends = argument('backends', 'js,wasm').split(',').filter((b) => b !== '');
  const peers = argument('peers', 'cpu,wasm').split(',').filter((p) => p !== '' && p !== 'none') as Array<'cpu' | 'wasm'>;
  if (!Number.isSafeInteger(steps) || steps <= 0) throw new ConfigError(`bench/dqn: --steps must be a positive integer, got ${argument('steps', '')}`);
  const options = { ...config.agent.options };
  const peerConfig: DqnBenchConfig = {
    learningRate: options.learningRate!,
    bufferSize: options.bufferSize!,
    learningStarts: options.learningStarts!,
    batchSize: options.batchSize!,
    gamma: options.gamma!,
    trainFreq: options.trainFreq!,
    gradientSteps: options.gradientSteps!,
    targetUpdateInterval: options.targetUpdateInterval!,
    explorationFraction: options.explorationFraction!,
    explorationInitialEps: options.explorationInitialEps ?? 1,
    explorationFinalEps: options.explorationFinalEps!,
    maxGradNorm: options.maxGradNorm ?? 10,
    netArch: options.netArch!,
  };
  const rows: Row[] = [];
  const notes: string[] = [];
  for (const name of backends) {
    process.stderr.write(`neuroloop on ${name}: ${steps} steps...\n`);
    rows.push(await runNeuroloop(name, options, steps, seed, evalEpisodes));
  }
  if (peers.length > 0) {
    const peer = await loadTfjs();
    if ('error' in peer) {
      notes.push(peer.error);
    } else {
      for (const backend of peers) {
        process.stderr.write(`tfjs ${peer.version} on ${backend}: ${steps} steps...\n`);
        const result = await runTfjsDqn(peer, backend, { ...peerConfig, steps, seed, makeEnv, evalEpisodes });
        rows.push({ implementation: `TensorFlow.js ${peer.version}`, backend: `tfjs-${backend}`, ...result });
      }
    }
  }
  const reference = rows.find((r) => r.backend === 'tfjs-wasm') ?? rows.find((r) => r.backend.startsWith('tfjs'));
  console.log(`## DQN on CartPole-v1, ${steps.toLocaleString('en-US')} env steps (examples/dqn-cartpole.json, seed ${seed})\n`);
  console.log(`| implementation | backend | gradient steps | wall s | env steps / s | greedy return (${evalEpisodes} ep) |${reference ? ` speed vs ${reference.backend} |` : ''}`);
  console.log(`| --- | --- | --- | --- | --- | --- |${reference ? ' --- |' : ''}`);
  for (const r of rows) {
    const ratio = reference ? ` ${(reference.seconds / r.seconds).toFixed(2)}x |` : '';
    console.log(`| ${r.implementation} | ${r.backend} | ${r.gradientSteps.toLocaleString('en-US')} | ${r.seconds.toFixed(1)} | ${(r.steps / r.seconds).toFixed(0)} | ${r.evalReturn.toFixed(1)} |${ratio}`);
  }
  for (const note of notes) console.log(`\n${note}`);
  console.log(`\nRerun: npm run bench:dqn -- --steps ${steps} --seed ${seed} --backends ${backends.join(',')} --peers ${peers.join(',') || 'none'}`);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
