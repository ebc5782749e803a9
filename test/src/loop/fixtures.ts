// Test envs and helpers shared by the loop specs.
import { VirtualTimeScheduler, type Observable } from 'rxjs';
import type { JsonValue } from '../../../src/agent/state-snapshot.js';
import { rngStateFromJson, rngStateToJson } from '../../../src/agent/state-snapshot.js';
import { Env, type ResetOptions, type ResetResult, type StepResult } from '../../../src/env/env.js';
import type { LoopEvent } from '../../../src/loop/events.js';
import type { StatefulEnv } from '../../../src/loop/env-driver.js';
import { Discrete } from '../../../src/spaces/discrete.js';

/**
 * A slippery corridor of 6 cells: action 1 moves right with probability 0.8 (else left), action
 * 0 left. Reward -0.1 a step, +1 on reaching the last cell (terminated); truncated after 20
 * steps. Saves its whole state (position, step count, Rng), so loop resumes are exact.
 */
export class SlipperyCorridor extends Env<number, number> implements StatefulEnv {
  readonly observationSpace = new Discrete(6);
  readonly actionSpace = new Discrete(2);
  position = 0;
  elapsed = 0;
  resets = 0;
  steps = 0;

  reset({ seed }: ResetOptions = {}): ResetResult<number> {
    this.seedRng(seed);
    this.resets++;
    this.position = 0;
    this.elapsed = 0;
    return { observation: 0, info: {} };
  }

  step(action: number): StepResult<number> {
    this.steps++;
    const right = action === 1 && this.rng.nextFloat() < 0.8;
    this.position = Math.max(0, Math.min(5, this.position + (right ? 1 : -1)));
    this.elapsed++;
    const terminated = this.position === 5;
    return { observation: this.position, reward: terminated ? 1 : -0.1, terminated, truncated: !terminated && this.elapsed >= 20, info: {} };
  }

  getState(): JsonValue {
    return { position: this.position, elapsed: this.elapsed, rng: rngStateToJson(this.rng) };
  }

  setState(state: JsonValue): void {
    const s = state as { position: number; elapsed: number; rng: JsonValue };
    this.position = s.position;
    this.elapsed = s.elapsed;
    this.rng.setState(rngStateFromJson(s.rng, 'SlipperyCorridor'));
  }
}

/** What {@link runVirtual} saw. */
export interface VirtualRun {
  readonly events: LoopEvent[];
  readonly error: unknown;
  readonly completed: boolean;
}

/** Subscribes on a VirtualTimeScheduler-driven loop and flushes it to the end. */
export function runVirtual(events$: Observable<LoopEvent>, scheduler: VirtualTimeScheduler): VirtualRun {
  const events: LoopEvent[] = [];
  let error: unknown = null;
  let completed = false;
  events$.subscribe({ next: (e) => events.push(e), error: (e: unknown) => (error = e), complete: () => (completed = true) });
  scheduler.flush();
  return { events, error, completed };
}
