// Loop overhead: a random agent on CartPole-v1 through `interact`, against a bare for-loop over
// the same env doing the same work (sample an action, step, reset at episode end).
//
//   npm run bench:loop            (tsx bench/loop.ts)
//   npm run bench:loop -- --steps 500000 --repeats 7
//
// Target: interact within 25% of the bare loop with the default scheduler and chunk size.
//
// Times are process CPU time (user + system), not wall time: this machine is shared, and CPU
// time is far less disturbed by other processes. Variants run interleaved, repeat by repeat,
// and each figure is the median over repeats.
import { asapScheduler, asyncScheduler, lastValueFrom, type SchedulerLike } from 'rxjs';
import { RandomAgent } from '../agents/random/random-agent.js';
import { registerBuiltinEnvs } from '../envs/index.js';
import type { Env } from '../src/env/env.js';
import { EnvRegistry } from '../src/env/registry.js';
import { ImmediateScheduler } from '../src/loop/immediate-scheduler.js';
import { DEFAULT_CHUNK_SIZE, interact } from '../src/loop/interact.js';
import { Rng } from '../src/random/rng.js';

function argument(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : Number(process.argv[i + 1]);
}

const STEPS = argument('steps', 300_000);
const REPEATS = argument('repeats', 7);

function makeEnv(): Env<Float32Array, number> {
  const registry = new EnvRegistry();
  registerBuiltinEnvs(registry);
  return registry.make<Float32Array, number>('CartPole-v1');
}

/** The baseline: what a hand-written script would do, with no loop machinery. */
function cpuSeconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}

/** CPU and wall seconds of one run. */
type Timing = readonly [cpu: number, wall: number];

function timer(): () => Timing {
  const cpu = cpuSeconds();
  const wall = performance.now();
  return () => [cpuSeconds() - cpu, (performance.now() - wall) / 1000];
}

function bareLoop(): Timing {
  const env = makeEnv();
  const rng = new Rng(0).child('act');
  const stop = timer();
  env.reset({ seed: 1 });
  let episodes = 0;
  for (let step = 0; step < STEPS; step++) {
    const result = env.step(env.actionSpace.sample(rng));
    if (result.terminated || result.truncated) {
      env.reset();
      episodes++;
    }
  }
  if (episodes === 0) throw new Error('no episode finished');
  return stop();
}

/** A hand-written loop driving the same agent as interact does (act, step, observe), without the loop's machinery. */
function handWrittenAgentLoop(): Timing {
  const env = makeEnv();
  const agent = new RandomAgent<Float32Array, number>(env, new Rng(0));
  const stop = timer();
  let observations = [env.reset({ seed: 1 }).observation];
  for (let step = 1; step <= STEPS; step++) {
    const actions = agent.act(observations);
    const result = env.step(actions[0]!);
    const done = result.terminated || result.truncated;
    agent.observe({ step, observations, actions, rewards: [result.reward], nextObservations: [result.observation], terminated: [result.terminated], truncated: [result.truncated] });
    observations = [done ? env.reset().observation : result.observation];
  }
  return stop();
}

async function throughInteract(scheduler: SchedulerLike, chunkSize: number): Promise<Timing> {
  const env = makeEnv();
  const agent = new RandomAgent<Float32Array, number>(env, new Rng(0));
  const stop = timer();
  await lastValueFrom(interact(env, agent, { budget: { steps: STEPS }, rng: new Rng(1), scheduler, chunkSize }));
  return stop();
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}


const variants: { name: string; scheduler: SchedulerLike; chunk: number }[] = [
  { name: 'interact, ImmediateScheduler (default)', scheduler: new ImmediateScheduler(), chunk: DEFAULT_CHUNK_SIZE },
  { name: 'interact, ImmediateScheduler', scheduler: new ImmediateScheduler(), chunk: 100 },
  { name: 'interact, ImmediateScheduler', scheduler: new ImmediateScheduler(), chunk: 10_000 },
  { name: 'interact, asapScheduler (microtasks)', scheduler: asapScheduler, chunk: DEFAULT_CHUNK_SIZE },
  { name: 'interact, asyncScheduler (setInterval)', scheduler: asyncScheduler, chunk: DEFAULT_CHUNK_SIZE },
  { name: 'interact, asyncScheduler (setInterval)', scheduler: asyncScheduler, chunk: 100 },
];

const runs: (() => Timing | Promise<Timing>)[] = [bareLoop, handWrittenAgentLoop, ...variants.map((v) => () => throughInteract(v.scheduler, v.chunk))];
const times: Timing[][] = runs.map(() => []);
for (const run of runs) await run(); // warm-up (JIT)
for (let r = 0; r < REPEATS; r++) for (const [i, run] of runs.entries()) times[i]!.push(await run());
const cpu = times.map((t) => median(t.map(([c]) => c)));
const wall = times.map((t) => median(t.map(([, w]) => w)));
const percent = (seconds: number, base: number): string => `${(((seconds - base) / base) * 100).toFixed(1)}%`;
const names = [['bare for-loop (env.actionSpace.sample)', '-'], ['hand-written loop, same agent', '-'], ...variants.map((v) => [v.name, String(v.chunk)])];
const rows = names.map(([name, chunk], i) => [name!, chunk!, (STEPS / cpu[i]!).toFixed(0), percent(cpu[i]!, cpu[0]!), percent(wall[i]!, wall[0]!)]);

const header = ['variant', 'chunk', 'steps/s (cpu)', 'overhead (cpu)', 'overhead (wall)'];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
console.log(`random agent on CartPole-v1, ${STEPS} steps, median of ${REPEATS} interleaved runs (node ${process.version})`);
console.log('command: npm run bench:loop');
console.log(line(header));
console.log(widths.map((w) => '-'.repeat(w)).join('  '));
for (const row of rows) console.log(line(row));
console.log('cpu: process CPU time, robust to other load; wall: includes the time a scheduler leaves the process idle (asyncScheduler waits >= 1 ms per chunk).');
