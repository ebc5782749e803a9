// Shared setup of the policy-gradient agent specs: CartPole vector envs, full runs, and the
// checkpoint / resume round trip.
import { lastValueFrom, toArray } from 'rxjs';
import { registerBuiltinEnvs } from '../../../envs/index.js';
import type { Agent } from '../../../src/agent/agent.js';
import { evaluate } from '../../../src/agent/evaluate.js';
import type { StateSnapshot } from '../../../src/agent/state-snapshot.js';
import { EnvRegistry } from '../../../src/env/registry.js';
import { VectorEnv } from '../../../src/env/vector-env.js';
import type { LoopEvent } from '../../../src/loop/events.js';
import { interact } from '../../../src/loop/interact.js';
import type { InteractState } from '../../../src/loop/interact-state.js';
import { Rng } from '../../../src/random/rng.js';
import type { Space } from '../../../src/spaces/space.js';

export type PgAction = number | Float32Array;

export function registry(): EnvRegistry {
  const envs = new EnvRegistry();
  registerBuiltinEnvs(envs);
  return envs;
}

export function vectorEnv(id: string, numEnvs: number): VectorEnv<Float32Array, PgAction> {
  const envs = registry();
  return VectorEnv.fromFactory(numEnvs, () => envs.make<Float32Array, PgAction>(id));
}

export function envInfo(venv: VectorEnv<Float32Array, PgAction>): { observationSpace: Space<unknown>; actionSpace: Space<unknown>; numEnvs: number } {
  return { observationSpace: venv.singleObservationSpace, actionSpace: venv.singleActionSpace, numEnvs: venv.numEnvs };
}

/** All events of one run of `steps` env steps. */
export async function run(venv: VectorEnv<Float32Array, PgAction>, agent: Agent<Float32Array, PgAction>, steps: number, seed: number): Promise<LoopEvent[]> {
  return lastValueFrom(interact(venv, agent, { budget: { steps }, rng: new Rng(seed).child('loop') }).pipe(toArray()));
}

/** Mean return of the last `n` training episodes. */
export function recentReturn(events: readonly LoopEvent[], n: number): number {
  const returns = events.flatMap((e) => (e.type === 'episode' ? [e.return] : []));
  const last = returns.slice(-n);
  return last.reduce((a, b) => a + b, 0) / last.length;
}

/** Greedy mean return on CartPole over `episodes` episodes. */
export function greedyReturn(agent: Agent<Float32Array, PgAction>, id: string, episodes = 10): number {
  return evaluate(agent, registry().make<Float32Array, PgAction>(id), { episodes, seed: 777 }).meanReturn;
}

/** A snapshot as a checkpoint would give it back: JSON through text, tensors copied. */
export function throughCheckpoint(state: StateSnapshot): StateSnapshot {
  return { json: JSON.parse(JSON.stringify(state.json)), tensors: Object.fromEntries(Object.entries(state.tensors).map(([k, t]) => [k, t.clone()])) };
}

/**
 * Runs `total` steps straight, and again as `cut` steps, a checkpoint (loop state + agent state
 * through JSON), a fresh agent (other seed) restored from it, and the rest; returns both runs'
 * events after the cut and the two agents.
 */
export async function resumeRoundTrip<A extends Agent<Float32Array, PgAction>>(
  makeAgent: (venv: VectorEnv<Float32Array, PgAction>, seed: number) => A,
  envId: string,
  numEnvs: number,
  cut: number,
  total: number,
): Promise<{ straight: LoopEvent[]; resumed: LoopEvent[]; straightAgent: A; resumedAgent: A }> {
  const venvA = vectorEnv(envId, numEnvs);
  const straightAgent = makeAgent(venvA, 1);
  const straight = await run(venvA, straightAgent, total, 3);

  const venvB = vectorEnv(envId, numEnvs);
  const first = makeAgent(venvB, 1);
  let saved: { loop: InteractState; agent: StateSnapshot } | null = null;
  await lastValueFrom(
    interact(venvB, first, {
      budget: { steps: cut },
      rng: new Rng(3).child('loop'),
      checkpoint: {
        every: 1_000_000,
        atEnd: true,
        save: (_step, loop) => {
          saved = { loop: JSON.parse(JSON.stringify(loop)) as InteractState, agent: throughCheckpoint(first.getState()) };
          return 'ckpt';
        },
      },
    }).pipe(toArray()),
  );
  const checkpoint = saved as unknown as { loop: InteractState; agent: StateSnapshot };
  const venvC = vectorEnv(envId, numEnvs);
  const resumedAgent = makeAgent(venvC, 99);
  resumedAgent.setState(checkpoint.agent);
  const resumed = await lastValueFrom(interact(venvC, resumedAgent, { budget: { steps: total }, rng: new Rng(3).child('loop'), resume: checkpoint.loop }).pipe(toArray()));
  return { straight: straight.filter((e) => e.step > checkpoint.loop.step), resumed, straightAgent, resumedAgent };
}
