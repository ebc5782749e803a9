/**
 * Policy-gradient speed: wall seconds and env steps per second of PPO training on CartPole-v1
 * (rl-zoo config, 100k steps) and Pendulum-v1 (rl-zoo config without gSDE, 200k steps), for
 * neuroloop's PPO next to the same PPO written with TensorFlow.js (bench/peers/tfjs-ppo.ts) on
 * tfjs-cpu and tfjs-wasm. Both step neuroloop's own envs, so the env work is identical.
 *
 * Run: `npm run bench:pg` (full budgets; minutes), or shorter: `npm run bench:pg -- --steps 20000`.
 * Flags: `--steps N` caps every run at N env steps; `--backend js|wasm|auto|gpu` picks neuroloop's
 * kernel backend (default wasm; with `--config`, the config's `backend`); `--only neuroloop|tfjs`; `--workload cartpole|pendulum`;
 * `--peers cpu,wasm` picks the tfjs backends (default both).
 *
 * Time to solve: `npm run bench:pg -- --config examples/ppo-cartpole.json --seeds 0-4 [--target 475]`
 * trains an example config (an experiment config whose `env.numEnvs` asks for a vector of env
 * copies) for each seed, evaluating greedily every `eval.every` steps, and prints per seed the
 * final evaluation, the best one, and the first step whose evaluation reached the target
 * (default: the env's reward threshold).
 */
import { readFileSync } from 'node:fs';
import { lastValueFrom, toArray } from 'rxjs';
import { a2cRegistration } from '../agents/policy-gradient/a2c.js';
import { PpoAgent, ppoRegistration, type PpoOptions } from '../agents/policy-gradient/ppo.js';
import { reinforceRegistration } from '../agents/policy-gradient/reinforce.js';
import { registerBuiltinEnvs } from '../envs/index.js';
import { AgentRegistryImpl } from '../src/agent/agent-registry.js';
import { evaluate } from '../src/agent/evaluate.js';
import type { Env } from '../src/env/env.js';
import { EnvRegistry } from '../src/env/registry.js';
import { VectorEnv } from '../src/env/vector-env.js';
import { createBackend, type BackendName } from '../src/kernels/create-backend.js';
import type { KernelBackend } from '../src/kernels/kernel-backend.js';
import { interact } from '../src/loop/interact.js';
import { Rng } from '../src/random/rng.js';
import { loadTfjs } from './peers/tfjs.js';
import { runTfjsPpo, type PpoBenchConfig, type PpoRunResult } from './peers/tfjs-ppo.js';

interface Workload {
  readonly key: 'cartpole' | 'pendulum';
  readonly envId: string;
  readonly steps: number;
  readonly config: PpoBenchConfig;
}

const WORKLOADS: readonly Workload[] = [
  {
    key: 'cartpole',
    envId: 'CartPole-v1',
    steps: 100_000,
    config: { numEnvs: 8, nSteps: 32, batchSize: 256, nEpochs: 20, gamma: 0.98, gaeLambda: 0.8, clipRange: 0.2, clipRangeSchedule: 'linear', learningRate: 1e-3, learningRateSchedule: 'linear', entCoef: 0, vfCoef: 0.5, maxGradNorm: 0.5, netArch: [64, 64] },
  },
  {
    key: 'pendulum',
    envId: 'Pendulum-v1',
    steps: 200_000,
    config: { numEnvs: 4, nSteps: 1024, batchSize: 64, nEpochs: 10, gamma: 0.9, gaeLambda: 0.95, clipRange: 0.2, clipRangeSchedule: 'constant', learningRate: 1e-3, learningRateSchedule: 'constant', entCoef: 0, vfCoef: 0.5, maxGradNorm: 0.5, netArch: [64, 64] },
  },
];

function flag(name: string): string | undefined {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? process.argv[at + 1] : undefined;
}

function neuroloopBackend(name: string | undefined): KernelBackend {
  return createBackend((name ?? 'wasm') as BackendName);
}

