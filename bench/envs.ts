/**
 * Env throughput: steps per second of every built-in env, raw, wrapped as an experiment wraps
 * it (TimeLimit + RecordEpisodeStatistics), and through a VectorEnv of 8 copies.
 *
 *   npm run bench:envs            (tsx bench/envs.ts [--seconds 1])
 *
 * Actions are drawn once up front from a seeded Rng, so the numbers measure the envs, not the
 * sampler. Episodes are reset when they end. Prints a markdown table.
 */
import { cpus } from 'node:os';
import type { Env } from '../src/env/env.js';
import { EnvRegistry } from '../src/env/registry.js';
import { VectorEnv } from '../src/env/vector-env.js';
import { RecordEpisodeStatistics } from '../src/env/wrappers/record-episode-statistics.js';
import { Rng } from '../src/random/rng.js';
import { BUILTIN_ENV_IDS, registerBuiltinEnvs } from '../envs/index.js';

const secondsArg = process.argv.indexOf('--seconds');
const SECONDS = secondsArg > 0 ? Number(process.argv[secondsArg + 1]) : 1;
const ACTION_POOL = 4096;
const VECTOR_COPIES = 8;

const registry = new EnvRegistry();
registerBuiltinEnvs(registry);

function actionPool(env: Env<unknown, unknown>): unknown[] {
  const rng = new Rng(1);
  return Array.from({ length: ACTION_POOL }, () => env.actionSpace.sample(rng));
}

/** Runs `step(i)` in batches until `SECONDS` have passed (after a warm-up); returns steps/s. */
function measure(stepBatch: (batch: number) => number): number {
  stepBatch(20_000); // warm-up: let the JIT optimize
  let steps = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < SECONDS * 1000) {
    steps += stepBatch(10_000);
    elapsed = performance.now() - start;
  }
  return steps / (elapsed / 1000);
}

function singleEnvRate(env: Env<unknown, unknown>): number {
  const actions = actionPool(env);
  env.reset({ seed: 0 });
  let k = 0;
  return measure((batch) => {
    for (let i = 0; i < batch; i++) {
      const r = env.step(actions[k++ & (ACTION_POOL - 1)]);
      if (r.terminated || r.truncated) env.reset();
    }
    return batch;
  });
}

function vectorRate(id: string): number {
  const venv = VectorEnv.fromFactory(VECTOR_COPIES, () => new RecordEpisodeStatistics(registry.make(id)));
  const pool = actionPool(venv.envs[0]!);
  const batches = Array.from({ length: 64 }, (_, b) => Array.from({ length: VECTOR_COPIES }, (_, i) => pool[(b * VECTOR_COPIES + i) & (ACTION_POOL - 1)]));
  venv.reset({ seed: 0 });
  let k = 0;
  return measure((batch) => {
    const calls = Math.ceil(batch / VECTOR_COPIES);
    for (let i = 0; i < calls; i++) venv.step(batches[k++ & 63]!);
    return calls * VECTOR_COPIES;
  });
}

function format(rate: number): string {
  return rate >= 1e6 ? `${(rate / 1e6).toFixed(2)} M` : `${(rate / 1e3).toFixed(0)} k`;
}

const rows: string[] = [];
for (const id of BUILTIN_ENV_IDS) {
  const raw = singleEnvRate(registry.make(id, {}, { maxEpisodeSteps: null, orderEnforcing: false }).unwrapped);
  const wrapped = singleEnvRate(new RecordEpisodeStatistics(registry.make(id, {}, { orderEnforcing: false })));
  const made = singleEnvRate(new RecordEpisodeStatistics(registry.make(id)));
  const vector = vectorRate(id);
  rows.push(`| ${id} | ${format(raw)} | ${format(wrapped)} | ${format(made)} | ${format(vector)} |`);
}

console.log(`Env steps per second (node ${process.version}, ${cpus()[0]?.model ?? 'unknown CPU'}, ${SECONDS}s per cell)\n`);
console.log('| env | raw | TimeLimit + RecordEpisodeStatistics | make() (+ OrderEnforcing) + RecordEpisodeStatistics | VectorEnv x8 (make + stats), env-steps |');
console.log('|---|---|---|---|---|');
for (const row of rows) console.log(row);
console.log('\ncommand: npm run bench:envs   (tsx bench/envs.ts --seconds ' + SECONDS + ')');