/** Trains neuroloop's PPO for `steps` env steps through `interact` and times it. */
async function runNeuroloop(workload: Workload, steps: number, backend: KernelBackend, makeEnv: () => Env<Float32Array, number | Float32Array>): Promise<PpoRunResult> {
  const { config } = workload;
  const venv = VectorEnv.fromFactory(config.numEnvs, () => makeEnv());
  const rng = new Rng(0);
  const options: Partial<PpoOptions> = {
    nSteps: config.nSteps,
    batchSize: config.batchSize,
    nEpochs: config.nEpochs,
    gamma: config.gamma,
    gaeLambda: config.gaeLambda,
    clipRange: config.clipRange,
    clipRangeSchedule: config.clipRangeSchedule,
    learningRate: config.learningRate,
    learningRateSchedule: config.learningRateSchedule,
    totalTimesteps: steps,
    entCoef: config.entCoef,
    vfCoef: config.vfCoef,
    maxGradNorm: config.maxGradNorm,
    netArch: config.netArch,
  };
  const agent = new PpoAgent({ observationSpace: venv.singleObservationSpace, actionSpace: venv.singleActionSpace, numEnvs: config.numEnvs }, rng.child('agent'), backend, options);
  const start = performance.now();
  const done = await lastValueFrom(interact(venv, agent, { budget: { steps }, rng: rng.child('loop') }));
  const seconds = (performance.now() - start) / 1000;
  const evalReturn = evaluate(agent, makeEnv(), { episodes: 10, seed: 12345 }).meanReturn;
  return { backend: `neuroloop ${backend.name}`, steps: done.step, seconds, stepsPerSecond: done.step / seconds, evalReturn };
}

/** The part of an example config the time-to-solve runner reads. */
interface ExampleConfig {
  readonly name: string;
  readonly backend?: string;
  readonly env: { readonly id: string; readonly numEnvs?: number; readonly kwargs?: Record<string, unknown> };
  readonly agent: { readonly id: string; readonly options?: Record<string, unknown> };
  readonly train: { readonly steps: number };
  readonly eval: { readonly every: number; readonly episodes: number };
}

/** `0-4` or `0,2,5` -> seeds. */
function parseSeeds(text: string): number[] {
  const range = /^(\d+)-(\d+)$/.exec(text);
  if (range !== null) return Array.from({ length: Number(range[2]) - Number(range[1]) + 1 }, (_, i) => Number(range[1]) + i);
  return text.split(',').map(Number);
}

/** Trains an example config once per seed and prints its evaluations (time to solve). */
async function solveConfig(path: string, seeds: readonly number[], backend: KernelBackend, targetFlag: number | undefined): Promise<void> {
  const config = JSON.parse(readFileSync(path, 'utf8')) as ExampleConfig;
  const envs = new EnvRegistry();
  registerBuiltinEnvs(envs);
  const agents = new AgentRegistryImpl();
  agents.register(ppoRegistration);
  agents.register(a2cRegistration);
  agents.register(reinforceRegistration);
  const target = targetFlag ?? envs.spec(config.env.id).rewardThreshold ?? Infinity;
  const numEnvs = config.env.numEnvs ?? 1;
  const makeEnv = () => envs.make<Float32Array, number | Float32Array>(config.env.id, config.env.kwargs ?? {});
  console.log(`## ${config.name}: ${config.agent.id} on ${config.env.id} x ${numEnvs}, ${config.train.steps} steps, backend ${backend.name}, target ${target}\n`);
  console.log(`| seed | final eval (${config.eval.episodes} ep.) | best eval | first eval >= target at step | wall s |`);
  console.log('| --- | --- | --- | --- | --- |');
  const finals: number[] = [];
  for (const seed of seeds) {
    const root = new Rng(seed);
    const venv = VectorEnv.fromFactory(numEnvs, () => makeEnv());
    const agent = agents.makeAgent<Float32Array, number | Float32Array>(config.agent.id, {
      options: config.agent.options ?? {},
      rng: root.child('agent'),
      env: { observationSpace: venv.singleObservationSpace, actionSpace: venv.singleActionSpace, numEnvs },
      backend,
    });
    const start = performance.now();
    const events = await lastValueFrom(
      interact(venv, agent, { budget: { steps: config.train.steps }, rng: root.child('loop'), eval: { every: config.eval.every, episodes: config.eval.episodes, env: makeEnv() } }).pipe(toArray()),
    );
    const seconds = (performance.now() - start) / 1000;
    const evals = events.flatMap((e) => (e.type === 'eval' ? [{ step: e.step, mean: e.meanReturn! }] : []));
    const final = evaluate(agent, makeEnv(), { episodes: config.eval.episodes, seed: root.child('final-eval').int(0x80000000) });
    finals.push(final.meanReturn);
    const best = Math.max(...evals.map((e) => e.mean), final.meanReturn);
    const solved = evals.find((e) => e.mean >= target)?.step ?? (final.meanReturn >= target ? config.train.steps : null);
    console.log(`| ${seed} | ${final.meanReturn.toFixed(1)} ± ${final.stdReturn.toFixed(1)} | ${best.toFixed(1)} | ${solved ?? 'not reached'} | ${seconds.toFixed(0)} |`);
    venv.close();
  }
  console.log(`\nFinal evaluations >= ${target}: ${finals.filter((f) => f >= target).length} of ${finals.length} seeds.`);
}

async function main(): Promise<void> {
  const configPath = flag('config');
  if (configPath !== undefined) {
    const backend = neuroloopBackend(flag('backend') ?? (JSON.parse(readFileSync(configPath, 'utf8')) as ExampleConfig).backend);
    await solveConfig(configPath, parseSeeds(flag('seeds') ?? '0'), backend, flag('target') === undefined ? undefined : Number(flag('target')));
    backend.dispose();
    return;
  }
  const stepCap = flag('steps') === undefined ? Infinity : Number(flag('steps'));
  if (!(stepCap > 0)) throw new Error(`--steps must be a positive number, got ${flag('steps')}`);
  const only = flag('only');
  const which = flag('workload');
  const peerBackends = (flag('peers') ?? 'cpu,wasm').split(',').filter((b): b is 'cpu' | 'wasm' => b === 'cpu' || b === 'wasm');
  const registry = new EnvRegistry();
  registerBuiltinEnvs(registry);
  const backend = neuroloopBackend(flag('backend'));
  const peer = only === 'neuroloop' ? null : await loadTfjs();
  if (peer !== null && 'error' in peer) console.log(`(tfjs peers skipped: ${peer.error})\n`);

  console.log('## PPO training speed (lower seconds, higher steps/s are better)\n');
  console.log('| workload | implementation | env steps | wall s | steps / s | greedy eval return |');
  console.log('| --- | --- | --- | --- | --- | --- |');
  for (const workload of WORKLOADS) {
    if (which !== undefined && which !== workload.key) continue;
    const steps = Math.min(workload.steps, stepCap);
    const makeEnv = () => registry.make<Float32Array, number | Float32Array>(workload.envId);
    const label = `PPO ${workload.envId}`;
    const results: PpoRunResult[] = [];
    if (only !== 'tfjs') results.push(await runNeuroloop(workload, steps, backend, makeEnv));
    if (peer !== null && !('error' in peer)) {
      for (const b of peerBackends) results.push(await runTfjsPpo(peer, b, workload.config, makeEnv, steps));
    }
    for (const r of results) {
      console.log(`| ${label} | ${r.backend} | ${r.steps} | ${r.seconds.toFixed(1)} | ${r.stepsPerSecond.toFixed(0)} | ${r.evalReturn.toFixed(1)} |`);
    }
    const ours = results.find((r) => r.backend.startsWith('neuroloop'));
    const peers = results.filter((r) => r.backend.startsWith('tfjs'));
    if (ours !== undefined && peers.length > 0) {
      const fastest = Math.min(...peers.map((r) => r.seconds));
      console.log(`| ${label} | neuroloop / fastest tfjs | | ${(ours.seconds / fastest).toFixed(2)}x | | |`);
    }
  }
  backend.dispose();
  console.log(`\nRerun: npm run bench:pg${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`);
}

await main();
